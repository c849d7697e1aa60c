/** 识别精度: precision per algorithm × camera from the reviewers' verdicts, with daily trends; suppressed pairs and their notices; today's arrivals and what the filters did. */
import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import type { VideoPrecision } from '../../api/schema.js';
import { useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { Chart } from '../../components/Chart.js';
import { formatInstant, percent } from '../../model/format.js';

type Pair = VideoPrecision['pairs'][number];
const DAYS = 30;

export function PrecisionBoard() {
  const { t, err } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const admin = !!me.data?.actions.includes('video.admin');
  const board = useQuery({ queryKey: ['video-precision'], queryFn: () => ok(http.GET('/api/v1/video/precision', { params: { query: { days: DAYS } } })) });
  const counters = useQuery({ queryKey: ['video-counters'], queryFn: () => ok(http.GET('/api/v1/video/counters')) });
  const notices = useQuery({ queryKey: ['video-notices'], queryFn: () => ok(http.GET('/api/v1/video/notices', { params: { query: { limit: 20 } } })) });
  const algorithms = useQuery({ queryKey: ['video-algorithms'], queryFn: () => ok(http.GET('/api/v1/video/algorithms')) });
  const algName = useMemo(() => new Map((algorithms.data?.algorithms ?? []).map((a) => [a.code, a.name])), [algorithms.data]);
  const data = board.data;

  const trendOption = useMemo(() => {
    const byAlg = new Map<string, Map<string, { a: number; f: number }>>();
    const days = new Set<string>();
    for (const p of data?.pairs ?? []) {
      const m = byAlg.get(p.algorithm) ?? new Map<string, { a: number; f: number }>();
      for (const d of p.trend) {
        days.add(d.day);
        const x = m.get(d.day) ?? { a: 0, f: 0 };
        x.a += d.accepted;
        x.f += d.falses;
        m.set(d.day, x);
      }
      byAlg.set(p.algorithm, m);
    }
    const axis = [...days].sort();
    return {
      animation: false, tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`) }, legend: { type: 'scroll', top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: axis.map((d) => d.slice(5)) },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: [...byAlg].map(([code, m]) => ({
        type: 'line', name: algName.get(code) ?? code, connectNulls: true,
        data: axis.map((d) => { const x = m.get(d); return x && x.a + x.f > 0 ? x.a / (x.a + x.f) : null; }),
      })),
    };
  }, [data, algName]);

  const restore = async (p: Pair) => {
    try {
      await ok(http.POST('/api/v1/video/pairs/restore', { body: { camera: p.camera, algorithm: p.algorithm } }));
      await qc.invalidateQueries({ queryKey: ['video-precision'] });
      await qc.invalidateQueries({ queryKey: ['video-notices'] });
    } catch (e) {
      message.error(err(e));
    }
  };

  const totals = counters.data?.totals ?? {};
  const received = Object.entries(totals).filter(([k]) => k !== 'promoted' && k !== 'below_dwell').reduce((s, [, n]) => s + n, 0);
  const auto = data?.policy.autoAcceptFloor;
  return (
    <Row gutter={[12, 12]}>
      <Col span={24}>
        {board.error ? <Alert type="error" showIcon title={err(board.error)} /> : null}
        <Typography.Text type="secondary">{data ? t('v_policy', { auto: auto === null || auto === undefined ? '—' : percent(auto), floor: percent(data.policy.suppressFloor), n: data.policy.minVerdicts }) : ''}</Typography.Text>
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('v_trend', { n: DAYS })}><Chart testId="video-precision-trend" option={trendOption} height={260} /></Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('v_counters')} data-testid="video-counters">
          <Statistic value={received} />
          <div style={{ marginTop: 8 }}>
            {Object.entries(totals).sort((a, b) => b[1] - a[1]).map(([k, n]) => <Tag key={k} style={{ marginBottom: 4 }}>{t(`v_outcome_${k}` as MessageKey)} {n}</Tag>)}
          </div>
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Table<Pair>
          data-testid="video-precision" size="small" rowKey={(p) => `${p.camera}|${p.algorithm}`} loading={board.isLoading} dataSource={data?.pairs ?? []} pagination={{ pageSize: 15 }}
          columns={[
            { title: t('v_algorithm'), dataIndex: 'algorithm', render: (c: string) => algName.get(c) ?? c },
            { title: t('v_camera'), dataIndex: 'camera' },
            { title: t('v_precisionCol'), dataIndex: 'precision', render: (p: number | null, r) => <Typography.Text type={p !== null && data && p < data.policy.suppressFloor ? 'danger' : undefined} strong>{p === null ? '—' : percent(p)}{r.suppressed ? <Tag color="red" style={{ marginLeft: 6 }}>{t('v_suppressed')}</Tag> : null}</Typography.Text> },
            { title: t('v_trueCol'), dataIndex: 'accepted', width: 64 },
            { title: t('v_falseCol'), dataIndex: 'falses', width: 64 },
            { title: t('v_dupCol'), dataIndex: 'duplicates', width: 64 },
            ...(admin ? [{ title: '', key: 'restore', render: (_: unknown, p: Pair) => (p.suppressed ? <Button size="small" onClick={() => void restore(p)}>{t('v_restore')}</Button> : null) }] : []),
          ]}
        />
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('v_notices')} data-testid="video-notices">
          <List size="small" dataSource={notices.data?.notices ?? []} renderItem={(n) => (
            <List.Item>
              <div>
                <Typography.Text type={n.type === 'suppressed' ? 'danger' : 'success'}>
                  {t(n.type === 'suppressed' ? 'v_notice_suppressed' : 'v_notice_restored', { camera: n.camera, algorithm: algName.get(n.algorithm) ?? n.algorithm, p: percent(Number(n.data.precision ?? 0)) })}
                </Typography.Text>
                <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatInstant(n.at)}</Typography.Text></div>
              </div>
            </List.Item>
          )} />
        </Card>
      </Col>
    </Row>
  );
}

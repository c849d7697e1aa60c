/** 审核队列: pending detections, the snapshot with its box, one-key accept / reject (A, F, D, N; J/K to move). */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Image, Row, Segmented, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { VideoItem } from '../../api/schema.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { formatInstant, percent } from '../../model/format.js';
import { useMe } from '../../api/session.js';
import { SnapshotBox } from './SnapshotBox.js';
import { PenaltyButton } from './PenaltyForm.js';

const REASONS = ['false_positive', 'duplicate', 'not_violation'] as const;
const KEYS: Record<string, 'accept' | (typeof REASONS)[number]> = { a: 'accept', f: 'false_positive', d: 'duplicate', n: 'not_violation' };
export const snapshotUrl = (item: { id: string }, sha: string) => `/api/v1/video/items/${encodeURIComponent(item.id)}/snapshots/${sha}`;

export function ReviewQueue() {
  const { t, td, err } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const mayReview = !!me.data?.actions.includes('video.review');
  const [state, setState] = useState<'pending' | 'watching' | 'accepted' | 'rejected,self_corrected,closed'>('pending');
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: ['video-items', state],
    queryFn: () => ok(http.GET('/api/v1/video/items', { params: { query: { state, pageSize: 50 } } })),
    refetchInterval: 10_000,
  });
  const algorithms = useQuery({ queryKey: ['video-algorithms'], queryFn: () => ok(http.GET('/api/v1/video/algorithms')) });
  const cameras = useQuery({ queryKey: ['video-cameras'], queryFn: () => ok(http.GET('/api/v1/video/cameras')) });
  const algName = useMemo(() => new Map((algorithms.data?.algorithms ?? []).map((a) => [a.code, a.name])), [algorithms.data]);
  const nonContact = useMemo(() => new Set((algorithms.data?.algorithms ?? []).filter((a) => a.nonContact).map((a) => a.code)), [algorithms.data]);
  const camera = useMemo(() => new Map((cameras.data?.cameras ?? []).map((c) => [c.code, c])), [cameras.data]);
  const items = list.data?.items ?? [];
  const current = items.find((i) => i.id === selected) ?? items[0];
  const detail = useQuery({
    queryKey: ['video-item', current?.id, current?.version],
    queryFn: () => ok(http.GET('/api/v1/video/items/{id}', { params: { path: { id: current!.id } } })),
    enabled: !!current,
  });

  const move = useCallback((step: number) => {
    if (!items.length) return;
    const i = Math.max(0, items.findIndex((x) => x.id === current?.id));
    setSelected(items[Math.min(items.length - 1, Math.max(0, i + step))]!.id);
  }, [items, current]);

  const decide = useCallback(async (item: VideoItem, what: 'accept' | (typeof REASONS)[number]) => {
    if (busy || !mayReview || item.state !== 'pending' && !(item.state === 'watching' && what !== 'accept')) return;
    setBusy(true);
    try {
      const i = items.findIndex((x) => x.id === item.id);
      if (what === 'accept') await ok(http.POST('/api/v1/video/items/{id}/actions/accept', { params: { path: { id: item.id } }, body: { version: item.version } }));
      else await ok(http.POST('/api/v1/video/items/{id}/actions/reject', { params: { path: { id: item.id } }, body: { version: item.version, reason: what } }));
      message.success(t('v_done', { state: what === 'accept' ? t('v_accept') : t(`v_reason_${what}` as MessageKey) }));
      setSelected(items[i + 1]?.id ?? items[i - 1]?.id ?? null);
      await qc.invalidateQueries({ queryKey: ['video-items'] });
    } catch (e) {
      message.error(err(e));
    } finally {
      setBusy(false);
    }
  }, [busy, mayReview, items, message, qc, t, err]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'j') move(1);
      else if (k === 'k') move(-1);
      else if (KEYS[k] && current) void decide(current, KEYS[k]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, decide, current]);

  const cam = current ? camera.get(current.cameraCode) : undefined;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={9}>
        <Card size="small" title={<Segmented size="small" value={state} onChange={(v) => { setState(v as typeof state); setSelected(null); }} options={[
          { value: 'pending', label: td('v_state', 'pending') }, { value: 'watching', label: td('v_state', 'watching') },
          { value: 'accepted', label: td('v_state', 'accepted') }, { value: 'rejected,self_corrected,closed', label: t('v_done', { state: '' }).replace(/[:：]\s*$/, '') },
        ]} />} extra={<Typography.Text type="secondary">{list.data?.total ?? 0}</Typography.Text>}>
          <Table<VideoItem>
            data-testid="video-queue" size="small" rowKey="id" loading={list.isLoading} dataSource={items} pagination={false} scroll={{ y: 560 }}
            rowClassName={(r) => (r.id === current?.id ? 'ant-table-row-selected' : '')}
            onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('v_algorithm'), dataIndex: 'algorithmCode', render: (c: string) => algName.get(c) ?? c },
              { title: t('v_camera'), dataIndex: 'cameraCode', render: (c: string) => camera.get(c)?.name ?? c, ellipsis: true },
              { title: t('v_sightings'), dataIndex: 'sightings', width: 64 },
              { title: t('v_first'), dataIndex: 'firstAt', width: 120, render: (ms: number) => formatInstant(ms).slice(5) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {!current ? <Card><Empty description={t('v_noItem')} /></Card> : (
          <Card
            size="small"
            data-testid="video-item"
            title={<Space><Tag color="volcano">{algName.get(current.algorithmCode) ?? current.algorithmCode}</Tag>{cam?.name ?? current.cameraCode}<Tag>{td('v_state', current.state)}</Tag></Space>}
            extra={current.caseId ? <Link to={`/cases/${current.caseId}`}>{t('v_openCase')}</Link> : null}
          >
            <SnapshotBox src={current.snapshot ? snapshotUrl(current, current.snapshot) : null} box={current.box} label={`${algName.get(current.algorithmCode) ?? ''} ${percent(current.bestConfidence)}`} />
            {mayReview && (current.state === 'pending' || current.state === 'watching') ? (
              <Space wrap style={{ marginTop: 12 }}>
                <Button type="primary" data-testid="video-accept" disabled={busy || current.state !== 'pending'} onClick={() => void decide(current, 'accept')}>{t('v_accept')} (A)</Button>
                {REASONS.map((r) => (
                  <Button key={r} danger data-testid={`video-reject-${r}`} disabled={busy} onClick={() => void decide(current, r)}>{t(`v_reason_${r}` as MessageKey)} ({r === 'false_positive' ? 'F' : r === 'duplicate' ? 'D' : 'N'})</Button>
                ))}
              </Space>
            ) : null}
            {mayReview && current.caseId && current.verdict === 'accepted' && nonContact.has(current.algorithmCode)
              && !(detail.data?.events ?? []).some((e) => e.type === 'penalty_opened') ? <PenaltyButton key={current.id} item={current} reviewed={!!cam?.reviewPassed} /> : null}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 8, fontSize: 12 }}>{t('v_keys')}</Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered items={[
              { key: 'class', label: t('v_class'), children: current.categoryCode },
              { key: 'conf', label: t('v_confidence'), children: percent(current.bestConfidence) },
              { key: 'first', label: t('v_first'), children: formatInstant(current.firstAt) },
              { key: 'last', label: t('v_last'), children: formatInstant(current.lastAt) },
              { key: 'n', label: t('v_sightings'), children: current.sightings },
              { key: 'cams', label: t('v_cameras'), children: current.cameras.join('、') },
              { key: 'review', label: t('v_camera'), children: cam ? <Tag color={cam.reviewPassed ? 'green' : 'orange'}>{cam.reviewPassed ? t('v_reviewed') : t('v_unreviewed')}</Tag> : '—' },
              { key: 'plate', label: t('v_plate'), children: current.plate ?? '—' },
            ]} />
            {current.snapshots.length > 1 ? (
              <div style={{ marginTop: 12 }}>
                <Typography.Text strong>{t('v_snapshots')}</Typography.Text>
                <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 6 }}>
                  <Image.PreviewGroup>
                    {current.snapshots.slice(0, 24).map((s) => <Image key={s} width={96} height={64} style={{ objectFit: 'cover' }} src={snapshotUrl(current, s)} />)}
                  </Image.PreviewGroup>
                </div>
              </div>
            ) : null}
            <div style={{ marginTop: 12 }}>
              <Typography.Text strong>{t('v_history')}</Typography.Text>
              <Timeline style={{ marginTop: 8 }} items={(detail.data?.events ?? []).map((e) => ({
                children: <span>{formatInstant(e.at)} · {e.type}{e.type === 'rejected' ? ` · ${td('v_reason', String(e.data.reason))}` : ''}{e.type === 'evidence_added' ? ` · +${(e.data.sightings as unknown[]).length}` : ''}</span>,
              }))} />
            </div>
          </Card>
        )}
      </Col>
    </Row>
  );
}

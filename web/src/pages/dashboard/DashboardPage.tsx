/** Leader dashboards (综合评价): rankings and grades of districts, streets and units, trends, overdue
 * and supervised cases, XLSX export. ECharts from echarts/core. */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, List, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { http, ok, withQuery } from '../../api/client.js';
import { useCaseList } from '../../api/cases.js';
import { useI18n } from '../../i18n/I18n.js';
import { Chart } from '../../components/Chart.js';
import { CaseTable } from '../../components/CaseBits.js';
import { gradeCounts, ranked, scoreAxis, toEvalRows, weekWindows, type EvalRow } from '../../model/evaluation.js';
import { durationText, percent, shanghaiDay, shanghaiMidnightOf } from '../../model/format.js';
import type { CaseView, QueryOf } from '../../api/schema.js';
import { useHolderText } from '../../components/ActionFeedback.js';
import { overdueBy } from '../../model/format.js';
import { SuggestionFiguresCard } from '../suggestions/SuggestionFigures.js';

type EvalLevel = QueryOf<'/api/v1/evaluation'>['level'];
import type { MessageKey } from '../../i18n/dict.js';

const LEVELS = ['district', 'street', 'unit', 'post'] as const;
const GRADE_COLORS: Record<string, string> = { A: '#2e9d4f', B: '#73c06b', C: '#e6a700', D: '#f08c3a', E: '#d4380d' };

export default function DashboardPage() {
  const { t, err, lang } = useI18n();
  const holder = useHolderText();
  const [level, setLevel] = useState<string>('district');
  // The last 30 days of the city's calendar (Asia/Shanghai), whatever the browser's time zone: at
  // 00:30 in Xiamen a browser on UTC is still on yesterday. The picker works on plain dates.
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const today = dayjs(shanghaiDay(Date.now()));
    return [today.subtract(29, 'day'), today];
  });
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const evalQuery = useQuery({
    queryKey: ['evaluation', level, from, to],
    queryFn: async () => ranked(toEvalRows(await ok(http.GET('/api/v1/evaluation', { params: { query: { level: level as EvalLevel, from, to } } })))),
  });
  const trend = useQuery({
    queryKey: ['evaluation-trend', from, to],
    queryFn: async () => {
      // One city-level figure per week of the period (the API is asked per window); the week still
      // running is marked partial, not drawn as a drop.
      const today = shanghaiMidnightOf(shanghaiDay(Date.now()));
      return Promise.all(
        weekWindows(shanghaiMidnightOf(from), shanghaiMidnightOf(to), today).map(async ({ start, last, partial }) => {
          const rows = toEvalRows(await ok(http.GET('/api/v1/evaluation', { params: { query: { level: 'district', from: shanghaiDay(start), to: shanghaiDay(last) } } })));
          const sum = (f: (r: EvalRow) => number | null | undefined) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
          const rated = rows.filter((r) => r.onTimeClosureRate !== null && r.onTimeClosureRate !== undefined);
          const row: EvalRow = { key: String(start), name: '', score: null, grade: null, reports: sum((r) => r.reports), onTimeClosureRate: rated.length ? sum((r) => r.onTimeClosureRate) / rated.length : null };
          return { label: shanghaiDay(start).slice(5), row, partial };
        }),
      );
    },
  });
  const [overduePage, setOverduePage] = useState(1);
  const overdue = useCaseList({ attention: true }, overduePage, 10);
  const rows = evalQuery.data ?? [];
  const top = rows.slice(0, 20);

  const axis = scoreAxis(top.map((r) => r.score));
  const rankingOption = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 150, right: 48, top: 16, bottom: 24 },
      // The axis fits the scores: 81–86 must not look the same.
      xAxis: { type: 'value', min: axis.min, max: axis.max, name: t('dash_scoreAxis') },
      yAxis: { type: 'category', inverse: true, data: top.map((r) => r.name) },
      series: [{
        type: 'bar', name: t('dash_score'), barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: (p: { value: number; dataIndex: number }) => `${p.value.toFixed(1)} ${top[p.dataIndex]?.grade ?? ''}` },
        data: top.map((r) => ({ value: r.score === null ? axis.min : Number(r.score.toFixed(1)), itemStyle: { color: r.gradeColor ?? GRADE_COLORS[r.grade ?? ''] ?? '#1f4e8c' } })),
      }],
    }),
    [top, t, axis.min, axis.max],
  );
  // Every grade A–E with its count, zeros too: six districts all in B reads as one bar of six.
  const gradeOption = useMemo(() => {
    const counts = gradeCounts(rows);
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 36, right: 16, top: 24, bottom: 24 },
      xAxis: { type: 'category', data: counts.map((g) => g.grade) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 36, label: { show: true, position: 'top' }, data: counts.map((g) => ({ value: g.count, itemStyle: { color: GRADE_COLORS[g.grade] } })) }],
    };
  }, [rows]);
  const weeks = trend.data ?? [];
  const trendOption = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: weeks.map((w) => (w.partial ? `${w.label}*` : w.label)) },
      yAxis: [{ type: 'value', name: t('dash_reports') }, { type: 'value', name: '%', max: 100 }],
      series: [
        {
          type: 'bar', name: t('dash_reports'),
          data: weeks.map((w) => ({ value: w.row?.reports ?? 0, itemStyle: w.partial ? { color: 'rgba(84,112,198,0.35)', borderColor: '#5470c6', borderType: 'dashed', borderWidth: 1 } : {} })),
        },
        { type: 'line', name: t('dash_onTime'), yAxisIndex: 1, data: weeks.map((w) => (w.row?.onTimeClosureRate === null || w.row?.onTimeClosureRate === undefined ? null : Number((w.row.onTimeClosureRate * 100).toFixed(1)))) },
      ],
    }),
    [weeks, t],
  );
  const lowest = [...rows].filter((r) => r.score !== null).slice(-5).reverse();

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="dashboard">
      <Card size="small">
        <Space wrap>
          <Segmented value={level} onChange={(v) => setLevel(String(v))} options={LEVELS.map((l) => ({ value: l, label: t(`level_${l}` as MessageKey) }))} data-testid="dash-level" />
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(r) => r && r[0] && r[1] && setRange([r[0], r[1]])} />
          <Button icon={<DownloadOutlined />} href={withQuery('/api/v1/evaluation/export', { level, from, to })} data-testid="dash-export">
            {t('dash_export')}
          </Button>
        </Space>
      </Card>
      {evalQuery.error && <Alert type="error" showIcon title={err(evalQuery.error)} />}
      <Row gutter={12}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('dash_ranking')}>
            <Chart testId="chart-ranking" option={rankingOption} height={Math.max(240, top.length * 26 + 48)} />
          </Card>
          <Card size="small" title={t('dash_trend')} style={{ marginTop: 12 }} data-testid="trend-card" data-ready={trend.data ? 'true' : 'false'} data-partial={weeks.filter((w) => w.partial).length}>
            <Chart testId="chart-trend" option={trendOption} height={260} />
            {weeks.some((w) => w.partial) && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="trend-partial">
                * {t('dash_partial')}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('dash_grades')}>
            <Chart testId="chart-grades" option={gradeOption} height={220} />
          </Card>
          <Card size="small" title={t('dash_lowest')} style={{ marginTop: 12 }} data-testid="lowest">
            <List
              size="small"
              dataSource={lowest}
              locale={{ emptyText: t('empty') }}
              renderItem={(r) => (
                <List.Item extra={<Typography.Text strong>{r.score?.toFixed(1)} {r.grade}</Typography.Text>}>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text>{r.name}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('dash_onTime')} {percent(r.onTimeClosureRate)} · {t('dash_rework')} {percent(r.reworkRate)} · {t('dash_reports')} {r.reports ?? 0}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <SuggestionFiguresCard range={range} />
      <Card size="small" title={t('dash_ranking')}>
        <Table<EvalRow>
          size="small"
          rowKey="key"
          data-testid="eval-table"
          dataSource={rows}
          loading={evalQuery.isLoading}
          pagination={{ pageSize: 20, size: 'small' }}
          columns={[
            { title: '#', dataIndex: 'rank', width: 48 },
            { title: t('dash_name'), dataIndex: 'name' },
            { title: t('dash_score'), dataIndex: 'score', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
            { title: t('dash_grade'), dataIndex: 'grade' },
            { title: t('dash_reports'), dataIndex: 'reports' },
            { title: t('dash_closure'), dataIndex: 'closureRate', render: (r: number | null) => percent(r) },
            { title: t('dash_onTime'), dataIndex: 'onTimeClosureRate', render: (r: number | null) => percent(r) },
            { title: t('dash_rework'), dataIndex: 'reworkRate', render: (r: number | null) => percent(r) },
            ...(level === 'post' ? [
              { title: t('pt_patrolShifts'), key: 'shifts', render: (_: unknown, r: EvalRow) => r.patrol?.shifts ?? '—' },
              { title: t('pt_duty'), key: 'duty', render: (_: unknown, r: EvalRow) => (r.patrol ? durationText(r.patrol.dutyMs, lang) : '—') },
              { title: t('pt_distance'), key: 'distance', render: (_: unknown, r: EvalRow) => (r.patrol ? `${(r.patrol.distanceM / 1000).toFixed(1)} km` : '—') },
              { title: t('pt_coverageRate'), key: 'coverage', render: (_: unknown, r: EvalRow) => (r.patrol?.coverage == null ? '—' : `${r.patrol.coverage}%`) },
              { title: t('pt_anomalies'), key: 'anomalies', render: (_: unknown, r: EvalRow) => r.patrol?.anomalies ?? '—' },
            ] : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('dash_overdue')}>
        <CaseTable
          testId="overdue-list"
          compact
          items={overdue.data?.items ?? []}
          total={overdue.data?.total ?? 0}
          totalCapped={overdue.data?.totalCapped}
          page={overduePage}
          pageSize={10}
          onPage={setOverduePage}
          loading={overdue.isLoading}
          extraColumns={[
            { title: t('col_overdueBy'), key: 'overdueBy', width: 120, render: (_: unknown, c: CaseView) => <Typography.Text type="danger" data-testid="overdue-by">{overdueBy(c.dueAt, lang)}</Typography.Text> },
            { title: t('col_holder'), key: 'holder', ellipsis: true, render: (_: unknown, c: CaseView) => <span data-testid="overdue-holder">{holder(c)}</span> },
            { title: t('fb_supervised'), key: 'supervised', width: 80, render: (_: unknown, c: CaseView) => (c.supervised ? <Tag color="red">{t('fb_supervised')}</Tag> : null) },
          ]}
        />
      </Card>
    </Space>
  );
}

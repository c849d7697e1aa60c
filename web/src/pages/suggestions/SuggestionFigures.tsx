/** 金点子 figures for a period: 反馈率 (answered ÷ received) and 按时答复率, with the units behind them (leader dashboard, workspace). */
import { useState } from 'react';
import { Card, DatePicker, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';
import { useSuggestionFigures, type SuggestionFigures } from '../../api/suggestions.js';

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const rateColor = (v: number | null) => (v === null ? undefined : v >= 95 ? '#2e9d4f' : v >= 80 ? '#e6a700' : '#d4380d');

export function SuggestionFiguresCard({ compact = false, range: given }: { compact?: boolean; range?: [Dayjs, Dayjs] }) {
  const { t } = useI18n();
  const [own, setOwn] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const range = given ?? own;
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const q = useSuggestionFigures(from, to);
  const f: SuggestionFigures | undefined = q.data;
  return (
    <Card size="small" title={t('sg_fig_title')} data-testid="sg-figures" data-ready={f ? 'true' : 'false'}
      extra={given ? null : <DatePicker.RangePicker size="small" value={own} allowClear={false} onChange={(r) => r && r[0] && r[1] && setOwn([r[0], r[1]])} />}>
      <FormError error={q.error} />
      <Space size={32} wrap>
        <Statistic title={t('sg_fig_received')} value={f?.received ?? '—'} />
        <Statistic title={t('sg_fig_answered')} value={f?.answered ?? '—'} />
        <Statistic title={t('sg_fig_feedback')} value={pct(f?.feedbackRate ?? null)} styles={{ content: { color: rateColor(f?.feedbackRate ?? null) } }} />
        <Statistic title={t('sg_fig_onTime')} value={pct(f?.onTimeRate ?? null)} styles={{ content: { color: rateColor(f?.onTimeRate ?? null) } }} />
        <Statistic title={t('sg_fig_overdue')} value={f?.overdue ?? '—'} styles={{ content: { color: f && f.overdue > 0 ? '#d4380d' : undefined } }} />
      </Space>
      {!compact && (f?.byUnit.length ?? 0) > 0 && (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>{t('sg_fig_byUnit')}</Typography.Text>
          <Table size="small" rowKey="unitId" pagination={false} dataSource={f?.byUnit ?? []} data-testid="sg-figures-units"
            columns={[
              { title: t('sg_unit'), dataIndex: 'unitName', ellipsis: true },
              { title: t('sg_fig_assigned'), dataIndex: 'assigned', width: 70 },
              { title: t('sg_fig_answered'), dataIndex: 'answered', width: 70 },
              { title: t('sg_fig_overdue'), dataIndex: 'overdue', width: 90, render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
              { title: t('sg_fig_onTime'), dataIndex: 'onTimeRate', width: 100, render: (v: number | null) => pct(v) },
            ]} />
        </>
      )}
    </Card>
  );
}

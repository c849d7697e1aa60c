/** A case's time limits with their results (per stage: deadline, done at, on time or late by how much). */
import { Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/I18n.js';
import { durationText, formatInstant } from '../model/format.js';
import { overallResult, stageResults, type StageResult } from '../model/limits.js';
import type { CaseEvent } from '../api/schema.js';

/** "按时办结" or "超期 3天 4时", for the whole case. */
export function CaseResult({ timeline }: { timeline: readonly CaseEvent[] }) {
  const { t, lang } = useI18n();
  const r = overallResult(stageResults(timeline));
  return r.onTime ? (
    <Tag color="green" data-testid="case-result" data-on-time="true">
      {t('limits_onTime')}
    </Tag>
  ) : (
    <Tag color="red" data-testid="case-result" data-on-time="false">
      {t('limits_overdueBy', { d: durationText(r.lateMs, lang) })}
    </Tag>
  );
}

export function StageLimits({ timeline }: { timeline: readonly CaseEvent[] }) {
  const { t, td, lang } = useI18n();
  const rows = stageResults(timeline);
  if (rows.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Table<StageResult>
      size="small"
      data-testid="stage-limits"
      rowKey={(r) => `${r.stage}-${r.endedAt}`}
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('limits_stage'), dataIndex: 'stage', render: (s: string) => td('stage', s) },
        { title: t('limits_due'), dataIndex: 'dueAt', render: (d: number | null) => (d === null ? t('limits_none') : formatInstant(d)) },
        { title: t('limits_done'), dataIndex: 'endedAt', render: (d: number) => formatInstant(d) },
        {
          title: t('col_result'),
          key: 'result',
          render: (_: unknown, r) =>
            r.onTime ? <Tag color="green">{t('limits_onTime')}</Tag> : <Tag color="red">{t('limits_overdueBy', { d: durationText(r.lateMs, lang) })}</Tag>,
        },
      ]}
    />
  );
}

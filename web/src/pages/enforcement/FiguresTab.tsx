/** 执法看板: per district or squad, cases, fines, waived amounts, the on-time rate and the case-file review scores. */
import { Segmented, Space, Statistic, Table, Card } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18n.js';
import { useFigures, type FiguresView } from '../../api/enforcement-more.js';
import { yuanText } from './format.js';

type Line = FiguresView['lines'][number];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function FiguresTab() {
  const { t } = useI18n();
  const [by, setBy] = useState<'district' | 'squad'>('district');
  const q = useFigures(by);
  const total = q.data?.total;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="enf-figures">
      <Segmented value={by} onChange={(v) => setBy(v as 'district' | 'squad')} options={[{ value: 'district', label: t('enf_byDistrict') }, { value: 'squad', label: t('enf_bySquad') }]} />
      {total && (
        <Space wrap size="middle">
          <Card size="small"><Statistic title={t('enf_casesN')} value={total.cases} /></Card>
          <Card size="small"><Statistic title={t('enf_penalties')} value={yuanText(total.fineFen)} /></Card>
          <Card size="small"><Statistic title={t('enf_waived')} value={yuanText(total.waivedFen)} suffix={<span style={{ fontSize: 13 }}>（{total.waivedCases}）</span>} /></Card>
          <Card size="small"><Statistic title={t('enf_onTime')} value={pct(total.onTimeRate)} /></Card>
          <Card size="small"><Statistic title={t('enf_score')} value={total.avgScore ?? '—'} /></Card>
        </Space>
      )}
      <Table<Line> size="small" rowKey={(l) => l.key ?? '-'} loading={q.isLoading} pagination={false} dataSource={q.data?.lines ?? []}
        summary={() => (total ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}><b>{t('enf_total')}</b></Table.Summary.Cell>
            <Table.Summary.Cell index={1}>{total.cases}</Table.Summary.Cell>
            <Table.Summary.Cell index={2}>{total.decided}</Table.Summary.Cell>
            <Table.Summary.Cell index={3}>{yuanText(total.fineFen)}</Table.Summary.Cell>
            <Table.Summary.Cell index={4}>{yuanText(total.waivedFen)}</Table.Summary.Cell>
            <Table.Summary.Cell index={5}>{pct(total.onTimeRate)}</Table.Summary.Cell>
            <Table.Summary.Cell index={6}>{total.avgScore ?? '—'}</Table.Summary.Cell>
            <Table.Summary.Cell index={7}>{total.closed}</Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null)}
        columns={[
          { title: by === 'district' ? '区' : '中队', dataIndex: 'name' },
          { title: t('enf_casesN'), dataIndex: 'cases', width: 90 },
          { title: t('enf_decided'), dataIndex: 'decided', width: 90 },
          { title: t('enf_penalties'), dataIndex: 'fineFen', width: 130, render: (v: number) => yuanText(v) },
          { title: t('enf_waived'), key: 'w', width: 150, render: (_: unknown, l) => `${yuanText(l.waivedFen)}（${l.waivedCases}）` },
          { title: t('enf_onTime'), dataIndex: 'onTimeRate', width: 90, render: pct },
          { title: t('enf_score'), dataIndex: 'avgScore', width: 100, render: (v: number | null) => v ?? '—' },
          { title: t('enf_closed'), dataIndex: 'closed', width: 90 },
        ]} />
    </Space>
  );
}

/** The enforcement workspace (行政执法): penalty cases by stage with their statutory lights, the legal-review queue, the discretion calculator, disclosure, the impound yard and (for the head) the figures. */
import { Card, Input, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18n.js';
import { formatInstant } from '../../model/format.js';
import { LightDot } from '../../components/CaseBits.js';
import { usePenaltyCases, type PenaltyCaseView } from '../../api/enforcement.js';
import { useMe } from '../../api/session.js';
import { PenaltyDetail } from './PenaltyDetail.js';
import { CalculatorTab } from './CalculatorTab.js';
import { DisclosureTab } from './DisclosureTab.js';
import { YardTab } from './YardTab.js';
import { FiguresTab } from './FiguresTab.js';
import { yuanText } from './format.js';

const STAGES: Array<{ key: string; label: string; state?: string }> = [
  { key: 'open', label: '在办', state: 'clue,investigating,reviewing,notified,hearing,deciding,legal_review,decided,executing,court' },
  { key: 'clue', label: '线索', state: 'clue' },
  { key: 'investigating', label: '调查取证', state: 'investigating,reviewing' },
  { key: 'notified', label: '告知/听证', state: 'notified,hearing' },
  { key: 'deciding', label: '待决定', state: 'deciding,legal_review' },
  { key: 'executing', label: '送达执行', state: 'decided,executing,court' },
  { key: 'closed', label: '已结案', state: 'closed,archived,dismissed,transferred' },
];

function CaseList({ state, onOpen }: { state?: string; onOpen(id: string): void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = usePenaltyCases({ ...(state ? { state } : {}), ...(q ? { q } : {}), limit: 20, offset: (page - 1) * 20 });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search allowClear placeholder={t('enf_search')} onSearch={(v) => { setQ(v); setPage(1); }} style={{ maxWidth: 320 }} />
      <Table<PenaltyCaseView> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="penalty-list"
        onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('total', { n }) }}
        columns={[
          { title: '', key: 'light', width: 32, render: (_: unknown, r) => (r.clock.stage ? <LightDot light={r.clock.light} /> : null) },
          { title: t('enf_code'), dataIndex: 'code', width: 150 },
          { title: t('enf_state'), dataIndex: 'stateName', width: 120, render: (v: string, r) => <Tag color={r.clock.light === 'red' ? 'red' : 'blue'}>{v}</Tag> },
          { title: t('enf_violation'), key: 'v', ellipsis: true, render: (_: unknown, r) => r.violationName ?? r.summary },
          { title: t('enf_party'), key: 'party', width: 140, render: (_: unknown, r) => r.party?.name ?? '—' },
          { title: t('enf_fine'), key: 'fine', width: 110, render: (_: unknown, r) => (r.decision || r.proposal ? yuanText(r.decision?.fineFen ?? r.proposal?.fineFen) : '—') },
          { title: t('enf_clock'), key: 'clock', width: 170, render: (_: unknown, r) => (r.clock.stage ? `${r.clock.stageName} ${formatInstant(r.clock.dueAt)}` : '—') },
          { title: t('enf_source'), dataIndex: 'sourceName', width: 110 },
        ]} />
    </Space>
  );
}

export default function EnforcementPage() {
  const { t } = useI18n();
  const [open, setOpen] = useState<string | undefined>();
  const me = useMe();
  const may = (a: string) => (me.data?.actions as readonly string[] | undefined)?.includes(a) ?? false;
  const figures = may('enforcement.figures');
  // A legal reviewer who does not investigate opens on the review queue, everyone else on the cases.
  const start = may('penalty.legal_review') && !may('penalty.investigate') ? 'review' : 'cases';
  return (
    <Card title={t('ws_enforcement')} data-testid="enforcement-page">
      <Tabs
        key={start}
        defaultActiveKey={start}
        items={[
          { key: 'cases', label: t('enf_cases'), children: <Tabs size="small" items={STAGES.map((s) => ({ key: s.key, label: s.label, children: <CaseList state={s.state} onOpen={setOpen} /> }))} /> },
          { key: 'review', label: t('enf_review'), children: <CaseList state="legal_review,archived" onOpen={setOpen} /> },
          { key: 'calculator', label: t('enf_calculator'), children: <CalculatorTab /> },
          { key: 'disclosure', label: t('enf_disclosure'), children: <DisclosureTab /> },
          { key: 'yard', label: t('enf_yard'), children: <YardTab /> },
          ...(figures ? [{ key: 'figures', label: t('enf_figures'), children: <FiguresTab /> }] : []),
        ]}
      />
      <PenaltyDetail id={open} onClose={() => setOpen(undefined)} />
    </Card>
  );
}

import { Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/I18n.js';
import { LIGHT_COLORS, lightOf } from '../model/lifecycle.js';
import { formatInstant } from '../model/format.js';
import type { CaseView } from '../api/schema.js';

type CaseSummary = CaseView;

export function LightDot({ light }: { light: string | null | undefined }) {
  const { td } = useI18n();
  const l = lightOf(light);
  return (
    <Tooltip title={td('light', l)}>
      <span data-light={l} style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, background: LIGHT_COLORS[l], border: '1px solid rgba(0,0,0,.15)' }} />
    </Tooltip>
  );
}

const STATUS_COLORS: Record<string, string> = {
  reported: 'blue',
  filed: 'cyan',
  dispatched: 'geekblue',
  suspended: 'default',
  handled: 'purple',
  verifying: 'orange',
  closed: 'green',
  rejected: 'red',
  merged: 'default',
};

/** One wording per case: the step it waits at while open (待派遣, 核查通过待结案), how it ended once ended. */
export function StatusTag({ status, phase }: { status: string; phase?: string | null | undefined }) {
  const { td } = useI18n();
  const open = phase && phase !== 'done';
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-status={status} data-phase={phase ?? undefined}>
      {open ? td('phase', phase) : td('status', status)}
    </Tag>
  );
}

export interface CaseTableProps {
  items: CaseSummary[];
  total: number;
  /** More than `total` match (the server counts a list up to a cap): shown as "10 000+". */
  totalCapped?: boolean | undefined;
  page: number;
  pageSize?: number;
  loading?: boolean;
  onPage(page: number): void;
  onSelect?: (c: CaseSummary) => void;
  selectedId?: string | undefined;
  extraColumns?: ColumnsType<CaseSummary>;
  compact?: boolean;
  testId?: string;
}

export function CaseTable(p: CaseTableProps) {
  const { t, td } = useI18n();
  const navigate = useNavigate();
  const columns: ColumnsType<CaseSummary> = [
    { title: t('col_light'), dataIndex: 'light', width: 44, render: (l: string) => <LightDot light={l} /> },
    { title: t('col_code'), dataIndex: 'code', width: 190, render: (code: string, c) => <a onClick={(e) => { e.stopPropagation(); navigate(`/cases/${c.id}`); }}>{code}</a> },
    { title: t('col_class'), dataIndex: 'categoryName', ellipsis: true, render: (n: string, c) => n || c.categoryCode },
    { title: t('col_status'), dataIndex: 'status', width: 170, render: (s: string, c) => <StatusTag status={s} phase={c.phase} /> },
    ...(p.compact
      ? []
      : [
          { title: t('col_source'), dataIndex: 'source', width: 96, render: (s: string) => td('source', s) },
          { title: t('col_area'), key: 'area', ellipsis: true, render: (_: unknown, c: CaseSummary) => [c.place.names.district, c.place.names.street].filter(Boolean).join(' · ') || c.place.gridCode },
          { title: t('col_address'), key: 'address', ellipsis: true, width: 200, render: (_: unknown, c: CaseSummary) => <span data-testid="cell-address">{c.address || c.place.names.community}</span> },
          { title: t('col_unit'), key: 'unit', ellipsis: true, width: 170, render: (_: unknown, c: CaseSummary) => <span data-testid="cell-unit">{c.unit?.name ?? '—'}</span> },
          { title: t('col_reported'), dataIndex: 'reportedAt', width: 140, render: (ms: number) => formatInstant(ms) },
        ]),
    ...(p.extraColumns ?? []),
  ];
  return (
    <Table<CaseSummary>
      data-testid={p.testId ?? 'case-table'}
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={p.items}
      loading={p.loading ?? false}
      onRow={(c) => ({
        onClick: () => (p.onSelect ? p.onSelect(c) : navigate(`/cases/${c.id}`)),
        style: { cursor: 'pointer', background: p.selectedId === c.id ? '#e6f4ff' : undefined },
        'data-case-code': c.code,
      }) as React.HTMLAttributes<HTMLElement>}
      pagination={{ current: p.page, pageSize: p.pageSize ?? 20, total: p.total, onChange: p.onPage, showSizeChanger: false, showTotal: (n) => t(p.totalCapped ? 'total_capped' : 'total', { n }), size: 'small' }}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** 执法公示: the penalty decisions as the public sees them (personal data redacted), newest first. */
import { Table } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18n.js';
import { formatInstant } from '../../model/format.js';
import { useDisclosures, type DisclosureRow } from '../../api/enforcement-more.js';
import { yuanText } from './format.js';

export function DisclosureTab() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const q = useDisclosures(page);
  return (
    <Table<DisclosureRow> size="small" rowKey="caseId" loading={q.isLoading} dataSource={q.data?.items ?? []} data-testid="enf-disclosures"
      pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('total', { n }) }}
      columns={[
        { title: '文号', dataIndex: 'docNo', width: 190, render: (v: string | null) => v ?? '—' },
        { title: t('enf_party'), dataIndex: 'partyName', width: 130 },
        { title: t('enf_partyId'), dataIndex: 'partyId', width: 170, render: (v: string | null) => v ?? '—' },
        { title: t('enf_violation'), dataIndex: 'violation', ellipsis: true, render: (v: string | null) => v ?? '—' },
        { title: t('enf_basis'), dataIndex: 'basis', ellipsis: true, render: (v: string | null) => v ?? '—' },
        { title: t('enf_fine'), dataIndex: 'fineFen', width: 100, render: (v: number) => yuanText(v) },
        { title: t('enf_published'), dataIndex: 'publishedAt', width: 150, render: (v: number) => formatInstant(v) },
      ]} />
  );
}

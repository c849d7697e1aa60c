/** Case search: every filter of the API, paged. */
import { useState } from 'react';
import { Alert, Card, Space } from 'antd';
import { useCaseList, type CaseFilters } from '../../api/cases.js';
import { useI18n } from '../../i18n/I18n.js';
import { CaseTable } from '../../components/CaseBits.js';
import { CaseFilterBar } from './CaseFilters.js';

export default function CasesPage() {
  const { t, err } = useI18n();
  const [filters, setFilters] = useState<CaseFilters>({});
  const [page, setPage] = useState(1);
  const list = useCaseList(filters, page);
  return (
    <Card size="small" title={t('ws_cases')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <CaseFilterBar
          value={filters}
          onChange={(f) => {
            setFilters(f);
            setPage(1);
          }}
        />
        {list.error && <Alert type="error" showIcon title={err(list.error)} />}
        <CaseTable testId="cases-list" items={list.data?.items ?? []} total={list.data?.total ?? 0} page={page} onPage={setPage} loading={list.isLoading} />
      </Space>
    </Card>
  );
}

/** Case search: every filter of the API, paged. */
import { useState } from 'react';
import { Alert, Button, Card, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { withQuery } from '../../api/client.js';
import { searchParams, useCaseList, type CaseFilters } from '../../api/cases.js';
import { useI18n } from '../../i18n/I18n.js';
import { CaseTable } from '../../components/CaseBits.js';
import { CaseFilterBar } from './CaseFilters.js';

export default function CasesPage() {
  const { t, err } = useI18n();
  const [filters, setFilters] = useState<CaseFilters>({});
  const [page, setPage] = useState(1);
  const list = useCaseList(filters, page);
  return (
    <Card
      size="small"
      title={t('ws_cases')}
      extra={
        // The server exports the very search (same filters, same scope) as XLSX.
        <Button icon={<DownloadOutlined />} href={withQuery('/api/v1/cases/export', searchParams(filters) as never)} data-testid="cases-export">
          {t('export_xlsx')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <CaseFilterBar
          value={filters}
          onChange={(f) => {
            setFilters(f);
            setPage(1);
          }}
        />
        {list.error && <Alert type="error" showIcon title={err(list.error)} />}
        <CaseTable testId="cases-list" items={list.data?.items ?? []} total={list.data?.total ?? 0} totalCapped={list.data?.totalCapped} page={page} onPage={setPage} loading={list.isLoading} />
      </Space>
    </Card>
  );
}

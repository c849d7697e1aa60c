/** 我的上报: the cases I reported, newest first, with their status, the unit that has them and when it
 * is due, opening each case. Kept live: the notification stream refreshes the case lists when an event
 * reaches the reporter (closed, rejected, voided, merged); the steps between (filed, dispatched,
 * handled) are addressed to the centre and the unit, so the list also asks again every 15 s while shown. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Empty, List, Space, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import { LightDot, StatusTag } from '../../components/CaseBits.js';
import { formatInstant } from '../../model/format.js';

export function useMyReports(page: number) {
  return useQuery({
    // Under 'cases': the live stream's refresh of the case lists covers it.
    queryKey: ['cases', 'mine', page],
    queryFn: () => ok(http.GET('/api/v1/cases', { params: { query: { reportedBy: 'me', page, pageSize: 20 } } })),
    refetchInterval: 15_000,
  });
}

export function MyReports({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const q = useMyReports(page);
  return (
    <List
      data-testid="my-reports"
      loading={q.isLoading}
      locale={{ emptyText: <Empty description={t('insp_mineEmpty')} /> }}
      dataSource={q.data?.items ?? []}
      pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, size: 'small', simple: true, hideOnSinglePage: true }}
      renderItem={(c) => (
        <List.Item onClick={() => onOpen(c.id)} style={{ cursor: 'pointer' }} data-case-code={c.code} data-status={c.status}>
          <List.Item.Meta
            avatar={<LightDot light={c.light} />}
            title={
              <Space wrap size={4}>
                <span>{c.categoryName || c.categoryCode}</span>
                <StatusTag status={c.status} phase={c.phase} />
              </Space>
            }
            description={
              <Space orientation="vertical" size={0}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.code} · {formatInstant(c.reportedAt)}
                </Typography.Text>
                <Typography.Text style={{ fontSize: 12 }} data-testid="my-report-unit">
                  {c.unit ? c.unit.name : t('insp_unitNone')}
                  {c.unit && c.dueAt && c.stage === 'handle' ? ` · ${t('insp_expected', { t: formatInstant(c.dueAt) })}` : ''}
                </Typography.Text>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

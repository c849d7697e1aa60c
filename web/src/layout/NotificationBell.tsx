/** The bell in the header: unread count, the latest notifications, each opening its case, and "mark all read". */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { http, ok } from '../api/client.js';
import { useLive } from '../api/live.js';
import { useI18n } from '../i18n/I18n.js';
import { formatInstant } from '../model/format.js';

export function useNotifications() {
  return useQuery({ queryKey: ['notifications'], queryFn: () => ok(http.GET('/api/v1/notifications', { params: { query: { limit: 30 } } })), staleTime: 30_000 });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (until?: number) => ok(http.POST('/api/v1/notifications/read', { body: until === undefined ? {} : { until } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const live = useLive();
  const qc = useQueryClient();
  const list = useNotifications();
  const markRead = useMarkRead();
  const [open, setOpen] = useState(false);
  useEffect(() => live.subscribe(() => void qc.invalidateQueries({ queryKey: ['notifications'] })), [live, qc]);
  const items = list.data?.items ?? [];
  const unread = list.data?.unread ?? 0;
  const content = (
    <div style={{ width: 340 }} data-testid="notifications">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 4 }}>
        <Typography.Text type="secondary">{t('notif_unread', { n: unread })}</Typography.Text>
        <Button size="small" disabled={unread === 0} loading={markRead.isPending} onClick={() => markRead.mutate(undefined)} data-testid="notifications-mark-read">
          {t('notif_markRead')}
        </Button>
      </Space>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('empty') }}
        style={{ maxHeight: 360, overflow: 'auto' }}
        renderItem={(n) => (
          <List.Item
            style={{ cursor: 'pointer', background: n.read ? undefined : '#e6f4ff', paddingInline: 8 }}
            data-testid="notification"
            data-case-code={n.caseCode}
            data-read={String(n.read)}
            onClick={() => {
              setOpen(false);
              // An instruction's notice opens the instruction panel of the command centre.
              navigate(n.instructionId ? '/patrol?tab=instructions' : `/cases/${n.caseId}`);
            }}
          >
            <Space orientation="vertical" size={0}>
              <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {n.instructionId ? formatInstant(n.at) : `${n.caseCode} · ${n.categoryName} · ${formatInstant(n.at)}`}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
  return (
    <Popover content={content} title={t('notif_title')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={unread} size="small" overflowCount={99}>
        <Button size="small" icon={<BellOutlined />} data-testid="notifications-bell" aria-label={t('notif_title')} />
      </Badge>
    </Popover>
  );
}

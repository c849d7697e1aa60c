/** The live feed: the latest events on opening (GET /api/v1/feed, up to a week back), then each new notification on
 * top as the stream brings it; every line in the user's language and opening its case. */
import { useQuery } from '@tanstack/react-query';
import { List, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { http, ok } from '../api/client.js';
import { useLive } from '../api/live.js';
import { useI18n } from '../i18n/I18n.js';
import { formatInstant, shanghaiDay } from '../model/format.js';
import { mergeFeed, type FeedLine } from '../model/feed.js';

/** `14:05` today, `11-30 14:05` before. */
function whenText(at: number): string {
  const s = formatInstant(at);
  return shanghaiDay(at) === shanghaiDay(Date.now()) ? s.slice(11) : s.slice(5);
}

export function LiveFeed({ maxHeight }: { maxHeight: string }) {
  const { t, td } = useI18n();
  const navigate = useNavigate();
  const live = useLive();
  const today = useQuery({ queryKey: ['feed'], queryFn: () => ok(http.GET('/api/v1/feed', { params: { query: { limit: 30 } } })), staleTime: 60_000 });
  const lines = mergeFeed(live.feed as Partial<FeedLine>[], today.data?.items ?? []);
  return (
    <List
      size="small"
      data-testid="feed-lines"
      loading={today.isLoading}
      style={{ maxHeight, overflow: 'auto' }}
      locale={{ emptyText: t('cc_feedEmpty') }}
      dataSource={lines}
      renderItem={(n) => (
        <List.Item style={{ cursor: 'pointer' }} onClick={() => navigate(`/cases/${n.caseId}`)} data-event-type={n.type}>
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>
              {td('event', n.type)} · {n.categoryName}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[n.caseCode, [n.districtName, n.streetName].filter(Boolean).join(' '), whenText(n.at)].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** Unit handler (处置单位): my tasks with deadline countdowns; accept, handle with after-photos, ask for
 * extension, suspension or return. */
import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { useI18n } from '../../i18n/I18n.js';
import { Worklist } from '../../components/Worklist.js';
import { dueText } from '../../model/format.js';
import type { CaseView } from '../../api/schema.js';

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(h);
  }, [everyMs]);
  return now;
}

export default function TasksPage() {
  const { t, lang } = useI18n();
  const now = useNow(30_000);
  return (
    <Worklist
      title={t('tasks_mine')}
      testId="tasks-list"
      tabs={[
        { key: 'all', label: t('worklist_all') },
        { key: 'working', label: t('tasks_work'), phase: 'working' },
      ]}
      extraColumns={[
        {
          title: t('tasks_address'),
          key: 'address',
          ellipsis: true,
          render: (_: unknown, c: CaseView) => <span data-testid="task-address">{[c.address, c.place.names.street, c.place.names.community].filter(Boolean).join(' · ')}</span>,
        },
        {
          title: t('col_countdown'),
          dataIndex: 'dueAt',
          width: 130,
          render: (d: number | null, _c: CaseView) => {
            if (!d) return '—';
            const cd = dueText(d, now, lang);
            return (
              <Typography.Text type={cd.overdue ? 'danger' : d - now < 240 * 60_000 ? 'warning' : undefined} data-testid="countdown">
                {cd.text}
              </Typography.Text>
            );
          },
        },
      ]}
    />
  );
}

/** Dispatcher (派遣员): the suggested unit with its reason, dispatch, approve or refuse returns,
 * extensions and suspensions. */
import { useI18n } from '../../i18n/I18n.js';
import { Worklist } from '../../components/Worklist.js';
import { formatInstant } from '../../model/format.js';

export default function DispatchPage() {
  const { t } = useI18n();
  return (
    <Worklist
      title={t('ws_dispatch')}
      testId="dispatch-list"
      tabs={[
        { key: 'all', label: t('worklist_all') },
        { key: 'dispatch', label: t('dispatch_toDispatch'), phase: 'awaiting_dispatch' },
        { key: 'return', label: t('phase_return_requested'), phase: 'return_requested' },
        { key: 'ext', label: t('phase_extension_requested'), phase: 'extension_requested' },
        { key: 'susp', label: t('phase_suspension_requested'), phase: 'suspension_requested' },
      ]}
      extraColumns={[{ title: t('col_reported'), dataIndex: 'reportedAt', width: 140, render: (ms: number) => formatInstant(ms) }]}
    />
  );
}

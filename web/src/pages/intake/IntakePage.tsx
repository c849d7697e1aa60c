/** Operator (受理员) and shift lead (值班长): incoming reports on an overview map beside the list, with photos and map, possible duplicates
 * beside them, accept / reject / merge / send for check; file, approve voids, send for verification, close. */
import { useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import { Worklist, type WorklistTab } from '../../components/Worklist.js';

export default function IntakePage() {
  const { t } = useI18n();
  const me = useMe();
  const may = new Set<string>(me.data?.actions ?? []);
  const tabs: WorklistTab[] = [{ key: 'all', label: t('worklist_all') }];
  if (may.has('case.accept')) {
    tabs.push({ key: 'new', label: t('phase_new'), phase: 'new' });
    tabs.push({ key: 'verify', label: t('intake_toVerify'), phase: 'awaiting_verification' });
  }
  if (may.has('case.file')) {
    tabs.push({ key: 'file', label: t('intake_toFile'), phase: 'accepted' });
    tabs.push({ key: 'voids', label: t('intake_voids'), phase: 'void_requested' });
    tabs.push({ key: 'close', label: t('intake_toClose'), phase: 'verification_passed' });
  }
  return <Worklist title={t('ws_intake')} tabs={tabs} showDuplicates showMap testId="intake-list" />;
}

/** What an action did, shown right after it: the case code, its new status and who has it now, with the
 * choice to stay on the case or go to the next one. Nothing here undoes anything. */
import { Button, Descriptions, Result, Space } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n/I18n.js';
import type { CaseView } from '../api/schema.js';
import type { MessageKey } from '../i18n/dict.js';
import { StatusTag } from './CaseBits.js';

/** Who must act on the case now, in words: the unit and its role for a handler's turn, else the role. */
export function useHolderText(): (c: Pick<CaseView, 'awaitingRole' | 'unit'>) => string {
  const { t, td } = useI18n();
  return (c) => {
    if (!c.awaitingRole) return t('fb_nobody');
    const role = td('role', c.awaitingRole);
    if (c.awaitingRole === 'handler' && c.unit) return t('fb_holderRoleUnit', { unit: c.unit.name, role });
    return role;
  };
}

export function ActionFeedback({ action, c, onStay, onNext, showOpen }: { action: string; c: CaseView; onStay(): void; onNext?: (() => void) | undefined; showOpen?: boolean }) {
  const { t } = useI18n();
  const holder = useHolderText();
  return (
    <Result
      status="success"
      style={{ padding: '8px 0' }}
      title={<span data-testid="feedback-title">{t('fb_done', { action: t(`act_${action}` as MessageKey) })}</span>}
      data-testid="action-feedback"
      data-case-code={c.code}
      data-status={c.status}
      subTitle={
        <Descriptions size="small" column={1} bordered styles={{ label: { width: 120 } }} style={{ textAlign: 'left', marginTop: 8 }}>
          <Descriptions.Item label={t('fb_case')}>
            <span data-testid="feedback-code">{c.code}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('fb_status')}>
            <span data-testid="feedback-status">
              <StatusTag status={c.status} phase={c.phase} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('fb_holder')}>
            <span data-testid="feedback-holder">{holder(c)}</span>
          </Descriptions.Item>
        </Descriptions>
      }
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          <Button type={onNext ? 'default' : 'primary'} onClick={onStay} data-testid="feedback-stay">
            {t('fb_stay')}
          </Button>
          {onNext && (
            <Button type="primary" onClick={onNext} data-testid="feedback-next">
              {t('fb_next')}
            </Button>
          )}
          {showOpen && (
            <Link to={`/cases/${c.id}`} onClick={onStay}>
              {t('fb_open')}
            </Link>
          )}
        </Space>
      }
    />
  );
}

import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n/I18n.js';

export function NoAccess() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('noPermission')} extra={<Link to="/"><Button type="primary">{t('backHome')}</Button></Link>} />;
}

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('notFound')} extra={<Link to="/"><Button type="primary">{t('backHome')}</Button></Link>} />;
}

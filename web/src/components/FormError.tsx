/** A form's server refusal {code, message, messageEn, details} in the user's language, with field or row details. */
import { Alert } from 'antd';
import { useI18n } from '../i18n/I18n.js';
import { ApiError, detailLines } from '../model/apiError.js';

export function FormError({ error, testId = 'form-error' }: { error: unknown; testId?: string }) {
  const { err, lang } = useI18n();
  if (!error) return null;
  const lines = error instanceof ApiError ? detailLines(error.details, lang) : [];
  const code = error instanceof ApiError ? error.code : undefined;
  return <Alert type="error" showIcon style={{ marginBottom: 12 }} title={err(error)} description={lines.length ? lines.join('\n') : undefined} data-testid={testId} data-code={code} />;
}

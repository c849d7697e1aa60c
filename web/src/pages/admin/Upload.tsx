import { useRef, useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/I18n.js';
import { ApiError, detailLines } from '../../model/apiError.js';

/** Sends a file with `send` (which resolves to how many records it imported) and shows either the count
 * or the row-level errors. */
export function ImportButton({ send: upload, accept, label, onDone, testId }: { send(file: File): Promise<number>; accept: string; label: string; onDone?: () => void; testId?: string }) {
  const { t, err, lang } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string; lines: string[] } | null>(null);
  const send = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const n = await upload(file);
      setResult({ ok: true, text: t('admin_imported', { n }), lines: [] });
      onDone?.();
    } catch (e) {
      setResult({ ok: false, text: err(e), lines: e instanceof ApiError ? detailLines(e.details, lang) : [] });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <input ref={input} type="file" accept={accept} style={{ display: 'none' }} onChange={(e) => void send(e.target.files?.[0])} data-testid={testId} />
      <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
        {label}
      </Button>
      {result && (
        <Alert
          type={result.ok ? 'success' : 'error'}
          showIcon
          title={result.text}
          description={result.lines.length ? <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{result.lines.join('\n')}</pre> : undefined}
          data-testid={testId ? `${testId}-result` : undefined}
        />
      )}
    </Space>
  );
}

/**
 * Photos from the camera or the gallery, uploaded at once; yields their refs (SHA-256). Staff forms
 * use it as it is (on a phone `capture` opens the camera directly); the citizen page passes its own
 * upload (no login), a limit and square tiles.
 */
import { useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Image, Space, Spin, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { fileUrl, uploadFile } from '../api/client.js';
import { useI18n } from '../i18n/I18n.js';

export interface PhotoInputProps {
  /** From the Form.Item: goes on the camera button, so the field's label names it. */
  id?: string;
  value?: string[];
  onChange?: (refs: string[]) => void;
  testId?: string;
  /** Stores one file and answers its ref (default: the staff upload). */
  upload?: (file: File) => Promise<string>;
  /** At most this many photos (the button goes away at the limit). */
  max?: number;
  /** Open the camera directly on a phone (staff taking evidence) instead of offering the gallery too. */
  capture?: boolean;
  /** Square tiles of this size, the button one of them, without a label. */
  tile?: number;
  hint?: ReactNode;
}

export function PhotoInput({ id, value = [], onChange, testId = 'photo-input', upload, max = Infinity, capture = true, tile, hint }: PhotoInputProps) {
  const { t, err } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [previews, setPreviews] = useState<Record<string, string>>({});
  const store = upload ?? (async (f: File) => (await uploadFile(f)).sha256);

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    setError(null);
    const refs = [...value];
    const urls = { ...previews };
    try {
      for (const f of Array.from(files).slice(0, Math.max(0, max - refs.length))) {
        const ref = await store(f);
        refs.push(ref);
        urls[ref] = URL.createObjectURL(f);
      }
      setPreviews(urls);
      onChange?.(refs);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const size = tile ?? 64;
  return (
    <div>
      <input ref={input} type="file" accept="image/*" {...(capture ? { capture: 'environment' as const } : {})} multiple style={{ display: 'none' }} data-testid={testId} onChange={(e) => void onFiles(e.target.files)} />
      <Space wrap>
        {value.map((ref) => (
          <Image key={ref} src={previews[ref] ?? (upload ? undefined : fileUrl(ref))} width={size} height={size} style={{ objectFit: 'cover', ...(tile ? { borderRadius: 6 } : {}) }} data-testid="photo-thumb" />
        ))}
        {value.length < max && (
          <Button id={id} icon={<CameraOutlined />} onClick={() => input.current?.click()} disabled={busy} {...(tile ? { style: { width: tile, height: tile } } : {})}>
            {busy ? <Spin size="small" /> : tile ? null : t('insp_takePhoto')}
          </Button>
        )}
      </Space>
      {hint && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text></div>}
      {error !== null && <Alert type="error" showIcon title={err(error)} style={{ marginTop: 8 }} />}
    </div>
  );
}

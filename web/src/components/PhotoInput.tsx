/** Photos from the camera (on a phone `capture` opens it directly), uploaded at once; yields their refs. */
import { useRef, useState } from 'react';
import { Alert, Button, Image, Space, Spin } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { fileUrl, uploadFile } from '../api/client.js';
import { useI18n } from '../i18n/I18n.js';

/** `id` (from the Form.Item) goes on the camera button, so the field's label names it. */
export function PhotoInput({ id, value = [], onChange, testId = 'photo-input' }: { id?: string; value?: string[]; onChange?: (refs: string[]) => void; testId?: string }) {
  const { t, err } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [previews, setPreviews] = useState<Record<string, string>>({});

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    setError(null);
    const refs = [...value];
    const urls = { ...previews };
    try {
      for (const f of Array.from(files)) {
        const up = await uploadFile(f);
        const ref = up.sha256;
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

  return (
    <div>
      <input ref={input} type="file" accept="image/*" capture="environment" multiple style={{ display: 'none' }} data-testid={testId} onChange={(e) => void onFiles(e.target.files)} />
      <Space wrap>
        {value.map((ref) => (
          <Image key={ref} src={previews[ref] ?? fileUrl(ref)} width={64} height={64} style={{ objectFit: 'cover' }} data-testid="photo-thumb" />
        ))}
        <Button id={id} icon={<CameraOutlined />} onClick={() => input.current?.click()} disabled={busy}>
          {busy ? <Spin size="small" /> : t('insp_takePhoto')}
        </Button>
      </Space>
      {error !== null && <Alert type="error" showIcon title={err(error)} style={{ marginTop: 8 }} />}
    </div>
  );
}

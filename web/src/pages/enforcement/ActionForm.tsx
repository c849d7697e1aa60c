/**
 * A form for any declared penalty-case action, built from its TypeBox body (src/enforcement/actions.ts):
 * strings, numbers, booleans, choices, lists and one level of nested objects (party, facts, flags).
 * Money members (…Fen) are typed in yuan and sent in fen; instants are typed as date and time.
 */
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { PENALTY_ACTION_DECLARATIONS, type PenaltyAction } from '../../../../src/enforcement/actions.js';
import { useI18n } from '../../i18n/I18n.js';
import { usePenaltyAction, type PenaltyCaseView } from '../../api/enforcement.js';
import { FormError } from '../../components/FormError.js';
import { PhotoInput } from '../../components/PhotoInput.js';
import { SERVICE_NAMES } from '../../../../src/enforcement/commands/execution.js';
import { EVIDENCE_NAMES } from '../../../../src/enforcement/commands/filing.js';
import { useOfficers } from '../../api/enforcement-more.js';
import { DISPOSAL_GROUND_NAMES, DISPOSAL_METHOD_NAMES, RELEASE_NAMES } from '../../../../src/enforcement/impounds-model.js';

/** What a choice reads as (the API's values are codes). */
const CHOICE_NAMES: Record<string, string> = {
  ...SERVICE_NAMES, ...RELEASE_NAMES, ...DISPOSAL_GROUND_NAMES, ...DISPOSAL_METHOD_NAMES, ...EVIDENCE_NAMES,
  person: '自然人', org: '法人或其他组织', penalty: '给予行政处罚', no_penalty: '不予行政处罚', transfer: '移送其他机关',
  deferral: '暂缓缴纳', instalments: '分期缴纳',
};
const SHA_PATTERN = '^[0-9a-f]{64}$';

export interface Schema { type?: string; title?: string; anyOf?: Schema[]; const?: unknown; properties?: Record<string, Schema>; required?: string[]; items?: Schema; description?: string; maxLength?: number; pattern?: string; minItems?: number }

const isInstant = (s: Schema) => typeof s.description === 'string' && s.description.startsWith('ISO 8601');
const choices = (s: Schema): unknown[] | null => (s.anyOf && s.anyOf.every((x) => x.const !== undefined) ? s.anyOf.map((x) => x.const) : null);

/** The certified officers by name and certificate number (an action's `officerIds`). */
function OfficerSelect(props: { id?: string; value?: string[]; onChange?: (v: string[]) => void }) {
  const officers = useOfficers();
  return (
    <Select {...props} mode="multiple" loading={officers.isLoading} optionFilterProp="label"
      options={(officers.data?.items ?? []).map((o) => ({ value: o.userId, label: `${o.name}（${o.certNo}）` }))} />
  );
}

export function Field({ name, schema, required, path }: { name: string; schema: Schema; required: boolean; path: (string | number)[] }) {
  const label = schema.title ?? name;
  const rules = required ? [{ required: true, message: `请填写${label}` }] : [];
  const opts = choices(schema);
  if (opts) return <Form.Item name={path} label={label} rules={rules}><Select options={opts.map((o) => ({ value: o as string, label: CHOICE_NAMES[String(o)] ?? String(o) }))} /></Form.Item>;
  if (name === 'officerIds' && schema.type === 'array') return <Form.Item name={path} label={label} rules={rules}><OfficerSelect /></Form.Item>;
  // Files (photos, the signed 送达回证): taken or uploaded here, not typed in as digests.
  if (schema.type === 'array' && schema.items?.pattern === SHA_PATTERN) {
    const min = required ? [{ required: true, type: 'array' as const, min: Math.max(1, schema.minItems ?? 1), message: `请上传${label}` }] : [];
    return <Form.Item name={path} label={label} rules={min}><PhotoInput testId={`files-${name}`} /></Form.Item>;
  }
  if (schema.type === 'string' && schema.pattern === SHA_PATTERN) {
    return (
      <Form.Item name={path} label={label} rules={rules} getValueProps={(v: string | undefined) => ({ value: v ? [v] : [] })} normalize={(refs: string[]) => refs.at(-1)}>
        <PhotoInput testId={`files-${name}`} />
      </Form.Item>
    );
  }
  if (schema.type === 'boolean') return <Form.Item name={path} label={label} valuePropName="checked"><Switch /></Form.Item>;
  if (schema.type === 'integer' || schema.type === 'number') {
    const money = name.endsWith('Fen');
    return <Form.Item name={path} label={money ? `${label}（元）` : label} rules={rules}><InputNumber min={0} style={{ width: 200 }} /></Form.Item>;
  }
  if (schema.type === 'array') return <Form.Item name={path} label={label} rules={rules}><Select mode="tags" tokenSeparators={[',', '，', ' ']} /></Form.Item>;
  if (schema.type === 'object' && schema.properties) {
    return (
      <fieldset style={{ border: '1px solid #eee', padding: '8px 12px', marginBottom: 12 }}>
        <legend style={{ fontSize: 13, width: 'auto', padding: '0 4px' }}>{label}</legend>
        {Object.entries(schema.properties).map(([k, s]) => <Field key={k} name={k} schema={s} required={(schema.required ?? []).includes(k)} path={[...path, k]} />)}
      </fieldset>
    );
  }
  if (isInstant(schema)) return <Form.Item name={path} label={label} rules={rules}><DatePicker showTime /></Form.Item>;
  const long = (schema.maxLength ?? 0) > 300;
  return <Form.Item name={path} label={label} rules={rules}>{long ? <Input.TextArea rows={3} /> : <Input />}</Form.Item>;
}

/** Form values → the action's body: yuan → fen, dates → ISO, empty members left out. */
export function toBody(values: Record<string, unknown>, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    const s = schema.properties?.[k] ?? {};
    if (k.endsWith('Fen') && typeof v === 'number') out[k] = Math.round(v * 100);
    else if (isInstant(s) && typeof v === 'object' && v && 'toISOString' in v) out[k] = (v as { toISOString(): string }).toISOString();
    else if (s.type === 'object' && typeof v === 'object' && !Array.isArray(v)) out[k] = toBody(v as Record<string, unknown>, s);
    else out[k] = v;
  }
  return out;
}

export function ActionButtons({ p }: { p: PenaltyCaseView }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<PenaltyAction | null>(null);
  const [form] = Form.useForm();
  const run = usePenaltyAction();
  if (!p.actions.length) return <span style={{ color: '#999' }}>{t('enf_noActions')}</span>;
  const d = open ? PENALTY_ACTION_DECLARATIONS[open] : null;
  const schema = d?.body as unknown as Schema | undefined;
  return (
    <>
      {p.actions.map((a) => {
        const dec = PENALTY_ACTION_DECLARATIONS[a as PenaltyAction];
        return <Button key={a} data-action={a} danger={'danger' in dec && dec.danger} style={{ marginRight: 8, marginBottom: 8 }} onClick={() => { form.resetFields(); run.reset(); setOpen(a as PenaltyAction); }}>{dec.zh}</Button>;
      })}
      <Modal open={!!open} title={d?.zh} width={640} okText={t('submit')} confirmLoading={run.isPending} onCancel={() => setOpen(null)}
        onOk={async () => {
          const values = await form.validateFields();
          await run.mutateAsync({ id: p.id, action: open!, version: p.version, body: toBody(values, schema!) }).then(() => setOpen(null), () => undefined);
        }}>
        {run.error ? <FormError error={run.error} /> : null}
        <Form form={form} layout="vertical" data-testid="action-form">
          {schema && Object.entries(schema.properties ?? {}).map(([k, s]) => <Field key={k} name={k} schema={s} required={(schema.required ?? []).includes(k)} path={[k]} />)}
        </Form>
      </Modal>
    </>
  );
}

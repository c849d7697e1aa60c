/** Alarm rules: the seeded packs and overrides; edit a rule's definition (the server validates it and names the wrong member); hub settings. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Space, Switch, Table, Tag, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { http, ok } from '../../api/client.js';
import { useRules, type IotRule } from '../../api/iot.js';
import { useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';
import { formatInstant } from '../../model/format.js';

export function RulesTab() {
  const { t, td } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const admin = (me.data?.actions ?? []).includes('iot.admin');
  const rules = useRules();
  const settings = useQuery({ queryKey: ['iot-settings'], queryFn: () => ok(http.GET('/api/v1/iot/settings')) });
  const [editing, setEditing] = useState<IotRule | null>(null);
  const [text, setText] = useState('');
  const [jsonBad, setJsonBad] = useState(false);
  const save = useMutation({
    mutationFn: ({ rule, body }: { rule: IotRule; body: Record<string, unknown> }) =>
      ok(http.PUT('/api/v1/iot/rules/{id}', { params: { path: { id: rule.id } }, body: { version: rule.version, enabled: rule.enabled, body } })),
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['iot-rules'] });
    },
  });
  const setSettings = useMutation({
    mutationFn: (b: { nightStart?: string; typhoon?: boolean }) => ok(http.PUT('/api/v1/iot/settings', { body: b })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['iot-settings'] }),
  });
  const submit = () => {
    if (!editing) return;
    try {
      setJsonBad(false);
      save.mutate({ rule: editing, body: JSON.parse(text) as Record<string, unknown> });
    } catch {
      setJsonBad(true);
    }
  };
  return (
    <>
      {settings.data && (
        <Space style={{ marginBottom: 12 }} data-testid="iot-settings">
          {t('iot_nightStart')}
          <TimePicker format="HH:mm" value={dayjs(`2000-01-01T${settings.data.nightStart}`)} disabled={!admin} allowClear={false} minuteStep={15}
            onChange={(v) => v && setSettings.mutate({ nightStart: v.format('HH:mm') })} />
          {t('iot_typhoon')}
          <Switch checked={settings.data.typhoon} disabled={!admin} onChange={(typhoon) => setSettings.mutate({ typhoon })} data-testid="iot-typhoon" />
        </Space>
      )}
      <Table<IotRule>
        rowKey="id" size="small" loading={rules.isLoading} dataSource={rules.data ?? []} pagination={false} data-testid="iot-rules"
        columns={[
          { title: t('iot_rule'), key: 'name', render: (_: unknown, r) => <><div>{String(r.body.name)}</div><small style={{ color: '#888' }}>{r.key}</small></> },
          { title: t('iot_type'), key: 'type', width: 120, render: (_: unknown, r) => td('devType', String(r.body.deviceType)) },
          { title: t('iot_scope'), key: 'scope', width: 160, render: (_: unknown, r) => <Tag>{r.scope.kind === 'type' ? td('devType', r.scope.ref) : `${r.scope.kind}: ${r.scope.ref}`}</Tag> },
          { title: t('iot_severity'), key: 'sev', render: (_: unknown, r) => Object.keys(r.body.create as object).map((s) => <Tag key={s}>{td('sev', s)}</Tag>) },
          { title: t('iot_caseDue'), key: 'case', width: 110, render: (_: unknown, r) => (r.body.caseAfterMinutes === null ? t('iot_noCase') : `${String(r.body.caseAfterMinutes)} min`) },
          { title: t('iot_version'), dataIndex: 'version', width: 70, render: (v: number, r) => <span title={formatInstant(r.updatedAt)}>v{v}</span> },
          ...(admin ? [{ title: '', key: 'edit', width: 70, render: (_: unknown, r: IotRule) => <Button size="small" onClick={() => { setEditing(r); setText(JSON.stringify(r.body, null, 2)); save.reset(); }}>{t('iot_edit')}</Button> }] : []),
        ]}
      />
      <Modal open={!!editing} width={760} title={editing ? `${String(editing.body.name)} · v${editing.version}` : ''} onCancel={() => setEditing(null)} onOk={submit} confirmLoading={save.isPending}>
        {jsonBad && <Alert type="error" title={t('iot_ruleJsonBad')} style={{ marginBottom: 12 }} />}
        <FormError error={save.error} testId="rule-error" />
        <div style={{ marginBottom: 6 }}>{t('iot_ruleBody')}</div>
        <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={22} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="rule-json" />
      </Modal>
    </>
  );
}

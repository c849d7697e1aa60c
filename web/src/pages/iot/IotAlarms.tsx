/** Alarms: active or all, with their escalation state and case; acknowledge, assign, clear, comment; the history in a drawer. */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Form, Input, Modal, Space, Switch, Table, Tag, Timeline } from 'antd';
import { Link } from 'react-router';
import { http, ok } from '../../api/client.js';
import { useAlarm, useAlarms, type IotAlarm } from '../../api/iot.js';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';
import { formatInstant } from '../../model/format.js';

const SEV_COLOR: Record<string, string> = { critical: 'red', major: 'volcano', minor: 'orange', warning: 'gold' };
type Action = 'acknowledge' | 'assign' | 'clear' | 'comment';
const FIELD: Record<Action, 'note' | 'assigneeId' | 'text'> = { acknowledge: 'note', assign: 'assigneeId', clear: 'note', comment: 'text' };
const LABEL: Record<Action, 'iot_note' | 'iot_assignee' | 'iot_text'> = { acknowledge: 'iot_note', assign: 'iot_assignee', clear: 'iot_note', comment: 'iot_text' };

export function AlarmsTab() {
  const { t, td } = useI18n();
  const qc = useQueryClient();
  const [activeOnly, setActiveOnly] = useState(true);
  const alarms = useAlarms(activeOnly);
  const [acting, setActing] = useState<{ alarm: IotAlarm; action: Action } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm<Record<string, string>>();
  const act = useMutation({
    mutationFn: ({ alarm, action, value }: { alarm: IotAlarm; action: Action; value: string }) => {
      const field = FIELD[action];
      const body = { version: alarm.version, ...(value ? { [field]: value } : {}) };
      return ok(http.POST(`/api/v1/alarms/{id}/actions/${action}` as '/api/v1/alarms/{id}/actions/acknowledge', { params: { path: { id: alarm.id } }, body: body as never }));
    },
    onSuccess: () => {
      setActing(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['iot-alarms'] });
      void qc.invalidateQueries({ queryKey: ['iot-alarm'] });
    },
  });
  const can = (a: IotAlarm, action: Action) =>
    action === 'acknowledge' ? a.ackedAt === null : action === 'clear' ? a.active : true;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={activeOnly} onChange={setActiveOnly} data-testid="iot-active-only" /> {t('iot_activeOnly')}
      </Space>
      <Table<IotAlarm>
        rowKey="id" size="small" loading={alarms.isLoading} dataSource={alarms.data?.items ?? []} pagination={{ pageSize: 15 }} data-testid="iot-alarms"
        columns={[
          { title: t('iot_severity'), dataIndex: 'severity', width: 70, render: (v: string) => <Tag color={SEV_COLOR[v]}>{td('sev', v)}</Tag> },
          { title: t('iot_alarms'), dataIndex: 'title', render: (v: string, a) => <a onClick={() => setOpen(a.id)}>{v}</a> },
          { title: t('iot_state'), dataIndex: 'state', width: 130, render: (v: string) => td('alarmState', v) },
          { title: t('iot_count'), dataIndex: 'count', width: 60 },
          { title: t('iot_firstAt'), dataIndex: 'firstAt', width: 130, render: (v: number) => formatInstant(v) },
          {
            title: t('iot_escalation'), key: 'esc', width: 200,
            render: (_: unknown, a) => (
              <Space direction="vertical" size={0}>
                <span>{t('iot_step', { n: a.escalationStep })}</span>
                {a.caseId ? <Link to={`/cases/${a.caseId}`}>{t('iot_case')}</Link>
                  : a.caseAt && a.active ? <small>{t('iot_caseDue')} {formatInstant(a.caseAt)}</small> : <small>{t('iot_noCase')}</small>}
              </Space>
            ),
          },
          {
            title: '', key: 'actions', width: 230,
            render: (_: unknown, a) => (
              <Space size={4} wrap>
                {(['acknowledge', 'assign', 'clear', 'comment'] as const).filter((x) => can(a, x)).map((x) => (
                  <Button key={x} size="small" danger={x === 'clear'} onClick={() => setActing({ alarm: a, action: x })} data-testid={`alarm-${x}`}>{t(`action_alarm_${x}`)}</Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!acting} title={acting ? t(`action_alarm_${acting.action}`) : ''} onCancel={() => setActing(null)} confirmLoading={act.isPending}
        onOk={() => acting && act.mutate({ ...acting, value: (form.getFieldValue('value') as string | undefined)?.trim() ?? '' })}
      >
        <FormError error={act.error} />
        <Form form={form} layout="vertical">
          <Form.Item name="value" label={acting ? t(LABEL[acting.action]) : ''}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
      <Drawer open={!!open} onClose={() => setOpen(null)} width={560} title={t('iot_history')} destroyOnHidden>
        {open && <AlarmHistory id={open} />}
      </Drawer>
    </>
  );
}

function AlarmHistory({ id }: { id: string }) {
  const { td } = useI18n();
  const a = useAlarm(id);
  return (
    <Timeline
      items={(a.data?.events ?? []).map((e) => ({
        children: (
          <>
            <b>{td('alarmEvent', e.type)}</b> <small>{formatInstant(e.at)}</small>
            <div style={{ color: '#666', fontSize: 12 }}>{String((e.data as { text?: string }).text ?? '') || JSON.stringify((e.data as { values?: unknown }).values ?? e.data)}</div>
          </>
        ),
      }))}
    />
  );
}

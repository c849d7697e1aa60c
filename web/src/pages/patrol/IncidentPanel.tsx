/** 应急事件: each emergency incident with its cases, instructions and the tasks of the response; a leader
 * adds tasks (with who answers for them) and marks them done while the incident is open. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Form, Input, List, Space, Tag } from 'antd';
import { http, ok } from '../../api/client.js';
import { FormError } from '../../components/FormError.js';
import { useI18n } from '../../i18n/I18n.js';
import { fieldErrorsOf } from '../../model/fieldErrors.js';
import { formatInstant } from '../../model/format.js';

type Incident = Awaited<ReturnType<typeof listIncidents>>[number];
const listIncidents = async () => ok(http.GET('/api/v1/command/incidents'));
const FIELDS = { members: { text: 'text', assignee: 'assignee', task: 'text' } };

function AddTask({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ text: string; assignee?: string }>();
  const add = useMutation({
    mutationFn: async (v: { text: string; assignee?: string }) => ok(http.POST('/api/v1/command/incidents/{id}/tasks', {
      params: { path: { id: incident.id } }, body: { version: incident.version, task: { text: v.text.trim(), assignee: v.assignee?.trim() || null } },
    })),
    onSuccess: () => {
      form.resetFields();
      onDone();
    },
    onError: (e) => form.setFields(fieldErrorsOf(e, FIELDS, lang).fields.map((f) => ({ name: f.name as 'text', errors: f.errors }))),
  });
  const placed = add.error ? fieldErrorsOf(add.error, FIELDS, lang) : null;
  return (
    <>
      {placed?.unplaced && <FormError error={add.error} testId="task-error" />}
      <Form form={form} layout="inline" size="small" onFinish={(v) => add.mutate(v)} data-testid="task-form">
        <Form.Item name="text" rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input placeholder={t('pt_taskText')} maxLength={300} style={{ width: 200 }} data-testid="task-text" />
        </Form.Item>
        <Form.Item name="assignee">
          <Input placeholder={t('pt_assignee')} maxLength={100} style={{ width: 110 }} data-testid="task-assignee" />
        </Form.Item>
        <Button htmlType="submit" loading={add.isPending} data-testid="task-add">{t('pt_addTask')}</Button>
      </Form>
    </>
  );
}

export function IncidentPanel({ canManage }: { canManage: boolean }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const incidents = useQuery({ queryKey: ['incidents'], queryFn: listIncidents, refetchInterval: 30_000 });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['incidents'] });
  const complete = useMutation({
    mutationFn: async (v: { incident: Incident; taskId: string }) => ok(http.POST('/api/v1/command/incidents/{id}/tasks/{taskId}/done', {
      params: { path: { id: v.incident.id, taskId: v.taskId } }, body: { version: v.incident.version },
    })),
    onSuccess: () => {
      setError(null);
      refresh();
    },
    onError: setError,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="incident-panel">
      {error !== null && <FormError error={error} testId="incident-error" />}
      <List
        size="small" dataSource={incidents.data ?? []} locale={{ emptyText: t('pt_noIncident') }}
        renderItem={(i) => (
          <List.Item data-testid={`incident-${i.id}`}>
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                <Tag color={i.state === 'open' ? 'red' : 'default'}>{i.state === 'open' ? t('pt_incidentOpen') : t('pt_ended')}</Tag>
                <b>{i.title}</b>
                <span>{i.areaName}</span>
              </Space>
              <span>{t('pt_cases')} {i.caseIds.length} · {t('pt_instructions')} {i.instructionIds.length} · {t('pt_tasks')} {i.tasks.filter((x) => x.done).length}/{i.tasks.length}</span>
              <span style={{ color: '#888' }}>{formatInstant(i.openedAt)}{lang === 'zh' ? ' 起' : ''}{i.closedAt ? ` – ${formatInstant(i.closedAt)}` : ''}</span>
              {i.tasks.map((task) => (
                <Space key={task.id} data-testid="incident-task" data-done={task.done}>
                  <Checkbox checked={task.done} disabled={task.done || !canManage || i.state !== 'open'} onChange={() => complete.mutate({ incident: i, taskId: task.id })} data-testid="task-done">
                    {task.text}
                  </Checkbox>
                  {task.assignee && <Tag>{task.assignee}</Tag>}
                  {task.done && task.doneAt && <span style={{ color: '#888' }}>{t('pt_taskDone')} {formatInstant(task.doneAt).slice(11, 16)}</span>}
                </Space>
              ))}
              {canManage && i.state === 'open' && <AddTask incident={i} onDone={refresh} />}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

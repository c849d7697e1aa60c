/** The instruction panel (指令): issue one (step by step, skipping levels, point to point), follow
 * those with me, issued by me or open in my area, and act on them — acknowledge, pass down, reply,
 * close — with the reply deadline and any escalation in view. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { dueText } from '../../model/format.js';
import { useLevels } from './LevelBanner.js';
import { useDistricts } from '../../api/admin.js';
import { useUnits } from '../../api/cases.js';
import { DistrictSelect, StreetSelect } from '../../components/AreaPickers.js';

type Box = 'todo' | 'issued' | 'area';
type Action = 'receive' | 'forward' | 'reply' | 'close';
type Kind = 'area' | 'unit';
type IssueForm = {
  title: string; content: string; mode: 'step' | 'skip' | 'p2p'; kind: Kind;
  districtCode?: string | null; streetCode?: string | null; unitId?: string; userId?: string; hours: number;
};

/** A person to send to point to point: searched by name among those in the issuer's area (GET /command/people). */
function PersonSelect({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const people = useQuery({ queryKey: ['command-people', q], queryFn: async () => ok(http.GET('/api/v1/command/people', { params: { query: { q } } })), staleTime: 30_000 });
  return (
    <Select
      id={id} data-testid="issue-person" showSearch={{ filterOption: false, onSearch: setQ }} allowClear style={{ width: 260 }} placeholder={t('pt_personSearch')}
      loading={people.isFetching} value={value} onChange={(v: string | undefined) => onChange?.(v)}
      options={(people.data ?? []).map((p) => ({ value: p.id, label: `${p.displayName} · ${p.areaName}` }))}
      notFoundContent={people.isFetching ? null : t('empty')}
    />
  );
}

function IssueInstruction({ onDone }: { onDone: () => void }) {
  const { t, err } = useI18n();
  const [form] = Form.useForm<IssueForm>();
  const [error, setError] = useState<string | null>(null);
  const units = useUnits();
  const mode = Form.useWatch('mode', form);
  const kind = Form.useWatch('kind', form) ?? 'area';
  const district = Form.useWatch('districtCode', form);
  const issue = useMutation({
    mutationFn: async (v: IssueForm) => {
      const target = v.mode === 'p2p' ? { kind: 'user' as const, code: v.userId ?? '' }
        : v.kind === 'unit' ? { kind: 'unit' as const, code: v.unitId ?? '' }
        : { kind: 'area' as const, code: v.streetCode || v.districtCode || '' };
      return ok(http.POST('/api/v1/command/instructions', {
        body: { title: v.title, content: v.content, mode: v.mode, replyLimit: { value: v.hours, unit: 'hours' }, target },
      }));
    },
    onSuccess: () => {
      setError(null);
      form.resetFields();
      onDone();
    },
    onError: (e) => setError(err(e)),
  });
  const required = [{ required: true, message: t('required') }];
  return (
    <Form form={form} layout="vertical" size="small" onFinish={(v) => issue.mutate(v)} data-testid="issue-form" initialValues={{ mode: 'step', kind: 'area', hours: 2 }}>
      <Form.Item name="title" label={t('pt_title')} rules={required}><Input data-testid="issue-title" /></Form.Item>
      <Form.Item name="content" label={t('pt_content')} rules={required}><Input.TextArea rows={2} data-testid="issue-content" /></Form.Item>
      <Space wrap align="start">
        <Form.Item name="mode" label={t('pt_mode')}>
          <Select style={{ width: 120 }} data-testid="issue-mode" options={(['step', 'skip', 'p2p'] as const).map((m) => ({ value: m, label: t(`pt_mode_${m}`) }))} />
        </Form.Item>
        {mode !== 'p2p' && (
          <Form.Item name="kind" label={t('pt_target')}>
            <Segmented data-testid="issue-kind" options={[{ value: 'area', label: t('pt_targetAreaKind') }, { value: 'unit', label: t('pt_targetUnit') }]} />
          </Form.Item>
        )}
        <Form.Item name="hours" label={t('pt_replyLimit')}><InputNumber min={0.25} max={240} step={0.5} data-testid="issue-hours" /></Form.Item>
      </Space>
      {mode === 'p2p' ? (
        <Form.Item name="userId" label={t('pt_targetUser')} rules={required}><PersonSelect /></Form.Item>
      ) : kind === 'unit' ? (
        <Form.Item name="unitId" label={t('pt_targetUnit')} rules={required}>
          <Select data-testid="issue-unit" showSearch={{ optionFilterProp: 'label' }} style={{ width: 260 }} loading={units.isLoading}
            options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      ) : (
        <Space wrap align="start">
          <Form.Item name="districtCode" label={t('pt_targetDistrict')} rules={required}>
            <DistrictSelect testId="issue-district" style={{ width: 200 }} onChange={(v) => form.setFieldsValue({ districtCode: v, streetCode: null })} />
          </Form.Item>
          <Form.Item name="streetCode" label={t('pt_targetStreet')} extra={t('pt_targetStreetHint')}>
            <StreetSelect testId="issue-street" districtCode={district} style={{ width: 220 }} />
          </Form.Item>
        </Space>
      )}
      {error && <Alert type="error" title={error} style={{ marginBottom: 8 }} data-testid="issue-error" />}
      <Button type="primary" htmlType="submit" loading={issue.isPending} data-testid="issue-submit">{t('pt_issue')}</Button>
    </Form>
  );
}

export function InstructionPanel({ canIssue }: { canIssue: boolean }) {
  const { t, lang, err } = useI18n();
  const qc = useQueryClient();
  const [box, setBox] = useState<Box>('todo');
  const levels = useLevels();
  const districts = useDistricts();
  const [reply, setReply] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['instructions', box],
    queryFn: async () => ok(http.GET('/api/v1/command/instructions', { params: { query: { box } } })),
    refetchInterval: 20_000,
  });
  const act = useMutation({
    mutationFn: async (v: { id: string; version: number; action: Action; text?: string }) => {
      const body = v.action === 'reply' ? { version: v.version, text: v.text ?? '' } : { version: v.version };
      return ok(http.POST(`/api/v1/command/instructions/{id}/actions/${v.action}` as '/api/v1/command/instructions/{id}/actions/receive', { params: { path: { id: v.id } }, body: body as never }));
    },
    onSuccess: () => {
      setError(null);
      void qc.invalidateQueries({ queryKey: ['instructions'] });
    },
    onError: (e) => setError(err(e)),
  });
  const now = Date.now();
  const areaNames = new Map([...(districts.data ?? []).map((d) => [d.code, d.name] as const), ...(levels.data ?? []).map((a) => [a.areaCode, a.areaName] as const)]);
  const areaName = (code: string) => areaNames.get(code) ?? (/^\d{4}00$/.test(code) ? t('pt_city') : code);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="instruction-panel">
      {canIssue && <IssueInstruction onDone={() => void qc.invalidateQueries({ queryKey: ['instructions'] })} />}
      <Segmented value={box} onChange={(v) => setBox(v as Box)} options={(['todo', 'issued', 'area'] as const).map((b) => ({ value: b, label: t(`pt_box_${b}` as MessageKey) }))} />
      {error && <Alert type="error" title={error} />}
      <List
        size="small"
        dataSource={list.data ?? []}
        locale={{ emptyText: t('empty') }}
        renderItem={(i) => {
          const due = i.dueAt ? dueText(i.dueAt, now, lang) : null;
          const next: Action[] = i.state === 'issued' ? ['receive'] : i.state === 'received' ? (i.path.length > 0 ? ['forward', 'reply'] : ['reply']) : i.state === 'replied' ? ['close'] : [];
          return (
            <List.Item data-testid={`instruction-${i.id}`} data-title={i.title} data-state={i.state}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color="geekblue">{i.modeName}</Tag>
                  <b>{i.title}</b>
                  <Tag>{i.stateName}</Tag>
                  {i.escalatedTo && <Tag color="red">{t('pt_escalated', { area: areaName(i.escalatedTo) })}</Tag>}
                </Space>
                <Typography.Text type="secondary">{i.content}</Typography.Text>
                <Space wrap>
                  <span>{t('pt_holder')}：{i.holder.name}</span>
                  {due && <span style={{ color: due.overdue ? '#cf1322' : undefined }}>{t('pt_due_at')}：{due.text}</span>}
                </Space>
                {i.replies.map((r) => <Typography.Text key={r.at}>↳ {r.byName}：{r.text}</Typography.Text>)}
                {box !== 'area' && next.length > 0 && (
                  <Space wrap>
                    {next.includes('reply') && <Input size="small" style={{ width: 200 }} placeholder={t('pt_replyText')} value={reply[i.id] ?? ''} onChange={(e) => setReply({ ...reply, [i.id]: e.target.value })} />}
                    {next.map((a) => (
                      <Button key={a} size="small" type={a === 'close' || a === 'reply' ? 'primary' : 'default'} loading={act.isPending}
                        onClick={() => act.mutate({ id: i.id, version: i.version, action: a, text: reply[i.id] })} data-testid={`instruction-${a}`}>
                        {t(`pt_${a}` as MessageKey)}
                      </Button>
                    ))}
                  </Space>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
    </Space>
  );
}

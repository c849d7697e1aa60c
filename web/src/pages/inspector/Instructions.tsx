/** The inspector's instruction inbox (指令): the instructions with me — addressed to me, or to my unit
 * or street where my role may act on them (the server's `box=todo`) — to acknowledge (签收) and answer
 * with text and camera photos, on the phone. The issuing side closes or sends back in the console. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Empty, Form, Image, Input, List, Space, Tag, Typography } from 'antd';
import { http, ok, fileUrl } from '../../api/client.js';
import { useI18n } from '../../i18n/I18n.js';
import { dueText } from '../../model/format.js';
import { PhotoInput } from '../../components/PhotoInput.js';

const INBOX = ['instructions', 'todo'];

/** The instructions with me, refreshed every 20 s (the list the tab's badge counts). */
export function useInbox() {
  return useQuery({ queryKey: INBOX, queryFn: async () => ok(http.GET('/api/v1/command/instructions', { params: { query: { box: 'todo' } } })), refetchInterval: 20_000 });
}

type Instruction = NonNullable<ReturnType<typeof useInbox>['data']>[number];

function Due({ i }: { i: Instruction }) {
  const { t, lang } = useI18n();
  if (!i.dueAt || i.state === 'replied') return null;
  const due = dueText(i.dueAt, Date.now(), lang);
  return <span style={{ color: due.overdue ? '#cf1322' : undefined }} data-testid="instruction-due">{t('pt_due_at')}：{due.text}</span>;
}

function Detail({ i, back }: { i: Instruction; back: () => void }) {
  const { t, err } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ text: string; photos: string[] }>();
  const [error, setError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async (v: { action: 'receive' } | { action: 'reply'; text: string; photos: string[] }) => {
      const path = { params: { path: { id: i.id } } };
      if (v.action === 'receive') return ok(http.POST('/api/v1/command/instructions/{id}/actions/receive', { ...path, body: { version: i.version } }));
      return ok(http.POST('/api/v1/command/instructions/{id}/actions/reply', { ...path, body: { version: i.version, text: v.text, photos: v.photos } }));
    },
    onSuccess: () => {
      setError(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['instructions'] });
    },
    onError: (e) => setError(err(e)),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="instruction-detail" data-state={i.state}>
      <Button size="small" onClick={back} data-testid="instruction-back">‹ {t('pt_back')}</Button>
      <Space wrap>
        <Tag color="geekblue">{i.modeName}</Tag>
        <Typography.Text strong>{i.title}</Typography.Text>
        <Tag data-testid="instruction-state">{i.stateName}</Tag>
      </Space>
      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{i.content}</Typography.Paragraph>
      <Typography.Text type="secondary">{t('pt_issuer')}：{i.issuerName}</Typography.Text>
      <Due i={i} />
      {i.replies.map((r) => (
        <div key={r.at} data-testid="instruction-reply">
          <Typography.Text>↳ {r.byName}：{r.text}</Typography.Text>
          <Space wrap>{r.photos.map((p) => <Image key={p} src={fileUrl(p)} width={56} height={56} style={{ objectFit: 'cover' }} />)}</Space>
        </div>
      ))}
      {error && <Alert type="error" showIcon title={error} data-testid="instruction-error" />}
      {i.state === 'issued' && (
        <Button type="primary" block size="large" loading={act.isPending} onClick={() => act.mutate({ action: 'receive' })} data-testid="instruction-receive">{t('pt_receive')}</Button>
      )}
      {i.state === 'received' && (
        <Form form={form} layout="vertical" initialValues={{ photos: [] }} onFinish={(v) => act.mutate({ action: 'reply', text: v.text, photos: v.photos ?? [] })} data-testid="instruction-reply-form">
          <Form.Item name="text" label={t('pt_replyText')} rules={[{ required: true, message: t('required') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="instruction-reply-text" />
          </Form.Item>
          <Form.Item name="photos" label={t('pt_replyPhotos')}>
            <PhotoInput testId="instruction-photo" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={act.isPending} data-testid="instruction-send">{t('pt_sendReply')}</Button>
        </Form>
      )}
      {i.state === 'replied' && <Alert type="success" showIcon title={t('pt_awaitClose')} data-testid="instruction-await-close" />}
    </Space>
  );
}

export function InstructionInbox() {
  const { t } = useI18n();
  const inbox = useInbox();
  const [open, setOpen] = useState<string | null>(null);
  const items = inbox.data ?? [];
  const current = open ? items.find((i) => i.id === open) : undefined;
  if (current) return <Detail i={current} back={() => setOpen(null)} />;
  return (
    <List
      data-testid="inspector-instructions"
      loading={inbox.isLoading}
      dataSource={items}
      locale={{ emptyText: <Empty description={t('pt_inboxEmpty')} /> }}
      renderItem={(i) => (
        <List.Item onClick={() => setOpen(i.id)} style={{ cursor: 'pointer' }} data-testid={`inbox-${i.id}`} data-title={i.title} data-state={i.state}>
          <List.Item.Meta
            avatar={<Badge status={i.state === 'issued' ? 'processing' : i.light === 'red' ? 'error' : i.light === 'yellow' ? 'warning' : 'default'} />}
            title={<Space wrap size={4}><span>{i.title}</span><Tag>{i.stateName}</Tag></Space>}
            description={<Space wrap size={4}><span>{i.modeName} · {i.issuerName}</span><Due i={i} /></Space>}
          />
        </List.Item>
      )}
    />
  );
}

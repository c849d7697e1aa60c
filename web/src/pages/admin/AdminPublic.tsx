/** 公众渠道: which classes the city opens to the public (Open311 services, citizen app choices) and the API keys of third-party apps. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import type { BodyOf, Ok } from '../../api/schema.js';
import { useAdminClasses } from '../../api/admin.js';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';
import { formatInstant } from '../../model/format.js';
import { AnswerLimitCard } from '../suggestions/AnswerLimitCard.js';

type PublicService = Ok<'/api/v1/admin/open311/services'>['items'][number];
type ApiKey = Ok<'/api/v1/admin/api-keys'>['items'][number];
type ServiceBody = BodyOf<'/api/v1/admin/open311/services/{code}', 'put'>;
interface ServiceForm extends ServiceBody {
  code: string;
}

const TYPES = ['realtime', 'batch', 'blackbox'] as const;

function ServicesCard() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const services = useQuery({ queryKey: ['open311-services'], queryFn: async () => (await ok(http.GET('/api/v1/admin/open311/services'))).items });
  const classes = useAdminClasses();
  const [editing, setEditing] = useState<PublicService | 'new' | null>(null);
  const [form] = Form.useForm<ServiceForm>();
  const code = Form.useWatch('code', form);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['open311-services'] });
  const save = useMutation({
    mutationFn: ({ code: c, ...body }: ServiceForm) => ok(http.PUT('/api/v1/admin/open311/services/{code}', { params: { path: { code: c } }, body })),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });
  const close = useMutation({ mutationFn: (c: string) => ok(http.DELETE('/api/v1/admin/open311/services/{code}', { params: { path: { code: c } } })), onSuccess: refresh });
  const open = (s: PublicService | 'new') => {
    save.reset();
    setEditing(s);
    form.resetFields();
    form.setFieldsValue(s === 'new' ? { type: 'realtime', radiusM: 250, attributes: [] } : { ...s, code: s.categoryCode });
  };
  const opened = new Set((services.data ?? []).map((s) => s.categoryCode));
  const small = (classes.data ?? []).filter((c) => c.minorCode && c.enabled && (editing !== 'new' || !opened.has(c.code)));
  const isComponent = (code ?? '').startsWith('C');
  return (
    <Card size="small" title={t('pub_services')} extra={<Button type="primary" onClick={() => open('new')} data-testid="open-service">{t('pub_open')}</Button>}>
      <Typography.Paragraph type="secondary">{t('pub_servicesHint')}</Typography.Paragraph>
      <FormError error={services.error ?? close.error} />
      <Table<PublicService>
        size="small"
        rowKey="categoryCode"
        data-testid="services-table"
        loading={services.isLoading}
        dataSource={services.data ?? []}
        pagination={false}
        columns={[
          { title: t('pub_class'), key: 'class', render: (_: unknown, s) => <span>{s.categoryCode} {s.groupName} · {s.name}</span> },
          { title: t('pub_plainName'), dataIndex: 'plainName', render: (p: string | null) => p ?? '' },
          { title: t('pub_type'), dataIndex: 'type', width: 170, render: (ty: string) => <Tag>{t(`pub_type_${ty}` as never)}</Tag> },
          { title: t('pub_attributes'), dataIndex: 'attributes', render: (a: string[]) => a.map((x) => <Tag key={x}>{t(`pub_attr_${x}` as never)}</Tag>) },
          { title: t('pub_radius'), dataIndex: 'radiusM', width: 120 },
          {
            title: '', key: 'act', width: 150,
            render: (_: unknown, s) => (
              <Space>
                <Button size="small" onClick={() => open(s)} data-testid="service-edit">{t('admin_edit')}</Button>
                <Popconfirm title={t('pub_closeConfirm')} onConfirm={() => close.mutate(s.categoryCode)} okText={t('confirm')} cancelText={t('cancel')}>
                  <Button size="small" danger data-testid="service-close">{t('pub_close')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('pub_open') : t('pub_editService')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('save')}
        cancelText={t('cancel')}
        okButtonProps={{ 'data-testid': 'service-save' } as never}
        forceRender
      >
        <FormError error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ ...v, attributes: (v.attributes ?? []).filter((a) => a !== 'component_code' || v.code.startsWith('C')) })} data-testid="service-form">
          <Form.Item name="code" label={t('pub_class')} rules={[{ required: true, message: t('required') }]}>
            <Select data-testid="service-class" disabled={editing !== 'new'} showSearch={{ optionFilterProp: 'label' }} options={small.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} />
          </Form.Item>
          <Form.Item name="plainName" label={t('pub_plainName')}>
            <Input data-testid="service-plain" maxLength={40} />
          </Form.Item>
          <Form.Item name="type" label={t('pub_type')}>
            <Select options={TYPES.map((ty) => ({ value: ty, label: t(`pub_type_${ty}`) }))} />
          </Form.Item>
          <Form.Item name="attributes" label={t('pub_attributes')}>
            <Checkbox.Group options={[{ value: 'urgency', label: t('pub_attr_urgency') }, ...(isComponent ? [{ value: 'component_code', label: t('pub_attr_component_code') }] : [])]} />
          </Form.Item>
          <Form.Item name="radiusM" label={t('pub_radius')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber min={10} max={1000} step={50} data-testid="service-radius" />
          </Form.Item>
          <Form.Item name="keywords" label={t('pub_keywords')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function KeysCard() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: async () => (await ok(http.GET('/api/v1/admin/api-keys'))).items });
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: (name: string) => ok(http.POST('/api/v1/admin/api-keys', { body: { name } })),
    onSuccess: (r) => {
      setCreating(false);
      setIssued(r.key);
      refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => ok(http.POST('/api/v1/admin/api-keys/{id}/revoke', { params: { path: { id } } })), onSuccess: refresh });
  return (
    <Card size="small" title={t('pub_keys')} extra={<Button type="primary" onClick={() => { create.reset(); form.resetFields(); setCreating(true); }} data-testid="new-key">{t('pub_newKey')}</Button>}>
      <Typography.Paragraph type="secondary">{t('pub_keysHint')}</Typography.Paragraph>
      {issued && (
        <Alert type="success" showIcon closable onClose={() => setIssued(null)} style={{ marginBottom: 12 }} title={t('pub_keyShownOnce')}
          description={<Typography.Text code copyable data-testid="issued-key">{issued}</Typography.Text>} />
      )}
      <FormError error={keys.error ?? revoke.error} />
      <Table<ApiKey>
        size="small"
        rowKey="id"
        data-testid="keys-table"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={false}
        columns={[
          { title: t('pub_keyName'), dataIndex: 'name' },
          { title: t('pub_prefix'), dataIndex: 'prefix', width: 130, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: t('pub_created'), dataIndex: 'createdAt', width: 150, render: (v: number) => formatInstant(v) },
          { title: t('pub_lastUsed'), dataIndex: 'lastUsedAt', width: 150, render: (v: number | null) => (v ? formatInstant(v) : '—') },
          { title: t('admin_status'), dataIndex: 'revokedAt', width: 90, render: (v: number | null) => (v ? <Tag>{t('pub_revoked')}</Tag> : <Tag color="green">{t('pub_valid')}</Tag>) },
          {
            title: '', key: 'act', width: 80,
            render: (_: unknown, k) => k.revokedAt ? null : (
              <Popconfirm title={t('pub_revokeConfirm')} onConfirm={() => revoke.mutate(k.id)} okText={t('confirm')} cancelText={t('cancel')}>
                <Button size="small" danger data-testid="key-revoke">{t('pub_revoke')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('pub_newKey')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('save')} cancelText={t('cancel')} okButtonProps={{ 'data-testid': 'key-save' } as never} forceRender>
        <FormError error={create.error} />
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v.name)}>
          <Form.Item name="name" label={t('pub_keyName')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input maxLength={100} data-testid="key-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function PublicTab() {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="admin-public">
      <ServicesCard />
      <KeysCard />
      <AnswerLimitCard />
    </Space>
  );
}

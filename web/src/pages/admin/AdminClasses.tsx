/** Classes 部件/事件分类: the standard ones and the city's own; add a local class, rename (the old name goes
 * to history) or disable one. */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import { useAdminClasses, type AdminCategory } from '../../api/admin.js';
import type { BodyOf } from '../../api/schema.js';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';

interface ClassForm {
  code?: string;
  name: string;
  version?: string;
  enabled?: boolean;
}

export function ClassesTab() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const classes = useAdminClasses();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<AdminCategory | 'new' | null>(null);
  const [form] = Form.useForm<ClassForm>();
  const isNew = editing === 'new';
  const save = useMutation({
    mutationFn: (v: ClassForm) => {
      const version = v.version?.trim() ? v.version.trim() : undefined;
      if (editing && editing !== 'new') {
        const body: BodyOf<'/api/v1/catalog/categories/{code}', 'patch'> = {};
        if (v.name.trim() !== editing.name) body.name = v.name.trim();
        if (v.enabled !== editing.enabled) body.enabled = v.enabled;
        if (version && version !== editing.version) body.version = version;
        if (Object.keys(body).length === 0) return Promise.resolve(editing);
        return ok(http.PATCH('/api/v1/catalog/categories/{code}', { params: { path: { code: editing.code } }, body }));
      }
      return ok(http.POST('/api/v1/catalog/categories', { body: { code: (v.code ?? '').trim().toUpperCase(), name: v.name.trim(), ...(version ? { version } : {}) } }));
    },
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['classes-admin'] });
      void qc.invalidateQueries({ queryKey: ['classes'] });
    },
  });
  const open = (c: AdminCategory | 'new') => {
    save.reset();
    setEditing(c);
    form.resetFields();
    form.setFieldsValue(c === 'new' ? {} : { code: c.code, name: c.name, version: c.version, enabled: c.enabled });
  };
  const needle = q.trim().toLowerCase();
  const rows = (classes.data ?? []).filter((c) => !needle || c.code.toLowerCase().includes(needle) || c.name.toLowerCase().includes(needle) || c.history.some((h) => h.name.includes(q.trim())));
  return (
    <Card
      size="small"
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('intake_classPicker')} onSearch={setQ} style={{ width: 240 }} data-testid="class-search" />
          <Button type="primary" onClick={() => open('new')} data-testid="new-class">{t('admin_newClass')}</Button>
        </Space>
      }
    >
      <FormError error={classes.error} />
      <Table<AdminCategory>
        size="small"
        rowKey="code"
        data-testid="classes-table"
        loading={classes.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, size: 'small' }}
        onRow={(c) => ({ 'data-class-code': c.code }) as never}
        columns={[
          { title: t('admin_code'), dataIndex: 'code', width: 110 },
          {
            title: t('admin_name'),
            dataIndex: 'name',
            render: (n: string, c) => (
              <>
                {n}
                {c.local && <Tag color="blue" style={{ marginLeft: 6 }}>{t('admin_local')}</Tag>}
                {c.history.length > 0 && (
                  <Tooltip title={`${t('admin_history')}: ${c.history.map((h) => h.name).join('、')}`}>
                    <Typography.Text type="secondary" style={{ marginLeft: 6 }}>({c.history.length})</Typography.Text>
                  </Tooltip>
                )}
              </>
            ),
          },
          { title: t('admin_kind'), dataIndex: 'kind', width: 90, render: (k: string) => t(k === 'component' ? 'class_component' : 'class_event') },
          { title: t('admin_version'), dataIndex: 'version', width: 150 },
          { title: t('admin_status'), dataIndex: 'enabled', width: 80, render: (e: boolean) => (e ? <Tag color="green">{t('admin_enabled')}</Tag> : <Tag>{t('admin_disabled')}</Tag>) },
          { title: '', key: 'edit', width: 70, render: (_: unknown, c) => <Button size="small" onClick={() => open(c)} data-testid="class-edit">{t('admin_edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== null}
        title={isNew ? t('admin_newClass') : t('admin_editClass')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('save')}
        cancelText={t('cancel')}
        okButtonProps={{ 'data-testid': 'class-save' } as never}
        forceRender
      >
        <FormError error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="class-form">
          <Form.Item name="code" label={t('admin_code')} extra={isNew ? t('admin_classCodeHint') : undefined} rules={isNew ? [{ required: true, message: t('required') }] : []}>
            <Input data-testid="class-code" disabled={!isNew} maxLength={5} />
          </Form.Item>
          <Form.Item name="name" label={t('admin_name')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input data-testid="class-name" maxLength={40} />
          </Form.Item>
          <Form.Item name="version" label={t('admin_version')}>
            <Input data-testid="class-version" maxLength={40} placeholder="local" />
          </Form.Item>
          {!isNew && (
            <Form.Item name="enabled" label={t('admin_enabled')} valuePropName="checked">
              <Switch data-testid="class-enabled" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

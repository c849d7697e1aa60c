/** Administration: users and roles, units, grid import, classes, responsibility list, calendar overrides. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { api } from '../../api/client.js';
import { asPage, useUnits } from '../../api/cases.js';
import { useI18n } from '../../i18n/I18n.js';
import { ApiError, detailLines } from '../../model/apiError.js';
import { ROLES } from '../../model/workspaces.js';
import { UnitSelect } from '../../components/Pickers.js';
import type { Me, Unit } from '../../api/types.js';
import { CalendarTab, ClassesTab, GridsTab, ResponsibilityTab } from './AdminCatalog.js';

export function FormError({ error }: { error: unknown }) {
  const { err, lang } = useI18n();
  if (!error) return null;
  const lines = error instanceof ApiError ? detailLines(error.details, lang) : [];
  return <Alert type="error" showIcon style={{ marginBottom: 12 }} title={err(error)} description={lines.length ? lines.join('\n') : undefined} data-testid="form-error" />;
}

function UsersTab() {
  const { t, td } = useI18n();
  const units = useUnits();
  const unitName = (id: string | null | undefined) => (id ? (units.data?.find((u) => u.id === id)?.name ?? id) : '');
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const users = useQuery({ queryKey: ['users', page], queryFn: async () => asPage<Me & { unitName?: string }>(await api.get('/api/v1/users', { page, pageSize: 20 })) });
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post('/api/v1/users', v),
    onSuccess: () => {
      setCreating(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  return (
    <Card size="small" extra={<Button type="primary" onClick={() => setCreating(true)} data-testid="new-user">{t('admin_newUser')}</Button>}>
      <FormError error={users.error} />
      <Table
        size="small"
        rowKey="id"
        data-testid="users-table"
        loading={users.isLoading}
        dataSource={users.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: users.data?.total ?? 0, onChange: setPage, size: 'small' }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('admin_displayName'), dataIndex: 'displayName' },
          { title: t('admin_roles'), dataIndex: 'roles', render: (roles: string[]) => roles?.map((r) => <Tag key={r}>{td('role', r)}</Tag>) },
          { title: t('admin_unit'), dataIndex: 'unitId', render: (id: string | null) => unitName(id) },
        ]}
      />
      <Modal open={creating} title={t('admin_newUser')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('save')} cancelText={t('cancel')} okButtonProps={{ 'data-testid': 'user-save' } as never} destroyOnHidden>
        <FormError error={create.error} />
        <Form form={form} layout="vertical" onFinish={(v: Record<string, unknown>) => create.mutate({ ...v, scope: { level: 'city', code: '350200' } })}>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
            <Input data-testid="user-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin_displayName')} rules={[{ required: true, message: t('required') }]}>
            <Input data-testid="user-display-name" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password data-testid="user-password" />
          </Form.Item>
          <Form.Item name="roles" label={t('admin_roles')} rules={[{ required: true, message: t('required') }]}>
            <Select mode="multiple" data-testid="user-roles" showSearch={{ optionFilterProp: 'label' }} options={ROLES.map((r) => ({ value: r, label: td('role', r) }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('admin_unit')}>
            <UnitSelect allowClear />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function UnitsTab() {
  const { t } = useI18n();
  const units = useQuery({ queryKey: ['units-admin'], queryFn: async () => asPage<Unit>(await api.get('/api/v1/catalog/units')).items });
  return (
    <Card size="small">
      <FormError error={units.error} />
      <Table
        size="small"
        rowKey="id"
        loading={units.isLoading}
        dataSource={units.data ?? []}
        pagination={{ pageSize: 20, size: 'small' }}
        columns={[
          { title: t('admin_code'), dataIndex: 'code', width: 140 },
          { title: t('admin_name'), dataIndex: 'name' },
          { title: t('admin_kindUnit'), dataIndex: 'kind', width: 140 },
        ]}
      />
    </Card>
  );
}

export default function AdminPage() {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="admin">
      <Tabs
        items={[
          { key: 'users', label: t('admin_users'), children: <UsersTab /> },
          { key: 'units', label: t('admin_units'), children: <UnitsTab /> },
          { key: 'grids', label: t('admin_grids'), children: <GridsTab /> },
          { key: 'classes', label: t('admin_classes'), children: <ClassesTab /> },
          { key: 'resp', label: t('admin_resp'), children: <ResponsibilityTab /> },
          { key: 'calendar', label: t('admin_calendar'), children: <CalendarTab /> },
        ]}
      />
    </Space>
  );
}

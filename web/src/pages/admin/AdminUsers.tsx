/** Users and roles: list, create, and edit an account's name, roles, unit, geographic scope and active flag. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Select, Switch, Table, Tag, type FormInstance } from 'antd';
import { http, ok } from '../../api/client.js';
import { useUnits } from '../../api/cases.js';
import type { UserBody, UserPatch } from '../../api/schema.js';
import { CITY_CODE, scopeFields, scopeOf, useDistricts, type AdminUser, type Scope } from '../../api/admin.js';
import { useI18n } from '../../i18n/I18n.js';
import { ROLES } from '../../model/workspaces.js';
import { UnitSelect } from '../../components/Pickers.js';
import { FormError } from '../../components/FormError.js';
import { DistrictSelect, StreetSelect } from '../../components/AreaPickers.js';

interface UserForm {
  username?: string;
  displayName: string;
  password?: string;
  roles: string[];
  unitId?: string | null;
  scopeLevel: Scope['level'];
  districtCode?: string;
  streetCode?: string;
  active?: boolean;
}

/** Level, then district, then street: the pickers a level needs. */
function ScopeFields({ form }: { form: FormInstance<UserForm> }) {
  const { t } = useI18n();
  const level = Form.useWatch('scopeLevel', form);
  const districtCode = Form.useWatch('districtCode', form);
  return (
    <>
      <Form.Item name="scopeLevel" label={t('admin_scope')} rules={[{ required: true, message: t('required') }]}>
        <Select data-testid="user-scope-level" showSearch={{ optionFilterProp: 'label' }} options={(['city', 'district', 'street'] as const).map((l) => ({ value: l, label: t(`scope_${l}`) }))} />
      </Form.Item>
      {(level === 'district' || level === 'street') && (
        <Form.Item name="districtCode" label={t('admin_district')} rules={[{ required: true, message: t('required') }]}>
          <DistrictSelect testId="user-district" onChange={() => form.setFieldValue('streetCode', undefined)} />
        </Form.Item>
      )}
      {level === 'street' && (
        <Form.Item name="streetCode" label={t('admin_street')} rules={[{ required: true, message: t('required') }]}>
          <StreetSelect testId="user-street" districtCode={districtCode} />
        </Form.Item>
      )}
    </>
  );
}

function scopeLabel(s: Scope | undefined, names: Map<string, string>, t: (k: 'scope_city' | 'scope_district' | 'scope_street') => string): string {
  if (!s) return '';
  if (s.level === 'city') return t('scope_city');
  const district = names.get(s.code.slice(0, 6)) ?? s.code.slice(0, 6);
  return s.level === 'district' ? district : `${district} · ${s.code}`;
}

export function UsersTab() {
  const { t, td } = useI18n();
  const units = useUnits();
  const districts = useDistricts();
  const districtNames = new Map((districts.data ?? []).map((d) => [d.code, d.name]));
  const unitName = (id: string | null | undefined) => (id ? (units.data?.find((u) => u.id === id)?.name ?? id) : '');
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [form] = Form.useForm<UserForm>();
  const users = useQuery({ queryKey: ['users', page], queryFn: () => ok(http.GET('/api/v1/users', { params: { query: { page, pageSize: 20 } } })) });
  const isNew = editing === 'new';
  const save = useMutation({
    mutationFn: (v: UserForm) => {
      const cityCode = editing && editing !== 'new' && editing.scope.level === 'city' ? editing.scope.code : CITY_CODE;
      const scope = scopeOf(v.scopeLevel, v.districtCode, v.streetCode, cityCode);
      const common = { displayName: v.displayName, roles: v.roles, unitId: v.unitId ?? null, scope };
      if (editing && editing !== 'new') {
        // PATCH only what changed.
        const before: Record<string, unknown> = { displayName: editing.displayName, roles: editing.roles, unitId: editing.unitId, scope: editing.scope, active: editing.active };
        const next: Record<string, unknown> = { ...common, active: v.active ?? true };
        const body = Object.fromEntries(Object.entries(next).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify(before[k])));
        return Object.keys(body).length === 0 ? Promise.resolve(editing) : ok(http.PATCH('/api/v1/users/{id}', { params: { path: { id: editing.id } }, body: body as UserPatch }));
      }
      return ok(http.POST('/api/v1/users', { body: { ...common, username: v.username, password: v.password } as UserBody }));
    },
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const open = (u: AdminUser | 'new') => {
    save.reset();
    setEditing(u);
    form.resetFields();
    form.setFieldsValue(u === 'new' ? { scopeLevel: 'city', active: true } : { displayName: u.displayName, roles: u.roles, unitId: u.unitId, active: u.active, ...scopeFields(u.scope) });
  };
  return (
    <Card size="small" extra={<Button type="primary" onClick={() => open('new')} data-testid="new-user">{t('admin_newUser')}</Button>}>
      <FormError error={users.error} />
      <Table<AdminUser>
        size="small"
        rowKey="id"
        data-testid="users-table"
        loading={users.isLoading}
        dataSource={users.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: users.data?.total ?? 0, onChange: setPage, size: 'small' }}
        onRow={(u) => ({ 'data-username': u.username }) as never}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('admin_displayName'), dataIndex: 'displayName' },
          { title: t('admin_roles'), dataIndex: 'roles', render: (roles: string[]) => roles?.map((r) => <Tag key={r}>{td('role', r)}</Tag>) },
          { title: t('admin_unit'), dataIndex: 'unitId', render: (id: string | null) => unitName(id) },
          { title: t('admin_scope'), dataIndex: 'scope', render: (s: Scope) => scopeLabel(s, districtNames, t) },
          { title: t('admin_status'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('admin_active')}</Tag> : <Tag>{t('admin_inactive')}</Tag>) },
          { title: '', key: 'edit', width: 70, render: (_: unknown, u) => <Button size="small" onClick={() => open(u)} data-testid="user-edit">{t('admin_edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== null}
        title={isNew ? t('admin_newUser') : t('admin_editUser')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('save')}
        cancelText={t('cancel')}
        okButtonProps={{ 'data-testid': 'user-save' } as never}
        forceRender
      >
        <FormError error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="user-form">
          {isNew && (
            <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
              <Input data-testid="user-username" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label={t('admin_displayName')} rules={[{ required: true, message: t('required') }]}>
            <Input data-testid="user-display-name" />
          </Form.Item>
          {isNew && (
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
              <Input.Password data-testid="user-password" />
            </Form.Item>
          )}
          <Form.Item name="roles" label={t('admin_roles')} rules={[{ required: true, message: t('required') }]}>
            <Select mode="multiple" data-testid="user-roles" showSearch={{ optionFilterProp: 'label' }} options={ROLES.map((r) => ({ value: r, label: td('role', r) }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('admin_unit')}>
            <UnitSelect allowClear testId="user-unit" />
          </Form.Item>
          <ScopeFields form={form} />
          {!isNew && (
            <Form.Item name="active" label={t('admin_active')} valuePropName="checked">
              <Switch data-testid="user-active" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

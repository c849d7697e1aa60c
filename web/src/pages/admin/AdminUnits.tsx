/** Units 责任单位: list, create and edit (name, kind, parent, district/street, duty, active). The code stays once made. */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { http, ok } from '../../api/client.js';
import type { BodyOf } from '../../api/schema.js';
import { UNIT_KINDS, useAdminUnits, useDistricts, type AdminUnit } from '../../api/admin.js';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';
import { DistrictSelect, StreetSelect } from '../../components/AreaPickers.js';

interface UnitForm {
  code?: string;
  name: string;
  kind: string;
  parentCode?: string | null;
  districtCode?: string | null;
  streetCode?: string | null;
  duty?: string | null;
  active: boolean;
}

/**
 * The form's values as the API body. Creating: empty fields are left out. Editing: only what changed is
 * sent (PATCH); a cleared field goes as null.
 */
function unitBody(v: UnitForm, before: AdminUnit | null): Record<string, unknown> {
  const opt = (x: string | null | undefined) => (x === undefined || x === null || x.trim() === '' ? null : x.trim());
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    kind: v.kind,
    parentCode: opt(v.parentCode),
    districtCode: opt(v.districtCode),
    streetCode: opt(v.streetCode),
    duty: opt(v.duty),
    active: v.active,
  };
  if (!before) return { code: (v.code ?? '').trim(), ...Object.fromEntries(Object.entries(body).filter(([, x]) => x !== null)) };
  return Object.fromEntries(Object.entries(body).filter(([k, x]) => x !== (before[k as keyof AdminUnit] ?? null)));
}

function patchUnit(u: AdminUnit, body: Record<string, unknown>): Promise<unknown> {
  return Object.keys(body).length === 0 ? Promise.resolve(u) : ok(http.PATCH('/api/v1/catalog/units/{code}', { params: { path: { code: u.code } }, body: body as BodyOf<'/api/v1/catalog/units/{code}', 'patch'> }));
}

export function UnitsTab() {
  const { t, td } = useI18n();
  const qc = useQueryClient();
  const units = useAdminUnits();
  const [editing, setEditing] = useState<AdminUnit | 'new' | null>(null);
  const [form] = Form.useForm<UnitForm>();
  const districtCode = Form.useWatch('districtCode', form);
  const save = useMutation({
    mutationFn: (v: UnitForm) =>
      editing && editing !== 'new' ? patchUnit(editing, unitBody(v, editing)) : ok(http.POST('/api/v1/catalog/units', { body: unitBody(v, null) as BodyOf<'/api/v1/catalog/units', 'post'> })),
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['units-admin'] });
      void qc.invalidateQueries({ queryKey: ['units'] });
    },
  });
  const open = (u: AdminUnit | 'new') => {
    save.reset();
    setEditing(u);
    form.resetFields();
    form.setFieldsValue(u === 'new' ? { active: true } : { ...u });
  };
  const all = units.data ?? [];
  const districts = useDistricts();
  const districtNames = new Map((districts.data ?? []).map((d) => [d.code, d.name]));
  const isNew = editing === 'new';
  return (
    <Card size="small" extra={<Button type="primary" onClick={() => open('new')} data-testid="new-unit">{t('admin_newUnit')}</Button>}>
      <FormError error={units.error} />
      <Table<AdminUnit>
        size="small"
        rowKey="id"
        data-testid="units-table"
        loading={units.isLoading}
        dataSource={all}
        pagination={{ pageSize: 20, size: 'small' }}
        onRow={(u) => ({ 'data-unit-code': u.code }) as never}
        columns={[
          { title: t('admin_code'), dataIndex: 'code', width: 140 },
          { title: t('admin_name'), dataIndex: 'name' },
          { title: t('admin_kindUnit'), dataIndex: 'kind', width: 170, render: (k: string) => td('unitkind', k) },
          { title: t('admin_parent'), dataIndex: 'parentCode', width: 140, render: (c: string | null) => (c ? (all.find((u) => u.code === c)?.name ?? c) : '') },
          { title: t('admin_district'), dataIndex: 'districtCode', width: 90, render: (c: string | null) => (c ? (districtNames.get(c) ?? c) : '') },
          { title: t('admin_duty'), dataIndex: 'duty', ellipsis: true },
          { title: t('admin_status'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('admin_active')}</Tag> : <Tag>{t('admin_inactive')}</Tag>) },
          { title: '', key: 'edit', width: 70, render: (_: unknown, u) => <Button size="small" onClick={() => open(u)} data-testid="unit-edit">{t('admin_edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== null}
        title={isNew ? t('admin_newUnit') : t('admin_editUnit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('save')}
        cancelText={t('cancel')}
        okButtonProps={{ 'data-testid': 'unit-save' } as never}
        forceRender
      >
        <FormError error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="unit-form">
          <Form.Item name="code" label={t('admin_code')} rules={isNew ? [{ required: true, message: t('required') }, { min: 2, max: 32 }] : []}>
            <Input data-testid="unit-code" disabled={!isNew} maxLength={32} />
          </Form.Item>
          <Form.Item name="name" label={t('admin_name')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input data-testid="unit-name" maxLength={60} />
          </Form.Item>
          <Form.Item name="kind" label={t('admin_kindUnit')} rules={[{ required: true, message: t('required') }]}>
            <Select data-testid="unit-kind" showSearch={{ optionFilterProp: 'label' }} options={UNIT_KINDS.map((k) => ({ value: k, label: td('unitkind', k) }))} />
          </Form.Item>
          <Form.Item name="parentCode" label={t('admin_parent')}>
            <Select
              data-testid="unit-parent"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={all.filter((u) => isNew || u.code !== (editing as AdminUnit | null)?.code).map((u) => ({ value: u.code, label: `${u.name} ${u.code}` }))}
            />
          </Form.Item>
          <Form.Item name="districtCode" label={t('admin_district')}>
            <DistrictSelect testId="unit-district" onChange={() => form.setFieldValue('streetCode', null)} />
          </Form.Item>
          <Form.Item name="streetCode" label={t('admin_street')}>
            <StreetSelect testId="unit-street" districtCode={districtCode} />
          </Form.Item>
          <Form.Item name="duty" label={t('admin_duty')}>
            <Input data-testid="unit-duty" maxLength={30} />
          </Form.Item>
          <Form.Item name="active" label={t('admin_active')} valuePropName="checked">
            <Switch data-testid="unit-active" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

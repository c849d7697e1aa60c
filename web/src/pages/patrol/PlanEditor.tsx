/** 巡查计划 for shift leads and leaders: which inspectors cover which grids in which hours, and how often
 * each grid class must be visited. The plans in the reader's area as a table; new and edit in one form
 * whose server refusals are shown at the fields they concern. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { http, ok } from '../../api/client.js';
import { useStreets } from '../../api/admin.js';
import { DistrictSelect, StreetSelect } from '../../components/AreaPickers.js';
import { FormError } from '../../components/FormError.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { fieldErrorsOf } from '../../model/fieldErrors.js';

type Plan = Awaited<ReturnType<typeof listPlans>>[number];
const CLASSES = ['key', 'ordinary', 'low'] as const;
type Cls = (typeof CLASSES)[number];
interface PlanForm {
  name: string;
  districtCode: string;
  streetCode: string | null;
  from: string;
  to: string;
  grids_key?: string[];
  grids_ordinary?: string[];
  grids_low?: string[];
  freq_key?: number;
  freq_ordinary?: number;
  freq_low?: number;
  inspectorIds?: string[];
}
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

async function listPlans() {
  return ok(http.GET('/api/v1/patrol/plans'));
}

/** Server members → the form's fields ('grids.3.code' belongs to the grid selects, shown at the first). */
const FIELDS = {
  members: { name: 'name', districtCode: 'districtCode', streetCode: 'streetCode', from: 'from', to: 'to', grids: 'grids_key', gridCode: 'grids_key', inspectorIds: 'inspectorIds', frequencies: 'freq_key' },
  codes: { PLAN_HOURS_INVALID: 'to', PLAN_AREA_INVALID: 'streetCode' },
};

function useGrids(districtCode: string | null | undefined, streetCode: string | null | undefined) {
  return useQuery({
    queryKey: ['plan-grids', districtCode, streetCode],
    enabled: !!districtCode,
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const fc = await ok(http.GET('/api/v1/geo/layers/{level}', { params: { path: { level: 'grid' }, query: streetCode ? { streetCode } : { districtCode: districtCode! } } }));
      return (fc.features as Array<{ properties: { code?: unknown; name?: unknown } }>).map((f) => ({ code: String(f.properties.code), name: String(f.properties.name ?? f.properties.code) }));
    },
  });
}

function useInspectors(districtCode: string | null | undefined, streetCode: string | null | undefined) {
  return useQuery({
    queryKey: ['plan-inspectors', districtCode ?? '', streetCode ?? ''],
    queryFn: async () => ok(http.GET('/api/v1/patrol/inspectors', { params: { query: { ...(districtCode ? { districtCode } : {}), ...(streetCode ? { streetCode } : {}) } } })),
  });
}

function AreaName({ districtCode, streetCode }: { districtCode: string; streetCode: string | null }) {
  const streets = useStreets(districtCode);
  const s = streetCode ? streets.data?.find((x) => x.code === streetCode) : undefined;
  return <span>{s?.name ?? streetCode ?? districtCode}</span>;
}

function toForm(p: Plan): PlanForm {
  const of = (c: Cls) => p.grids.filter((g) => g.cls === c).map((g) => g.code);
  return {
    name: p.name, districtCode: p.districtCode, streetCode: p.streetCode, from: p.from, to: p.to,
    grids_key: of('key'), grids_ordinary: of('ordinary'), grids_low: of('low'),
    freq_key: p.frequencies.key, freq_ordinary: p.frequencies.ordinary, freq_low: p.frequencies.low, inspectorIds: p.inspectorIds,
  };
}

function toBody(v: PlanForm) {
  const frequencies: Partial<Record<Cls, number>> = {};
  for (const c of CLASSES) if (typeof v[`freq_${c}`] === 'number') frequencies[c] = v[`freq_${c}`]!;
  return {
    name: v.name.trim(), districtCode: v.districtCode, streetCode: v.streetCode ?? null, from: v.from.trim(), to: v.to.trim(),
    grids: CLASSES.flatMap((c) => (v[`grids_${c}`] ?? []).map((code) => ({ code, cls: c }))), inspectorIds: v.inspectorIds ?? [], frequencies,
  };
}

export function PlanEditor() {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<PlanForm>();
  const [editing, setEditing] = useState<Plan | 'new' | null>(null);
  const districtCode = Form.useWatch('districtCode', form);
  const streetCode = Form.useWatch('streetCode', form);
  const plans = useQuery({ queryKey: ['patrol-plans'], queryFn: listPlans });
  const grids = useGrids(districtCode, streetCode);
  const inspectors = useInspectors(districtCode, streetCode);
  const allInspectors = useInspectors(null, null);
  const names = new Map((allInspectors.data ?? []).map((i) => [i.id, i.name]));
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['patrol-plans'] });
    void qc.invalidateQueries({ queryKey: ['patrol-coverage'] });
  };
  const save = useMutation({
    mutationFn: async (v: PlanForm) => {
      const body = toBody(v);
      if (editing && editing !== 'new') return ok(http.PUT('/api/v1/patrol/plans/{id}', { params: { path: { id: editing.id } }, body: { version: editing.version, plan: body } }));
      return ok(http.POST('/api/v1/patrol/plans', { body }));
    },
    onSuccess: () => {
      setEditing(null);
      done();
    },
    onError: (e) => {
      const placed = fieldErrorsOf(e, FIELDS, lang);
      form.setFields(placed.fields.map((f) => ({ name: f.name as keyof PlanForm, errors: f.errors })));
    },
  });
  const retire = useMutation({
    mutationFn: async (p: Plan) => ok(http.POST('/api/v1/patrol/plans/{id}/retire', { params: { path: { id: p.id } }, body: { version: p.version } })),
    onSuccess: done,
  });
  const open = (p: Plan | 'new') => {
    save.reset();
    form.resetFields();
    form.setFieldsValue(p === 'new' ? { from: '08:00', to: '18:00', freq_key: 2, freq_ordinary: 4, freq_low: 8 } : toForm(p));
    setEditing(p);
  };
  const placed = save.error ? fieldErrorsOf(save.error, FIELDS, lang) : null;
  const gridOptions = (grids.data ?? []).map((g) => ({ value: g.code, label: `${g.name} ${g.code.slice(-3)}` }));
  const atLeastOneGrid = {
    validator: async () => {
      if (CLASSES.some((c) => (form.getFieldValue(`grids_${c}`) as string[] | undefined)?.length)) return;
      throw new Error(t('pt_gridsRequired'));
    },
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="plan-editor">
      <Button type="primary" size="small" onClick={() => open('new')} data-testid="plan-new">{t('pt_newPlan')}</Button>
      <Table
        size="small" rowKey="id" pagination={false} dataSource={plans.data ?? []} loading={plans.isLoading} data-testid="plan-table"
        onRow={(p) => ({ 'data-plan-name': p.name }) as never}
        columns={[
          { title: t('pt_planName'), render: (_, p) => <Space orientation="vertical" size={0}><b>{p.name}</b><AreaName districtCode={p.districtCode} streetCode={p.streetCode} /></Space> },
          { title: t('pt_hours'), render: (_, p) => `${p.from}–${p.to}` },
          {
            title: t('pt_grids'), render: (_, p) => CLASSES.filter((c) => p.grids.some((g) => g.cls === c)).map((c) => (
              <Tag key={c} color={c === 'key' ? 'red' : c === 'ordinary' ? 'blue' : 'default'}>{t(`pt_cls_${c}` as MessageKey)} {p.grids.filter((g) => g.cls === c).length} · {t('pt_every', { n: Math.round((p.frequencies[c] ?? 0) * 60) })}</Tag>
            )),
          },
          { title: t('pt_inspectors'), render: (_, p) => p.inspectorIds.map((id) => names.get(id) ?? id).join('、') || '—' },
          {
            title: '', render: (_, p) => (
              <Space>
                <Button size="small" onClick={() => open(p)} data-testid="plan-edit">{t('pt_edit')}</Button>
                <Popconfirm title={t('pt_retireConfirm')} onConfirm={() => retire.mutate(p)} okText={t('confirm')} cancelText={t('cancel')}>
                  <Button size="small" danger data-testid="plan-retire">{t('pt_retire')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null} width={640} forceRender
        title={editing === 'new' ? t('pt_newPlan') : t('pt_editPlan')}
        onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={save.isPending}
        okText={t('save')} cancelText={t('cancel')} okButtonProps={{ 'data-testid': 'plan-save' } as never}
      >
        {placed?.unplaced && <FormError error={save.error} testId="plan-error" />}
        <Form form={form} layout="vertical" size="small" onFinish={(v) => save.mutate(v)} data-testid="plan-form">
          <Form.Item name="name" label={t('pt_planName')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input maxLength={100} data-testid="plan-name" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="districtCode" label={t('pt_district')} rules={[{ required: true, message: t('required') }]}>
              <DistrictSelect testId="plan-district" style={{ width: 220 }} onChange={() => form.setFieldsValue({ streetCode: null, grids_key: [], grids_ordinary: [], grids_low: [] })} />
            </Form.Item>
            <Form.Item name="streetCode" label={t('pt_street')}>
              <StreetSelect testId="plan-street" districtCode={districtCode} style={{ width: 240 }} onChange={() => form.setFieldsValue({ grids_key: [], grids_ordinary: [], grids_low: [] })} />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="from" label={t('pt_from')} rules={[{ required: true, message: t('required') }, { pattern: HHMM, message: t('pt_hhmm') }]}>
              <Input placeholder="08:00" style={{ width: 100 }} data-testid="plan-from" />
            </Form.Item>
            <Form.Item name="to" label={t('pt_to')} rules={[{ required: true, message: t('required') }, { pattern: HHMM, message: t('pt_hhmm') }]}>
              <Input placeholder="18:00" style={{ width: 100 }} data-testid="plan-to" />
            </Form.Item>
          </Space>
          {CLASSES.map((c) => (
            <Space key={c} wrap align="start" style={{ width: '100%' }}>
              <Form.Item
                name={`grids_${c}`} label={t('pt_gridsOf', { cls: t(`pt_cls_${c}` as MessageKey) })} style={{ width: 380 }}
                rules={c === 'key' ? [atLeastOneGrid] : []} dependencies={c === 'key' ? ['grids_ordinary', 'grids_low'] : []}
                extra={c === 'key' && !districtCode ? t('pt_pickStreetFirst') : undefined}
              >
                <Select mode="multiple" allowClear disabled={!districtCode} loading={grids.isLoading && !!districtCode} options={gridOptions} showSearch={{ optionFilterProp: 'label' }} data-testid={`plan-grids-${c}`} />
              </Form.Item>
              <Form.Item name={`freq_${c}`} label={t('pt_everyHours')}>
                <InputNumber min={0.25} max={24} step={0.5} style={{ width: 110 }} data-testid={`plan-freq-${c}`} />
              </Form.Item>
            </Space>
          ))}
          <Form.Item name="inspectorIds" label={t('pt_inspectors')}>
            <Select mode="multiple" allowClear options={(inspectors.data ?? []).map((i) => ({ value: i.id, label: i.name }))} showSearch={{ optionFilterProp: 'label' }} data-testid="plan-inspectors" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

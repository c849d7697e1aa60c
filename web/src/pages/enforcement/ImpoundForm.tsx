/**
 * 查封扣押登记 from a penalty case's detail: what (goods / e-bike / dog, measure), the list of things
 * (name, quantity, unit, 车架号/芯片号, condition), photos of the scene, the yard and bay, the two
 * certified officers, whether paying the fine releases them. Place and party come from the case; the
 * 扣押决定书 is issued with it. The case's impounds are listed under it.
 */
import { AutoComplete, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18n.js';
import { FormError } from '../../components/FormError.js';
import { PhotoInput } from '../../components/PhotoInput.js';
import { useCreateImpound, useOfficers, usePenaltyImpounds, useYard, type ImpoundBody } from '../../api/enforcement-more.js';
import type { PenaltyCaseView } from '../../api/enforcement.js';

type Kind = 'goods' | 'vehicle' | 'dog';
const KINDS: Array<{ value: Kind; label: string; unit: string; item: string; yard: string }> = [
  { value: 'vehicle', label: '车辆（电动自行车）', unit: '辆', item: '电动自行车', yard: '电动车暂扣场' },
  { value: 'goods', label: '物品', unit: '件', item: '', yard: '物品仓库' },
  { value: 'dog', label: '犬只', unit: '只', item: '犬只', yard: '犬只留检所' },
];
const kindOf = (k: Kind) => KINDS.find((x) => x.value === k)!;

interface Values {
  kind: Kind;
  measure: 'seizure' | 'sealing';
  reason: string;
  items: Array<{ name: string; quantity: number; unit: string; identifier?: string; condition?: string }>;
  photos: string[];
  officerIds: string[];
  yard: string;
  location?: string;
  releasableOnPayment: boolean;
  phone?: string;
}

function ImpoundModal({ p, open, onClose }: { p: PenaltyCaseView; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const officers = useOfficers();
  const yards = useYard({});
  const create = useCreateImpound();
  const district = p.place.districtCode === '350206' ? '湖里区' : p.place.districtCode === '350203' ? '思明区' : '';
  const known = [...new Set((yards.data?.summary ?? []).map((g) => g.yard))];
  const onKind = (k: Kind) => {
    const d = kindOf(k);
    form.setFieldsValue({ releasableOnPayment: k !== 'dog', yard: known.find((y) => y.includes(d.yard)) ?? `${district}${d.yard}`, items: [{ name: d.item, quantity: 1, unit: d.unit }] });
  };
  const initial: Partial<Values> = {
    kind: 'vehicle', measure: 'seizure', releasableOnPayment: true, photos: [],
    officerIds: p.officers.map((o) => o.userId), items: [{ name: '电动自行车', quantity: 1, unit: '辆' }], yard: `${district}电动车暂扣场`,
    reason: p.violationName ? `${p.violationName}，依法予以扣押` : '',
  };
  const submit = async () => {
    const v = await form.validateFields();
    const phone = v.phone?.replace(/[\s-]/g, '');
    const body: ImpoundBody = {
      kind: v.kind, measure: v.measure, penaltyCaseId: p.id, reason: v.reason, photos: v.photos, officerIds: v.officerIds, yard: v.yard,
      releasableOnPayment: v.releasableOnPayment,
      items: v.items.map((x) => ({ name: x.name, quantity: x.quantity, unit: x.unit, ...(x.identifier ? { identifier: x.identifier } : {}), ...(x.condition ? { condition: x.condition } : {}) })),
      ...(v.location ? { location: v.location } : {}),
      ...(phone && p.party ? { party: { kind: p.party.kind === 'org' ? 'org' : 'person', name: p.party.name, phone, ...(p.party.idNumber ? { idNumber: p.party.idNumber } : {}), ...(p.party.address ? { address: p.party.address } : {}) } } : {}),
    };
    await create.mutateAsync(body).then(() => { form.resetFields(); onClose(); }, () => undefined);
  };
  return (
    <Modal open={open} title={`${t('enf_impoundTake')} · ${p.code}`} width={720} okText={t('enf_impoundSubmit')} confirmLoading={create.isPending} onCancel={onClose} onOk={() => void submit()} destroyOnHidden>
      {create.error ? <FormError error={create.error} /> : null}
      <Form form={form} layout="vertical" initialValues={initial} data-testid="impound-form">
        <Space size="large" wrap>
          <Form.Item name="kind" label={t('enf_kind')}><Radio.Group optionType="button" options={KINDS.map((k) => ({ value: k.value, label: k.label }))} onChange={(e) => onKind(e.target.value as Kind)} /></Form.Item>
          <Form.Item name="measure" label={t('enf_measure')}><Radio.Group options={[{ value: 'seizure', label: '扣押' }, { value: 'sealing', label: '查封' }]} /></Form.Item>
        </Space>
        <Form.Item name="reason" label={t('enf_reason')} rules={[{ required: true, message: t('enf_reasonRequired') }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <div data-testid="impound-items">
              <div style={{ marginBottom: 8 }}><b>{t('enf_items')}</b></div>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('enf_itemName') }]}><Input placeholder={t('enf_itemName')} style={{ width: 150 }} maxLength={100} /></Form.Item>
                  <Form.Item name={[f.name, 'quantity']} rules={[{ required: true, message: t('enf_itemQty') }]}><InputNumber min={1} placeholder={t('enf_itemQty')} style={{ width: 80 }} /></Form.Item>
                  <Form.Item name={[f.name, 'unit']} rules={[{ required: true, message: t('enf_itemUnit') }]}><Input placeholder={t('enf_itemUnit')} style={{ width: 60 }} maxLength={10} /></Form.Item>
                  <Form.Item name={[f.name, 'identifier']}><Input placeholder={t('enf_itemId')} style={{ width: 170 }} maxLength={100} data-testid="impound-item-id" /></Form.Item>
                  <Form.Item name={[f.name, 'condition']}><Input placeholder={t('enf_itemCondition')} style={{ width: 140 }} maxLength={300} /></Form.Item>
                  {fields.length > 1 ? <MinusCircleOutlined style={{ marginTop: 8 }} onClick={() => remove(f.name)} aria-label={t('enf_itemRemove')} /> : null}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} style={{ marginBottom: 16 }}>{t('enf_itemAdd')}</Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="photos" label={t('enf_photos')} rules={[{ required: true, type: 'array', min: 1, message: t('enf_photosRequired') }]}><PhotoInput testId="impound-photos" /></Form.Item>
        <Space size="large" wrap>
          <Form.Item name="yard" label={t('enf_yardName')} rules={[{ required: true, message: t('enf_yardRequired') }]}>
            <AutoComplete style={{ width: 240 }} options={known.map((y) => ({ value: y }))} />
          </Form.Item>
          <Form.Item name="location" label={t('enf_storage')}><Input style={{ width: 120 }} maxLength={100} data-testid="impound-location" /></Form.Item>
        </Space>
        <Form.Item name="officerIds" label={t('enf_impoundOfficers')} rules={[{ required: true, type: 'array', min: 2, message: t('enf_twoOfficers') }]}>
          <Select mode="multiple" data-testid="impound-officers" loading={officers.isLoading} optionFilterProp="label"
            options={(officers.data?.items ?? []).map((o) => ({ value: o.userId, label: `${o.name}（${o.certNo}）${o.squad ? ` · ${o.squad}` : ''}` }))} />
        </Form.Item>
        <Space size="large" wrap align="start">
          <Form.Item name="releasableOnPayment" label={t('enf_releasableOnPayment')} valuePropName="checked" extra={t('enf_releasableOnPaymentHelp')}><Switch /></Form.Item>
          {!p.party?.phone && p.party ? <Form.Item name="phone" label={t('enf_partyPhone')} rules={[{ pattern: /^1\d{10}$/, transform: (v: string) => v?.replace(/[\s-]/g, ''), message: t('enf_partyPhoneInvalid') }]}><Input style={{ width: 180 }} maxLength={20} data-testid="impound-phone" /></Form.Item> : null}
        </Space>
      </Form>
    </Modal>
  );
}

/** The case's impounds and, for whoever may take things in, the button that opens the form. */
export function CaseImpounds({ p, canTake, onOpen }: { p: PenaltyCaseView; canTake: boolean; onOpen?(id: string): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const list = usePenaltyImpounds(p.id);
  const items = list.data?.items ?? [];
  return (
    <div data-testid="case-impounds">
      <Space style={{ marginBottom: 8 }}>
        <b>{t('enf_impound')}（{items.length}）</b>
        {canTake ? <Button size="small" data-action="impound" onClick={() => setOpen(true)}>{t('enf_impoundTake')}</Button> : null}
      </Space>
      {items.length ? (
        <Table size="small" rowKey="id" pagination={false} dataSource={items} onRow={(r) => ({ onClick: () => onOpen?.(r.id), style: onOpen ? { cursor: 'pointer' } : {} })}
          columns={[
            { title: '编号', dataIndex: 'code', width: 140 },
            { title: t('enf_kind'), dataIndex: 'kindName', width: 140 },
            { title: t('enf_items'), key: 'items', ellipsis: true, render: (_: unknown, i) => i.items.map((x) => `${x.name}${x.quantity}${x.unit}`).join('、') },
            { title: t('enf_yardName'), key: 'yard', width: 150, render: (_: unknown, i) => i.storage.yard },
            { title: t('enf_state'), key: 'state', width: 150, render: (_: unknown, i) => (i.attention === 'ready_for_release' ? <Tag color="green">{t('enf_readyForRelease')}</Tag> : <Tag>{i.stateName}</Tag>) },
          ]} />
      ) : null}
      {canTake ? <ImpoundModal p={p} open={open} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

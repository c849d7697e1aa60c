/** 暂扣物品: the yard's inventory by yard and kind with its ageing, what needs doing, and one impound with its list, photos, documents and record. */
import { Alert, Button, Descriptions, Drawer, Form, Modal, Segmented, Space, Table, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { IMPOUND_ACTION_DECLARATIONS, type ImpoundAction } from '../../../../src/enforcement/impounds-actions.js';
import { useI18n } from '../../i18n/I18n.js';
import { formatInstant } from '../../model/format.js';
import { FormError } from '../../components/FormError.js';
import { useImpound, useImpoundAction, useImpoundEvents, useYard, type ImpoundView, type YardView } from '../../api/enforcement-more.js';
import { Field, toBody, type Schema } from './ActionForm.js';

type Kind = 'goods' | 'vehicle' | 'dog';
type Row = YardView['rows'][number];
type Group = YardView['summary'][number];
const KIND_NAMES: Record<string, string> = { goods: '物品', vehicle: '车辆（电动自行车）', dog: '犬只' };
const EVENT_NAMES: Record<string, string> = {
  impounded: '查封扣押登记', document_issued: '制作文书', photos_added: '补充照片', moved: '移库', extended: '延长期限', ready_for_release: '罚款已缴清，待解除退还（已通知当事人）', release_ordered: '解除查封扣押',
  returned: '退还当事人', disposed: '依法处置', hold_period_expired: '扣押期限届满', claim_period_lapsed: '领取期限届满',
};

function AttentionTag({ v }: { v: string | null }) {
  const { t } = useI18n();
  if (v === 'ready_for_release') return <Tag color="green">{t('enf_readyForRelease')}</Tag>;
  if (v === 'hold_expired') return <Tag color="red">{t('enf_holdExpired')}</Tag>;
  if (v === 'claim_lapsed') return <Tag color="orange">{t('enf_claimLapsed')}</Tag>;
  return <>—</>;
}

function ImpoundActions({ i }: { i: ImpoundView }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<ImpoundAction | null>(null);
  const [form] = Form.useForm();
  const run = useImpoundAction();
  if (!i.actions.length) return <span style={{ color: '#999' }}>{t('enf_noActions')}</span>;
  const d = open ? IMPOUND_ACTION_DECLARATIONS[open] : null;
  const schema = d?.body as unknown as Schema | undefined;
  return (
    <>
      {i.actions.map((a) => {
        const dec = IMPOUND_ACTION_DECLARATIONS[a as ImpoundAction];
        return <Button key={a} data-action={a} danger={'danger' in dec && dec.danger} style={{ marginRight: 8, marginBottom: 8 }} onClick={() => { form.resetFields(); run.reset(); setOpen(a as ImpoundAction); }}>{dec.zh}</Button>;
      })}
      <Modal open={!!open} title={d?.zh} width={560} okText={t('submit')} confirmLoading={run.isPending} onCancel={() => setOpen(null)} destroyOnHidden
        onOk={async () => {
          const values = await form.validateFields();
          await run.mutateAsync({ id: i.id, action: open!, version: i.version, body: toBody(values, schema!) }).then(() => setOpen(null), () => undefined);
        }}>
        {run.error ? <FormError error={run.error} /> : null}
        <Form form={form} layout="vertical" data-testid="impound-action-form" initialValues={open === 'release' && i.readyForRelease ? { ground: 'payment' } : {}}>
          {schema && Object.entries(schema.properties ?? {}).map(([k, s]) => <Field key={k} name={k} schema={s} required={(schema.required ?? []).includes(k)} path={[k]} />)}
        </Form>
      </Modal>
    </>
  );
}

export function ImpoundDetail({ id, onClose }: { id: string | undefined; onClose(): void }) {
  const { t } = useI18n();
  const q = useImpound(id);
  const ev = useImpoundEvents(id);
  const i = q.data?.impound;
  return (
    <Drawer open={!!id} onClose={onClose} width={760} title={i ? `${i.code} · ${i.kindName} · ${i.stateName}` : ''} data-testid="impound-detail">
      {i && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {i.readyForRelease && i.state === 'held' ? (
            <Alert type="success" showIcon data-testid="impound-ready" title={t('enf_readyForRelease')}
              description={`${i.readyForRelease.penaltyCaseCode ?? ''} 罚款 ${(i.readyForRelease.paidFen / 100).toFixed(2)} 元已于 ${formatInstant(i.readyForRelease.at)} 缴清，已无继续扣押的理由：请及时作出解除决定并当面退还（行政强制法第二十八条）。${i.readyForRelease.partyNotice ? `已短信通知当事人（${i.readyForRelease.partyNotice.phone}）。` : '当事人无手机号码，请电话或书面通知领取。'}`} />
          ) : null}
          {i.release && i.state === 'releasing' ? <Alert type="info" showIcon title={`已解除，待当事人于 ${formatInstant(i.release.claimUntil)} 前领取`} /> : null}
          {i.returned ? <Alert type="info" showIcon title={`已于 ${formatInstant(i.returned.at)} 退还 ${i.returned.recipient}`} /> : null}
          <div><ImpoundActions i={i} /></div>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('enf_party')}>{i.party?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enf_code')}>{i.penaltyCaseCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('enf_yardName')}>{i.storage.yard}{i.storage.location ? ` · ${i.storage.location}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('enf_age')}>{i.ageDays} {t('enf_days')}</Descriptions.Item>
            <Descriptions.Item label={t('enf_heldAt')}>{formatInstant(i.heldAt)}</Descriptions.Item>
            <Descriptions.Item label={t('enf_holdUntil')}>{formatInstant(i.holdUntil)}{i.extension ? <Tag style={{ marginLeft: 6 }}>已延长</Tag> : null}</Descriptions.Item>
            <Descriptions.Item label={t('enf_officers')} span={2}>{i.officers.map((o) => `${o.name}（${o.certNo}）`).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('enf_reason')} span={2}>{i.reason}</Descriptions.Item>
          </Descriptions>
          <Table size="small" rowKey={(_, n) => String(n)} pagination={false} title={() => t('enf_items')} dataSource={i.items}
            columns={[{ title: '名称', dataIndex: 'name' }, { title: '数量', key: 'q', width: 90, render: (_: unknown, x) => `${x.quantity}${x.unit}` }, { title: '编号/识别码', dataIndex: 'identifier', render: (v: string | null) => v ?? '—' }, { title: '状况', dataIndex: 'condition', render: (v: string | null) => v ?? '—' }]} />
          <Space wrap>
            {i.photos.map((sha) => <a key={sha} href={`/api/v1/impounds/${i.id}/photos/${sha}`} target="_blank" rel="noreferrer"><img src={`/api/v1/impounds/${i.id}/photos/${sha}`} alt={t('enf_photos')} style={{ width: 96, height: 72, objectFit: 'cover', borderRadius: 4 }} /></a>)}
          </Space>
          <div>
            <b>{t('enf_documents')}</b>
            {i.documents.map((d) => <div key={d.sha256}><a href={`/api/v1/impounds/${i.id}/documents/${d.sha256}`} target="_blank" rel="noreferrer">{d.docNo}</a>（第{d.version}版，{formatInstant(d.at)}）</div>)}
          </div>
          <Timeline items={(ev.data?.items ?? []).map((e) => ({ children: `${formatInstant(e.at)} ${EVENT_NAMES[e.type] ?? e.type}` }))} />
        </Space>
      )}
    </Drawer>
  );
}

export function YardTab() {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const [open, setOpen] = useState<string | undefined>();
  const q = useYard(kind === 'all' ? {} : { kind });
  const buckets = q.data?.buckets ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="enf-yard">
      <Segmented value={kind} onChange={(v) => setKind(v as Kind | 'all')}
        options={[{ value: 'all', label: t('enf_all') }, ...(['vehicle', 'goods', 'dog'] as const).map((k) => ({ value: k, label: KIND_NAMES[k] }))]} />
      <Table<Group> size="small" rowKey={(g) => `${g.yard}-${g.kind}`} pagination={false} loading={q.isLoading} dataSource={q.data?.summary ?? []} title={() => t('enf_ageing')}
        columns={[
          { title: t('enf_yardName'), dataIndex: 'yard' },
          { title: t('enf_kind'), dataIndex: 'kind', render: (v: string) => KIND_NAMES[v] ?? v },
          { title: t('enf_held'), dataIndex: 'held', width: 70 },
          { title: t('enf_releasing'), dataIndex: 'releasing', width: 110 },
          { title: t('enf_readyForRelease'), dataIndex: 'readyForRelease', width: 150, render: (v: number) => (v ? <Tag color="green">{v}</Tag> : 0) },
          ...buckets.map((b) => ({ title: b.name, key: b.key, width: 90, render: (_: unknown, g: Group) => g.byAge[b.key] ?? 0 })),
          { title: t('enf_holdExpired'), dataIndex: 'holdExpired', width: 130, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
          { title: t('enf_claimLapsed'), dataIndex: 'claimLapsed', width: 130, render: (v: number) => (v ? <Tag color="orange">{v}</Tag> : 0) },
        ]} />
      <Table<Row> size="small" rowKey={(r) => r.impound.id} loading={q.isLoading} dataSource={q.data?.rows ?? []} pagination={{ pageSize: 20 }}
        onRow={(r) => ({ onClick: () => setOpen(r.impound.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', key: 'code', width: 140, render: (_: unknown, r) => r.impound.code },
          { title: t('enf_kind'), key: 'kind', width: 130, render: (_: unknown, r) => r.impound.kindName },
          { title: t('enf_items'), key: 'items', ellipsis: true, render: (_: unknown, r) => r.impound.items.map((x) => `${x.name}${x.quantity}${x.unit}${x.identifier ? `（${x.identifier}）` : ''}`).join('、') },
          { title: t('enf_party'), key: 'party', width: 110, render: (_: unknown, r) => r.impound.party?.name ?? '—' },
          { title: t('enf_yardName'), key: 'yard', width: 150, render: (_: unknown, r) => `${r.impound.storage.yard}${r.impound.storage.location ? ` · ${r.impound.storage.location}` : ''}` },
          { title: t('enf_state'), key: 'state', width: 120, render: (_: unknown, r) => <Tag color={r.impound.state === 'held' ? 'blue' : 'gold'}>{r.impound.stateName}</Tag> },
          { title: t('enf_age'), dataIndex: 'ageDays', width: 90, render: (v: number) => `${v} ${t('enf_days')}` },
          { title: t('enf_attention'), dataIndex: 'attention', width: 140, render: (v: string | null) => <AttentionTag v={v} /> },
        ]} />
      <ImpoundDetail id={open} onClose={() => setOpen(undefined)} />
    </Space>
  );
}

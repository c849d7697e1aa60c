/**
 * 热线工单 (operator): 12345 work orders as they came — channel, original text, where they were
 * placed, the classifier's proposal with its confidence — imported from the hotline's export (row
 * errors shown), placed when the address found no place, confirmed or corrected into a case,
 * rejected, and their result pushed back.
 */
import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { ClassPicker } from '../../components/Pickers.js';
import { ImportButton } from '../admin/Upload.js';
import { confirmOrder, importFile, locateOrder, ORDER_STATES, pushOrder, rejectOrder, useOrders, usePlaces, type HotlineOrder } from '../../api/hotline.js';
import { formatInstant } from '../../model/format.js';

const STATE_COLOR: Record<string, string> = { needs_location: 'orange', to_confirm: 'blue', filed: 'cyan', answered: 'green', rejected: 'default' };
const pct = (c: number) => `${Math.round(c * 100)}%`;

function ConfirmDialog({ order, onClose }: { order: HotlineOrder; onClose(done: boolean): void }) {
  const { t, err } = useI18n();
  const [choice, setChoice] = useState<string>(order.proposals[0]?.code ?? 'other');
  const [other, setOther] = useState<string | undefined>();
  const [urgency, setUrgency] = useState<'normal' | 'urgent'>(order.urgency);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const code = choice === 'other' ? other : choice;
  return (
    <Modal open title={`${t('hl_confirm')} · ${order.orderNo}`} okText={t('confirm')} cancelText={t('cancel')} confirmLoading={busy} okButtonProps={{ disabled: !code, 'data-testid': 'hl-confirm-ok' } as never}
      onCancel={() => onClose(false)}
      onOk={async () => {
        setBusy(true);
        try {
          await confirmOrder(order.id, order.version, code!, urgency);
          onClose(true);
        } catch (e) {
          setError(err(e));
        } finally {
          setBusy(false);
        }
      }}>
      <Typography.Paragraph style={{ background: '#fafafa', padding: 8 }}>{order.content}</Typography.Paragraph>
      <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as string)} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
        {order.proposals.map((p) => (
          <Radio key={p.code} value={p.code} data-testid={`hl-choice-${p.code}`}>{p.code} {p.name} <Tag>{pct(p.confidence)}</Tag></Radio>
        ))}
        <Radio value="other">{t('hl_otherClass')}</Radio>
      </Radio.Group>
      {choice === 'other' && <div style={{ marginTop: 8 }}><ClassPicker value={other} onChange={setOther} style={{ width: '100%' }} /></div>}
      <div style={{ marginTop: 12 }}>
        {t('hl_urgency')}：
        <Radio.Group value={urgency} onChange={(e) => setUrgency(e.target.value as 'normal' | 'urgent')}>
          <Radio value="normal">{t('hl_normal')}</Radio>
          <Radio value="urgent">{t('hl_urgent')}</Radio>
        </Radio.Group>
      </div>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}

function LocateDialog({ order, onClose }: { order: HotlineOrder; onClose(done: boolean): void }) {
  const { t, err } = useI18n();
  const places = usePlaces();
  const [placeId, setPlaceId] = useState<string | undefined>();
  const [point, setPoint] = useState<{ lon?: number; lat?: number }>({});
  const [error, setError] = useState<string | null>(null);
  const ready = !!placeId || (point.lon !== undefined && point.lat !== undefined);
  return (
    <Modal open title={`${t('hl_locate')} · ${order.orderNo}`} okText={t('confirm')} cancelText={t('cancel')} okButtonProps={{ disabled: !ready }}
      onCancel={() => onClose(false)}
      onOk={async () => {
        try {
          await locateOrder(order.id, placeId ? { version: order.version, placeId } : { version: order.version, lon: point.lon!, lat: point.lat! });
          onClose(true);
        } catch (e) {
          setError(err(e));
        }
      }}>
      <Typography.Paragraph type="secondary">{order.address ?? '—'}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('hl_byPlace')}>
          <Select showSearch allowClear value={placeId} onChange={setPlaceId} optionFilterProp="label" style={{ width: '100%' }}
            options={(places.data ?? []).map((p) => ({ value: p.id, label: [p.name, ...p.aliases].join(' / ') }))} />
        </Form.Item>
        <Form.Item label={t('hl_byPoint')}>
          <Space>
            <InputNumber placeholder={t('hl_lon')} value={point.lon} onChange={(v) => setPoint({ ...point, lon: v ?? undefined })} step={0.001} style={{ width: 160 }} />
            <InputNumber placeholder={t('hl_lat')} value={point.lat} onChange={(v) => setPoint({ ...point, lat: v ?? undefined })} step={0.001} style={{ width: 160 }} />
          </Space>
        </Form.Item>
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}

export default function HotlinePage() {
  const { t, err } = useI18n();
  const me = useMe();
  const may = new Set<string>(me.data?.actions ?? []);
  const qc = useQueryClient();
  const [state, setState] = useState<string | undefined>('to_confirm');
  const orders = useOrders(state);
  const [confirming, setConfirming] = useState<HotlineOrder | null>(null);
  const [locating, setLocating] = useState<HotlineOrder | null>(null);
  const [rejecting, setRejecting] = useState<HotlineOrder | null>(null);
  const [reason, setReason] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['hotline-orders'] });
  const counts = orders.data?.counts ?? {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const intake = may.has('hotline.intake');

  return (
    <Card title={t('hl_title')} data-testid="hotline-page"
      extra={intake && (
        <Space align="start">
          <ImportButton label={t('hl_import')} accept=".xlsx,.csv" testId="hl-import" send={(f) => importFile('/api/v1/hotline/orders/import', f)} onDone={refresh} />
          <ImportButton label={t('hl_importRatings')} accept=".xlsx,.csv" testId="hl-import-ratings" send={(f) => importFile('/api/v1/hotline/ratings/import', f)} onDone={refresh} />
        </Space>
      )}>
      <Tabs activeKey={state ?? 'all'} onChange={(k) => setState(k === 'all' ? undefined : k)}
        items={[{ key: 'all', label: `${t('hl_all')} ${total}` }, ...ORDER_STATES.map((s) => ({ key: s, label: `${t(`hl_state_${s}` as MessageKey)} ${counts[s] ?? 0}` }))]} />
      <Table<HotlineOrder>
        rowKey="id" size="small" loading={orders.isLoading} dataSource={orders.data?.items ?? []} pagination={{ pageSize: 20 }}
        expandable={{ expandedRowRender: (o) => (
          <Space orientation="vertical">
            <Typography.Text>{o.content}</Typography.Text>
            <Typography.Text type="secondary">{[o.callerMasked && `${t('hl_caller')} ${o.callerMasked} ${o.phoneMasked ?? ''}`, o.appealType, o.leadUnit].filter(Boolean).join(' · ')}</Typography.Text>
            {o.result && <Typography.Text>{t('hl_result')}：{o.result}（{o.closedAt ? formatInstant(o.closedAt) : ''}）</Typography.Text>}
            {o.satisfactionName && <Typography.Text>{t('hl_satisfaction')}：{o.satisfactionName} {o.satisfactionNote ?? ''}</Typography.Text>}
            {o.rejectReason && <Typography.Text>{t('hl_reason')}：{o.rejectReason}</Typography.Text>}
          </Space>
        ) }}
        columns={[
          { title: t('hl_orderNo'), dataIndex: 'orderNo', width: 190, render: (n: string, o) => <Space orientation="vertical" size={0}><span>{n}</span><span><Tag>{o.channel}</Tag>{o.urgency === 'urgent' && <Tag color="red">{t('hl_urgent')}</Tag>}{o.difficult && <Tag color="purple">{t('hl_difficult')}</Tag>}</span></Space> },
          { title: t('hl_content'), dataIndex: 'content', ellipsis: { showTitle: false }, render: (c: string) => <Tooltip title={c}><span data-testid="hl-content">{c}</span></Tooltip> },
          {
            title: t('hl_place'), width: 200,
            render: (_, o) => <Space orientation="vertical" size={0}><span>{o.address ?? '—'}</span>
              {o.locatedBy ? <Typography.Text type="secondary">{t(`hl_locatedBy_${o.locatedBy}` as MessageKey)}{o.placeName ? ` · ${o.placeName}` : ''}</Typography.Text> : <Tag color="orange">{t('hl_unlocated')}</Tag>}</Space>,
          },
          {
            title: t('hl_proposal'), width: 230,
            render: (_, o) => {
              if (o.categoryCode) return <Tag color="green">{o.categoryCode}</Tag>;
              const [first, ...rest] = o.proposals;
              if (!first) return <Typography.Text type="secondary">{t('hl_noProposal')}</Typography.Text>;
              return <Tooltip title={rest.map((p) => `${p.code} ${p.name} ${pct(p.confidence)}`).join('；')}>
                <Tag color={first.confidence >= 0.6 ? 'blue' : 'gold'} data-testid="hl-proposal">{first.code} {first.name} {pct(first.confidence)}</Tag>
              </Tooltip>;
            },
          },
          {
            title: t('hl_state'), width: 150,
            render: (_, o) => <Space orientation="vertical" size={0}><Tag color={STATE_COLOR[o.state]}>{o.stateName}</Tag>
              {o.caseCode && <a href={`/cases/${o.caseId}`}>{o.caseCode}</a>}
              {o.push.state !== 'none' && <Typography.Text type={o.push.state === 'failed' ? 'danger' : 'secondary'}>{t(`hl_push_${o.push.state}` as MessageKey)}</Typography.Text>}</Space>,
          },
          {
            title: t('hl_actions'), width: 200,
            render: (_, o) => intake && (
              <Space wrap>
                {o.state === 'to_confirm' && <Button size="small" type="primary" onClick={() => setConfirming(o)} data-testid="hl-confirm">{t('hl_confirm')}</Button>}
                {(o.state === 'needs_location' || o.state === 'to_confirm') && <Button size="small" onClick={() => setLocating(o)}>{t('hl_locate')}</Button>}
                {(o.state === 'needs_location' || o.state === 'to_confirm') && <Button size="small" danger onClick={() => { setReason(''); setRejecting(o); }}>{t('hl_reject')}</Button>}
                {(o.state === 'answered' || o.state === 'rejected') && o.push.state !== 'sent' && <Button size="small" onClick={() => void pushOrder(o.id).then(refresh, (e: unknown) => Modal.error({ title: err(e) }))}>{t('hl_push')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      {confirming && <ConfirmDialog order={confirming} onClose={(done) => { setConfirming(null); if (done) refresh(); }} />}
      {locating && <LocateDialog order={locating} onClose={(done) => { setLocating(null); if (done) refresh(); }} />}
      {rejecting && (
        <Modal open title={`${t('hl_reject')} · ${rejecting.orderNo}`} okButtonProps={{ disabled: !reason.trim() }} onCancel={() => setRejecting(null)}
          onOk={async () => {
            try {
              await rejectOrder(rejecting.id, rejecting.version, reason);
              setRejecting(null);
              refresh();
            } catch (e) {
              Modal.error({ title: err(e) });
            }
          }}>
          <Input.TextArea rows={3} placeholder={t('hl_reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Modal>
      )}
    </Card>
  );
}

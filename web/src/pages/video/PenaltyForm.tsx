/** 移送非现场执法: for an accepted item of a non-contact class seen by a reviewed camera, the operator names the party; the platform opens the penalty clue and texts the party the link. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Segmented } from 'antd';
import { http, ok } from '../../api/client.js';
import type { VideoItem } from '../../api/schema.js';
import { useI18n } from '../../i18n/I18n.js';

type Kind = 'shop' | 'vehicle' | 'person';

export function PenaltyButton({ item, reviewed }: { item: VideoItem; reviewed: boolean }) {
  const { t, err } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>(item.plate ? 'vehicle' : 'shop');
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  if (!reviewed) return <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('v_penaltyUnreviewed')} data-testid="video-penalty-unreviewed" />;
  const send = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const party = { kind, name: v.name, phone: v.phone, ...(v.idNumber ? { idNumber: v.idNumber } : {}), ...(v.plate ? { plate: v.plate } : {}), ...(v.address ? { address: v.address } : {}) };
      const r = await ok(http.POST('/api/v1/video/items/{id}/penalty', { params: { path: { id: item.id } }, body: { party } }));
      message.success(t('v_penaltyOpened', { code: r.penaltyCase.code }));
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['video-item'] });
    } catch (e) {
      message.error(err(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button style={{ marginTop: 12 }} data-testid="video-penalty" onClick={() => setOpen(true)}>{t('v_penalty')}</Button>
      <Modal open={open} title={t('v_penalty')} okText={t('v_penaltySend')} confirmLoading={busy} onOk={() => void send()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('v_penaltyHint')} />
        <Segmented block value={kind} onChange={(k) => setKind(k as Kind)} style={{ marginBottom: 12 }} options={[
          { value: 'shop', label: t('v_partyShop') }, { value: 'vehicle', label: t('v_partyVehicle') }, { value: 'person', label: t('v_partyPerson') },
        ]} />
        <Form form={form} layout="vertical" initialValues={{ plate: item.plate ?? undefined }}>
          <Form.Item name="name" label={t('v_partyName')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          {kind === 'vehicle' && <Form.Item name="plate" label={t('v_plate')} rules={[{ required: true }]}><Input maxLength={16} /></Form.Item>}
          <Form.Item name="phone" label={t('v_partyPhone')} rules={[{ required: true, pattern: /^1\d{10}$/ }]}><Input maxLength={11} inputMode="numeric" /></Form.Item>
          <Form.Item name="idNumber" label={t('v_partyId')}><Input maxLength={40} /></Form.Item>
          <Form.Item name="address" label={t('v_partyAddress')}><Input maxLength={300} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

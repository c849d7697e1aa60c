/** 算法仓: the algorithms as data — class, confidence floor, dwell, self-correction, de-duplication, schedule, region policy, non-contact; an administrator edits them. */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag } from 'antd';
import { http, ok } from '../../api/client.js';
import type { VideoAlgorithm } from '../../api/schema.js';
import { useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';

const duration = (s: number, t: ReturnType<typeof useI18n>['t']) => (s === 0 ? '—' : s % 60 === 0 ? t('v_minutes', { n: s / 60 }) : t('v_seconds', { n: s }));

export function ShelfAdmin() {
  const { t, err } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const admin = !!me.data?.actions.includes('video.admin');
  const shelf = useQuery({ queryKey: ['video-algorithms'], queryFn: () => ok(http.GET('/api/v1/video/algorithms')) });
  const [editing, setEditing] = useState<VideoAlgorithm | null>(null);
  const [form] = Form.useForm();

  const save = async () => {
    if (!editing) return;
    const v = await form.validateFields();
    try {
      await ok(http.PUT('/api/v1/video/algorithms/{code}', {
        params: { path: { code: editing.code } },
        body: {
          name: v.name, vendor: v.vendor, version: v.version, categoryCode: v.categoryCode, minConfidence: v.minConfidence, dwellSeconds: v.dwellSeconds,
          roiPolicy: v.roiPolicy, nonContact: v.nonContact, selfCorrectSeconds: v.selfCorrectSeconds, dedupSeconds: v.dedupSeconds, enabled: v.enabled,
          defaultSchedule: v.schedule ? [{ from: String(v.schedule).slice(0, 5), to: String(v.schedule).slice(6, 11) }] : [],
        },
      }));
      message.success(t('save'));
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['video-algorithms'] });
    } catch (e) {
      message.error(err(e));
    }
  };

  return (
    <>
      <Table<VideoAlgorithm>
        data-testid="video-shelf" size="small" rowKey="code" loading={shelf.isLoading} dataSource={shelf.data?.algorithms ?? []} pagination={false}
        columns={[
          { title: t('v_algorithm'), dataIndex: 'name', render: (n: string, a) => <><strong>{n}</strong> <span style={{ color: '#888', fontSize: 12 }}>{a.code}</span></> },
          { title: t('v_vendor'), dataIndex: 'vendor', render: (v: string, a) => `${v} ${a.version}` },
          { title: t('v_class'), dataIndex: 'categoryCode' },
          { title: t('v_minConf'), dataIndex: 'minConfidence', render: (v: number) => `${Math.round(v * 100)}%` },
          { title: t('v_dwell'), dataIndex: 'dwellSeconds', render: (s: number) => duration(s, t) },
          { title: t('v_selfCorrect'), dataIndex: 'selfCorrectSeconds', render: (s: number) => duration(s, t) },
          { title: t('v_dedup'), dataIndex: 'dedupSeconds', render: (s: number) => duration(s, t) },
          { title: t('v_schedule'), dataIndex: 'defaultSchedule', render: (w: VideoAlgorithm['defaultSchedule']) => (w.length ? w.map((x) => `${x.from}–${x.to}`).join('，') : t('v_allDay')) },
          { title: t('v_roi'), dataIndex: 'roiPolicy' },
          { title: t('v_nonContact'), dataIndex: 'nonContact', render: (b: boolean) => (b ? <Tag color="purple">{t('v_nonContact')}</Tag> : '—') },
          { title: t('v_enabled'), dataIndex: 'enabled', render: (b: boolean) => (b ? <Tag color="green">{t('yes')}</Tag> : <Tag>{t('no')}</Tag>) },
          ...(admin ? [{ title: '', key: 'edit', render: (_: unknown, a: VideoAlgorithm) => <Button size="small" onClick={() => { setEditing(a); form.setFieldsValue({ ...a, schedule: a.defaultSchedule[0] ? `${a.defaultSchedule[0].from}-${a.defaultSchedule[0].to}` : '' }); }}>{t('v_edit')}</Button> }] : []),
        ]}
      />
      <Modal open={!!editing} title={editing ? `${t('v_edit')} ${editing.code}` : ''} onOk={() => void save()} onCancel={() => setEditing(null)} destroyOnHidden>
        <Form form={form} layout="vertical" size="small">
          <Form.Item name="name" label={t('v_algorithm')} rules={[{ required: true }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="vendor" label={t('v_vendor')} rules={[{ required: true }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="version" label={t('v_version')} rules={[{ required: true }]}><Input maxLength={30} /></Form.Item>
          <Form.Item name="categoryCode" label={t('v_class')} rules={[{ required: true, pattern: /^E\d{4}$/ }]}><Input maxLength={8} /></Form.Item>
          <Form.Item name="minConfidence" label={t('v_minConf')}><InputNumber min={0} max={1} step={0.05} /></Form.Item>
          <Form.Item name="dwellSeconds" label={`${t('v_dwell')} (s)`}><InputNumber min={0} max={86400} /></Form.Item>
          <Form.Item name="selfCorrectSeconds" label={`${t('v_selfCorrect')} (s)`}><InputNumber min={0} max={86400} /></Form.Item>
          <Form.Item name="dedupSeconds" label={`${t('v_dedup')} (s)`}><InputNumber min={0} max={604800} /></Form.Item>
          <Form.Item name="schedule" label={`${t('v_schedule')} (07:00-22:00)`} rules={[{ pattern: /^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/ }]}><Input placeholder={t('v_allDay')} /></Form.Item>
          <Form.Item name="roiPolicy" label={t('v_roi')}><Select options={['ignore', 'center_inside', 'overlap'].map((v) => ({ value: v, label: v }))} /></Form.Item>
          <Form.Item name="nonContact" label={t('v_nonContact')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="enabled" label={t('v_enabled')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

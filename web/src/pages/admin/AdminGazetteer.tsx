/** 地名地址库 (admin): the places hotline addresses are resolved against, a resolver to try, and where results are pushed. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { http, ok } from '../../api/client.js';
import { usePlaces, type GazetteerPlace } from '../../api/hotline.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';

const KINDS = ['road', 'community', 'landmark'] as const;

function PushUrl() {
  const { t, err } = useI18n();
  const current = useQuery({ queryKey: ['hotline-settings'], queryFn: async () => ok(http.GET('/api/v1/hotline/settings')) });
  const [url, setUrl] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  useEffect(() => setUrl(current.data?.pushUrl ?? ''), [current.data?.pushUrl]);
  return (
    <Space>
      <span>{t('gz_pushUrl')}</span>
      <Input style={{ width: 380 }} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://12345.example.gov.cn/api/result" />
      <Button onClick={async () => {
        try {
          await ok(http.PUT('/api/v1/hotline/settings', { body: { pushUrl: url.trim() || null } }));
          setMsg(t('save'));
          void current.refetch();
        } catch (e) {
          setMsg(err(e));
        }
      }}>{t('save')}</Button>
      {msg && <Typography.Text type="secondary">{msg}</Typography.Text>}
    </Space>
  );
}

export function GazetteerTab() {
  const { t, err } = useI18n();
  const qc = useQueryClient();
  const places = usePlaces();
  const [form] = Form.useForm<{ name: string; kind: (typeof KINDS)[number]; aliases?: string; lon: number; lat: number }>();
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [probe, setProbe] = useState('');
  const resolved = useQuery({
    queryKey: ['gazetteer-resolve', probe],
    enabled: probe.trim().length > 1,
    queryFn: async () => (await ok(http.GET('/api/v1/gazetteer/resolve', { params: { query: { address: probe } } }))).match,
  });
  const rows = (places.data ?? []).filter((p) => !q || p.name.includes(q) || p.aliases.some((a) => a.includes(q)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="gazetteer-tab">
      <Card size="small"><PushUrl /></Card>
      <Card size="small" title={t('gz_try')}>
        <Input.Search placeholder={t('gz_tryPlaceholder')} enterButton onSearch={setProbe} allowClear style={{ maxWidth: 520 }} data-testid="gz-probe" />
        {probe && !resolved.isLoading && (resolved.data
          ? <Alert style={{ marginTop: 8 }} type="success" title={`${resolved.data.matched} → ${resolved.data.place.name}（${t(`gz_kind_${resolved.data.place.kind}` as MessageKey)}）${resolved.data.gridCode ? ` · ${resolved.data.gridCode}` : ''}`} />
          : <Alert style={{ marginTop: 8 }} type="warning" title={t('gz_noMatch')} />)}
      </Card>
      <Card size="small" title={t('gz_add')}>
        <Form form={form} layout="inline" onFinish={async (v) => {
          setError(null);
          try {
            await ok(http.POST('/api/v1/gazetteer', { body: { name: v.name, kind: v.kind, lon: v.lon, lat: v.lat, aliases: (v.aliases ?? '').split(/[,，]/).map((a) => a.trim()).filter(Boolean) } }));
            form.resetFields();
            void qc.invalidateQueries({ queryKey: ['gazetteer'] });
          } catch (e) {
            setError(err(e));
          }
        }}>
          <Form.Item name="name" rules={[{ required: true, message: t('required') }]}><Input placeholder={t('gz_name')} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="kind" initialValue="landmark"><Select style={{ width: 120 }} options={KINDS.map((k) => ({ value: k, label: t(`gz_kind_${k}` as MessageKey) }))} /></Form.Item>
          <Form.Item name="aliases"><Input placeholder={t('gz_aliases')} style={{ width: 180 }} /></Form.Item>
          <Form.Item name="lon" rules={[{ required: true, message: t('required') }]}><InputNumber placeholder={t('hl_lon')} step={0.001} style={{ width: 130 }} /></Form.Item>
          <Form.Item name="lat" rules={[{ required: true, message: t('required') }]}><InputNumber placeholder={t('hl_lat')} step={0.001} style={{ width: 130 }} /></Form.Item>
          <Button type="primary" htmlType="submit">{t('gz_add')}</Button>
        </Form>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Card>
      <Card size="small" title={`${t('admin_gazetteer')} (${places.data?.length ?? 0})`} extra={<Input.Search allowClear placeholder={t('search')} onSearch={setQ} style={{ width: 200 }} />}>
        <Table<GazetteerPlace> rowKey="id" size="small" loading={places.isLoading} dataSource={rows} pagination={{ pageSize: 15 }}
          columns={[
            { title: t('gz_name'), dataIndex: 'name' },
            { title: t('gz_kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`gz_kind_${k}` as MessageKey)}</Tag> },
            { title: t('gz_aliases'), dataIndex: 'aliases', render: (a: string[]) => a.join('、') },
            { title: t('hl_lon'), dataIndex: 'lon', render: (v: number) => v.toFixed(5) },
            { title: t('hl_lat'), dataIndex: 'lat', render: (v: number) => v.toFixed(5) },
            {
              title: '', render: (_, p) => (
                <Popconfirm title={`${t('gz_remove')} ${p.name}?`} onConfirm={async () => {
                  await ok(http.DELETE('/api/v1/gazetteer/{id}', { params: { path: { id: p.id } } }));
                  void qc.invalidateQueries({ queryKey: ['gazetteer'] });
                }}><Button size="small" danger>{t('gz_remove')}</Button></Popconfirm>
              ),
            },
          ]} />
      </Card>
    </Space>
  );
}

/** The inspector's phone app (监督员): report with camera photos and the device position, and do the
 * check / verification tasks near me. Laid out for 390 px wide; installable as a PWA. */
import { useState } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Empty, Form, Input, List, Result, Segmented, Space, Tag, Typography } from 'antd';
import { AimOutlined, CameraOutlined, CheckSquareOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, ok } from '../../api/client.js';
import { useWorklist } from '../../api/cases.js';
import { useLogout, useMe, usePublicConfig } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import { CityMap } from '../../map/CityMap.js';
import { ClassPicker } from '../../components/Pickers.js';
import { PhotoInput } from '../../components/PhotoInput.js';
import { CasePanel } from '../../components/CasePanel.js';
import { LightDot, StatusTag } from '../../components/CaseBits.js';
import { ApiError, detailLines } from '../../model/apiError.js';
import { formatInstant } from '../../model/format.js';
import { distanceM, useGeolocation, type Position } from './useGeolocation.js';
import type { CaseView, ReportBody } from '../../api/schema.js';

type CaseSummary = CaseView;

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

function ReportTab({ geo }: { geo: ReturnType<typeof useGeolocation> }) {
  const { t, err, lang } = useI18n();
  const config = usePublicConfig();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [key, setKey] = useState(newKey);
  const [done, setDone] = useState<CaseSummary | null>(null);
  const report = useMutation({
    mutationFn: async (body: ReportBody) => (await ok(http.POST('/api/v1/reports', { body, params: { header: { 'idempotency-key': key } } }))).case,
    onSuccess: (c) => {
      setDone(c);
      setKey(newKey());
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  if (done) {
    return (
      <Result
        status="success"
        title={t('insp_sent', { code: done.code })}
        data-testid="report-done"
        data-case-id={done.id}
        data-case-code={done.code}
        extra={<Button type="primary" onClick={() => setDone(null)}>{t('insp_report')}</Button>}
      />
    );
  }
  const error = report.error;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ photos: [] }}
      onFinish={(v: { photos: string[]; classCode: string; description: string }) => {
        if (!geo.pos) return;
        report.mutate({ source: 'inspector', categoryCode: v.classCode, description: v.description, lon: geo.pos.lon, lat: geo.pos.lat, crs: 'wgs84', photos: v.photos });
      }}
    >
      {error && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="report-error" title={err(error)} description={error instanceof ApiError ? detailLines(error.details, lang).join('\n') || undefined : undefined} />
      )}
      <Form.Item name="photos" label={t('f_photos')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
        <PhotoInput testId="report-photo" />
      </Form.Item>
      <Form.Item label={t('detail_location')} required>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space>
            <Button icon={<AimOutlined />} onClick={geo.locate} loading={geo.state === 'locating'} data-testid="locate">
              {t('insp_locate')}
            </Button>
            {geo.pos ? (
              <Tag color="green" data-testid="position">
                {geo.pos.lon.toFixed(5)}, {geo.pos.lat.toFixed(5)}
              </Tag>
            ) : (
              <Typography.Text type="secondary">{geo.state === 'failed' ? t('insp_noLocation') : t('insp_locating')}</Typography.Text>
            )}
          </Space>
          <CityMap testId="report-map" height={180} point={geo.pos ? [geo.pos.lon, geo.pos.lat] : null} focus={geo.pos ? [geo.pos.lon, geo.pos.lat] : null} focusZoom={15} areas={['street', 'grid']} tileUrl={config.data?.tileUrl} onPick={(lon, lat) => geo.setPos({ lon, lat })} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('insp_pickOnMap')}</Typography.Text>
        </Space>
      </Form.Item>
      <Form.Item name="classCode" label={t('insp_class')} rules={[{ required: true, message: t('required') }]}>
        <ClassPicker style={{ width: '100%' }} testId="report-class" />
      </Form.Item>
      <Form.Item name="description" label={t('insp_description')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={3} data-testid="report-description" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={report.isPending} disabled={!geo.pos} data-testid="report-submit">
        {t('submit')}
      </Button>
    </Form>
  );
}

function near(pos: Position | null, c: CaseSummary): string {
  if (!pos) return '';
  const m = distanceM(pos, c);
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

function TasksTab({ pos }: { pos: Position | null }) {
  const { t, td } = useI18n();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | undefined>();
  // Nearest first: the whole worklist is sorted by distance, then paged.
  const list = useWorklist(page, 20, undefined, pos ? (a, b) => distanceM(pos, a) - distanceM(pos, b) : undefined);
  const items = list.data?.items ?? [];
  if (open) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button onClick={() => setOpen(undefined)}>← {t('insp_tasks')}</Button>
        <CasePanel id={open} onDone={() => setOpen(undefined)} />
      </Space>
    );
  }
  return (
    <List
      data-testid="inspector-tasks"
      loading={list.isLoading}
      locale={{ emptyText: <Empty description={t('empty')} /> }}
      dataSource={items}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, size: 'small', simple: true }}
      renderItem={(c) => (
        <List.Item onClick={() => setOpen(c.id)} style={{ cursor: 'pointer' }} data-case-code={c.code}>
          <List.Item.Meta
            avatar={<LightDot light={c.light} />}
            title={
              <Space wrap size={4}>
                <span>{c.categoryName || c.categoryCode}</span>
                <StatusTag status={c.status} phase={c.phase} />
              </Space>
            }
            description={`${c.code} · ${td('source', c.source)} · ${near(pos, c)}`}
          />
        </List.Item>
      )}
    />
  );
}

/** My notifications: the cases that need me (verification tasks, checks), newest first. */
function NoticesTab() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => ok(http.GET('/api/v1/notifications', { params: { query: { limit: 50 } } })) });
  return (
    <List
      data-testid="inspector-notices"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('empty') }}
      renderItem={(n) => (
        <List.Item onClick={() => navigate('/m/tasks')} style={{ cursor: 'pointer' }}>
          <List.Item.Meta title={n.title} description={`${n.caseCode} · ${n.categoryName} · ${formatInstant(n.at)}`} />
        </List.Item>
      )}
    />
  );
}

export default function InspectorApp() {
  const { t, lang, setLang } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const geo = useGeolocation();
  const tab = location.pathname.startsWith('/m/tasks') ? 'tasks' : location.pathname.startsWith('/m/notices') ? 'notices' : 'report';
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', minHeight: '100vh', background: '#f5f7fa', paddingBottom: 72 }} data-testid="inspector-app">
      <div style={{ background: '#1f4e8c', color: '#fff', padding: '10px 12px', display: 'flex', alignItems: 'center', gap: 8, position: 'sticky', top: 0, zIndex: 10 }}>
        <Typography.Text strong style={{ color: '#fff', flex: 1 }}>
          {t('ws_inspector')} · {me.data?.displayName}
        </Typography.Text>
        <Button size="small" ghost onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
          {t('language')}
        </Button>
        <Button size="small" ghost onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}>
          {t('logout')}
        </Button>
      </div>
      <Card size="small" style={{ margin: 8 }}>
        <Routes>
          <Route path="tasks" element={<TasksTab pos={geo.pos} />} />
          <Route path="notices" element={<NoticesTab />} />
          <Route path="*" element={<ReportTab geo={geo} />} />
        </Routes>
      </Card>
      <div style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #e8e8e8', padding: '8px 8px calc(8px + env(safe-area-inset-bottom))', zIndex: 10 }}>
        <Segmented
          block
          value={tab}
          onChange={(v) => navigate(v === 'report' ? '/m' : `/m/${String(v)}`)}
          data-testid="inspector-tabs"
          options={[
            { value: 'report', label: t('insp_report'), icon: <CameraOutlined /> },
            { value: 'tasks', label: t('insp_tasks'), icon: <CheckSquareOutlined /> },
            { value: 'notices', label: t('notifications'), icon: <UnorderedListOutlined /> },
          ]}
        />
      </div>
    </div>
  );
}

/** The inspector's phone app (监督员): report with camera photos and the device position, and do the
 * check / verification tasks near me. Laid out for 390 px wide; installable as a PWA. */
import { useState } from 'react';
import { ShiftBar } from './ShiftBar.js';
import { InstructionInbox, useInbox } from './Instructions.js';
import { Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { Alert, Badge, Button, Card, Empty, Form, Grid, Input, List, Result, Segmented, Space, Typography } from 'antd';
import { AimOutlined, CameraOutlined, CheckSquareOutlined, FileTextOutlined, NotificationOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, ok } from '../../api/client.js';
import { useWorklist } from '../../api/cases.js';
import { useLogout, useMe, usePublicConfig } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import { CityMap } from '../../map/CityMap.js';
import { ClassPicker } from '../../components/Pickers.js';
import { PhotoInput } from '../../components/PhotoInput.js';
import { LightDot, StatusTag } from '../../components/CaseBits.js';
import { ApiError, detailLines } from '../../model/apiError.js';
import { formatInstant, personName } from '../../model/format.js';
import { translate, type MessageKey } from '../../i18n/dict.js';
import { PlaceInWords } from './PlaceInWords.js';
import { OnSiteCase } from './OnSite.js';
import { MyReports } from './MyReports.js';
import { distanceM, useGeolocation, type Position } from './useGeolocation.js';
import type { CaseView, ReportBody } from '../../api/schema.js';

type CaseSummary = CaseView;

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

function ReportTab({ geo }: { geo: ReturnType<typeof useGeolocation> }) {
  const { t, err, lang } = useI18n();
  const navigate = useNavigate();
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
        extra={[
          <Button key="open" type="primary" onClick={() => navigate(`/m/case/${done.id}`)} data-testid="report-open-case">
            {t('insp_viewCase')}
          </Button>,
          <Button key="again" onClick={() => setDone(null)}>
            {t('insp_another')}
          </Button>,
        ]}
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
      <Form.Item label={t('detail_location')} required htmlFor="report-locate">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space align="start">
            <Button id="report-locate" icon={<AimOutlined />} onClick={geo.locate} loading={geo.state === 'locating'} data-testid="locate">
              {t('insp_locate')}
            </Button>
            {geo.pos ? (
              <PlaceInWords pos={geo.pos} />
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
    return <OnSiteCase id={open} back={() => setOpen(undefined)} backLabel={t('insp_tasks')} onDone={() => setOpen(undefined)} />;
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
  const { t, td } = useI18n();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => ok(http.GET('/api/v1/notifications', { params: { query: { limit: 50 } } })) });
  return (
    <List
      data-testid="inspector-notices"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('empty') }}
      renderItem={(n) => (
        <List.Item onClick={() => navigate(n.instructionId ? '/m/orders' : `/m/case/${n.caseId}`)} style={{ cursor: 'pointer' }} data-testid="inspector-notice">
          {n.instructionId
            ? <List.Item.Meta title={n.title} description={formatInstant(n.at)} />
            : <List.Item.Meta title={`${td('event', n.type)}：${n.caseCode}`} description={`${n.categoryName} · ${formatInstant(n.at)}`} />}
        </List.Item>
      )}
    />
  );
}

/** A header button on the app's blue bar that stays readable after a tap (no hover/focus recolouring). */
function HeaderButton({ onClick, children, testId }: { onClick(): void; children: React.ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={testId}
      style={{ color: '#fff', background: 'rgba(255,255,255,0.12)', border: '1px solid rgba(255,255,255,0.75)', borderRadius: 4, padding: '2px 8px', fontSize: 13, lineHeight: '20px', cursor: 'pointer', whiteSpace: 'nowrap' }}
    >
      {children}
    </button>
  );
}

/** A bottom tab: the icon above its word, so five fit a 360 px phone without cutting the words. */
function TabLabel({ icon, text, count = 0, testId }: { icon: React.ReactNode; text: string; count?: number; testId?: string }) {
  return (
    <div style={{ lineHeight: 1.25, padding: '4px 0' }} data-testid={testId}>
      <div style={{ fontSize: 16 }} data-count={count}>{count > 0 ? <Badge count={count} size="small" offset={[6, 0]}>{icon}</Badge> : icon}</div>
      <div style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{text}</div>
    </div>
  );
}

function CaseRoute() {
  const { t } = useI18n();
  const { id } = useParams();
  const navigate = useNavigate();
  if (!id) return null;
  return <OnSiteCase id={id} back={() => navigate('/m/mine')} backLabel={t('insp_mine')} />;
}

export default function InspectorApp() {
  const { t, lang, setLang } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const geo = useGeolocation();
  const wide = Grid.useBreakpoint().md === true;
  const path = location.pathname;
  const inbox = useInbox();
  const unanswered = (inbox.data ?? []).filter((i) => i.state !== 'replied').length;
  const tab = path.startsWith('/m/orders') ? 'orders' : path.startsWith('/m/tasks') ? 'tasks' : path.startsWith('/m/notices') ? 'notices' : path.startsWith('/m/mine') ? 'mine' : path.startsWith('/m/case') ? 'case' : 'report';
  const roleNames = (me.data?.roles ?? []).map((r) => translate('zh', `role_${r}` as MessageKey));
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', minHeight: '100vh', background: '#f5f7fa', paddingBottom: 72 }} data-testid="inspector-app">
      <div style={{ background: '#1f4e8c', color: '#fff', padding: '10px 12px', display: 'flex', alignItems: 'center', gap: 8, position: 'sticky', top: 0, zIndex: 10 }}>
        <Typography.Text strong style={{ color: '#fff', flex: 1, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {t('ws_inspector')} · {me.data ? personName(me.data.displayName, roleNames) : ''}
        </Typography.Text>
        {wide && (
          <HeaderButton onClick={() => navigate('/cases')} testId="back-to-console">
            {t('insp_backToConsole')}
          </HeaderButton>
        )}
        <HeaderButton onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} testId="lang-switch">
          {t('language')}
        </HeaderButton>
        <HeaderButton onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}>
          {t('logout')}
        </HeaderButton>
      </div>
      <ShiftBar />
      <Card size="small" style={{ margin: 8 }}>
        <Routes>
          <Route path="tasks" element={<TasksTab pos={geo.pos} />} />
          <Route path="mine" element={<MyReports onOpen={(id) => navigate(`/m/case/${id}`)} />} />
          <Route path="case/:id" element={<CaseRoute />} />
          <Route path="notices" element={<NoticesTab />} />
          <Route path="orders" element={<InstructionInbox />} />
          <Route path="*" element={<ReportTab geo={geo} />} />
        </Routes>
      </Card>
      <div style={{ position: 'fixed', bottom: 0, left: 0, right: 0, maxWidth: 480, margin: '0 auto', background: '#fff', borderTop: '1px solid #e8e8e8', padding: '8px 8px calc(8px + env(safe-area-inset-bottom))', zIndex: 10 }}>
        <Segmented
          block
          value={tab}
          onChange={(v) => navigate(v === 'report' ? '/m' : `/m/${String(v)}`)}
          data-testid="inspector-tabs"
          options={[
            { value: 'report', label: <TabLabel icon={<CameraOutlined />} text={t('insp_report')} /> },
            { value: 'mine', label: <TabLabel icon={<FileTextOutlined />} text={t('insp_mine')} /> },
            { value: 'tasks', label: <TabLabel icon={<CheckSquareOutlined />} text={t('insp_tasks')} /> },
            { value: 'orders', label: <TabLabel icon={<NotificationOutlined />} text={t('pt_inbox')} count={unanswered} testId="tab-orders" /> },
            { value: 'notices', label: <TabLabel icon={<UnorderedListOutlined />} text={t('notifications')} /> },
          ]}
        />
      </div>
    </div>
  );
}

/**
 * 金点子 in the citizen app (/r/idea): send a suggestion without an account (topic, title, text,
 * photos, the phone's position if the citizen wants; a phone for a callback verified by SMS code),
 * follow it by its code to the unit's answer, read the published answers, find one's own again.
 * Uses the citizen app's pieces (device id, photo upload, SMS code) through citizenApi.
 */
import { useEffect, useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Empty, Form, Input, List, Pagination, Select, Space, Spin, Switch, Tag, Timeline, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { http, ok } from '../../api/client.js';
import type { BodyOf } from '../../api/schema.js';
import { useI18n } from '../../i18n/I18n.js';
import { formatInstant } from '../../model/format.js';
import { FormError } from '../../components/FormError.js';
import { citizenApi, deviceId } from './citizenApi.js';
import { Photos } from './CitizenApp.js';

const IDEAS_KEY = 'cityloop.ideas';
type Body = BodyOf<'/api/v1/public/suggestions', 'post'>;

export function myIdeas(): string[] {
  try {
    return JSON.parse(localStorage.getItem(IDEAS_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}
const rememberIdea = (code: string) => localStorage.setItem(IDEAS_KEY, JSON.stringify([code, ...myIdeas().filter((c) => c !== code)].slice(0, 20)));
const newRef = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`.replace('.', ''));

export const suggestApi = {
  topics: async () => (await ok(http.GET('/api/v1/public/suggestion-topics'))).items,
  submit: (body: Body) => ok(http.POST('/api/v1/public/suggestions', { params: { header: { 'x-device-id': deviceId() } }, body })),
  follow: (followCode: string) => ok(http.GET('/api/v1/public/suggestions/follow/{followCode}', { params: { path: { followCode } } })),
  answered: (page: number) => ok(http.GET('/api/v1/public/suggestions', { params: { query: { page, pageSize: 10 } } })),
};

interface IdeaForm {
  topic: Body['topic'];
  title: string;
  content: string;
  photos: string[];
  withPlace: boolean;
  named: boolean;
  phone?: string;
  smsCode?: string;
}

function NewIdea() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<IdeaForm>();
  const [ref, setRef] = useState(newRef);
  const [pos, setPos] = useState<{ lon: number; lat: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const topics = useQuery({ queryKey: ['sg-topics'], queryFn: suggestApi.topics });
  const named = Form.useWatch('named', form);
  const withPlace = Form.useWatch('withPlace', form);
  useEffect(() => {
    if (!withPlace || pos || !('geolocation' in navigator)) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition((p) => { setPos({ lon: p.coords.longitude, lat: p.coords.latitude }); setLocating(false); }, () => setLocating(false), { timeout: 15_000, maximumAge: 60_000 });
  }, [withPlace, pos]);
  const code = useMutation({ mutationFn: (phone: string) => citizenApi.sendCode(phone) });
  const send = useMutation({
    mutationFn: (v: IdeaForm) => suggestApi.submit({
      topic: v.topic, title: v.title.trim(), content: v.content.trim(), photos: v.photos, source: 'citizen_app', clientRef: ref,
      ...(v.withPlace && pos ? { lon: pos.lon, lat: pos.lat, crs: 'wgs84' as const } : {}),
      ...(v.named && v.phone ? { phone: v.phone, smsCode: v.smsCode ?? '' } : {}),
    }),
    onSuccess: (r) => {
      rememberIdea(r.followCode);
      setRef(newRef());
      navigate(`/r/idea/follow/${r.followCode}?new=1`);
    },
  });
  return (
    <Form form={form} layout="vertical" initialValues={{ photos: [], withPlace: false, named: false }} onFinish={(v) => send.mutate(v)} data-testid="sg-new">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('cit_sg_intro')}</Typography.Paragraph>
      <FormError error={send.error ?? topics.error} />
      <Form.Item name="topic" label={t('cit_sg_topic')} rules={[{ required: true, message: t('required') }]}>
        <Select size="large" data-testid="sg-topic" loading={topics.isLoading} placeholder={t('cit_sg_topic')} options={(topics.data ?? []).map((x) => ({ value: x.code, label: x.name }))} />
      </Form.Item>
      <Form.Item name="title" label={t('cit_sg_title')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
        <Input size="large" maxLength={60} placeholder={t('cit_sg_titleHint')} data-testid="sg-title" />
      </Form.Item>
      <Form.Item name="content" label={t('cit_sg_content')} rules={[{ required: true, whitespace: true, min: 10, message: t('cit_sg_contentShort') }]}>
        <Input.TextArea rows={5} maxLength={2000} showCount placeholder={t('cit_sg_contentHint')} data-testid="sg-content" />
      </Form.Item>
      <Form.Item name="photos" label={t('cit_photos')}>
        <Photos />
      </Form.Item>
      <Form.Item name="withPlace" label={t('cit_sg_place')} valuePropName="checked" extra={withPlace ? (locating ? t('cit_locating') : pos ? `${pos.lat.toFixed(5)}, ${pos.lon.toFixed(5)}` : t('cit_noPosition')) : undefined}>
        <Switch data-testid="sg-with-place" />
      </Form.Item>
      <Form.Item name="named" label={t('cit_callback')} valuePropName="checked" extra={t('cit_anonymous')}>
        <Switch data-testid="sg-named" />
      </Form.Item>
      {named && (
        <>
          <Form.Item name="phone" label={t('cit_phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('cit_phoneInvalid') }]}>
            <Input inputMode="tel" maxLength={11} data-testid="sg-phone"
              suffix={<Button type="link" size="small" loading={code.isPending} onClick={() => void form.validateFields(['phone']).then((v) => code.mutate(v.phone!))} data-testid="sg-send-code">{code.isSuccess ? t('cit_resend') : t('cit_sendCode')}</Button>} />
          </Form.Item>
          {code.error !== null && <FormError error={code.error} />}
          {code.isSuccess && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cit_codeSent', { phone: code.data.masked })}</Typography.Text>}
          <Form.Item name="smsCode" label={t('cit_code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('cit_codeInvalid') }]}>
            <Input inputMode="numeric" maxLength={6} data-testid="sg-code" />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={send.isPending} data-testid="sg-submit">{t('cit_sg_submit')}</Button>
    </Form>
  );
}

function FollowIdea() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const isNew = new URLSearchParams(location.search).has('new');
  const view = useQuery({ queryKey: ['sg-follow', code], queryFn: () => suggestApi.follow(code) });
  if (view.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (view.error || !view.data) return <><FormError error={view.error} /><MyIdeas /></>;
  const v = view.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="sg-follow" data-state={v.state}>
      {isNew && <Alert type="success" showIcon title={t('cit_sg_thanks')} description={t('cit_sg_keepCode')} />}
      <Card size="small">
        <Typography.Text type="secondary">{t('cit_followCode')}</Typography.Text>
        <Typography.Title level={3} copyable style={{ margin: 0, letterSpacing: 2 }} data-testid="sg-follow-code">{v.followCode}</Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v.code}</Typography.Text>
      </Card>
      <Card size="small" title={v.title} extra={<Tag color={v.state === 'answered' ? 'green' : v.state === 'discarded' ? 'default' : 'blue'} data-testid="sg-state">{v.stateName}</Tag>}>
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Tag>{v.topicName}</Tag>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v.content}</Typography.Paragraph>
          <Typography.Text type="secondary">{t('sg_receivedAt')} {formatInstant(v.receivedAt)}</Typography.Text>
          {v.unitName && <Typography.Text>{t('cit_sg_unit')} {v.unitName}</Typography.Text>}
          {v.expectedAt && <Typography.Text data-testid="sg-expected">{t('cit_sg_expected')} {formatInstant(v.expectedAt)}</Typography.Text>}
        </Space>
      </Card>
      {v.answer && (
        <Card size="small" title={<Space>{t('cit_sg_answer')}<Tag color="green">{v.answer.adoptionName}</Tag></Space>} data-testid="sg-follow-answer">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{v.answer.text}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cit_sg_by', { unit: v.answer.byName, at: formatInstant(v.answer.at) })}</Typography.Text>
        </Card>
      )}
      {v.discardReason && <Alert type="info" showIcon title={`${t('cit_sg_discarded')}：${v.discardReason}`} />}
      <Card size="small" title={t('cit_progress')}>
        <Timeline items={v.steps.map((s) => ({ children: <span>{s.text} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatInstant(s.at).slice(5, 16)}</Typography.Text></span> }))} />
      </Card>
    </Space>
  );
}

function Answers() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['sg-answers', page], queryFn: () => suggestApi.answered(page) });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="sg-answers">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cit_sg_publicNote')}</Typography.Text>
      <FormError error={list.error} />
      <List loading={list.isLoading} dataSource={list.data?.items ?? []} locale={{ emptyText: <Empty description={t('cit_sg_noAnswers')} /> }}
        renderItem={(s) => (
          <Card size="small" style={{ marginBottom: 10 }} title={<Space size={4} wrap><Tag>{s.topicName}</Tag><span style={{ whiteSpace: 'normal' }}>{s.title}</span></Space>}>
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ fontSize: 13 }}>{s.content}</Typography.Paragraph>
            <div style={{ background: '#f6ffed', border: '1px solid #d9f7be', borderRadius: 6, padding: '8px 10px' }}>
              <Space size={4} wrap style={{ marginBottom: 4 }}><b>{t('cit_sg_answer')}</b><Tag color="green">{s.answer.adoptionName}</Tag></Space>
              <Typography.Paragraph style={{ margin: 0, fontSize: 13 }}>{s.answer.text}</Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cit_sg_by', { unit: s.answer.byName, at: formatInstant(s.answer.at).slice(0, 10) })}{s.districtName ? ` · ${s.districtName}` : ''}</Typography.Text>
            </div>
          </Card>
        )} />
      {(list.data?.total ?? 0) > 10 && <Pagination size="small" current={page} pageSize={10} total={list.data?.total ?? 0} onChange={setPage} />}
    </Space>
  );
}

function MyIdeas() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const mine = myIdeas();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="sg-mine">
      <Input.Search size="large" placeholder={t('cit_sg_enterCode')} enterButton={<SearchOutlined />} value={code} onChange={(e) => setCode(e.target.value.toUpperCase())}
        onSearch={(c) => c.trim() && navigate(`/r/idea/follow/${c.trim()}`)} data-testid="sg-code-input" />
      {mine.length > 0 ? (
        <List size="small" bordered dataSource={mine} renderItem={(c) => <List.Item onClick={() => navigate(`/r/idea/follow/${c}`)} style={{ cursor: 'pointer' }}>{c}</List.Item>} />
      ) : <Empty description={t('cit_noneYet')} />}
    </Space>
  );
}

/** The 金点子 tab of the citizen app: its own small tab row (提建议 · 答复公开 · 我的建议), then the page. */
export default function SuggestPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const path = location.pathname;
  const tabs: Array<[string, string, boolean]> = [
    ['/r/idea', t('cit_sg_new'), path === '/r/idea' || path === '/r/idea/'],
    ['/r/idea/answers', t('cit_sg_answers'), path.startsWith('/r/idea/answers')],
    ['/r/idea/mine', t('cit_sg_mine'), path.startsWith('/r/idea/mine') || path.startsWith('/r/idea/follow')],
  ];
  return (
    <div data-testid="sg-citizen">
      <Space size={6} style={{ marginBottom: 12 }}>
        {tabs.map(([to, label, active]) => <Button key={to} size="small" shape="round" type={active ? 'primary' : 'default'} onClick={() => navigate(to)} data-testid={`sg-tab-${to.split('/').pop()}`}>{label}</Button>)}
      </Space>
      <Routes>
        <Route index element={<NewIdea />} />
        <Route path="answers" element={<Answers />} />
        <Route path="mine" element={<MyIdeas />} />
        <Route path="follow/:code" element={<FollowIdea />} />
      </Routes>
    </div>
  );
}

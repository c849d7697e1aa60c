/**
 * 随手拍: the citizen's mobile page, no login. Report with photos, the phone's position or a pin on the
 * map and a plain-language type; likely duplicates nearby first ("me too" instead of a second report);
 * anonymous unless a phone is given for a callback (verified by SMS code). Then follow the case by its
 * code and rate the result. Laid out for a 390 px wide phone.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Empty, Form, Image, Input, List, Radio, Result, Select, Space, Spin, Switch, Tag, Timeline, Typography } from 'antd';
import { AimOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/I18n.js';
import { usePublicConfig } from '../../api/session.js';
import { CityMap } from '../../map/CityMap.js';
import { formatInstant } from '../../model/format.js';
import { FormError } from '../../components/FormError.js';
import { PhotoInput } from '../../components/PhotoInput.js';
import { useGeolocation } from '../inspector/useGeolocation.js';
import { citizenApi, followed, photoUrl, remember, type Choice, type NearbyCase } from './citizenApi.js';

// 金点子 (suggestions) live beside reporting, in their own file (src/suggestions).
const SuggestPage = lazy(() => import('./SuggestPage.js'));

const newRef = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`.replace('.', ''));

/** The citizen's photos: up to nine, from the camera or the gallery, stored without a login. */
export function Photos({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useI18n();
  return (
    <PhotoInput {...(value ? { value } : {})} {...(onChange ? { onChange } : {})} testId="cit-photo" upload={(f) => citizenApi.uploadPhoto(f)}
      max={9} capture={false} tile={72} hint={t('cit_photoHint')} />
  );
}

function Nearby({ items, onMeToo, busy }: { items: NearbyCase[]; onMeToo(code: string): void; busy: boolean }) {
  const { t } = useI18n();
  if (!items.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 12, borderColor: '#faad14' }} data-testid="cit-nearby" title={t('cit_nearbyTitle', { n: items.length })}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('cit_nearbyHint')}</Typography.Paragraph>
      <List
        size="small"
        dataSource={items}
        renderItem={(c) => (
          <List.Item data-case-code={c.code} actions={[<Button key="me" size="small" type="primary" ghost loading={busy} onClick={() => onMeToo(c.code)} data-testid="cit-metoo">{t('cit_meToo')}</Button>]}>
            <List.Item.Meta
              title={<Space size={4} wrap><span>{c.className}</span><Tag>{c.statusText}</Tag></Space>}
              description={`${t('cit_away', { m: c.distanceM })} · ${formatInstant(c.reportedAt).slice(5, 16)}${c.followers ? ` · ${t('cit_followers', { n: c.followers })}` : ''}${c.description ? ` · ${c.description}` : ''}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

interface ReportForm {
  categoryCode: string;
  description: string;
  photos: string[];
  urgency?: 'normal' | 'urgent';
  named: boolean;
  phone?: string;
  smsCode?: string;
}

function ReportPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const geo = useGeolocation();
  const config = usePublicConfig();
  const [form] = Form.useForm<ReportForm>();
  const [ref, setRef] = useState(newRef);
  const choices = useQuery({ queryKey: ['cit-choices'], queryFn: citizenApi.choices });
  const categoryCode = Form.useWatch('categoryCode', form);
  const named = Form.useWatch('named', form);
  const choice: Choice | undefined = choices.data?.find((c) => c.code === categoryCode);
  const pos = geo.pos;
  const nearby = useQuery({
    queryKey: ['cit-nearby', categoryCode, pos?.lon, pos?.lat],
    enabled: !!categoryCode && !!pos,
    queryFn: () => citizenApi.nearby({ categoryCode: categoryCode!, lon: pos!.lon, lat: pos!.lat }),
  });
  const code = useMutation({ mutationFn: (phone: string) => citizenApi.sendCode(phone) });
  const done = (followCode: string) => {
    remember(followCode);
    setRef(newRef());
    navigate(`/r/follow/${followCode}?new=1`);
  };
  const report = useMutation({
    mutationFn: (v: ReportForm) => citizenApi.report({
      categoryCode: v.categoryCode, description: v.description, photos: v.photos, lon: pos!.lon, lat: pos!.lat, crs: 'wgs84', clientRef: ref,
      ...(choice?.urgency && v.urgency ? { urgency: v.urgency } : {}), ...(v.named && v.phone ? { phone: v.phone, smsCode: v.smsCode ?? '' } : {}),
    }),
    onSuccess: (r) => done(r.followCode),
  });
  const meToo = useMutation({
    mutationFn: (caseCode: string) => {
      const v = form.getFieldsValue();
      return citizenApi.meToo(caseCode, v.named && v.phone ? { phone: v.phone, smsCode: v.smsCode ?? '' } : {});
    },
    onSuccess: (r) => done(r.followCode),
  });
  return (
    <Form form={form} layout="vertical" initialValues={{ photos: [], named: false, urgency: 'normal' }} onFinish={(v) => pos && report.mutate(v)} data-testid="cit-report">
      <FormError error={report.error ?? meToo.error ?? choices.error} />
      <Form.Item name="photos" label={t('cit_photos')}>
        <Photos />
      </Form.Item>
      <Form.Item label={t('cit_where')} required>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space>
            <Button icon={<AimOutlined />} onClick={geo.locate} loading={geo.state === 'locating'} data-testid="cit-locate">{t('cit_locate')}</Button>
            <Typography.Text type="secondary" data-testid="cit-position">
              {pos ? `${pos.lat.toFixed(5)}, ${pos.lon.toFixed(5)}` : geo.state === 'failed' ? t('cit_noPosition') : t('cit_locating')}
            </Typography.Text>
          </Space>
          <CityMap testId="cit-map" height={170} areas={[]} labels={false} point={pos ? [pos.lon, pos.lat] : null} focus={pos ? [pos.lon, pos.lat] : null} focusZoom={15} tileUrl={config.data?.tileUrl} onPick={(lon, lat) => geo.setPos({ lon, lat })} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cit_pin')}</Typography.Text>
        </Space>
      </Form.Item>
      <Form.Item name="categoryCode" label={t('cit_what')} rules={[{ required: true, message: t('cit_chooseType') }]}>
        <Select data-testid="cit-type" size="large" placeholder={t('cit_chooseType')} loading={choices.isLoading}
          options={(choices.data ?? []).map((c) => ({ value: c.code, label: c.name }))} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      {nearby.data && <Nearby items={nearby.data} onMeToo={(c) => meToo.mutate(c)} busy={meToo.isPending} />}
      {choice?.urgency && (
        <Form.Item name="urgency" label={t('cit_urgent')}>
          <Radio.Group optionType="button" options={[{ value: 'normal', label: t('cit_normal') }, { value: 'urgent', label: t('cit_urgentYes') }]} />
        </Form.Item>
      )}
      <Form.Item name="description" label={t('cit_describe')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
        <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('cit_describeHint')} data-testid="cit-description" />
      </Form.Item>
      <Form.Item name="named" label={t('cit_callback')} valuePropName="checked" extra={t('cit_anonymous')}>
        <Switch data-testid="cit-named" />
      </Form.Item>
      {named && (
        <>
          <Form.Item name="phone" label={t('cit_phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('cit_phoneInvalid') }]}>
            <Input inputMode="tel" maxLength={11} data-testid="cit-phone"
              addonAfter={<Button type="link" size="small" loading={code.isPending} onClick={() => void form.validateFields(['phone']).then((v) => code.mutate(v.phone!))} data-testid="cit-send-code">{code.isSuccess ? t('cit_resend') : t('cit_sendCode')}</Button>} />
          </Form.Item>
          {code.error !== null && <FormError error={code.error} />}
          {code.isSuccess && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cit_codeSent', { phone: code.data.masked })}</Typography.Text>}
          <Form.Item name="smsCode" label={t('cit_code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('cit_codeInvalid') }]}>
            <Input inputMode="numeric" maxLength={6} data-testid="cit-code" />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={report.isPending} disabled={!pos} data-testid="cit-submit">{t('cit_submit')}</Button>
    </Form>
  );
}

const RATING_OPTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

function FollowPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const isNew = new URLSearchParams(location.search).has('new');
  const view = useQuery({ queryKey: ['cit-follow', code], queryFn: () => citizenApi.follow(code) });
  const [rating, setRating] = useState<(typeof RATING_OPTIONS)[number]>('satisfied');
  const [comment, setComment] = useState('');
  const rate = useMutation({ mutationFn: () => citizenApi.rate(code, { rating, comment: comment || null }), onSuccess: () => void view.refetch() });
  useEffect(() => {
    if (view.data) remember(view.data.followCode);
  }, [view.data]);
  if (view.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (view.error || !view.data) return <><FormError error={view.error} /><FollowLookup /></>;
  const v = view.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="cit-follow" data-status={v.status}>
      {isNew && <Alert type="success" showIcon title={t('cit_thanks')} description={t('cit_keepCode')} />}
      <Card size="small">
        <Typography.Text type="secondary">{t('cit_followCode')}</Typography.Text>
        <Typography.Title level={3} copyable style={{ margin: 0, letterSpacing: 2 }} data-testid="cit-follow-code">{v.followCode}</Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cit_caseCode')} {v.code}</Typography.Text>
      </Card>
      <Card size="small" title={v.className} extra={<Tag color={v.status === 'closed' ? 'green' : 'blue'} data-testid="cit-status">{v.statusText}</Tag>}>
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text>{v.description}</Typography.Text>
          <Typography.Text type="secondary">{t('cit_reportedAt')} {formatInstant(v.reportedAt)}</Typography.Text>
          {v.expectedAt && <Typography.Text data-testid="cit-expected">{t('cit_expected')} {formatInstant(v.expectedAt)}</Typography.Text>}
          {v.unitName && <Typography.Text data-testid="cit-unit">{t('cit_unit')} {v.unitName}</Typography.Text>}
          {v.followers > 0 && <Typography.Text type="secondary">{t('cit_followers', { n: v.followers })}</Typography.Text>}
        </Space>
      </Card>
      {v.afterPhotos.length > 0 && (
        <Card size="small" title={t('cit_after')} data-testid="cit-after">
          <Space wrap>{v.afterPhotos.map((sha) => <Image key={sha} src={photoUrl(v.followCode, sha)} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} />)}</Space>
        </Card>
      )}
      <Card size="small" title={t('cit_progress')}>
        <Timeline items={v.steps.map((s) => ({ children: <span>{s.text} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatInstant(s.at).slice(5, 16)}</Typography.Text></span> }))} />
      </Card>
      {v.rating && (
        <Alert type={v.rating.reopened ? 'warning' : 'info'} showIcon data-testid="cit-rated" title={`${t('cit_yourRating')}：${t(`cit_rating_${v.rating.rating}` as never)}`} description={v.rating.reopened ? t('cit_reopened') : v.rating.comment ?? undefined} />
      )}
      {v.rateUntil && (
        <Card size="small" title={t('cit_rate')} data-testid="cit-rate">
          <FormError error={rate.error} />
          <Radio.Group value={rating} onChange={(e) => setRating(e.target.value as typeof rating)} optionType="button" buttonStyle="solid" style={{ marginBottom: 8 }}
            options={RATING_OPTIONS.map((r) => ({ value: r, label: t(`cit_rating_${r}`) }))} data-testid="cit-rating" />
          <Input.TextArea rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={rating === 'unsatisfied' ? t('cit_whyUnsatisfied') : t('cit_commentHint')} data-testid="cit-comment" />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0' }}>{t('cit_rateUntil', { at: formatInstant(v.rateUntil) })}</Typography.Paragraph>
          <Button type="primary" block onClick={() => rate.mutate()} loading={rate.isPending} data-testid="cit-rate-submit">{t('submit')}</Button>
        </Card>
      )}
    </Space>
  );
}

function FollowLookup() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const mine = followed();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="cit-lookup">
      <Input.Search size="large" placeholder={t('cit_enterCode')} enterButton={<SearchOutlined />} value={code} onChange={(e) => setCode(e.target.value.toUpperCase())}
        onSearch={(c) => c.trim() && navigate(`/r/follow/${c.trim()}`)} data-testid="cit-code-input" />
      {mine.length > 0 ? (
        <List size="small" header={t('cit_mine')} bordered dataSource={mine} renderItem={(c) => <List.Item onClick={() => navigate(`/r/follow/${c}`)} style={{ cursor: 'pointer' }}>{c}</List.Item>} />
      ) : <Empty description={t('cit_noneYet')} />}
    </Space>
  );
}

export default function CitizenApp() {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const path = location.pathname;
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', minHeight: '100vh', background: '#f5f7fa' }} data-testid="citizen-app">
      <div style={{ background: '#1f4e8c', color: '#fff', padding: '10px 14px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', position: 'sticky', top: 0, zIndex: 10 }}>
        <div>
          <div style={{ fontSize: 17, fontWeight: 600 }}>{t('cit_title')}</div>
          <div style={{ fontSize: 12, opacity: 0.85 }}>{t('cit_subtitle')}</div>
        </div>
        <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} style={{ color: '#fff', background: 'transparent', border: '1px solid rgba(255,255,255,0.7)', borderRadius: 4, padding: '2px 8px' }}>{t('language')}</button>
      </div>
      <div style={{ display: 'flex', background: '#fff', borderBottom: '1px solid #e5e8ef' }}>
        {[['/r', t('cit_tabReport')], ['/r/idea', t('cit_tabSuggest')], ['/r/follow', t('cit_tabFollow')]].map(([to, label]) => {
          const active = to === '/r' ? !path.startsWith('/r/follow') && !path.startsWith('/r/idea') : path.startsWith(to!);
          return (
            <button key={to} type="button" onClick={() => navigate(to!)} data-testid={`cit-tab-${to === '/r' ? 'report' : to === '/r/idea' ? 'idea' : 'follow'}`}
              style={{ flex: 1, padding: '10px 0', border: 0, background: 'none', fontSize: 15, color: active ? '#1f4e8c' : '#555', borderBottom: active ? '2px solid #1f4e8c' : '2px solid transparent', fontWeight: active ? 600 : 400 }}>
              {label}
            </button>
          );
        })}
      </div>
      <div style={{ padding: 12 }}>
        <Routes>
          <Route index element={<ReportPage />} />
          <Route path="follow" element={<FollowLookup />} />
          <Route path="follow/:code" element={<FollowPage />} />
          <Route path="idea/*" element={<Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}><SuggestPage /></Suspense>} />
          <Route path="*" element={<Result status="404" />} />
        </Routes>
      </div>
    </div>
  );
}

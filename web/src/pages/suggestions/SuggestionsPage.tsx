/**
 * 金点子 (suggestions): the centre's queue (to assign, with a unit, overdue, answered), assigning to a
 * unit, the centre's own answer and discarding abuse; a unit's handlers see their unit's suggestions
 * and answer them (the answer is published) or send them back; the time light of every suggestion;
 * the figures (反馈率, 按时答复率) for readers of the evaluation.
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Image, Input, Radio, Row, Segmented, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import type { MessageKey } from '../../i18n/dict.js';
import { UnitSelect } from '../../components/Pickers.js';
import { FormError } from '../../components/FormError.js';
import { formatInstant } from '../../model/format.js';
import { actOnSuggestion, suggestionPhotoUrl, useSuggestion, useSuggestionLog, useSuggestions, type Suggestion, type SuggestionAction, type SuggestionQuery } from '../../api/suggestions.js';
import { SuggestionFiguresCard } from './SuggestionFigures.js';

const TABS = ['received', 'assigned', 'overdue', 'answered', 'all'] as const;
type Tab = (typeof TABS)[number];
const QUERY: Record<Tab, SuggestionQuery> = { received: { state: 'received' }, assigned: { state: 'assigned' }, overdue: { state: 'open', light: 'red' }, answered: { state: 'answered' }, all: {} };
const LIGHT_COLOR: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red' };
const STATE_COLOR: Record<string, string> = { received: 'blue', assigned: 'cyan', answered: 'green', discarded: 'default' };
const ADOPTIONS = ['adopted', 'partly', 'noted', 'not_adopted'] as const;

export function LightTag({ s }: { s: Pick<Suggestion, 'light' | 'dueAt' | 'state'> }) {
  const { t } = useI18n();
  if (s.state !== 'assigned' && s.state !== 'received') return null;
  if (s.dueAt === null) return null;
  return <Tag color={LIGHT_COLOR[s.light]} data-testid="sg-light" data-light={s.light}>{t(`sg_light_${s.light}` as MessageKey)}</Tag>;
}

function AnswerForm({ s, action, onDone }: { s: Suggestion; action: 'answer' | 'reply'; onDone(): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Form layout="vertical" initialValues={{ adoption: 'adopted' }} data-testid={`sg-form-${action}`}
      onFinish={async (v: { text: string; adoption: string }) => {
        setBusy(true);
        setError(null);
        try {
          await actOnSuggestion(s.id, action, s.version, { text: v.text, adoption: v.adoption });
          onDone();
        } catch (e) {
          setError(e);
        } finally {
          setBusy(false);
        }
      }}>
      <FormError error={error} />
      <Form.Item name="adoption" label={t('sg_adoption')}>
        <Radio.Group optionType="button" options={ADOPTIONS.map((a) => ({ value: a, label: t(`sg_adopt_${a}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item name="text" label={t('sg_answerText')} rules={[{ required: true, min: 5, message: t('sg_answerHint') }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('sg_answerHint')} data-testid="sg-answer-text" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid={`sg-${action}`}>{t('sg_submitAnswer')}</Button>
    </Form>
  );
}

function ReasonAction({ s, action, label, danger, required = true, onDone }: { s: Suggestion; action: SuggestionAction; label: string; danger?: boolean; required?: boolean; onDone(): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = action === 'urge' ? 'note' : 'reason';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <FormError error={error} />
      <Space.Compact style={{ width: '100%' }}>
        <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t(field === 'note' ? 'sg_note' : 'sg_reason')} maxLength={500} data-testid={`sg-${action}-text`} />
        <Button danger={danger} loading={busy} disabled={required && text.trim().length < 2} data-testid={`sg-${action}`}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await actOnSuggestion(s.id, action, s.version, text.trim() ? { [field]: text.trim() } : {});
              setText('');
              onDone();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}>{label}</Button>
      </Space.Compact>
    </Space>
  );
}

function AssignForm({ s, onDone }: { s: Suggestion; onDone(): void }) {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="sg-form-assign">
      <FormError error={error} />
      <Space.Compact style={{ width: '100%' }}>
        <UnitSelect value={unitId} onChange={setUnitId} style={{ flex: 1, minWidth: 0 }} testId="sg-unit" />
        <Button type="primary" disabled={!unitId} loading={busy} data-testid="sg-assign"
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await actOnSuggestion(s.id, 'assign', s.version, { unitId });
              onDone();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}>{t('sg_ev_assigned')}</Button>
      </Space.Compact>
    </Space>
  );
}

function Detail({ id, may, onChanged }: { id: string; may: Set<string>; onChanged(): void }) {
  const { t, lang } = useI18n();
  const q = useSuggestion(id);
  const log = useSuggestionLog(id, q.data?.version);
  const s = q.data;
  if (!s) return <Card loading={q.isLoading}>{q.error ? <FormError error={q.error} /> : null}</Card>;
  const done = () => {
    onChanged();
    void q.refetch();
  };
  const topic = (s.topicName && lang === 'zh') ? s.topicName : s.topic;
  return (
    <Card size="small" data-testid="sg-detail" data-state={s.state}
      title={<Space wrap><span>{s.title}</span><Tag color={STATE_COLOR[s.state]}>{lang === 'zh' ? s.stateName : s.state}</Tag><LightTag s={s} /></Space>}
      extra={<Typography.Text type="secondary">{s.code}</Typography.Text>}>
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 84, whiteSpace: 'nowrap' } }} items={[
        { key: 'topic', label: t('sg_topic'), children: topic },
        { key: 'content', label: t('sg_content'), children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{s.content}</Typography.Paragraph> },
        ...(s.photos.length ? [{ key: 'photos', label: t('sg_photos'), children: <Space wrap>{s.photos.map((p) => <Image key={p} src={suggestionPhotoUrl(s.id, p)} width={72} height={72} style={{ objectFit: 'cover' }} />)}</Space> }] : []),
        ...(s.address || s.lat !== null ? [{ key: 'place', label: t('sg_place'), children: s.address ?? `${s.lat?.toFixed(5)}, ${s.lon?.toFixed(5)}` }] : []),
        { key: 'contact', label: t('sg_contact'), children: s.named ? t('sg_named') : t('sg_anonymous') },
        { key: 'received', label: t('sg_receivedAt'), children: formatInstant(s.receivedAt) },
        ...(s.unitName ? [{ key: 'unit', label: t('sg_unit'), children: <Space wrap>{s.unitName}{s.returns > 0 && <Tag>{t('sg_returns', { n: s.returns })}</Tag>}{s.urges > 0 && <Tag color="orange">{t('sg_urges', { n: s.urges })}</Tag>}</Space> }] : []),
        ...(s.dueAt !== null && s.state === 'assigned' ? [{ key: 'due', label: t('sg_due'), children: <Space>{formatInstant(s.dueAt)}<LightTag s={s} /></Space> }] : []),
      ]} />
      {s.answer && (
        <Alert style={{ marginTop: 12 }} type={s.answer.onTime ? 'success' : 'warning'} showIcon data-testid="sg-answer"
          title={<Space wrap><b>{t('sg_ev_answered')}</b><Tag>{t(`sg_adopt_${s.answer.adoption}` as MessageKey)}</Tag><span>{s.answer.byName}</span><span>{formatInstant(s.answer.at)}</span>{!s.answer.onTime && <Tag color="red">{t('sg_late')}</Tag>}</Space>}
          description={<Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{s.answer.text}</Typography.Paragraph>} />
      )}
      {s.discardReason && <Alert style={{ marginTop: 12 }} type="info" showIcon title={`${t('sg_ev_discarded')}：${s.discardReason}`} />}
      <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
        {s.state === 'received' && may.has('suggestion.assign') && <Card size="small" title={t('sg_ev_assigned')}><AssignForm s={s} onDone={done} /></Card>}
        {s.state === 'assigned' && may.has('suggestion.answer') && <Card size="small" title={t('sg_answerText')}><AnswerForm s={s} action="answer" onDone={done} /></Card>}
        {s.state === 'assigned' && may.has('suggestion.answer') && <ReasonAction s={s} action="return" label={t('sg_ev_returned')} danger onDone={done} />}
        {s.state === 'received' && may.has('suggestion.reply') && <Card size="small" title={t('sg_reply')}><AnswerForm s={s} action="reply" onDone={done} /></Card>}
        {s.state === 'received' && may.has('suggestion.discard') && <ReasonAction s={s} action="discard" label={t('sg_ev_discarded')} danger onDone={done} />}
        {s.state === 'assigned' && may.has('suggestion.urge') && <ReasonAction s={s} action="urge" label={t('sg_ev_urged')} required={false} onDone={done} />}
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('sg_log')}</Typography.Title>
      <Timeline data-testid="sg-log" items={(log.data ?? []).map((e) => ({
        color: e.type === 'deadline_overdue' ? 'red' : e.type === 'deadline_warning' ? 'orange' : e.type === 'answered' ? 'green' : 'blue',
        children: (
          <span>
            {t(`sg_ev_${e.type}` as MessageKey)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatInstant(e.at)}</Typography.Text>
            {typeof e.data.unitName === 'string' && <> · {e.data.unitName}</>}
            {typeof e.data.reason === 'string' && <> · {e.data.reason}</>}
            {typeof e.data.note === 'string' && <> · {e.data.note}</>}
          </span>
        ),
      }))} />
    </Card>
  );
}

export default function SuggestionsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const may = new Set<string>(me.data?.actions ?? []);
  const qc = useQueryClient();
  const handlerOnly = may.has('suggestion.answer') && !may.has('suggestion.assign');
  const [tab, setTab] = useState<Tab>(handlerOnly ? 'assigned' : 'received');
  const [code, setCode] = useState('');
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<string | null>(null);
  const query: SuggestionQuery = { ...QUERY[tab], ...(code.trim() ? { q: code.trim() } : {}), page, pageSize: 15 };
  const list = useSuggestions(query);
  const overdue = useSuggestions({ state: 'open', light: 'red', pageSize: 1 });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['suggestions'] });
    void qc.invalidateQueries({ queryKey: ['suggestion-figures'] });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="suggestions-page">
      {may.has('evaluation.read') && <SuggestionFiguresCard compact />}
      <Card size="small" title={t('sg_title')}
        extra={<Input.Search allowClear placeholder={t('sg_search')} style={{ width: 'min(220px, 40vw)' }} onSearch={(v) => { setCode(v); setPage(1); }} data-testid="sg-search" />}>
        <Segmented value={tab} onChange={(v) => { setTab(v as Tab); setPage(1); }} style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }} data-testid="sg-tabs"
          options={TABS.map((x) => ({ value: x, label: x === 'overdue' && (overdue.data?.total ?? 0) > 0 ? <span data-testid="sg-overdue-count" style={{ color: '#d4380d' }}>{t('sg_tab_overdue')} {overdue.data?.total}</span> : t(`sg_tab_${x}` as MessageKey) }))} />
        <Row gutter={12}>
          <Col xs={24} xl={13}>
            <Table<Suggestion> size="small" rowKey="id" data-testid="sg-table" loading={list.isLoading} dataSource={list.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('empty')} /> }}
              scroll={{ x: 480 }}
              onRow={(r) => ({ onClick: () => setPicked(r.id), style: { cursor: 'pointer', background: r.id === picked ? '#e6f4ff' : undefined } })}
              pagination={{ current: page, pageSize: 15, total: list.data?.total ?? 0, onChange: setPage, size: 'small', showTotal: (n) => t('total', { n }) }}
              columns={[
                { title: t('sg_code'), dataIndex: 'code', width: 136, responsive: ['md'], render: (c: string) => <Typography.Text style={{ fontSize: 12 }}>{c}</Typography.Text> },
                { title: t('sg_titleCol'), dataIndex: 'title', ellipsis: true, render: (v: string, r) => <span><Tag>{lang === 'zh' ? r.topicName : r.topic}</Tag>{v}</span> },
                { title: t('sg_unit'), dataIndex: 'unitName', width: 150, ellipsis: true, responsive: ['lg'], render: (v: string | null, r) => v ?? r.answer?.byName ?? '—' },
                { title: t('sg_state'), key: 'state', width: 150, render: (_: unknown, r) => <Space size={4}><Tag color={STATE_COLOR[r.state]}>{lang === 'zh' ? r.stateName : r.state}</Tag><LightTag s={r} /></Space> },
              ]} />
          </Col>
          <Col xs={24} xl={11}>
            {picked ? <Detail key={picked} id={picked} may={may} onChanged={refresh} /> : <Card size="small"><Empty description={t('sg_pick')} /></Card>}
          </Col>
        </Row>
      </Card>
    </Space>
  );
}

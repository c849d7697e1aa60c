/** Case detail: facts, light, photos, map, every event of the timeline with people, times and photos,
 * and the record's integrity check (the hash chain recomputed by the server). */
import { useParams } from 'react-router';
import { Alert, Button, Card, Col, Row, Space, Spin, Timeline, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useCase, useIntegrity } from '../../api/cases.js';
import { useActorNames } from '../../api/actors.js';
import { usePublicConfig } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import { formatInstant, personName } from '../../model/format.js';
import { CityMap } from '../../map/CityMap.js';
import { ActionBar } from '../../components/ActionBar.js';
import { CaseFacts, Photos } from '../../components/CasePanel.js';
import { StageLimits } from '../../components/StageLimits.js';
import type { CaseEvent } from '../../api/schema.js';
import { translate, type MessageKey } from '../../i18n/dict.js';

/** The event's name in the user's language (the server's typeName is Chinese only). */
function EventLabel({ e }: { e: CaseEvent }) {
  const { td } = useI18n();
  return <>{td('event', e.type)}</>;
}

/** Who did it: the role, and the person's name when the console can know it (see useActorNames); the
 * account id is kept in a tooltip either way. */
function EventActor({ e, names }: { e: CaseEvent; names: Map<string, string> }) {
  const { t, td, lang } = useI18n();
  if (e.role === 'system' && !e.actorId) return <>{lang === 'zh' ? '系统' : 'System'}</>;
  const role = e.role === 'system' ? (lang === 'zh' ? '系统' : 'System') : td('role', e.role);
  const full = e.actorName ?? (e.actorId ? names.get(e.actorId) : undefined);
  // Demo names carry the role (林受理（受理员）); the role is already shown.
  const name = full && personName(full, [translate('zh', `role_${e.role}` as MessageKey)]);
  const text = name ? `${role} ${name}` : role;
  if (!e.actorId) return <>{text}</>;
  return (
    <Tooltip title={`${t('detail_actorId')}: ${e.actorId}`}>
      <span data-testid="event-actor" data-actor-id={e.actorId}>
        {text}
      </span>
    </Tooltip>
  );
}

/** The facts of an event worth reading: unit, routing reason, note, reason, opinion, reply. */
function EventData({ data }: { data: Record<string, unknown> | null }) {
  if (!data) return null;
  const reason = typeof data.reason === 'string' ? data.reason : '';
  const item = data.itemNo && !reason.includes(String(data.itemNo)) ? `事项清单 ${String(data.itemNo)}` : null;
  const parts = [data.unitName, item, data.reason, data.note, data.opinion, data.reply]
    .filter((v) => typeof v === 'string' && v !== '')
    .map(String);
  if (typeof data.amount === 'number') parts.push(`+${data.amount}`);
  if (parts.length === 0) return null;
  return <div>{parts.join(' · ')}</div>;
}

export default function CaseDetailPage() {
  const { id } = useParams();
  const { t, err } = useI18n();
  const q = useCase(id);
  const names = useActorNames((q.data?.timeline ?? []).map((e) => e.actorId));
  const config = usePublicConfig();
  const [check, setCheck] = useState(false);
  const integrity = useIntegrity(id, check);
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon title={err(q.error)} />;
  const d = q.data;
  if (!d) return null;
  const c = d.case;
  const events = [...d.timeline].sort((a, b) => a.seq - b.seq);
  const allPhotos = [...new Set([...c.photos, ...events.flatMap((e) => e.attachments)])];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="case-detail" data-case-code={c.code}>
      <Card size="small" title={<Typography.Text strong data-testid="case-code">{c.code}</Typography.Text>} extra={<ActionBar d={d} />}>
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <CaseFacts d={d} />
          </Col>
          <Col xs={24} lg={12}>
            <CityMap testId="detail-map" height={300} point={[c.lon, c.lat]} focus={[c.lon, c.lat]} focusZoom={15} areas={['street', 'community', 'grid']} tileUrl={config.data?.tileUrl} />
          </Col>
        </Row>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('detail_timeline')} data-testid="timeline">
            <Timeline
              items={events.map((e) => ({
                color: e.type === 'deadline_overdue' || e.type === 'verification_failed' || e.type === 'rejected' ? 'red' : e.type === 'closed' ? 'green' : 'blue',
                content: (
                  <div data-event-type={e.type}>
                    <Typography.Text strong>
                      <EventLabel e={e} />
                    </Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      #{e.seq} · {formatInstant(e.at)} · <EventActor e={e} names={names} />
                    </Typography.Text>
                    <EventData data={e.data} />
                    {e.lon !== null && e.lat !== null && (
                      <div>
                        <Typography.Text type="secondary">
                          {t('detail_location')}: {e.lon.toFixed(5)}, {e.lat.toFixed(5)}
                        </Typography.Text>
                      </div>
                    )}
                    <Photos refs={e.attachments} />
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Card size="small" title={t('limits_title')} data-testid="limits-card">
              <StageLimits timeline={d.timeline} />
            </Card>
            <Card size="small" title={t('detail_integrity')} extra={<Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => { setCheck(true); void integrity.refetch(); }} data-testid="integrity-check">{t('detail_verify')}</Button>}>
              {integrity.isFetching && <Spin size="small" />}
              {integrity.error && <Alert type="error" showIcon title={err(integrity.error)} />}
              {integrity.data && (
                <Alert
                  data-testid="integrity-result"
                  type={integrity.data.ok ? 'success' : 'error'}
                  showIcon
                  title={integrity.data.ok ? t('detail_intact', { n: integrity.data.events ?? events.length }) : t('detail_broken', { seq: integrity.data.breaksAt?.seq ?? '?' })}
                />
              )}
            </Card>
            <Card size="small" title={t('detail_photos')}>
              <Photos refs={allPhotos} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

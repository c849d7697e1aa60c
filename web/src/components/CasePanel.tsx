/** One case at a glance: facts, light, photos, place on the map, duplicates and the actions. Used by
 * the worklists (beside the list) and by the case detail page. */
import { Alert, Card, Descriptions, Empty, Image, List, Space, Spin, Typography } from 'antd';
import { Link } from 'react-router';
import { routingOf, useCase } from '../api/cases.js';
import { fileUrl } from '../api/client.js';
import { usePublicConfig } from '../api/session.js';
import { useI18n } from '../i18n/I18n.js';
import { dueText, formatInstant } from '../model/format.js';
import { CityMap } from '../map/CityMap.js';
import { ActionBar } from './ActionBar.js';
import { LightDot, StatusTag } from './CaseBits.js';
import { CaseResult } from './StageLimits.js';
import type { CaseDetail } from '../api/schema.js';
import type { CaseAction } from '../model/lifecycle.js';

export function CaseFacts({ d }: { d: CaseDetail }) {
  const { t, td } = useI18n();
  const { lang } = useI18n();
  const c = d.case;
  const routing = routingOf(d);
  const cd = c.dueAt ? dueText(c.dueAt, Date.now(), lang) : null;
  return (
    <Descriptions size="small" column={1} bordered styles={{ label: { width: 96 } }}>
      <Descriptions.Item label={t('col_status')}>
        <Space>
          <LightDot light={c.light} />
          <StatusTag status={c.status} phase={c.phase} />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('col_class')}>{[c.categoryCode, c.categoryName].filter(Boolean).join(' ')}</Descriptions.Item>
      <Descriptions.Item label={t('col_source')}>{td('source', c.source)}</Descriptions.Item>
      <Descriptions.Item label={t('col_area')}>{[c.place.names.district, c.place.names.street, c.place.names.community, c.place.names.grid].filter(Boolean).join(' · ')}</Descriptions.Item>
      {c.address && <Descriptions.Item label={t('col_address')}>{c.address}</Descriptions.Item>}
      <Descriptions.Item label={t('col_description')}>{c.description}</Descriptions.Item>
      {c.unit && <Descriptions.Item label={t('col_unit')}>{c.unit.name}</Descriptions.Item>}
      {routing?.reason && (c.status === 'filed' || c.status === 'dispatched') && (
        <Descriptions.Item label={t('dispatch_reason')}>
          <span data-testid="routing-reason">{routing.reason}</span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('col_reported')}>{formatInstant(c.reportedAt)}</Descriptions.Item>
      {c.closedAt !== null && (
        <Descriptions.Item label={t('col_result')}>
          {formatInstant(c.closedAt)} <CaseResult timeline={d.timeline} />
        </Descriptions.Item>
      )}
      {c.dueAt && (
        <Descriptions.Item label={t('col_deadline')}>
          {formatInstant(c.dueAt)}{' '}
          <Typography.Text type={cd?.overdue ? 'danger' : 'secondary'} data-testid="due-text">
            {cd?.text}
          </Typography.Text>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

export function Photos({ refs }: { refs: readonly string[] | undefined }) {
  if (!refs || refs.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {refs.map((r) => (
          <Image key={r} src={fileUrl(r)} width={88} height={88} style={{ objectFit: 'cover' }} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

export function CasePanel({ id, only, showDuplicates, onDone, onNext }: { id: string | undefined; only?: readonly CaseAction[] | undefined; showDuplicates?: boolean; onDone?: ((a: CaseAction) => void) | undefined; onNext?: (() => void) | undefined }) {
  const { t, err } = useI18n();
  const q = useCase(id);
  const config = usePublicConfig();
  if (!id) return <Empty description={t('empty')} />;
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon title={err(q.error)} />;
  const d = q.data;
  if (!d) return null;
  const c = d.case;
  return (
    <Card
      size="small"
      data-testid="case-panel"
      data-case-code={c.code}
      title={
        <Link to={`/cases/${c.id}`} data-testid="case-panel-code">
          {c.code}
        </Link>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ActionBar d={d} only={only} onDone={onDone} onNext={onNext} showOpen size="small" />
        <CaseFacts d={d} />
        <Photos refs={c.photos} />
        <CityMap testId="case-map" height={220} point={[c.lon, c.lat]} focus={[c.lon, c.lat]} areas={['street', 'community', 'grid']} tileUrl={config.data?.tileUrl} />
        {showDuplicates && (
          <Card size="small" title={t('intake_duplicates')} data-testid="duplicates">
            {d.duplicates.length === 0 ? (
              <Typography.Text type="secondary">{t('intake_noDuplicates')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={d.duplicates}
                renderItem={(x) => (
                  <List.Item>
                    <Link to={`/cases/${x.case.id}`}>{x.case.code}</Link> {x.case.categoryName} · {formatInstant(x.case.reportedAt)} · {Math.round(x.distanceM)} m
                  </List.Item>
                )}
              />
            )}
          </Card>
        )}
      </Space>
    </Card>
  );
}

/** 指挥调度 (command and patrol): the command level of each area as a banner, inspectors on duty live
 * on the map (blue on duty, orange paused), coverage against the plans as a layer (uncovered grids
 * dark), the instruction panel, emergency incidents, and the replay of a shift's track with its
 * figures, anomalies and the reports made along it. */
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Card, Col, Descriptions, List, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import { usePublicConfig, useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import { CityMap } from '../../map/CityMap.js';
import { loadAreaLayer } from '../../map/geoApi.js';
import type { FeatureCollection } from '../../model/mapdata.js';
import { durationText, formatInstant } from '../../model/format.js';
import type { MessageKey } from '../../i18n/dict.js';
import { IncidentPanel } from './IncidentPanel.js';
import { InstructionPanel } from './InstructionPanel.js';
import { LevelSchedules } from './LevelSchedules.js';
import { PlanEditor } from './PlanEditor.js';
import { PolicyEditor } from './PolicyEditor.js';
import { LevelBanners, SetLevelForm } from './LevelBanner.js';

const STATE_COLOR: Record<string, string> = { on_duty: '#1677ff', paused: '#fa8c16', ended: '#8c8c8c' };

function useGridsLayer(codes: readonly string[]) {
  const [fc, setFc] = useState<FeatureCollection | null>(null);
  const key = codes.join(',');
  useEffect(() => {
    if (codes.length === 0) return;
    let live = true;
    void loadAreaLayer('grid').then((all) => {
      if (!live) return;
      const want = new Set(codes);
      setFc({ type: 'FeatureCollection', features: all.features.filter((f) => want.has(String((f.properties as { code?: string }).code))) });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return fc;
}

function ShiftReplay({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const d = useQuery({ queryKey: ['shift', id], queryFn: async () => ok(http.GET('/api/v1/patrol/shifts/{id}', { params: { path: { id } } })) });
  if (!d.data) return null;
  const f = d.data.figures;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="shift-replay">
      <Descriptions size="small" column={2} title={`${t('pt_replay')} · ${d.data.shift.inspectorName}`}>
        <Descriptions.Item label={t('pt_distance')}>{(f.distanceM / 1000).toFixed(2)} km</Descriptions.Item>
        <Descriptions.Item label={t('pt_duty')}>{durationText(f.dutyMs, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('pt_stationary')}>{durationText(f.stationaryMs, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('pt_coverageRate')}>{f.coverage === null ? '—' : `${f.coverage}% (${f.gridsCovered}/${f.gridsAssigned})`}</Descriptions.Item>
        <Descriptions.Item label={t('pt_points')}>{f.points}</Descriptions.Item>
        <Descriptions.Item label={t('pt_grids')}>{f.gridsVisited.length}</Descriptions.Item>
      </Descriptions>
      <div>
        {t('pt_anomalies')}：{f.anomalies.length === 0 ? '—' : f.anomalies.map((a) => <Tag key={`${a.kind}-${a.from}`} color="red">{lang === 'zh' ? a.name : a.nameEn} {a.minutes}′ {formatInstant(a.from).slice(11, 16)}</Tag>)}
      </div>
      <div>{t('pt_reports')}：{d.data.reports.map((r) => <Tag key={r.id} color="green">{r.code} {r.categoryName}</Tag>)}</div>
    </Space>
  );
}

export default function PatrolCenter() {
  const { t } = useI18n();
  const me = useMe();
  const config = usePublicConfig();
  const actions = new Set(me.data?.actions ?? []);
  const [shiftId, setShiftId] = useState<string | null>(null);
  const live = useQuery({ queryKey: ['patrol-live'], enabled: actions.has('patrol.read'), queryFn: async () => ok(http.GET('/api/v1/patrol/live')), refetchInterval: 10_000 });
  const coverage = useQuery({ queryKey: ['patrol-coverage'], enabled: actions.has('patrol.read'), queryFn: async () => ok(http.GET('/api/v1/patrol/coverage')), refetchInterval: 60_000 });
  const replay = useQuery({
    queryKey: ['shift', shiftId], enabled: shiftId !== null,
    queryFn: async () => ok(http.GET('/api/v1/patrol/shifts/{id}', { params: { path: { id: shiftId! } } })),
  });

  const inspectors = useMemo<FeatureCollection<object>>(() => ({
    type: 'FeatureCollection',
    features: (live.data ?? []).filter((l) => l.lon !== null && l.lat !== null).map((l) => ({
      type: 'Feature', id: l.shift.id, geometry: { type: 'Point', coordinates: [l.lon!, l.lat!] },
      properties: { id: l.shift.id, color: STATE_COLOR[l.shift.state] ?? '#1677ff', code: l.shift.inspectorName, categoryName: l.shift.stateName },
    })),
  }), [live.data]);

  const gridStatus = useMemo(() => {
    const m = new Map<string, number>();
    for (const p of coverage.data?.plans ?? []) for (const g of p.grids) m.set(g.code, g.current === false || g.missedLast ? 1 : g.current ? 0 : 0.4);
    return m;
  }, [coverage.data]);
  const gridLayer = useGridsLayer([...gridStatus.keys()]);
  const coverageLayer = useMemo<FeatureCollection<object> | undefined>(() => gridLayer ? {
    type: 'FeatureCollection',
    features: gridLayer.features.map((f) => ({ ...f, properties: { ...f.properties, weight: gridStatus.get(String((f.properties as { code?: string }).code)) ?? 0 } })),
  } : undefined, [gridLayer, gridStatus]);

  const track = useMemo<FeatureCollection<object> | undefined>(() => {
    if (!replay.data || replay.data.points.length === 0) return undefined;
    return {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: replay.data.points.map((p) => [p[1], p[2]]) }, properties: {} },
        ...replay.data.reports.map((r) => ({ type: 'Feature' as const, geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, properties: { color: '#52c41a' } })),
      ],
    };
  }, [replay.data]);

  // `?tab=instructions` (a notification's link) opens that side tab.
  const [search, setSearch] = useSearchParams();
  const sideTab = search.get('tab') ?? 'live';
  const onDuty = (live.data ?? []).filter((l) => l.shift.state === 'on_duty').length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="patrol-center">
      <LevelBanners />
      <Row gutter={12}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt_onDuty')} value={onDuty} styles={{ content: { color: '#1677ff' } }} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt_paused')} value={(live.data ?? []).length - onDuty} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt_rate')} value={coverage.data?.rate ?? '—'} suffix={coverage.data?.rate != null ? '%' : ''} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt_uncovered')} value={coverage.data?.rate == null ? '—' : coverage.data.uncovered.length} styles={{ content: { color: (coverage.data?.uncovered.length ?? 0) > 0 ? '#cf1322' : undefined } }} /></Card></Col>
      </Row>
      {actions.has('command.level') && <Card size="small" title={t('pt_levels')}><SetLevelForm /></Card>}
      <Tabs
        data-testid="patrol-tabs"
        items={[
          { key: 'center', label: t('ws_patrol'), children: (
            <Row gutter={8}>
              <Col xs={24} xl={15}>
                <Card size="small" styles={{ body: { padding: 8 } }}>
                  <CityMap
                    testId="patrol-map" height="calc(100vh - 330px)" tileUrl={config.data?.tileUrl} areas={['district', 'street']}
                    cases={inspectors} showCases heat={coverageLayer} showHeat={coverageLayer !== undefined} track={track} legend={false} fitToAreas
                    onCaseClick={(id) => setShiftId(id)}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={9}>
                <Card size="small">
                  <Tabs
                    size="small"
                    activeKey={sideTab}
                    onChange={(k) => setSearch(k === 'live' ? {} : { tab: k }, { replace: true })}
                    items={[
                      {
                        key: 'live', label: t('pt_live'),
                        children: (
                          <Space orientation="vertical" style={{ width: '100%' }}>
                            <Table
                              size="small" rowKey={(l) => l.shift.id} pagination={false} dataSource={live.data ?? []} data-testid="live-inspectors"
                              onRow={(l) => ({ onClick: () => setShiftId(l.shift.id), style: { cursor: 'pointer' } })}
                              columns={[
                                { title: t('pt_onDuty'), render: (_, l) => <Space><Tag color={STATE_COLOR[l.shift.state]}>{l.shift.stateName}</Tag>{l.shift.inspectorName}</Space> },
                                { title: t('pt_lastReport'), render: (_, l) => (l.lastAt ? formatInstant(l.lastAt).slice(11, 16) : '—') },
                                { title: t('pt_grids'), dataIndex: 'gridsVisited' },
                              ]}
                            />
                            {shiftId && <ShiftReplay id={shiftId} />}
                          </Space>
                        ),
                      },
                      {
                        key: 'coverage', label: t('pt_coverage'),
                        children: (
                          <Space orientation="vertical" style={{ width: '100%' }} data-testid="coverage-panel">
                            <Table size="small" rowKey="code" pagination={false} dataSource={coverage.data?.streets ?? []}
                              columns={[{ title: t('pt_street'), dataIndex: 'name' }, { title: t('pt_rate'), render: (_, s) => (s.rate === null ? '—' : `${s.rate}%`) }, { title: '', render: (_, s) => `${s.covered}/${s.required}` }]} />
                            <Typography.Text strong>{t('pt_uncovered')}</Typography.Text>
                            <List size="small" dataSource={coverage.data?.uncovered ?? []} locale={{ emptyText: t('empty') }}
                              renderItem={(g) => (
                                <List.Item>
                                  <Space wrap><Tag color={g.missedLast ? 'red' : 'orange'}>{t(g.missedLast ? 'pt_missed' : 'pt_due')}</Tag>{g.name}<Tag>{t(`pt_cls_${g.cls}` as MessageKey)}</Tag>{t('pt_every', { n: g.everyMinutes })}</Space>
                                </List.Item>
                              )} />
                          </Space>
                        ),
                      },
                      { key: 'instructions', label: t('pt_instructions'), children: <InstructionPanel canIssue={actions.has('instruction.issue')} /> },
                      { key: 'incidents', label: t('pt_incidents'), children: <IncidentPanel canManage={actions.has('command.level')} /> },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          ) },
          ...(actions.has('patrol.plan') ? [{ key: 'plans', label: t('pt_plans'), children: <Card size="small"><PlanEditor /></Card> }] : []),
          ...(actions.has('command.level') ? [{ key: 'schedules', label: t('pt_schedules'), children: <Card size="small"><LevelSchedules /></Card> }] : []),
          // The policy is city-wide: its form is for the city's leaders.
          ...(actions.has('command.level') && me.data?.scope.level === 'city' ? [{ key: 'policy', label: t('pt_policy'), children: <PolicyEditor /> }] : []),
        ]}
      />
    </Space>
  );
}

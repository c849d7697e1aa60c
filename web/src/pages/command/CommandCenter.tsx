/** Command center (指挥中心): the city map with its own layers, open cases coloured by traffic light
 * (clustered by zoom on the server: the whole city is a few hundred circles, single cases once zoomed
 * in), filters, an H3 heat map, a live feed and headline figures. Clicking a case opens it, clicking
 * a cluster zooms into it. */
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Checkbox, Col, Row, Space, Statistic, Typography } from 'antd';
import { http, ok } from '../../api/client.js';
import { searchParams, type CaseFilters } from '../../api/cases.js';
import { usePublicConfig } from '../../api/session.js';
import { useI18n } from '../../i18n/I18n.js';
import { CityMap, type MapViewport } from '../../map/CityMap.js';
import { clustersToGeoJson, type AreaLevel } from '../../model/mapdata.js';
import { heatHexagons } from '../../model/heat.js';
import { shanghaiDay, shanghaiMidnightOf } from '../../model/format.js';
import { LIGHT_COLORS, OPEN_STATUSES } from '../../model/lifecycle.js';
import type { MessageKey } from '../../i18n/dict.js';
import { CaseFilterBar } from '../cases/CaseFilters.js';
import { LiveFeed } from '../../components/LiveFeed.js';

/** The view asked of the server: the visible box grown by half on each side (a short pan needs no new
 * answer), rounded outwards to 0.001° (never smaller than the view), and the whole zoom level. */
function paddedView(v: MapViewport): { bbox: string; zoom: number } {
  const [w, s, e, n] = v.bbox;
  const dx = (e - w) / 2;
  const dy = (n - s) / 2;
  const down = (x: number) => Math.floor(x * 1000) / 1000;
  const up = (x: number) => Math.ceil(x * 1000) / 1000;
  return { bbox: [down(w - dx), down(s - dy), up(e + dx), up(n + dy)].join(','), zoom: Math.floor(v.zoom) };
}

/** Open cases for the map: clusters and single cases of the current view, with the light counts of all. */
function useMapClusters(filters: CaseFilters, view: MapViewport | null, heat: boolean) {
  const asked = view ? paddedView(view) : null;
  return useQuery({
    queryKey: ['map-clusters', filters, asked, heat],
    enabled: asked !== null,
    queryFn: async ({ signal }) => {
      const query = { ...searchParams({ ...filters, status: filters.status ?? OPEN_STATUSES }), zoom: asked!.zoom, bbox: asked!.bbox, ...(heat ? { heat: true } : {}) };
      return ok(http.GET('/api/v1/cases/map/clusters', { params: { query }, signal }));
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

function useCount(filters: CaseFilters) {
  return useQuery({
    queryKey: ['stats', filters],
    queryFn: async () => (await ok(http.GET('/api/v1/cases', { params: { query: { ...searchParams(filters), page: 1, pageSize: 1 } } }))).total,
    staleTime: 30_000,
  });
}

export default function CommandCenter() {
  const { t, err } = useI18n();
  const navigate = useNavigate();
  const config = usePublicConfig();
  const [filters, setFilters] = useState<CaseFilters>({});
  const [layers, setLayers] = useState<string[]>(['district', 'street', 'cases']);
  const [view, setView] = useState<MapViewport | null>(null);
  const cases = useMapClusters(filters, view, layers.includes('heat'));
  const today = shanghaiMidnightOf(shanghaiDay(Date.now()));
  const reportedToday = useCount({ from: today });
  const closedToday = useCount({ status: 'closed', from: today });

  const geo = useMemo(() => clustersToGeoJson(cases.data?.items ?? []), [cases.data]);
  const heatCells = cases.data?.heat;
  const heat = useMemo(() => (layers.includes('heat') && heatCells ? heatHexagons(new Map(heatCells.map((c) => [c.cell, c.count]))) : undefined), [heatCells, layers]);
  const figures = { open: cases.data?.total ?? 0, red: cases.data?.lights.red ?? 0, yellow: cases.data?.lights.yellow ?? 0 };
  const areas = (['district', 'street', 'community', 'grid'] as AreaLevel[]).filter((l) => layers.includes(l));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="command-center">
      <Row gutter={12}>
        {[
          { k: 'cc_open', v: figures.open, c: undefined, id: 'open' },
          { k: 'cc_overdue', v: figures.red, c: LIGHT_COLORS.red, id: 'overdue' },
          { k: 'cc_yellow', v: figures.yellow, c: LIGHT_COLORS.yellow, id: 'yellow' },
          { k: 'cc_today', v: reportedToday.data ?? '—', c: undefined, id: 'today' },
          { k: 'cc_closedToday', v: closedToday.data ?? '—', c: LIGHT_COLORS.green, id: 'closed' },
        ].map((f) => (
          <Col key={f.k} xs={12} md={8} lg={4} xl={4}>
            <Card size="small">
              <Statistic title={t(f.k as MessageKey)} value={f.v} styles={{ content: f.c ? { color: f.c } : {} }} data-testid={`figure-${f.id}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" styles={{ body: { padding: 8 } }}>
        <Space wrap style={{ marginBottom: 8 }}>
          <CaseFilterBar value={filters} onChange={setFilters} fields={['categoryCode', 'source', 'unitId', 'period', 'light']} />
          <Checkbox.Group
            data-testid="layer-toggles"
            value={layers}
            onChange={(v) => setLayers(v as string[])}
            options={['district', 'street', 'community', 'grid', 'cases', 'heat'].map((l) => ({ value: l, label: t(`layer_${l}` as MessageKey) }))}
          />
        </Space>
        {cases.error && <Alert type="error" showIcon title={err(cases.error)} style={{ marginBottom: 8 }} />}
        <Row gutter={8}>
          <Col xs={24} xl={18}>
            <CityMap
              testId="command-map"
              height="calc(100vh - 300px)"
              tileUrl={config.data?.tileUrl}
              areas={areas}
              cases={geo}
              clustered
              showCases={layers.includes('cases')}
              heat={heat}
              showHeat={layers.includes('heat')}
              fitToAreas
              onCaseClick={(id) => navigate(`/cases/${id}`)}
              onViewChange={setView}
            />
            <Typography.Text type="secondary" data-testid="map-count">
              {t('layer_cases')}: {cases.data?.mapped ?? 0}
            </Typography.Text>
          </Col>
          <Col xs={24} xl={6}>
            <Card size="small" title={t('cc_feed')} styles={{ body: { padding: 8 } }} data-testid="live-feed">
              <LiveFeed maxHeight="calc(100vh - 360px)" />
            </Card>
          </Col>
        </Row>
      </Card>
    </Space>
  );
}

/** The city map: MapLibre on a blank offline style with our own GeoJSON layers (districts, streets,
 * communities, grids), cases as one GeoJSON source drawn by circle layers, and an H3 heat layer. */
import { useEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, Marker, NavigationControl, ScaleControl, Popup, setWorkerUrl, type ExpressionSpecification, type GeoJSONSource, type MapLayerMouseEvent } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { AREA_LEVELS, AREA_STYLE, XIAMEN_BOUNDS, baseStyle, boundsOf, type AreaLevel, type FeatureCollection } from '../model/mapdata.js';
import { loadAreaLayer } from './geoApi.js';
import { areaLabels, labelShown } from './labels.js';
import { MapLegend } from './MapLegend.js';
import { useI18n } from '../i18n/I18n.js';

setWorkerUrl(workerUrl);

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** A feature of the cases source that stands for several cases (a server-side cluster). */
const IS_CLUSTER: ExpressionSpecification = ['>', ['coalesce', ['get', 'count'], 1], 1];
/** A cluster ringed in a light's colour (it holds overdue or due-soon cases). */
const RINGED: ExpressionSpecification = ['all', IS_CLUSTER, ['!=', ['coalesce', ['get', 'ring'], '#ffffff'], '#ffffff']];
const CLUSTER_RADIUS: ExpressionSpecification = ['interpolate', ['linear'], ['coalesce', ['get', 'count'], 1], 2, 7, 50, 11, 500, 16, 5000, 24];

export interface CityMapProps {
  tileUrl?: string | null | undefined;
  /** Area outlines to draw. */
  areas?: readonly AreaLevel[];
  cases?: FeatureCollection<object> | undefined;
  heat?: FeatureCollection<object> | undefined;
  showCases?: boolean;
  showHeat?: boolean;
  /** A single marked point (the case, or the reporter's position). */
  point?: [number, number] | null | undefined;
  /** Fly here when it changes. */
  focus?: [number, number] | null | undefined;
  focusZoom?: number;
  onCaseClick?: (id: string) => void;
  /** The view after every move (and once loaded): what a clustered source should show. */
  onViewChange?: (view: MapViewport) => void;
  onPick?: (lon: number, lat: number) => void;
  height?: number | string;
  /** Fit the view to the districts once they load. */
  fitToAreas?: boolean;
  /** District and street names on the map (default on). */
  labels?: boolean;
  /** The cases are the server's clusters (clustersToGeoJson): the legend explains their rings. */
  clustered?: boolean;
  /** The traffic-light legend (default: when cases are drawn). */
  legend?: boolean;
  testId?: string;
  /** A track to replay: LineStrings (and points) drawn over everything. */
  track?: FeatureCollection<object> | undefined;
}

export interface MapViewport {
  bbox: [number, number, number, number];
  zoom: number;
}

declare global {
  interface Window {
    __cityloopMaps?: Record<string, MapLibreMap>;
  }
}

/** Dots grow with the map: readable on a phone, on a desk and on the command center's wall screen. */
function dotRadius(widthPx: number): unknown {
  const k = Math.min(2.2, Math.max(1, widthPx / 900));
  // A cluster (count > 1) grows with its cases; a single case with the zoom. (MapLibre wants the zoom
  // interpolation at the top, so the cluster size is repeated at each stop.)
  return ['interpolate', ['linear'], ['zoom'],
    9, ['case', IS_CLUSTER, CLUSTER_RADIUS, 3.5 * k],
    13, ['case', IS_CLUSTER, CLUSTER_RADIUS, 6 * k],
    16, ['case', IS_CLUSTER, CLUSTER_RADIUS, 9 * k]];
}

export function CityMap(props: CityMapProps) {
  const { areas = ['district', 'street'], height = 480, testId = 'map' } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const labels = useRef<Array<{ level: AreaLevel; marker: Marker }>>([]);
  const handlers = useRef(props);
  handlers.current = props;
  const { t } = useI18n();
  const translate = useRef(t);
  translate.current = t;

  // Create the map once.
  useEffect(() => {
    if (!container.current) return;
    const map = new MapLibreMap({
      container: container.current,
      style: baseStyle(props.tileUrl) as never,
      bounds: XIAMEN_BOUNDS,
      attributionControl: false,
      localIdeographFontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    mapRef.current = map;
    (window.__cityloopMaps ??= {})[testId] = map;
    map.on('load', () => {
      for (const level of [...AREA_LEVELS]) {
        const st = AREA_STYLE[level];
        map.addSource(`area-${level}`, { type: 'geojson', data: EMPTY as never });
        if (st.fill) map.addLayer({ id: `area-${level}-fill`, type: 'fill', source: `area-${level}`, paint: { 'fill-color': st.fill, 'fill-opacity': 0.35 } });
        map.addLayer({ id: `area-${level}-line`, type: 'line', source: `area-${level}`, minzoom: st.minzoom, paint: { 'line-color': st.color, 'line-width': st.width } });
      }
      map.addSource('heat', { type: 'geojson', data: EMPTY as never });
      map.addLayer({
        id: 'heat-fill',
        type: 'fill',
        source: 'heat',
        paint: {
          'fill-color': ['interpolate', ['linear'], ['get', 'weight'], 0, '#fff3b0', 0.4, '#f4a259', 0.7, '#e4572e', 1, '#a4161a'],
          'fill-opacity': 0.6,
        },
      });
      map.addSource('cases', { type: 'geojson', data: EMPTY as never });
      map.addLayer({
        id: 'cases-circle',
        type: 'circle',
        source: 'cases',
        paint: {
          'circle-color': ['get', 'color'],
          'circle-radius': dotRadius(container.current?.clientWidth ?? 800) as never,
          'circle-opacity': ['case', IS_CLUSTER, 0.8, 1],
          // A cluster holding overdue (or due-soon) cases is ringed in that light's colour (mapdata.ts).
          'circle-stroke-color': ['coalesce', ['get', 'ring'], '#ffffff'],
          'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 9, ['case', RINGED, 2.5, 0.3], 14, ['case', RINGED, 3, 1.2]],
        },
      });
      map.addSource('track', { type: 'geojson', data: EMPTY as never });
      map.addLayer({ id: 'track-line', type: 'line', source: 'track', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#722ed1', 'line-width': 3 } });
      map.addLayer({ id: 'track-point', type: 'circle', source: 'track', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': ['coalesce', ['get', 'color'], '#722ed1'], 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
      map.addSource('point', { type: 'geojson', data: EMPTY as never });
      map.addLayer({ id: 'point-circle', type: 'circle', source: 'point', paint: { 'circle-color': '#1677ff', 'circle-radius': 8, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });

      const popup = new Popup({ closeButton: false, closeOnClick: false, offset: 8 });
      map.on('mouseenter', 'cases-circle', (e: MapLayerMouseEvent) => {
        map.getCanvas().style.cursor = 'pointer';
        const f = e.features?.[0];
        const count = Number(f?.properties.count ?? 1);
        if (!f) return;
        const p = f.properties;
        const text = count > 1 ? translate.current('map_cluster', { n: count, red: Number(p.red ?? 0), yellow: Number(p.yellow ?? 0) }) : `${String(p.code)} ${String(p.cls)}`;
        popup.setLngLat(e.lngLat).setText(text).addTo(map);
      });
      map.on('mouseleave', 'cases-circle', () => {
        map.getCanvas().style.cursor = '';
        popup.remove();
      });
      map.on('click', (e) => {
        const hits = map.queryRenderedFeatures(e.point, { layers: ['cases-circle'] });
        const hit = hits[0];
        const id = hit?.properties.id;
        if (hit && Number(hit.properties.count ?? 1) > 1) {
          // A cluster opens up: zoom in on it.
          map.easeTo({ center: (hit.geometry as unknown as { coordinates: [number, number] }).coordinates, zoom: Math.min(map.getZoom() + 2, 18) });
        } else if (typeof id === 'string' && id && handlers.current.onCaseClick) handlers.current.onCaseClick(id);
        else handlers.current.onPick?.(e.lngLat.lng, e.lngLat.lat);
      });
      map.on('resize', () => {
        if (map.getLayer('cases-circle')) map.setPaintProperty('cases-circle', 'circle-radius', dotRadius(map.getContainer().clientWidth) as never);
      });
      const reportView = () => {
        const b = map.getBounds();
        handlers.current.onViewChange?.({ bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom: map.getZoom() });
      };
      map.on('moveend', reportView);
      reportView();
      setReady(true);
    });
    return () => {
      map.remove();
      mapRef.current = null;
      if (window.__cityloopMaps) delete window.__cityloopMaps[testId];
      setReady(false);
    };
    // The tile URL is read once: a deployment does not change it while the page is open.
  }, []);

  // Area layers: load each shown level once, hide the others.
  const areaKey = areas.join(',');
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    let cancelled = false;
    for (const level of AREA_LEVELS) {
      const shown = areas.includes(level);
      for (const suffix of ['line', 'fill']) {
        const id = `area-${level}-${suffix}`;
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', shown ? 'visible' : 'none');
      }
      if (!shown) continue;
      loadAreaLayer(level)
        .then((fc) => {
          if (cancelled) return;
          (map.getSource(`area-${level}`) as GeoJSONSource | undefined)?.setData(fc as never);
          if (props.labels !== false && (level === 'district' || level === 'street')) {
            for (const l of areaLabels(level, fc)) {
              const el = document.createElement('div');
              el.textContent = l.name;
              el.className = `cl-area-label cl-area-label-${level}`;
              el.dataset.level = level;
              el.dataset.code = l.code;
              Object.assign(el.style, {
                pointerEvents: 'none', whiteSpace: 'nowrap', fontWeight: level === 'district' ? '700' : '500',
                fontSize: level === 'district' ? '15px' : '12px', color: level === 'district' ? '#123a6b' : '#2f4f73',
                textShadow: '0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff',
              });
              labels.current.push({ level, marker: new Marker({ element: el }).setLngLat(l.at).addTo(map) });
            }
            showLabels();
          }
          if (level === 'district' && props.fitToAreas) {
            const b = boundsOf(fc);
            if (b) map.fitBounds(b, { padding: 20, duration: 0 });
          }
        })
        .catch(() => undefined);
    }
    return () => {
      cancelled = true;
      for (const l of labels.current) l.marker.remove();
      labels.current = [];
    };
  }, [ready, areaKey]);

  // Labels: the level that reads at this zoom.
  const showLabels = () => {
    const map = mapRef.current;
    if (!map) return;
    const z = map.getZoom();
    for (const l of labels.current) l.marker.getElement().style.display = labelShown(l.level, z) ? '' : 'none';
  };
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.on('zoomend', showLabels);
    return () => {
      map.off('zoomend', showLabels);
    };
  }, [ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('cases') as GeoJSONSource | undefined)?.setData((props.cases ?? EMPTY) as never);
    map.setLayoutProperty('cases-circle', 'visibility', props.showCases === false ? 'none' : 'visible');
  }, [ready, props.cases, props.showCases]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('heat') as GeoJSONSource | undefined)?.setData((props.showHeat ? (props.heat ?? EMPTY) : EMPTY) as never);
  }, [ready, props.heat, props.showHeat]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('track') as GeoJSONSource | undefined)?.setData((props.track ?? EMPTY) as never);
    const b = props.track ? boundsOf(props.track as FeatureCollection) : null;
    if (b) map.fitBounds(b, { padding: 40, duration: 0, maxZoom: 16 });
  }, [ready, props.track]);

  const pointKey = props.point ? props.point.join(',') : '';
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const data: FeatureCollection = props.point
      ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: props.point }, properties: {} }] }
      : EMPTY;
    (map.getSource('point') as GeoJSONSource | undefined)?.setData(data as never);
  }, [ready, pointKey]);

  const focusKey = props.focus ? props.focus.join(',') : '';
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !props.focus) return;
    map.jumpTo({ center: props.focus, zoom: props.focusZoom ?? 15 });
  }, [ready, focusKey]);

  const legend = props.legend ?? (props.cases !== undefined && props.showCases !== false);
  return (
    <div style={{ position: 'relative', width: '100%' }}>
      <div ref={container} data-testid={testId} data-ready={ready ? 'true' : 'false'} style={{ width: '100%', height, borderRadius: 4, overflow: 'hidden', background: '#eef2f6' }} />
      {legend && <MapLegend heat={props.showHeat === true} rings={props.clustered === true} />}
    </div>
  );
}

import { rectPolygon, type AreaGeometry } from '../../src/geo/model.js';

export const feature = (code: string, name: string, geometry: AreaGeometry, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, name, ...extra },
  geometry,
});

export const fc = <T>(features: T[]) => ({ type: 'FeatureCollection', features });

/** A district of 漳州 (outside the demo city) with one street, one community and two grids. */
export function zhangzhou() {
  return fc([
    feature('350602', '芗城区', rectPolygon(117.6, 24.48, 117.7, 24.54)),
    feature('350602001', '西桥街道', rectPolygon(117.6, 24.48, 117.7, 24.54)),
    feature('350602001001', '西桥社区', rectPolygon(117.64, 24.5, 117.66, 24.52)),
    feature('350602001001001', '西桥社区001网格', rectPolygon(117.64, 24.5, 117.65, 24.52)),
    feature('350602001001002', '西桥社区002网格', rectPolygon(117.65, 24.5, 117.66, 24.52)),
  ]);
}

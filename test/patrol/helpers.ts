/** A small patrol world: the demo city, its accounts, and a street with three neighbouring grids to walk. */
import { fromWgs84 } from '../../src/geo/coords.js';
import { PG_URL } from '../helpers/stores.js';
import type { TestApp } from '../helpers/app.js';
import { jpegBytes } from '../cases/fixtures.js';

export const KINDS = (PG_URL ? ['sqlite', 'postgres'] : ['sqlite']) as Array<'sqlite' | 'postgres'>;

export interface PatrolWorld {
  h: Record<string, Record<string, string>>;
  ids: Record<string, string>;
  grids: Array<{ code: string; lon: number; lat: number }>;
  /** A grid of another street (outside the plan). */
  away: { code: string; lon: number; lat: number };
  districtCode: string;
  streetCode: string;
  photo: string;
}

export async function seedPatrolWorld(t: TestApp): Promise<PatrolWorld> {
  await t.ctx.geo.seedDemo();
  await t.ctx.geo.load();
  await t.ctx.catalog.seedDemo();
  await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  for (const u of ['inspector', 'shiftlead', 'leader', 'operator', 'dispatcher', 'huli.leader', 'huli.inspector', 'siming.inspector', 'handler', 'admin']) {
    h[u] = await t.login(u);
    ids[u] = (await t.ctx.auth.findByUsername(u))!.id;
  }
  const all = await t.ctx.geo.listGrids({ limit: 400, districtCode: '350203' });
  const first = all[0]!;
  const community = all.filter((g) => g.code.slice(0, 12) === first.code.slice(0, 12)).slice(0, 3);
  const away = all.find((g) => g.code.slice(0, 9) !== first.code.slice(0, 9))!;
  const photo = (await t.ctx.files.saveBuffer(jpegBytes('patrol'), { uploadedBy: 'test' })).sha256;
  return {
    h, ids,
    grids: community.map((g) => ({ code: g.code, lon: g.label.lon, lat: g.label.lat })),
    away: { code: away.code, lon: away.label.lon, lat: away.label.lat },
    districtCode: first.code.slice(0, 6), streetCode: first.code.slice(0, 9), photo,
  };
}

/** Points every `stepS` seconds on the straight line a → b (WGS-84), as GCJ-02 like a phone sends them. */
export function walk(a: { lon: number; lat: number }, b: { lon: number; lat: number }, steps: number, startAt: number, stepS: number, firstSeq: number) {
  const out: Array<{ seq: number; at: number; lon: number; lat: number }> = [];
  for (let i = 0; i < steps; i++) {
    const f = steps === 1 ? 1 : i / (steps - 1);
    const g = fromWgs84(a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f, 'gcj02');
    out.push({ seq: firstSeq + i, at: startAt + i * stepS * 1000, lon: g.lon, lat: g.lat });
  }
  return out;
}

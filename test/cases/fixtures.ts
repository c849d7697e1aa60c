/** Small factories for case tests: a seeded city, people in each role, an uploaded photo. */
import type { AppContext } from '../../src/app.js';
import type { Role, User } from '../../src/auth/model.js';
import type { ReportInput } from '../../src/cases/intake.js';
import type { CaseRecord } from '../../src/cases/record.js';

/** The smallest JPEG header our sniffing accepts, made unique by a tag. */
export function jpegBytes(tag = 'x'): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF\0${tag}`.padEnd(32, '.'))]);
}

let n = 0;
export function user(roles: Role[], over: Partial<User> = {}): User {
  n += 1;
  return {
    id: `u-${roles.join('-')}-${n}`, username: `u${n}`, displayName: `测试${n}`, phone: null, active: true, unitId: null,
    scope: { level: 'city', code: '350200' }, roles, createdAt: 0, updatedAt: 0, ...over,
  };
}

export interface World {
  /** A point inside a demo grid, and its district/street. */
  point: { lon: number; lat: number };
  districtCode: string;
  streetCode: string;
  /** A point in another district. */
  elsewhere: { lon: number; lat: number; districtCode: string };
  photo: string;
  photo2: string;
  unitSw: { id: string; code: string };
  unitOther: { id: string; code: string };
  inspector: User;
  operator: User;
  shiftLead: User;
  dispatcher: User;
  handler: User;
  otherHandler: User;
  leader: User;
  evaluator: User;
}

export async function seedWorld(ctx: AppContext): Promise<World> {
  await ctx.geo.seedDemo();
  await ctx.geo.load();
  await ctx.catalog.seedDemo();
  const grids = await ctx.geo.listGrids({ limit: 2000 });
  const g = grids[0]!;
  const other = grids.find((x) => !x.code.startsWith(g.code.slice(0, 6)))!;
  const located = ctx.geo.locate(g.label.lon, g.label.lat, 'wgs84');
  const sw = await ctx.catalog.getUnit('XM-SW');
  const gd = await ctx.catalog.getUnit('XM-GD');
  const photo = (await ctx.files.saveBuffer(jpegBytes('before'), { uploadedBy: 'test' })).sha256;
  const photo2 = (await ctx.files.saveBuffer(jpegBytes('after'), { uploadedBy: 'test' })).sha256;
  return {
    point: { lon: located.point.lon, lat: located.point.lat },
    districtCode: located.district.code,
    streetCode: located.street.code,
    elsewhere: { lon: other.label.lon, lat: other.label.lat, districtCode: other.code.slice(0, 6) },
    photo,
    photo2,
    unitSw: { id: sw.id, code: sw.code },
    unitOther: { id: gd.id, code: gd.code },
    inspector: user(['inspector']),
    operator: user(['operator']),
    shiftLead: user(['shift_lead']),
    dispatcher: user(['dispatcher']),
    handler: user(['handler'], { unitId: sw.id }),
    otherHandler: user(['handler'], { unitId: gd.id }),
    leader: user(['leader']),
    evaluator: user(['evaluator']),
  };
}

export function reportInput(w: World, over: Partial<ReportInput> = {}): ReportInput {
  return { source: 'inspector', lon: w.point.lon, lat: w.point.lat, categoryCode: 'C0102', description: '污水井盖破损', photos: [w.photo], ...over };
}

/** Takes a fresh inspector report through acceptance and filing (auto-dispatched for C0102). */
export async function reportAndFile(ctx: AppContext, w: World, over: Partial<ReportInput> = {}): Promise<CaseRecord> {
  let c = (await ctx.cases.report(w.inspector, reportInput(w, over))).case;
  c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
  return ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
}

export const errorCode = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

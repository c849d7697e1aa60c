/** Reads a case from the API into the console's flat shape, whichever nesting the server uses
 * (`place.names`, `unit`, `clock`, `categoryCode`). Pure. */

type Raw = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

export interface FlatEvent {
  seq: number;
  type: string;
  /** The server's Chinese name of the event type. */
  typeName: string | null;
  data: Raw | null;
  actor: string | null;
  actorName: string | null;
  role: string | null;
  at: number;
  location: { lon: number; lat: number } | null;
  attachments: string[];
  hash?: string;
}

export interface FlatCase {
  id: string;
  code: string;
  status: string;
  phase: string | null;
  actions: string[] | null;
  light: string | null;
  source: string;
  classCode: string;
  className: string;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  h3: string | null;
  districtCode: string | null;
  districtName: string | null;
  streetName: string | null;
  communityName: string | null;
  gridCode: string | null;
  unitId: string | null;
  unitName: string | null;
  reportedAt: number | undefined;
  updatedAt: number | undefined;
  deadline: number | null;
  version: number;
  photos: string[];
  supervised: boolean;
  pending: Raw | null;
  events?: FlatEvent[];
  duplicates?: FlatCase[];
  /** Routing: the unit the list suggests (when unique) and why, from the server or the filing event. */
  suggestion?: { unitId?: string; unitName?: string; reason?: string } | null;
}

export function normalizeEvent(raw: unknown): FlatEvent {
  const e = obj(raw);
  const lon = num(e.lon) ?? num(obj(e.location).lon);
  const lat = num(e.lat) ?? num(obj(e.location).lat);
  const actor = obj(e.actor);
  const ev: FlatEvent = {
    seq: num(e.seq) ?? 0,
    type: str(e.type) ?? '',
    typeName: str(e.typeName) ?? null,
    data: e.data && typeof e.data === 'object' ? (e.data as Raw) : null,
    actor: str(e.actorId) ?? str(actor.id) ?? (typeof e.actor === 'string' ? e.actor : null) ?? null,
    actorName: str(e.actorName) ?? str(actor.displayName) ?? str(actor.name) ?? null,
    role: str(e.role) ?? null,
    at: num(e.at) ?? 0,
    location: lon !== undefined && lat !== undefined ? { lon, lat } : null,
    attachments: Array.isArray(e.attachments) ? e.attachments.filter((a): a is string => typeof a === 'string') : [],
  };
  const hash = str(e.hash);
  if (hash) ev.hash = hash;
  return ev;
}

export function normalizeCase(raw: unknown): FlatCase {
  const outer = obj(raw);
  // `{case: {...}, events, duplicates, actions}` answers: the case fields are inside, the rest beside.
  const c: Raw = outer.case && typeof outer.case === 'object' && !outer.id ? { ...(outer.case as Raw), ...outer } : outer;
  const place = obj(c.place);
  const names = obj(place.names);
  const unit = obj(c.unit);
  const clock = obj(c.clock);
  const routing = obj(c.routing ?? c.suggestion);
  const flat: FlatCase = {
    id: str(c.id) ?? '',
    code: str(c.code) ?? '',
    status: str(c.status) ?? '',
    phase: str(c.phase) ?? null,
    actions: Array.isArray(c.actions) ? (c.actions as string[]) : Array.isArray(c.allowedActions) ? (c.allowedActions as string[]) : null,
    light: str(c.light) ?? str(clock.light) ?? null,
    source: str(c.source) ?? '',
    classCode: str(c.categoryCode) ?? str(c.classCode) ?? '',
    className: str(c.categoryName) ?? str(c.className) ?? '',
    description: str(c.description) ?? '',
    address: str(c.address) ?? null,
    lon: num(c.lon) ?? Number.NaN,
    lat: num(c.lat) ?? Number.NaN,
    h3: str(c.h3) ?? null,
    districtCode: str(place.districtCode) ?? str(c.districtCode) ?? null,
    districtName: str(names.district) ?? str(c.districtName) ?? null,
    streetName: str(names.street) ?? str(c.streetName) ?? null,
    communityName: str(names.community) ?? str(c.communityName) ?? null,
    gridCode: str(place.gridCode) ?? str(c.gridCode) ?? null,
    unitId: str(unit.id) ?? str(c.unitId) ?? null,
    unitName: str(unit.name) ?? str(c.unitName) ?? null,
    reportedAt: num(c.reportedAt),
    updatedAt: num(c.updatedAt),
    deadline: num(clock.dueAt) ?? num(c.dueAt) ?? num(c.deadline) ?? null,
    version: num(c.version) ?? 0,
    photos: Array.isArray(c.photos) ? c.photos.filter((p): p is string => typeof p === 'string') : [],
    supervised: c.supervised === true,
    pending: c.pending && typeof c.pending === 'object' ? (c.pending as Raw) : null,
  };
  if (Array.isArray(c.events)) flat.events = c.events.map(normalizeEvent);
  else if (Array.isArray(c.timeline)) flat.events = c.timeline.map(normalizeEvent);
  if (Array.isArray(c.duplicates)) flat.duplicates = c.duplicates.map(normalizeCase);
  const filed = [...(flat.events ?? [])].reverse().find((e) => e.type === 'filed' || (e.type === 'dispatched' && e.data?.auto === true));
  const sugUnit = str(routing.unitId) ?? str(obj(routing.unit).id) ?? str(routing.ownerUnitId);
  if (!sugUnit && filed?.data) {
    const s: { unitId?: string; unitName?: string; reason?: string } = {};
    const r = str(filed.data.reason);
    if (r) s.reason = r;
    const u = str(filed.data.unitId);
    if (u) s.unitId = u;
    if (r || u) flat.suggestion = s;
  }
  if (sugUnit) {
    const s: { unitId?: string; unitName?: string; reason?: string } = { unitId: sugUnit };
    const n = str(routing.unitName) ?? str(obj(routing.unit).name) ?? str(routing.ownerUnitName);
    if (n) s.unitName = n;
    const r = str(routing.reason);
    if (r) s.reason = r;
    flat.suggestion = s;
  }
  return flat;
}

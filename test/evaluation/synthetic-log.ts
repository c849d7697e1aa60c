/**
 * Plausible case logs for read-model tests, written straight into case_events (the read model reads
 * nothing else). Deterministic for a seed. The lifecycle through the real case service is exercised
 * by the simulator tests; here the point is the arithmetic of folding, catching up and summing.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/store/db.js';
import { roleCode, storedActor, typeCode } from '../../src/cases/event-codes.js';
import type { EvalEvent } from '../../src/evaluation/accumulator.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRIDS = ['350203001001001', '350203001001002', '350203002001001', '350206001001001', '350206003002001'];
const UNITS = ['u-szyl', 'u-hw', 'u-jj'];
const H = 3600_000;

/** One case's log starting at t0. */
export function synthCase(caseId: string, t0: number, rnd: () => number): EvalEvent[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const grid = pick(GRIDS);
  const pub = rnd() < 0.35;
  const steps: Array<[string, string, string, Record<string, unknown>?]> = [];
  let t = t0;
  const ev = (type: string, actor: string, role: string, data?: Record<string, unknown>, dt = rnd() * 3 * H) => {
    t += dt;
    steps.push([type, actor, role, { ...data, _at: t }]);
  };
  const insp = pick(['insp1', 'insp2', 'insp3']);
  ev('reported', pub ? 'system' : insp, pub ? 'system' : 'inspector', { source: pub ? pick(['hotline', 'citizen', 'video']) : 'inspector', gridCode: grid }, 0);
  if (pub) {
    ev('check_requested', 'op1', 'operator');
    if (rnd() < 0.2) ev('deadline_overdue', 'system', 'system', { stage: 'check' });
    ev('checked', insp, 'inspector', { confirmed: true });
  } else if (rnd() < 0.1) {
    ev('self_handled', insp, 'inspector');
    ev('closed', 'lead1', 'shift_lead');
    return toEvents(caseId, steps);
  }
  const r = rnd();
  if (r < 0.05) { ev('rejected', 'op1', 'operator'); return toEvents(caseId, steps); }
  if (r < 0.07) { ev('merged', 'op2', 'operator'); return toEvents(caseId, steps); }
  ev('accepted', pick(['op1', 'op2']), 'operator');
  if (rnd() < 0.03) { ev('voided', 'lead2', 'shift_lead'); return toEvents(caseId, steps); }
  ev('filed', pick(['lead1', 'lead2']), 'shift_lead');
  const auto = rnd() < 0.5;
  ev('dispatched', auto ? 'system' : 'disp1', auto ? 'system' : 'dispatcher', { unitId: pick(UNITS) });
  if (rnd() < 0.05) { ev('return_approved', 'disp1', 'dispatcher'); ev('dispatched', 'disp2', 'dispatcher', { unitId: pick(UNITS) }); }
  if (rnd() < 0.04) ev('extension_granted', 'disp1', 'dispatcher');
  if (rnd() < 0.1) ev('urged', 'disp1', 'dispatcher');
  if (rnd() < 0.12) ev('deadline_overdue', 'system', 'system', { stage: 'handle' }, 20 * H);
  if (rnd() < 0.08) return toEvents(caseId, steps); // still with the unit
  ev('handled', 'h1', 'handler');
  ev('verification_sent', 'op1', 'operator');
  if (rnd() < 0.06) {
    ev('verification_failed', insp, 'inspector');
    ev('handled', 'h1', 'handler');
    ev('verification_sent', 'op1', 'operator');
  }
  ev('verification_passed', insp, 'inspector');
  if (rnd() < 0.1) return toEvents(caseId, steps); // waiting to be closed
  ev('closed', pick(['lead1', 'lead2']), 'shift_lead');
  return toEvents(caseId, steps);
}

function toEvents(caseId: string, steps: Array<[string, string, string, Record<string, unknown>?]>): EvalEvent[] {
  return steps.map(([type, actorId, role, data], i) => {
    const { _at, ...rest } = data as { _at: number };
    return { caseId, seq: i + 1, type, at: Math.round(_at), actorId, role, data: rest };
  });
}

/**
 * A bare case row for each case of the events not yet written (the log keys its rows by the case's
 * number, `cases.case_no`, so a case needs its row; the read model reads nothing else of it).
 */
export async function writeCaseStubs(db: Db, events: readonly EvalEvent[]): Promise<void> {
  const first = new Map<string, number>();
  for (const e of events) first.set(e.caseId, Math.min(first.get(e.caseId) ?? e.at, e.at));
  // PostgreSQL numbers a new row itself (a sequence); on SQLite the insert statement of the store does.
  const known = new Set((await db.kysely.selectFrom('cases').select('id').where('id', 'in', [...first.keys()]).execute()).map((r) => r.id));
  let no = db.dialect === 'sqlite' ? Number((await sql<{ n: number | null }>`select max(case_no) as n from cases`.execute(db.kysely)).rows[0]?.n ?? 0) : 0;
  const rows = [...first].filter(([id]) => !known.has(id)).map(([id, at]) => ({
    ...(db.dialect === 'sqlite' ? { case_no: ++no } : {}), id, code: `stub-${id}`, status: 'reported', phase: 'report', version: 0, last_hash: Buffer.alloc(32), source: 'inspector',
    category_code: '0101', category_name: '-', urgency: 'normal', description: '-', lon: 118.1, lat: 24.5, h3: '-',
    grid_code: '350203001001001', community_code: '350203001001', street_code: '350203001', district_code: '350203', place_names: '{}',
    reporter_id: '-', photos: '[]', reported_at: at, updated_at: at, light: 'green',
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await db.kysely.insertInto('cases').values(rows.slice(i, i + 200) as never).execute();
  }
}

/** Writes events into case_events, data as plain JSON (the hash gets a placeholder: the read model never reads it). */
export async function writeEvents(db: Db, events: readonly EvalEvent[]): Promise<void> {
  await writeCaseStubs(db, events);
  const rows = events.map((e) => ({
    case_no: sql<number>`(select case_no from cases where id = ${e.caseId})`, seq: e.seq, type: typeCode(e.type), data: JSON.stringify(e.data),
    actor_id: storedActor(e.actorId), role: roleCode(e.role), at: e.at, lon: null, lat: null, attachments: '[]', hash: Buffer.alloc(32),
    audience_role: null, audience_unit_id: null, audience_user_id: null,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db.kysely.insertInto('case_events').values(rows.slice(i, i + 500)).execute();
  }
}

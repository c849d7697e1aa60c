/**
 * Queries of the evaluation: reading the case event log, and the read model (fold states, per-day
 * counters, overdue intervals). The only file of the capability that knows SQL.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Db, Dialect, Executor } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { fromJson, toJson } from '../store/dialect.js';
import { getSetting, putSetting } from '../store/settings.js';
import { decodeCaseData } from '../cases/event-data.js';
import { actorOf, roleOfCode, typeOfCode } from '../cases/event-codes.js';
import type { CaseFoldState, EvalEvent, OverdueInterval } from './accumulator.js';
import { COUNTER_KEYS, STOCK_COUNTERS, emptyCounters, type CounterKey, type Counters, type ObjectType } from './model.js';
import { OPEN_END, columnOf, type EvaluationTables } from './tables.js';

type EDb = Kysely<Database & EvaluationTables>;
type ETx = Transaction<Database & EvaluationTables>;
export type EExecutor = EDb | ETx;

/** The evaluation's view of the store (the composed Database does not list our tables). */
export const evalDb = (db: Db): EDb => db.kysely as unknown as EDb;

const FLOW_KEYS = COUNTER_KEYS.filter((k) => !STOCK_COUNTERS.has(k));
const CHUNK = 400;
const chunks = <T>(xs: readonly T[], n = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

// ---- the log ----

/** Position in the log, in the order the catch-up reads it. */
export interface LogPosition {
  at: number;
  caseId: string;
  seq: number;
}
export const LOG_START: LogPosition = { at: -1, caseId: '', seq: 0 };

const toEvalEvent = (r: { case_id: string; seq: number; type: string; data: unknown; actor_id: unknown; role: string; at: number }): EvalEvent => ({
  caseId: r.case_id, seq: Number(r.seq), type: typeOfCode(r.type), at: Number(r.at), actorId: actorOf(r.actor_id), role: roleOfCode(r.role), data: decodeCaseData(r.data),
});

/**
 * The log's rows with their case's id: the log keys a row by the case's number (migration 0246), the
 * evaluation by the id.
 */
const logRows = (db: EExecutor) => db
  .selectFrom('case_events as e')
  .innerJoin('cases as c', 'c.case_no', 'e.case_no')
  .select(['c.id as case_id', 'e.seq as seq', 'e.type as type', 'e.data as data', 'e.actor_id as actor_id', 'e.role as role', 'e.at as at']);

/** The next `limit` events after a position, ordered by (at, case_id, seq). */
export async function eventsAfter(db: EExecutor, pos: LogPosition, limit: number): Promise<EvalEvent[]> {
  const rows = await logRows(db)
    // Implied by the OR below, but a plain range the planner can take to the `at` index (PostgreSQL
    // does not for the OR alone: it scanned the whole log on every evaluation).
    .where('e.at', '>=', pos.at)
    .where((eb) => eb.or([
      eb('e.at', '>', pos.at),
      eb.and([eb('e.at', '=', pos.at), eb.or([eb('c.id', '>', pos.caseId), eb.and([eb('c.id', '=', pos.caseId), eb('e.seq', '>', pos.seq)])])]),
    ]))
    .orderBy('e.at').orderBy('c.id').orderBy('e.seq')
    .limit(limit)
    .execute();
  return rows.map(toEvalEvent);
}

/** Events of one case with afterSeq < seq < beforeSeq (filling a gap), in order. */
export async function eventsOfCase(db: EExecutor, caseId: string, afterSeq: number, beforeSeq = Number.MAX_SAFE_INTEGER): Promise<EvalEvent[]> {
  const rows = await logRows(db)
    .where('c.id', '=', caseId).where('e.seq', '>', afterSeq).where('e.seq', '<', beforeSeq)
    .orderBy('e.seq')
    .execute();
  return rows.map(toEvalEvent);
}

/** Every event, case by case (the reference rebuild from the log alone). */
export async function* allEventsByCase(db: EExecutor, casesPerPage = 2000): AsyncGenerator<EvalEvent[]> {
  let after = '';
  for (;;) {
    const ids = await db.selectFrom('cases').select('id').where('id', '>', after).orderBy('id').limit(casesPerPage).execute();
    if (ids.length === 0) return;
    after = ids[ids.length - 1]!.id;
    const rows = await logRows(db)
      .where('c.id', 'in', ids.map((r) => r.id))
      .orderBy('c.id').orderBy('e.seq')
      .execute();
    let current: EvalEvent[] = [];
    for (const r of rows) {
      if (current.length && current[0]!.caseId !== r.case_id) { yield current; current = []; }
      current.push(toEvalEvent(r));
    }
    if (current.length) yield current;
  }
}

// ---- catch-up bookkeeping ----

const CURSOR_KEY = 'evaluation.cursor';

export async function readCursor(db: EExecutor): Promise<LogPosition> {
  return (await getSetting<LogPosition>(db as unknown as Executor, CURSOR_KEY)) ?? LOG_START;
}

export async function writeCursor(db: EExecutor, pos: LogPosition, now: number): Promise<void> {
  await putSetting(db as unknown as Executor, CURSOR_KEY, pos, now);
}

/** Serialises catch-ups between processes sharing one PostgreSQL (SQLite has one writer anyway). */
export async function lockCatchUp(tx: ETx, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(7070707070)`.execute(tx);
}

export async function foldStates(db: EExecutor, caseIds: readonly string[]): Promise<Map<string, CaseFoldState>> {
  const out = new Map<string, CaseFoldState>();
  for (const ids of chunks([...new Set(caseIds)])) {
    const rows = await db.selectFrom('evaluation_case_folds').select(['case_id', 'state']).where('case_id', 'in', ids).execute();
    for (const r of rows) out.set(r.case_id, fromJson<CaseFoldState>(r.state));
  }
  return out;
}

export async function saveFoldStates(db: EExecutor, states: ReadonlyMap<string, CaseFoldState>, now: number): Promise<void> {
  const rows = [...states].map(([case_id, s]) => ({ case_id, seq: s.seq, state: toJson(s), updated_at: now }));
  for (const part of chunks(rows, 2000)) {
    await db.insertInto('evaluation_case_folds').values(part)
      .onConflict((oc) => oc.column('case_id').doUpdateSet({
        seq: sql<number>`excluded.seq`, state: sql<unknown>`excluded.state`, updated_at: sql<number>`excluded.updated_at`,
      }))
      .execute();
  }
}

export interface DailyDelta {
  type: ObjectType;
  id: string;
  day: string;
  counters: Partial<Record<CounterKey, number>>;
}

/** Adds counts to the per-day rows (insert or increment). */
export async function addDaily(db: EExecutor, deltas: readonly DailyDelta[]): Promise<void> {
  const rows = deltas.map((d) => {
    const row: Record<string, unknown> = { object_type: d.type, object_id: d.id, day: d.day };
    for (const k of FLOW_KEYS) row[columnOf(k)] = d.counters[k] ?? 0;
    return row;
  });
  const set = Object.fromEntries(FLOW_KEYS.map((k) => {
    const c = columnOf(k);
    return [c, sql`${sql.ref(`evaluation_daily.${c}`)} + ${sql.ref(`excluded.${c}`)}`];
  }));
  // 40 values a row: stay under SQLite's 32 766 bound parameters.
  for (const part of chunks(rows, 500)) {
    await (db as unknown as Kysely<any>).insertInto('evaluation_daily').values(part)
      .onConflict((oc) => oc.columns(['object_type', 'day', 'object_id']).doUpdateSet(set))
      .execute();
  }
}

/** Writes opened intervals and closes ended ones (the same key: case, start seq, object, counter). */
export async function saveIntervals(db: EExecutor, intervals: readonly OverdueInterval[]): Promise<void> {
  const rows = intervals.flatMap((iv) => iv.objects.map((o) => ({
    case_id: iv.caseId, start_seq: iv.startSeq, object_type: o.type, object_id: o.id, counter: o.counter, start_at: iv.start, end_at: iv.end ?? OPEN_END,
  })));
  for (const part of chunks(rows, 2000)) {
    await db.insertInto('evaluation_overdue').values(part)
      .onConflict((oc) => oc.columns(['case_id', 'start_seq', 'object_type', 'object_id', 'counter']).doUpdateSet({ end_at: (eb) => eb.ref('excluded.end_at') }))
      .execute();
  }
}

// ---- evaluation queries ----

export interface ObjectCounters {
  type: ObjectType;
  id: string;
  counters: Counters;
}

/** Flow counters summed over the days of a period, per object of the given types. */
export async function sumDaily(db: EExecutor, types: readonly ObjectType[], from: string, to: string): Promise<ObjectCounters[]> {
  const k = db as unknown as Kysely<any>;
  const rows = await k.selectFrom('evaluation_daily')
    .select(['object_type', 'object_id'])
    .select(FLOW_KEYS.map((key) => sql<number>`sum(${sql.ref(columnOf(key))})`.as(key)))
    .where('object_type', 'in', [...types])
    .where('day', '>=', from).where('day', '<=', to)
    .groupBy(['object_type', 'object_id'])
    .execute() as Array<Record<string, unknown>>;
  return rows.map((r) => {
    const counters = emptyCounters();
    for (const key of FLOW_KEYS) counters[key] = Number(r[key] ?? 0);
    return { type: r.object_type as ObjectType, id: String(r.object_id), counters };
  });
}

/** Overdue intervals open at instant t (started before it, not ended by it), per object and counter. */
export async function overdueAt(db: EExecutor, types: readonly ObjectType[], t: number): Promise<Array<{ type: ObjectType; id: string; counter: CounterKey; n: number }>> {
  const rows = await db.selectFrom('evaluation_overdue')
    .select(['object_type', 'object_id', 'counter'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('object_type', 'in', [...types])
    .where('end_at', '>=', t).where('start_at', '<', t)
    .groupBy(['object_type', 'object_id', 'counter'])
    .execute();
  return rows.map((r) => ({ type: r.object_type as ObjectType, id: r.object_id, counter: r.counter as CounterKey, n: Number(r.n) }));
}

// ---- names of the objects ----

const REGION_TABLE = { district: 'geo_districts', street: 'geo_streets', community: 'geo_communities', grid: 'geo_grids' } as const;

/** code → name of every area of a level. */
export async function regionNames(db: EExecutor, level: keyof typeof REGION_TABLE): Promise<Map<string, string>> {
  const rows = await db.selectFrom(REGION_TABLE[level]).select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Every grid code (for grids per region). */
export async function gridCodes(db: EExecutor): Promise<string[]> {
  return (await db.selectFrom('geo_grids').select('code').execute()).map((r) => r.code);
}

/** Units by id and by code → {id, name}. */
export async function unitNames(db: EExecutor): Promise<Array<{ id: string; code: string; name: string; active: boolean; districtCode: string | null; streetCode: string | null }>> {
  const rows = await db.selectFrom('units').select(['id', 'code', 'name', 'active', 'district_code', 'street_code']).execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, active: Number(r.active) === 1, districtCode: r.district_code, streetCode: r.street_code }));
}

/** Names and area codes (the account's scope) of staff, by user id. */
export async function userNames(db: EExecutor, ids: readonly string[]): Promise<Map<string, { name: string; areaCode: string }>> {
  const out = new Map<string, { name: string; areaCode: string }>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('users').select(['id', 'display_name', 'scope_code']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, { name: r.display_name, areaCode: r.scope_code });
  }
  return out;
}

/** Clears the read model (a rebuild starts from an empty one). */
export async function clearReadModel(db: EExecutor): Promise<void> {
  await db.deleteFrom('evaluation_overdue').execute();
  await db.deleteFrom('evaluation_daily').execute();
  await db.deleteFrom('evaluation_case_folds').execute();
  await writeCursor(db, LOG_START, 0);
}

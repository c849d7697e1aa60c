/** SQL of suggestions beyond the kit's store: lists, the public list, the figures' rows, callback numbers. */
import type { Executor } from '../store/db.js';
import { SUGGESTION_STREAM, type FigureRow, type Suggestion, type SuggestionState } from './model.js';

export interface ListFilter {
  districtCode?: string;
  streetCode?: string;
  unitId?: string;
  states?: readonly SuggestionState[];
  light?: 'yellow' | 'red';
  topic?: string;
  q?: string;
}

export async function list(db: Executor, f: ListFilter, page: number, pageSize: number): Promise<{ items: Suggestion[]; total: number }> {
  let q = db.selectFrom('suggestions');
  if (f.districtCode) q = q.where('district_code', '=', f.districtCode);
  if (f.streetCode) q = q.where('street_code', '=', f.streetCode);
  if (f.unitId) q = q.where('unit_id', '=', f.unitId);
  if (f.states?.length) q = q.where('state', 'in', [...f.states]);
  if (f.light) q = q.where('light', '=', f.light);
  if (f.topic) q = q.where('topic', '=', f.topic);
  if (f.q) q = q.where('code', '=', f.q);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map((r) => SUGGESTION_STREAM.rowToRecord(r)), total: Number(count?.n ?? 0) };
}

/** Answered suggestions for the public list, the latest answer first. */
export async function answered(db: Executor, topic: string | undefined, page: number, pageSize: number): Promise<{ items: Suggestion[]; total: number }> {
  let q = db.selectFrom('suggestions').where('state', '=', 'answered');
  if (topic) q = q.where('topic', '=', topic);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('answered_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map((r) => SUGGESTION_STREAM.rowToRecord(r)), total: Number(count?.n ?? 0) };
}

/** What the figures count of the suggestions received in [from, to). */
export async function figureRows(db: Executor, f: Pick<ListFilter, 'districtCode' | 'streetCode' | 'unitId'>, from: number, to: number): Promise<Array<Omit<FigureRow, 'unitName'>>> {
  let q = db.selectFrom('suggestions').select(['state', 'unit_id', 'on_time', 'light']).where('received_at', '>=', from).where('received_at', '<', to);
  if (f.districtCode) q = q.where('district_code', '=', f.districtCode);
  if (f.streetCode) q = q.where('street_code', '=', f.streetCode);
  if (f.unitId) q = q.where('unit_id', '=', f.unitId);
  const rows = await q.execute();
  return rows.map((r) => ({ state: r.state as SuggestionState, unitId: r.unit_id, onTime: r.on_time === null ? null : Number(r.on_time) === 1, light: r.light }));
}

export async function putContact(db: Executor, c: { suggestionId: string; phone: string | null; deviceHash: string | null; at: number }): Promise<void> {
  await db.insertInto('suggestion_contacts').values({ suggestion_id: c.suggestionId, phone: c.phone, device_hash: c.deviceHash, at: c.at })
    .onConflict((oc) => oc.column('suggestion_id').doNothing()).execute();
}

export async function contactOf(db: Executor, suggestionId: string): Promise<{ phone: string | null } | undefined> {
  const r = await db.selectFrom('suggestion_contacts').select('phone').where('suggestion_id', '=', suggestionId).executeTakeFirst();
  return r ? { phone: r.phone } : undefined;
}

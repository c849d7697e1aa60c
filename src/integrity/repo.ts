/** Seals' queries (the only SQL of src/integrity): the seal chain, the sealed heads, and heads read generically off any registered stream's tables. */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../store/db.js';
import { fromJson, isUniqueViolation, toJson } from '../store/dialect.js';
import type { StreamSpec } from '../workflow/stream.js';
import { hashHex } from '../workflow/data-codec.js';
import { CITY_CHAIN_ID, type Head, type SealData, type SealEvent } from './model.js';

const num = (v: unknown): number => Number(v);
const PAGE = 5_000;

export interface ChainHead {
  version: number;
  lastHash: string;
  sealedAt: number;
}

export async function chainHead(db: Db): Promise<ChainHead | undefined> {
  const r = await db.kysely.selectFrom('integrity_seal_chain').selectAll().where('id', '=', CITY_CHAIN_ID).executeTakeFirst();
  return r ? { version: num(r.version), lastHash: r.last_hash, sealedAt: num(r.sealed_at) } : undefined;
}

export interface StoredSeal extends SealEvent {
  timestampToken: string | null;
}

function rowToSeal(r: { chain_id: string; seq: number; type: string; data: unknown; actor_id: string; role: string; at: number; prev_hash: string; hash: string; timestamp_token: string | null }): StoredSeal {
  return {
    chainId: r.chain_id, seq: num(r.seq), type: r.type, data: fromJson<SealData>(r.data), actorId: r.actor_id, role: r.role, at: num(r.at),
    lon: null, lat: null, attachments: [], prevHash: r.prev_hash, hash: r.hash, timestampToken: r.timestamp_token,
  };
}

/** Every seal in chain order. */
export async function seals(db: Db): Promise<StoredSeal[]> {
  const rows = await db.kysely.selectFrom('integrity_seals').selectAll().where('chain_id', '=', CITY_CHAIN_ID).orderBy('seq').execute();
  return rows.map(rowToSeal);
}

/** The latest seals, newest first. */
export async function latestSeals(db: Db, limit: number): Promise<StoredSeal[]> {
  const rows = await db.kysely.selectFrom('integrity_seals').selectAll().where('chain_id', '=', CITY_CHAIN_ID).orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(rowToSeal);
}

export async function sealAt(db: Db, seq: number): Promise<StoredSeal | undefined> {
  const r = await db.kysely.selectFrom('integrity_seals').selectAll().where('chain_id', '=', CITY_CHAIN_ID).where('seq', '=', seq).executeTakeFirst();
  return r ? rowToSeal(r) : undefined;
}

export async function setTimestampToken(db: Db, seq: number, token: string): Promise<void> {
  await db.kysely.updateTable('integrity_seals').set({ timestamp_token: token }).where('chain_id', '=', CITY_CHAIN_ID).where('seq', '=', seq).execute();
}

/** The heads every row of a stream kind claims now (id, version, last_hash), in pages by id. */
export async function* currentHeads(db: Db, spec: StreamSpec<any, any, any>): AsyncGenerator<Array<{ id: string; version: number; hash: string }>> {
  const k = db.kysely as unknown as Kysely<any>;
  let after: string | null = null;
  for (;;) {
    let q = k.selectFrom(spec.table).select(['id', 'version', 'last_hash']).orderBy('id').limit(PAGE);
    if (after !== null) q = q.where('id', '>', after);
    const rows = await q.execute();
    if (rows.length === 0) return;
    yield rows.map((r) => ({ id: r.id as string, version: num(r.version), hash: hashHex(r.last_hash) }));
    after = rows[rows.length - 1]!.id as string;
  }
}

/** The ids of a stream kind's rows, in pages by id. */
export async function streamIdsAfter(db: Db, spec: StreamSpec<any, any, any>, after: string | null, limit: number): Promise<string[]> {
  const k = db.kysely as unknown as Kysely<any>;
  let q = k.selectFrom(spec.table).select('id').orderBy('id').limit(limit);
  if (after !== null) q = q.where('id', '>', after);
  return (await q.execute()).map((r) => r.id as string);
}

export interface SealedHead {
  kind: string;
  id: string;
  version: number;
  hash: string;
  sealedSeq: number;
  sealedAt: number;
}

/** Every sealed head, in pages (kind, id order). */
export async function sealedHeads(db: Db): Promise<SealedHead[]> {
  const out: SealedHead[] = [];
  let after: [string, string] | null = null;
  for (;;) {
    let q = db.kysely.selectFrom('integrity_heads').selectAll().orderBy('kind').orderBy('stream_id').limit(PAGE);
    if (after) {
      const [kind, id] = after;
      q = q.where((eb) => eb.or([eb('kind', '>', kind), eb.and([eb('kind', '=', kind), eb('stream_id', '>', id)])]));
    }
    const rows = await q.execute();
    for (const r of rows) out.push({ kind: r.kind, id: r.stream_id, version: num(r.version), hash: r.hash, sealedSeq: num(r.sealed_seq), sealedAt: num(r.sealed_at) });
    if (rows.length < PAGE) return out;
    const last = rows[rows.length - 1]!;
    after = [last.kind, last.stream_id];
  }
}

/** The hashes stored for (stream id, seq) pairs of a stream kind, keyed `id\0seq`. */
export async function eventHashes(db: Db, spec: StreamSpec<any, any, any>, pairs: ReadonlyArray<readonly [string, number]>): Promise<Map<string, string>> {
  const k = db.kysely as unknown as Kysely<any>;
  const out = new Map<string, string>();
  const col = spec.events.streamColumn;
  const numbered = spec.events.streamNumber;
  for (let i = 0; i < pairs.length; i += 200) {
    const chunk = pairs.slice(i, i + 200);
    // A log keyed by the record's number (the case log) names its record through the projection row.
    const rows = numbered
      ? await k.selectFrom(sql`${sql.table(spec.events.table)}`.as('e')).innerJoin(sql`${sql.table(spec.table)}`.as('p'), `p.${numbered}`, `e.${col}`)
        .select(['p.id as sid', 'e.seq as seq', 'e.hash as hash'])
        .where((eb) => eb.or(chunk.map(([id, seq]) => eb.and([eb(sql.ref('p.id'), '=', id), eb(sql.ref('e.seq'), '=', seq)]))))
        .execute()
      : await k.selectFrom(spec.events.table).select([`${col} as sid`, 'seq', 'hash'])
        .where((eb) => eb.or(chunk.map(([id, seq]) => eb.and([eb(col, '=', id), eb('seq', '=', seq)]))))
        .execute();
    for (const r of rows) out.set(`${r.sid as string}\0${num(r.seq)}`, hashHex(r.hash));
  }
  return out;
}

/** Which sealed streams of a kind still have a row, and their version now (absent: the row is gone). */
export async function rowVersions(db: Db, spec: StreamSpec<any, any, any>, ids: readonly string[]): Promise<Map<string, number>> {
  const k = db.kysely as unknown as Kysely<any>;
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await k.selectFrom(spec.table).select(['id', 'version']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id as string, num(r.version));
  }
  return out;
}

/**
 * Writes a seal: its event, the chain's head (guarded by the version it followed) and the heads it
 * moved, in one transaction. False when another seal came first (nothing written).
 */
export async function writeSeal(db: Db, prevVersion: number, e: SealEvent, moved: readonly Head[]): Promise<boolean> {
  try {
    await db.kysely.transaction().execute(async (tx) => {
      await tx.insertInto('integrity_seals').values({
        chain_id: e.chainId, seq: e.seq, type: e.type, data: toJson(e.data), actor_id: e.actorId, role: e.role, at: e.at,
        prev_hash: e.prevHash, hash: e.hash, timestamp_token: null,
      }).execute();
      if (prevVersion === 0) {
        await tx.insertInto('integrity_seal_chain').values({ id: e.chainId, version: e.seq, last_hash: e.hash, sealed_at: e.at }).execute();
      } else {
        const r = await tx.updateTable('integrity_seal_chain').set({ version: e.seq, last_hash: e.hash, sealed_at: e.at })
          .where('id', '=', e.chainId).where('version', '=', prevVersion).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new SealRaced();
      }
      for (let i = 0; i < moved.length; i += 500) {
        const rows = moved.slice(i, i + 500).map(([kind, id, version, hash]) => ({ kind, stream_id: id, version, hash, sealed_seq: e.seq, sealed_at: e.at }));
        await tx.insertInto('integrity_heads').values(rows)
          .onConflict((oc) => oc.columns(['kind', 'stream_id']).doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'), hash: eb.ref('excluded.hash'), sealed_seq: eb.ref('excluded.sealed_seq'), sealed_at: eb.ref('excluded.sealed_at'),
          })))
          .execute();
      }
    });
    return true;
  } catch (err) {
    if (err instanceof SealRaced || isUniqueViolation(err)) return false;
    throw err;
  }
}

class SealRaced extends Error {}

/** Counts for the report's summary. */
export async function sealCount(db: Db): Promise<number> {
  const r = await db.kysely.selectFrom('integrity_seals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return num(r.n);
}

export { sql };

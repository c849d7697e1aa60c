/**
 * The case log, compact (issue 15 item 7): bytes an event takes, without losing what verification
 * needs (src/workflow/data-codec.ts).
 *
 * - `prev_hash` goes: it is the previous row's `hash`, and the hash of every event covers it, so a
 *   deleted, inserted or reordered row still breaks the chain (the store derives it on reading).
 * - `hash` becomes 32 bytes (SQLite: a BLOB, converted with unhex; PostgreSQL: `bytea`).
 * - `data` holds coded canonical JSON (src/cases/event-data.ts) — on PostgreSQL the column becomes
 *   `bytea` (its plain rows: the JSON's UTF-8 bytes); on SQLite a BLOB beside plain JSON text. The
 *   rows already there are coded here too, page by page; the data of `dispatched` / `reassigned`
 *   stays plain, since case_unit_holds' trigger reads it in SQL (its PostgreSQL function now reads
 *   the bytes as JSON). Rows this did not code (none, once it has run) stay readable as they are.
 *
 * Hashes are unchanged: the hash is over the canonical event, and the stored form decodes to it.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { canonicalJson } from '../../workflow/chain.js';
import { caseDataCodec } from '../../cases/event-data.js';

/** The types whose data this step left plain (the trigger read it in SQL then; migration 0244 codes them). */
const PLAIN_DATA_TYPES: ReadonlySet<string> = new Set(['dispatched', 'reassigned']);

const PAGE = 2000;

/** Codes the data of every row not yet coded, in pages by (case_id, seq). */
async function codeData(db: Kysely<any>, postgres: boolean): Promise<void> {
  let after: [string, number] = ['', 0];
  for (;;) {
    const rows = (await sql<{ case_id: string; seq: number; type: string; data: unknown }>`select case_id, seq, type, data from case_events
      where (case_id > ${after[0]} or (case_id = ${after[0]} and seq > ${after[1]})) order by case_id, seq limit ${PAGE}`.execute(db)).rows;
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    after = [last.case_id, Number(last.seq)];
    const ids: string[] = [];
    const seqs: number[] = [];
    const data: Buffer[] = [];
    for (const r of rows) {
      if (PLAIN_DATA_TYPES.has(r.type)) continue;
      const isText = typeof r.data === 'string';
      if (!isText && !(r.data instanceof Uint8Array && r.data[0] === 0x7b)) continue; // already coded
      const coded = caseDataCodec.encode(canonicalJson(caseDataCodec.decode(r.data)));
      if (typeof coded === 'string') continue; // coding would not make it smaller
      ids.push(r.case_id);
      seqs.push(Number(r.seq));
      data.push(coded);
    }
    if (ids.length === 0) continue;
    if (postgres) {
      await sql`update case_events e set data = x.data from unnest(${ids}::text[], ${seqs}::int[], ${data}::bytea[]) as x(case_id, seq, data)
        where e.case_id = x.case_id and e.seq = x.seq`.execute(db);
    } else {
      for (let i = 0; i < ids.length; i++) await sql`update case_events set data = ${data[i]} where case_id = ${ids[i]} and seq = ${seqs[i]}`.execute(db);
    }
  }
}

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect === 'sqlite') {
      await sql`update case_events set hash = unhex(hash) where typeof(hash) = 'text'`.execute(db);
      await sql`alter table case_events drop column prev_hash`.execute(db);
    } else {
      await sql`alter table case_events drop column prev_hash,
        alter column hash type bytea using decode(hash, 'hex'),
        alter column data type bytea using convert_to(data::text, 'UTF8')`.execute(db);
      await sql`CREATE OR REPLACE FUNCTION case_events_unit_holds() RETURNS trigger AS $$
        DECLARE d jsonb;
        BEGIN
          IF NEW.type IN ('dispatched', 'reassigned') AND get_byte(NEW.data, 0) = 123 THEN
            d := convert_from(NEW.data, 'UTF8')::jsonb;
            IF jsonb_typeof(d -> 'unitId') = 'string' THEN
              INSERT INTO case_unit_holds (unit_id, case_id) VALUES (d ->> 'unitId', NEW.case_id) ON CONFLICT DO NOTHING;
            END IF;
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`.execute(db);
    }
    await codeData(db, dialect !== 'sqlite');
  },
});
export default migration;

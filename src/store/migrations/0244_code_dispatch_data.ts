/**
 * The data of `dispatched` and `reassigned` events coded too (issue 15 item 7; 0242 left it plain JSON,
 * ≈ 230 bytes an event, because case_unit_holds' trigger read its `unitId` with json_extract).
 *
 * The trigger now finds the unit in the coded bytes themselves: in coded canonical JSON the member
 * name `"unitId":` is one byte (UNIT_ID_CODE, src/cases/event-data.ts), so the unit id is what follows
 * `UNIT_ID_CODE "` up to the next `"` (a `"unitId":null` is a code of its own: no unit, no row). Data
 * still stored as plain JSON (text on SQLite, bytes starting with `{` on PostgreSQL: rows coding did
 * not shorten) is read as before. The rows already there are coded here, page by page.
 *
 * Hashes are unchanged: the stored form decodes to the very canonical JSON that was hashed.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { canonicalJson } from '../../workflow/chain.js';
import { caseDataCodec, UNIT_ID_CODE } from '../../cases/event-data.js';

const PAGE = 2000;
const HEX = UNIT_ID_CODE.toString(16).padStart(2, '0');

/** Codes the data of every dispatched / reassigned row still plain, in pages by (case_id, seq). */
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
      if (r.type !== 'dispatched' && r.type !== 'reassigned') continue;
      if (typeof r.data !== 'string' && !(r.data instanceof Uint8Array && r.data[0] === 0x7b)) continue; // already coded
      const coded = caseDataCodec.encode(canonicalJson(caseDataCodec.decode(r.data)));
      if (typeof coded === 'string') continue;
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
      await sql`DROP TRIGGER IF EXISTS case_events_unit_holds`.execute(db);
      // No CTE inside a trigger: the unit is worked out in nested subqueries.
      await sql.raw(`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events
        WHEN NEW.type IN ('dispatched', 'reassigned')
        BEGIN
          INSERT OR IGNORE INTO case_unit_holds (unit_id, case_id)
          SELECT u, NEW.case_id FROM (
            SELECT CASE WHEN typeof(d) = 'text' THEN json_extract(d, '$.unitId')
                        WHEN p > 0 THEN CAST(substr(r, 1, instr(r, x'22') - 1) AS TEXT) END AS u
            FROM (SELECT d, p, substr(d, p + 2) AS r FROM (
              SELECT NEW.data AS d, CASE WHEN typeof(NEW.data) = 'blob' AND substr(NEW.data, 1, 1) = x'01' THEN instr(NEW.data, x'${HEX}22') ELSE 0 END AS p)))
          WHERE u IS NOT NULL AND u <> '';
        END`).execute(db);
    } else {
      await sql.raw(`CREATE OR REPLACE FUNCTION case_events_unit_holds() RETURNS trigger AS $$
        DECLARE d jsonb; p int; r bytea; q int; u text;
        BEGIN
          IF NEW.type IN ('dispatched', 'reassigned') THEN
            IF get_byte(NEW.data, 0) = 123 THEN
              d := convert_from(NEW.data, 'UTF8')::jsonb;
              IF jsonb_typeof(d -> 'unitId') = 'string' THEN u := d ->> 'unitId'; END IF;
            ELSIF get_byte(NEW.data, 0) = 1 THEN
              p := position('\\x${HEX}22'::bytea in NEW.data);
              IF p > 0 THEN
                r := substring(NEW.data from p + 2);
                q := position('\\x22'::bytea in r);
                IF q > 1 THEN u := convert_from(substring(r from 1 for q - 1), 'UTF8'); END IF;
              END IF;
            END IF;
            IF u IS NOT NULL THEN
              INSERT INTO case_unit_holds (unit_id, case_id) VALUES (u, NEW.case_id) ON CONFLICT DO NOTHING;
            END IF;
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`).execute(db);
    }
    await codeData(db, dialect !== 'sqlite');
  },
});
export default migration;

/**
 * The cases row, compact (issue 15 item 7): its JSON columns `time_limits`, `place_names` and
 * `pending` hold coded text (src/cases/row-codec.ts, src/workflow/text-codec.ts). `time_limits` is
 * the same 240-byte object on most cases and becomes one code; the member names of the place names
 * and of a pending request become codes too.
 *
 * On PostgreSQL the three columns become `text` (they were `jsonb`; nothing reads them in SQL). The
 * rows already there are coded here, page by page, on both stores. A row this did not code (none,
 * once it has run) still reads: plain JSON text decodes as it is.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { caseRowCodec } from '../../cases/row-codec.js';

const PAGE = 2000;
const COLUMNS = ['time_limits', 'place_names', 'pending'] as const;

/** The stored form of a column as the release before held it (JSON text or a parsed jsonb value), coded. */
const coded = (v: unknown): string | null => (v === null || v === undefined ? null : caseRowCodec.encode(caseRowCodec.decode(v)));

async function codeRows(db: Kysely<any>, postgres: boolean): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await sql<{ id: string; time_limits: unknown; place_names: unknown; pending: unknown }>`select id, time_limits, place_names, pending
      from cases where id > ${after} order by id limit ${PAGE}`.execute(db)).rows;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const ids = rows.map((r) => r.id);
    const values = COLUMNS.map((c) => rows.map((r) => coded(r[c])));
    if (postgres) {
      await sql`update cases c set time_limits = x.t, place_names = x.p, pending = x.q
        from unnest(${ids}::text[], ${values[0]}::text[], ${values[1]}::text[], ${values[2]}::text[]) as x(id, t, p, q) where c.id = x.id`.execute(db);
    } else {
      for (let i = 0; i < ids.length; i++) {
        await sql`update cases set time_limits = ${values[0]![i]}, place_names = ${values[1]![i]}, pending = ${values[2]![i]} where id = ${ids[i]}`.execute(db);
      }
    }
  }
}

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect === 'postgres') {
      await sql`alter table cases alter column time_limits type text using time_limits::text,
        alter column place_names type text using place_names::text, alter column pending type text using pending::text`.execute(db);
    }
    await codeRows(db, dialect === 'postgres');
  },
});
export default migration;

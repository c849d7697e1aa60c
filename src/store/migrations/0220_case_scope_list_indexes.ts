/**
 * Lists and counts of a district's or a street's cases (every district- or street-scoped reader's
 * case list, and the console's filter by district) used no index that leads with the place: at
 * 200 000 cases the `count(*)` of a district scanned the whole table (119 ms on SQLite, against 2 ms
 * with these). `(district_code, status)` serves the filtered count (open cases of a district).
 * The planner chooses among them from statistics: createContext refreshes SQLite's (PRAGMA optimize);
 * PostgreSQL's autovacuum keeps its own.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

const INDEXES: Array<{ name: string; columns: string[] }> = [
  { name: 'cases_district_list_idx', columns: ['district_code', 'reported_at'] },
  { name: 'cases_district_status_idx', columns: ['district_code', 'status'] },
  { name: 'cases_street_list_idx', columns: ['street_code', 'reported_at'] },
];

const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    for (const ix of INDEXES) await db.schema.createIndex(ix.name).ifNotExists().on('cases').columns(ix.columns).execute();
  },
  async down(db: Kysely<any>) {
    for (const ix of INDEXES) await db.schema.dropIndex(ix.name).ifExists().execute();
  },
});
export default migration;

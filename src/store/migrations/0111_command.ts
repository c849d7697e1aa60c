import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { createDocTables } from '../../workflow/doc-stream.js';

/**
 * Command (指挥): the level of each area, scheduled level periods, emergency incidents and
 * instructions — doc streams on the workflow kit (each change an event).
 */
const TABLES = [
  { table: 'command_areas', eventsTable: 'command_area_events', indexed: [['until_at', 'bigint']] as const },
  { table: 'command_schedules', eventsTable: 'command_schedule_events', indexed: [['area_code', 'text'], ['from_at', 'bigint'], ['until_at', 'bigint']] as const },
  { table: 'command_incidents', eventsTable: 'command_incident_events', indexed: [['area_code', 'text'], ['opened_at', 'bigint']] as const },
  {
    table: 'instructions', eventsTable: 'instruction_events', clock: true,
    indexed: [['holder_kind', 'text'], ['holder_code', 'text'], ['issuer_id', 'text'], ['district_code', 'text'], ['street_code', 'text'], ['incident_id', 'text']] as const,
  },
];

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    for (const t of TABLES) await createDocTables(db, dialect, t);
    // The timeline of levels reads the level changes in time order.
    await db.schema.createIndex('command_area_events_type_at_idx').on('command_area_events').columns(['type', 'at']).execute();
    await db.schema.createIndex('command_schedules_state_idx').on('command_schedules').columns(['state', 'from_at']).execute();
    await db.schema.createIndex('instructions_holder_idx').on('instructions').columns(['holder_kind', 'holder_code', 'state']).execute();
    await db.schema.createIndex('instructions_issuer_idx').on('instructions').columns(['issuer_id', 'updated_at']).execute();
    await db.schema.createIndex('instructions_due_idx').on('instructions').columns(['light', 'warn_at']).execute();
    await db.schema.createIndex('command_incidents_state_idx').on('command_incidents').columns(['state', 'area_code']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of [...TABLES].reverse()) {
      await db.schema.dropTable(t.eventsTable).ifExists().execute();
      await db.schema.dropTable(t.table).ifExists().execute();
    }
  },
});
export default migration;

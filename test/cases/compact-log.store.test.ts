/**
 * The compact case log (migrations 0242 and 0244, src/workflow/data-codec.ts): what a row holds, and
 * a store whose log was written in the form before it (prev_hash stored, hex hashes, plain JSON data,
 * keyed by the case's id) migrating in place — 0242, 0244, 0246, 0247 and 0248 — with every chain still
 * verifying and the units that held a case still kept.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { canonicalJson } from '../../src/workflow/chain.js';
import { caseDataCodec } from '../../src/cases/event-data.js';
import compact from '../../src/store/migrations/0242_compact_case_events.js';
import codeDispatch from '../../src/store/migrations/0244_code_dispatch_data.js';
import caseNumbers from '../../src/store/migrations/0246_case_numbers.js';
import actorBytes from '../../src/store/migrations/0247_case_event_actor_bytes.js';
import statementTriggers from '../../src/store/migrations/0248_case_log_statement_triggers.js';
import { unnumberCaseLog } from './unnumbered-log.js';
import { typeOfCode } from '../../src/cases/event-codes.js';
import { describeStores } from '../helpers/stores.js';
import { reportAndFile, seedWorld, type World } from './fixtures.js';

interface Row { case_id: string; seq: number; type: string; data: unknown; hash: unknown }

describeStores('compact case log', (get, kind) => {
  let w: World;
  const ids: string[] = [];
  beforeAll(async () => {
    const { ctx } = get();
    w = await seedWorld(ctx);
    for (let i = 0; i < 3; i++) {
      let c = await reportAndFile(ctx, w);
      c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已处置完毕', photos: [w.photo2] }, c.version);
      ids.push(c.id);
    }
  });

  const rows = async (): Promise<Row[]> =>
    (await sql<Row>`select c.id as case_id, e.seq, e.type, e.data, e.hash from case_events e join cases c on c.case_no = e.case_no
      order by c.id, e.seq`.execute(get().ctx.db.kysely)).rows.map((r) => ({ ...r, type: typeOfCode(r.type) }));
  /** The rows of a log in the form before migration 0246 (keyed by the case's id). */
  const idRows = async (): Promise<Row[]> =>
    (await sql<Row>`select case_id, seq, type, data, hash from case_events order by case_id, seq`.execute(get().ctx.db.kysely)).rows;

  const holds = async (): Promise<string[]> =>
    (await sql<{ unit_id: string; case_id: string }>`select unit_id, case_id from case_unit_holds order by unit_id, case_id`.execute(get().ctx.db.kysely)).rows
      .map((r) => `${r.unit_id}/${r.case_id}`).sort();

  it('keeps the hash as 32 bytes, no prev_hash, and the data coded, dispatches included', async () => {
    const all = await rows();
    expect(all.length).toBeGreaterThan(9);
    expect(all.some((r) => r.type === 'dispatched')).toBe(true);
    for (const r of all) {
      expect(Buffer.isBuffer(r.hash) && r.hash.length === 32).toBe(true);
      expect(Buffer.isBuffer(r.data) && r.data[0] === 1).toBe(true);
    }
    const cols = kind === 'sqlite'
      ? (await sql<{ name: string }>`select name from pragma_table_info('case_events')`.execute(get().ctx.db.kysely)).rows
      : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'case_events' and table_schema = current_schema()`.execute(get().ctx.db.kysely)).rows;
    expect(cols.map((c) => c.name)).not.toContain('prev_hash');
    // The units that held a case are still kept by the trigger that reads the coded `dispatched` data in SQL.
    const c = (await get().ctx.cases.find(ids[0]!))!;
    expect(await holds()).toContain(`${c.unit!.id}/${c.id}`);
    const events = await get().ctx.cases.events(ids[0]!);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect((await get().ctx.cases.verifyAllCases()).ok).toBe(true);
  });

  it('upgrades a log written in the form before it in place, and every chain still verifies', async () => {
    const { ctx } = get();
    const k = ctx.db.kysely as unknown as Kysely<any>;
    const before = await ctx.cases.verifyAllCases();
    // The log as the release before wrote it: keyed by the case's id, prev_hash stored, hashes as hex text, data as plain JSON.
    await unnumberCaseLog(ctx.db);
    const old = (await idRows()).map((r, i, a) => ({
      ...r, json: canonicalJson(caseDataCodec.decode(r.data)), hex: Buffer.from(r.hash as Buffer).toString('hex'),
      prev: r.seq === 1 ? '0'.repeat(64) : Buffer.from(a[i - 1]!.hash as Buffer).toString('hex'),
    }));
    if (kind === 'sqlite') {
      await sql`alter table case_events add column prev_hash text not null default ''`.execute(k);
      for (const r of old) await sql`update case_events set data = ${r.json}, hash = ${r.hex}, prev_hash = ${r.prev} where case_id = ${r.case_id} and seq = ${r.seq}`.execute(k);
    } else {
      await sql`alter table case_events add column prev_hash text not null default '', alter column hash type text using encode(hash, 'hex'),
        alter column data type jsonb using '{}'::jsonb`.execute(k);
      for (const r of old) await sql`update case_events set data = ${r.json}::jsonb, prev_hash = ${r.prev} where case_id = ${r.case_id} and seq = ${r.seq}`.execute(k);
    }
    expect((await idRows()).every((r) => typeof r.hash === 'string')).toBe(true);

    // The migrations themselves, as `cityloop migrate` runs them on a store at 0220 (later migrations of
    // this release are already applied here, so the migrator would refuse to run them out of order).
    await compact(ctx.db.dialect).up(k);
    const between = await idRows();
    expect(between.every((r) => r.type === 'dispatched' || (Buffer.isBuffer(r.data) && r.data[0] === 1))).toBe(true);
    await codeDispatch(ctx.db.dialect).up(k);
    await caseNumbers(ctx.db.dialect).up(k);
    await actorBytes(ctx.db.dialect).up(k);
    await statementTriggers(ctx.db.dialect).up(k);
    const after = await rows();
    expect(after.length).toBe(old.length);
    for (const r of after) {
      expect(Buffer.isBuffer(r.hash) && r.hash.length === 32).toBe(true);
      expect(Buffer.isBuffer(r.data) && r.data[0] === 1).toBe(true);
    }
    const v = await ctx.cases.verifyAllCases();
    expect(v).toMatchObject({ ok: true, cases: before.cases, events: before.events });
    // And the store writes on after the upgrade: a dispatch and a reassignment still land in case_unit_holds.
    const held = await holds();
    const n = await reportAndFile(ctx, w);
    const moved = await ctx.cases.act(w.dispatcher, n.id, 'reassign', { unitId: w.otherHandler.unitId, reason: '改派' }, n.version);
    expect(await holds()).toEqual([...held, `${n.unit!.id}/${n.id}`, `${moved.unit!.id}/${n.id}`].sort());
    expect((await ctx.cases.verifyAllCases()).ok).toBe(true);
  });
});

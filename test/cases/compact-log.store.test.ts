/**
 * The compact case log (migration 0242, src/workflow/data-codec.ts): what a row holds, and a store
 * whose log was written in the form before it (prev_hash stored, hex hashes, plain JSON data)
 * migrating in place with every chain still verifying.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { canonicalJson } from '../../src/workflow/chain.js';
import { caseDataCodec } from '../../src/cases/event-data.js';
import compact from '../../src/store/migrations/0242_compact_case_events.js';
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
    (await sql<Row>`select case_id, seq, type, data, hash from case_events order by case_id, seq`.execute(get().ctx.db.kysely)).rows;

  it('keeps the hash as 32 bytes, no prev_hash, and the data coded except what a trigger reads', async () => {
    const all = await rows();
    expect(all.length).toBeGreaterThan(9);
    for (const r of all) {
      expect(Buffer.isBuffer(r.hash) && r.hash.length === 32).toBe(true);
      if (r.type === 'dispatched') expect(caseDataCodec.decodeText(r.data).startsWith('{')).toBe(true);
      else expect(Buffer.isBuffer(r.data) && r.data[0] === 1).toBe(true);
    }
    const cols = kind === 'sqlite'
      ? (await sql<{ name: string }>`select name from pragma_table_info('case_events')`.execute(get().ctx.db.kysely)).rows
      : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'case_events' and table_schema = current_schema()`.execute(get().ctx.db.kysely)).rows;
    expect(cols.map((c) => c.name)).not.toContain('prev_hash');
    // The units that held a case are still kept by the trigger that reads `dispatched` data in SQL.
    const held = await sql<{ n: number }>`select count(*) as n from case_unit_holds where case_id = ${ids[0]}`.execute(get().ctx.db.kysely);
    expect(Number(held.rows[0]!.n)).toBeGreaterThan(0);
    const events = await get().ctx.cases.events(ids[0]!);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect((await get().ctx.cases.verifyAllCases()).ok).toBe(true);
  });

  it('upgrades a log written in the form before it in place, and every chain still verifies', async () => {
    const { ctx } = get();
    const k = ctx.db.kysely as unknown as Kysely<any>;
    const before = await ctx.cases.verifyAllCases();
    // The log as the release before wrote it: prev_hash stored, hashes as hex text, data as plain JSON.
    const old = (await rows()).map((r, i, a) => ({
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
    expect((await rows()).every((r) => typeof r.hash === 'string')).toBe(true);

    // The migration itself, as `cityloop migrate` runs it on a store at 0220 (later migrations of this
    // release are already applied here, so the migrator would refuse to run it out of order).
    await compact(ctx.db.dialect).up(k);
    const after = await rows();
    expect(after.length).toBe(old.length);
    for (const r of after) {
      expect(Buffer.isBuffer(r.hash) && r.hash.length === 32).toBe(true);
      expect(r.type === 'dispatched' || (Buffer.isBuffer(r.data) && r.data[0] === 1)).toBe(true);
    }
    const v = await ctx.cases.verifyAllCases();
    expect(v).toMatchObject({ ok: true, cases: before.cases, events: before.events });
    // And the store writes on after the upgrade.
    await reportAndFile(ctx, w);
    expect((await ctx.cases.verifyAllCases()).ok).toBe(true);
  });
});

/**
 * The compact cases row (migrations 0243 and 0245, src/cases/row-codec.ts): its JSON columns hold
 * coded text and its chain head 32 bytes, and a store whose rows were written in the form before
 * (JSON text, or `jsonb` on PostgreSQL; the head as hex text) migrates in place, every case reading as
 * it did and every chain and the integrity heads still verifying.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { caseRowCodec } from '../../src/cases/row-codec.js';
import compactRows from '../../src/store/migrations/0243_compact_case_rows.js';
import headBytes from '../../src/store/migrations/0245_case_head_bytes.js';
import { describeStores, openSecond } from '../helpers/stores.js';
import { reportAndFile, seedWorld, type World } from './fixtures.js';

interface Row { id: string; time_limits: unknown; place_names: unknown; pending: unknown; last_hash: unknown }

describeStores('compact cases row', (get, kind) => {
  let w: World;
  const ids: string[] = [];
  beforeAll(async () => {
    const { ctx } = get();
    w = await seedWorld(ctx);
    for (let i = 0; i < 3; i++) ids.push((await reportAndFile(ctx, w)).id);
    const c = (await ctx.cases.find(ids[0]!))!;
    await ctx.cases.act(w.handler, c.id, 'request_return', { reason: '不属于本单位职责' }, c.version);
  });

  const rows = async (): Promise<Row[]> =>
    (await sql<Row>`select id, time_limits, place_names, pending, last_hash from cases order by id`.execute(get().ctx.db.kysely)).rows;
  const cases = async (ctx = get().ctx) => Promise.all(ids.map(async (id) => (await ctx.cases.find(id))!));

  it('keeps the JSON columns as coded text, shorter than their JSON, the head as 32 bytes, and reads them back', async () => {
    const all = await rows();
    for (const r of all) expect(Buffer.isBuffer(r.last_hash) && r.last_hash.length === 32).toBe(true);
    expect(all.some((r) => r.pending !== null)).toBe(true);
    for (const r of all) {
      for (const v of [r.time_limits, r.place_names, r.pending]) {
        if (v === null) continue;
        expect(typeof v).toBe('string');
        expect((v as string).charCodeAt(0)).toBe(1);
        expect(Buffer.byteLength(v as string)).toBeLessThan(Buffer.byteLength(JSON.stringify(caseRowCodec.decode(v))));
      }
    }
    const c = (await cases())[0]!;
    expect(c.pending).toMatchObject({ kind: 'return', reason: '不属于本单位职责' });
    expect(c.place.names).toMatchObject({ district: expect.any(String) });
    expect(c.timeLimits).toMatchObject({ handle: { value: expect.any(Number) } });
  });

  it('upgrades rows written in the form before it in place: every case reads as before, every chain verifies', async () => {
    const { ctx } = get();
    const k = ctx.db.kysely as unknown as Kysely<any>;
    const before = await cases();
    await ctx.integrity.seal();
    const plain = (await rows()).map((r) => ({ id: r.id, t: json(r.time_limits), p: json(r.place_names), q: json(r.pending), h: (r.last_hash as Buffer).toString('hex') }));
    if (kind === 'sqlite') {
      for (const r of plain) await sql`update cases set time_limits = ${r.t}, place_names = ${r.p}, pending = ${r.q}, last_hash = ${r.h} where id = ${r.id}`.execute(k);
    } else {
      await sql`alter table cases alter column time_limits type jsonb using null, alter column place_names type jsonb using '{}'::jsonb,
        alter column pending type jsonb using null, alter column last_hash type text using encode(last_hash, 'hex')`.execute(k);
      for (const r of plain) await sql`update cases set time_limits = ${r.t}::jsonb, place_names = ${r.p}::jsonb, pending = ${r.q}::jsonb where id = ${r.id}`.execute(k);
    }
    expect((await rows()).every((r) => typeof r.last_hash === 'string')).toBe(true);
    await compactRows(ctx.db.dialect).up(k);
    await headBytes(ctx.db.dialect).up(k);
    for (const r of await rows()) {
      expect(typeof r.place_names === 'string' && r.place_names.charCodeAt(0) === 1).toBe(true);
      expect(Buffer.isBuffer(r.last_hash) && r.last_hash.length === 32).toBe(true);
    }
    // A second context reads the rows afresh (this one remembers the records it wrote).
    const second = await openSecond(get());
    try {
      const fresh = await cases(second);
      expect(fresh.map((c) => [c.timeLimits, c.place.names, c.pending, c.lastHash])).toEqual(before.map((c) => [c.timeLimits, c.place.names, c.pending, c.lastHash]));
      expect((await second.integrity.report()).ok).toBe(true);
    } finally {
      await second.close();
    }
    expect((await ctx.cases.verifyAllCases()).ok).toBe(true);
    await reportAndFile(ctx, w);
    expect((await ctx.cases.verifyAllCases()).ok).toBe(true);
  });
});

const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(caseRowCodec.decode(v)));

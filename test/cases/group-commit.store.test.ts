import { uuidv7 } from 'uuidv7';
import { beforeAll, expect, it } from 'vitest';
import { describeStores, openSecond } from '../helpers/stores.js';
import { revise, type CaseRecord } from '../../src/cases/record.js';
import { batchStatement } from '../../src/workflow/store-pg.js';
import { CASE_STREAM } from '../../src/cases/stream.js';
import { errorCode, reportAndFile, reportInput, seedWorld, type World } from './fixtures.js';

/**
 * Writes arriving together share one transaction. SQLite (group commit, on the writer thread): run
 * straight, and when one fails after writing part of its rows, run again with a savepoint each so
 * only that one is undone. PostgreSQL (src/workflow/store-pg.ts): one statement for the batch, and
 * when it fails as a whole, each write again alone. The behaviour a caller sees is the same.
 */
describeStores('case writes committed together', (get, kind) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });
  const commits = () => get().ctx.cases.store.stats()?.commits;

  it('lets exactly one of two writers with the same version win when both land in one commit', async () => {
    const { ctx } = get();
    const c = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    const before = commits();
    const results = await Promise.allSettled([
      ctx.cases.act(w.operator, c.id, 'accept', {}, c.version),
      ctx.cases.act(w.operator, c.id, 'reject', { reason: '不属于受理范围' }, c.version),
    ]);
    if (before !== undefined) expect(commits()).toBe(before + 1);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(await errorCode(Promise.reject(lost[0]!.reason))).toBe('CASE_VERSION_CONFLICT');
    const stored = (await ctx.cases.find(c.id))!;
    expect(stored.version).toBe(2);
    expect(stored.status).toBe((won[0] as PromiseFulfilledResult<{ status: string }>).value.status);
    const events = await ctx.cases.events(c.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);
  });

  it('commits a batch in which one write is stale: the others are stored, the stale one is refused with nothing of it written', async () => {
    const { ctx } = get();
    const [a, b, c] = [await reportAndFile(ctx, w), await reportAndFile(ctx, w), await reportAndFile(ctx, w)];
    const urged = (x: CaseRecord, note: string) => ctx.cases.store.append(x, revise(x, { urgeCount: x.urgeCount + 1, updatedAt: x.updatedAt + 1 }), [
      { type: 'urged', data: { note }, actorId: w.dispatcher.id, role: 'dispatcher', at: x.updatedAt + 1 },
    ]);
    const before = ctx.cases.store.stats()!;
    // Made in one turn of the event loop: one batch, one commit. b's second write acts on the same
    // version as its first: the version guard refuses it inside the batch.
    const results = await Promise.allSettled([urged(a, 'a'), urged(b, 'b1'), urged(b, 'b2'), urged(c, 'c')]);
    const after = ctx.cases.store.stats()!;
    expect(after.commits).toBe(before.commits + 1);
    expect(after.writes).toBe(before.writes + 4);
    expect(after.retried).toBe(before.retried);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await errorCode(Promise.reject((results[2] as PromiseRejectedResult).reason))).toBe('CASE_VERSION_CONFLICT');
    for (const [x, note] of [[a, 'a'], [b, 'b1'], [c, 'c']] as const) {
      const stored = (await ctx.cases.find(x.id))!;
      expect(stored).toMatchObject({ version: x.version + 1, urgeCount: x.urgeCount + 1 });
      const events = await ctx.cases.events(x.id);
      expect(events).toHaveLength(x.version + 1);
      expect(events.at(-1)).toMatchObject({ type: 'urged', seq: x.version + 1, data: { note } });
      expect((await ctx.cases.store.verify(x.id)).ok).toBe(true);
    }
    // The refused write is answered from the stored case: acting again with the version it now has works.
    const again = await ctx.cases.act(w.dispatcher, b.id, 'urge', { note: '再次催办' }, b.version + 1);
    expect(again.version).toBe(b.version + 2);
  });

  it('keeps the other writes of a commit when one of them fails inside it', async () => {
    const { ctx } = get();
    const a = await reportAndFile(ctx, w);
    const b = await reportAndFile(ctx, w);
    const before = ctx.cases.store.stats();
    // Two reports with one Idempotency-Key land in the same commit: the second insert fails on the
    // key's unique index after its serial was counted, inside the transaction the others share.
    const results = await Promise.allSettled([
      ctx.cases.act(w.handler, a.id, 'handle', { note: '已更换井盖', photos: [w.photo2] }, a.version),
      ctx.cases.report(w.inspector, reportInput(w, { description: '同一次上报' }), 'key-twice'),
      ctx.cases.report(w.inspector, reportInput(w, { description: '同一次上报' }), 'key-twice'),
      ctx.cases.act(w.handler, b.id, 'handle', { note: '已清理', photos: [w.photo2] }, b.version),
      ctx.cases.act(w.handler, b.id, 'handle', { note: '重复提交', photos: [w.photo2] }, b.version),
    ]);
    const after = ctx.cases.store.stats()!;
    // SQLite: one commit, its writes run again with a savepoint each. PostgreSQL: the batch's statement
    // failed as a whole and each write ran again alone (how the reports' reads of the key interleave
    // with the batches is not fixed there, so only the outcomes are checked).
    if (get().kind === 'sqlite') {
      expect(after.commits).toBe(before!.commits + 1);
      expect(after.retried).toBe(before!.retried + 1);
    } else expect(after.retried).toBeGreaterThanOrEqual(before!.retried);
    expect(results[0]!.status).toBe('fulfilled');
    // Both callers get the one case; the second is told it was a replay.
    const reports = [results[1]!, results[2]!].map((r) => (r as PromiseFulfilledResult<{ case: { id: string; code: string }; replayed: boolean }>).value);
    expect(reports[0]!.case.id).toBe(reports[1]!.case.id);
    expect(reports.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect((await ctx.cases.events(reports[0]!.case.id)).map((e) => e.type)).toEqual(['reported']);
    // The two writes on b: exactly one wins, the other is refused as stale.
    const onB = [results[3]!, results[4]!];
    expect(onB.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lostOnB = onB.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(await errorCode(Promise.reject(lostOnB.reason))).toBe('CASE_VERSION_CONFLICT');
    const noteOnB = results[3]!.status === 'fulfilled' ? '已清理' : '重复提交';
    for (const c of [a, b]) {
      const stored = (await ctx.cases.find(c.id))!;
      expect(stored).toMatchObject({ status: 'handled', version: c.version + 1 });
      expect((await ctx.cases.events(c.id)).at(-1)!.type).toBe('handled');
      expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);
    }
    expect((await ctx.cases.events(b.id)).at(-1)!.data.note).toBe(noteOnB);
    // The refused duplicate gave its serial back: the next case takes the one after the winner's.
    const next = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    expect(Number(next.code.slice(-5))).toBe(Number(reports[0]!.case.code.slice(-5)) + 1);
  });

  it('refuses only the write that fails inside a batch: a second case with a taken idempotency key, while the batch\'s other writes commit', async () => {
    const { ctx } = get();
    const first = await reportAndFile(ctx, w); // counts the serial key of this district and day, so the creates below read nothing first
    const day = first.code.slice(6, 14);
    const copy = (serial: number, key: string) => {
      const next = revise(first, { id: uuidv7(), code: `${first.place.districtCode}${day}${String(serial).padStart(5, '0')}`, idempotencyKey: key, version: 0, lastHash: '' });
      return { next, drafts: [{ type: 'reported', data: { source: 'inspector' }, actorId: w.inspector.id, role: 'inspector', at: first.reportedAt }] };
    };
    const before = ctx.cases.store.stats()!;
    // Made in one turn of the event loop: one batch. The second create's key is taken by the first:
    // the batch cannot be written as a whole, and each write then runs alone.
    const results = await Promise.allSettled([
      ctx.cases.store.create([first.place.districtCode, day], (n) => copy(n, 'batch-key')),
      ctx.cases.store.create([first.place.districtCode, day], (n) => copy(n, 'batch-key')),
      ctx.cases.store.append(first, revise(first, { urgeCount: first.urgeCount + 1 }), [{ type: 'urged', data: { note: '同批' }, actorId: w.dispatcher.id, role: 'dispatcher', at: first.updatedAt }]),
    ]);
    const after = ctx.cases.store.stats()!;
    expect(after.retried).toBe(before.retried + 1);
    // SQLite: one commit, run again with a savepoint a write; PostgreSQL: the two writes that succeed alone.
    expect(after.commits).toBe(before.commits + (get().kind === 'sqlite' ? 1 : 2));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const [made, refused] = results.map((r) => (r as PromiseFulfilledResult<CaseRecord | undefined>).value);
    expect(made?.idempotencyKey).toBe('batch-key');
    expect(refused).toBeUndefined(); // the caller reads the winner
    expect((await ctx.cases.store.lookup('idempotencyKey', ['batch-key']))?.id).toBe(made!.id);
    expect((await ctx.cases.events(made!.id)).map((e) => e.type)).toEqual(['reported']);
    expect(await ctx.cases.find(first.id)).toMatchObject({ version: first.version + 1, urgeCount: first.urgeCount + 1 });
    expect((await ctx.cases.store.verify(first.id)).ok).toBe(true);
    // The refused create gave its serial back: the next case takes the one after the winner's.
    const next = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    expect(Number(next.code.slice(-5))).toBe(Number(made!.code.slice(-5)) + 1);
  });

  it('commits the writes still queued when the store closes', async () => {
    const { ctx } = get();
    const c = await reportAndFile(ctx, w);
    const b = await openSecond(get());
    const stored = await b.cases.find(c.id);
    // Queued, not yet sent (PostgreSQL sends on the next turn of the event loop) — then the store closes.
    const pending = b.cases.store.append(stored!, revise(stored!, { urgeCount: stored!.urgeCount + 1 }), [
      { type: 'urged', data: { note: '关闭前' }, actorId: w.dispatcher.id, role: 'dispatcher', at: stored!.updatedAt },
    ]);
    await b.close();
    expect((await pending).version).toBe(c.version + 1);
    expect((await ctx.cases.events(c.id)).at(-1)).toMatchObject({ type: 'urged', data: { note: '关闭前' } });
  });

  it('writes nothing of a case whose build fails, and gives its serial back', async () => {
    const { ctx } = get();
    const first = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    const count = async () => Number((await ctx.db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const casesBefore = await count();
    const failing = ctx.cases.store.create([first.place.districtCode, first.code.slice(6, 14)], () => {
      throw new Error('build failed half-way');
    });
    expect(String(await failing.catch((e: unknown) => e))).toContain('build failed half-way');
    expect(await count()).toBe(casesBefore);
    const next = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    expect(Number(next.code.slice(-5))).toBe(Number(first.code.slice(-5)) + 1);
  });

  // PostgreSQL: the batch statement is prepared with a generic plan, made from the table as it is
  // then. Made on a near-empty table that plan reads the whole table for every batch — the write
  // path slowed down as the store grew (2 216 µs of database CPU a lifecycle at 20 000 cases, 722
  // once prepared anew). The store prepares it anew as its writes double.
  if (kind === 'postgres') it('prepares its batch statement anew as the store grows, and the plan made then reaches a case by its key', async () => {
    const { ctx } = get();
    // Enough cases that reading 10 of them by the key costs clearly less than reading the table: with
    // 24, the table (its dead row versions included) was as often as not small enough for a scan.
    const cases = await Promise.all(Array.from({ length: 64 }, () => reportAndFile(ctx, w)));
    const before = ctx.cases.store.stats()!;
    // 1 280 writes: 64 cases urged 20 times each, the 64 writes of a round sharing batches.
    await Promise.all(cases.map(async (c) => {
      let x = c;
      for (let i = 0; i < 20; i++) {
        x = await ctx.cases.store.append(x, revise(x, { urgeCount: x.urgeCount + 1, updatedAt: x.updatedAt + 1 }), [
          { type: 'urged', data: { note: `第${i + 1}次` }, actorId: w.dispatcher.id, role: 'dispatcher', at: x.updatedAt + 1 },
        ]);
      }
    }));
    const after = ctx.cases.store.stats()!;
    expect(after.writes - before.writes).toBe(1280);
    expect(after.plans!).toBeGreaterThan(before.plans!);
    for (const c of cases) expect((await ctx.cases.store.verify(c.id)).ok).toBe(true);
    // What a plan made now looks like (the pool's connections plan named statements generically).
    const client = await ctx.db.pool!.connect();
    try {
      await client.query(`prepare batch_plan_probe as ${batchStatement(CASE_STREAM)}`);
      const plan = (await client.query<{ 'QUERY PLAN': string }>("explain execute batch_plan_probe('[]', '{}')")).rows.map((r) => r['QUERY PLAN']).join('\n');
      await client.query('deallocate batch_plan_probe');
      expect(plan).not.toMatch(/Seq Scan on cases/);
      expect(plan).toMatch(/Index Scan (using|on) cases_pkey/);
    } finally {
      client.release();
    }
  });

  // PostgreSQL: under load half a batch leaves at once, so the database works on it while the
  // turn's other writes are made (a whole batch at the turn's end leaves the two taking turns).
  if (kind === 'postgres') it('sends the first 32 writes of a busy turn at once and the rest at its end, all committed', async () => {
    const { ctx } = get();
    const cases = await Promise.all(Array.from({ length: 40 }, () => reportAndFile(ctx, w)));
    const before = ctx.cases.store.stats()!;
    const done = await Promise.all(cases.map((x) => ctx.cases.store.append(x, revise(x, { urgeCount: x.urgeCount + 1, updatedAt: x.updatedAt + 1 }), [
      { type: 'urged', data: { note: '同一轮' }, actorId: w.dispatcher.id, role: 'dispatcher', at: x.updatedAt + 1 },
    ])));
    const after = ctx.cases.store.stats()!;
    expect(after.writes - before.writes).toBe(40);
    expect(after.commits - before.commits).toBe(2);
    for (const [i, x] of cases.entries()) {
      expect(done[i]!.version).toBe(x.version + 1);
      expect((await ctx.cases.events(x.id)).at(-1)).toMatchObject({ type: 'urged', seq: x.version + 1 });
    }
  });
});

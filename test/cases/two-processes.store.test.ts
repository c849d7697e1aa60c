import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app.js';
import { typeCode } from '../../src/cases/event-codes.js';
import { describeStores, openSecond } from '../helpers/stores.js';
import { errorCode, reportAndFile, reportInput, seedWorld, type World } from './fixtures.js';

const HOUR = 3600_000;
/** Reports each process sends at once in the code test. */
const PER_PROCESS = 25;

/**
 * Two processes on one store (two application contexts, each with its own connection, writer and
 * in-memory state — remembered records, counted case serials): a user acting with the version the
 * other process returned succeeds even though this process remembers an older record; a version
 * that is truly stale is refused and the log stays as it was; cases reported in both at once get
 * distinct codes; deadline sweeps running in both raise each light event exactly once.
 */
describeStores('two processes on one store', (get) => {
  let w: World;
  let b: AppContext;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
    b = await openSecond(get());
  });
  afterAll(async () => {
    await b?.close();
  });

  const expectLog = async (id: string, types: string[]): Promise<void> => {
    for (const ctx of [get().ctx, b]) {
      const events = await ctx.cases.events(id);
      expect(events.map((e) => e.type)).toEqual(types);
      expect(events.map((e) => e.seq)).toEqual(types.map((_, i) => i + 1));
      expect((await ctx.cases.verifyCase(id)).ok).toBe(true);
    }
  };

  it('lets each process act on a case with the version the other one returned', async () => {
    const a = get().ctx;
    const filed = await reportAndFile(a, w);
    const handled = await b.cases.act(w.handler, filed.id, 'handle', { note: '已更换井盖', photos: [w.photo2] }, filed.version);
    expect(handled).toMatchObject({ status: 'handled', version: filed.version + 1 });
    // A last wrote the case at filed.version; the operator brings the version B returned.
    const sent = await a.cases.act(w.operator, filed.id, 'send_verification', {}, handled.version);
    expect(sent.version).toBe(handled.version + 1);
    // And back: B's remembered record is now the stale one.
    const verified = await b.cases.act(w.inspector, filed.id, 'verify', { passed: true, photos: [w.photo2] }, sent.version);
    const closed = await a.cases.act(w.shiftLead, filed.id, 'close', {}, verified.version);
    expect(closed).toMatchObject({ status: 'closed', version: verified.version + 1 });
    for (const ctx of [a, b]) expect(await ctx.cases.find(filed.id)).toMatchObject({ status: 'closed', version: closed.version });
    await expectLog(filed.id, ['reported', 'accepted', 'filed', 'dispatched', 'handled', 'verification_sent', 'verification_passed', 'closed']);
  });

  it('refuses a version that is stale because the other process moved the case on, and leaves the log as it was', async () => {
    const a = get().ctx;
    const filed = await reportAndFile(a, w);
    const handled = await b.cases.act(w.handler, filed.id, 'handle', { note: '已清理', photos: [w.photo2] }, filed.version);
    // The version A returned (and A remembers) is out of date now. An action the remembered
    // (dispatched) case would not allow is answered from the stored case: the version is stale, not the action.
    expect(await errorCode(a.cases.act(w.operator, filed.id, 'send_verification', {}, filed.version))).toBe('CASE_VERSION_CONFLICT');
    expect(await errorCode(a.cases.act(w.handler, filed.id, 'handle', { note: '重复提交', photos: [w.photo2] }, filed.version))).toBe('CASE_VERSION_CONFLICT');
    expect(await errorCode(a.cases.act(w.dispatcher, filed.id, 'urge', { note: '请尽快' }, filed.version))).toBe('CASE_VERSION_CONFLICT');
    const types = ['reported', 'accepted', 'filed', 'dispatched', 'handled'];
    await expectLog(filed.id, types);
    expect((await a.cases.events(filed.id)).at(-1)!.data.note).toBe('已清理');
    for (const ctx of [a, b]) expect(await ctx.cases.find(filed.id)).toMatchObject({ status: 'handled', version: handled.version });
    // With the current version the same process goes on.
    const sent = await a.cases.act(w.operator, filed.id, 'send_verification', {}, handled.version);
    expect(sent.version).toBe(handled.version + 1);
    await expectLog(filed.id, [...types, 'verification_sent']);
  });

  it('gives every case a distinct code when both processes report for the same district and day at once', async () => {
    const a = get().ctx;
    const reports = await Promise.all(Array.from({ length: PER_PROCESS }).flatMap(() => [
      a.cases.report(w.inspector, reportInput(w)),
      b.cases.report(w.inspector, reportInput(w)),
    ]));
    expect(reports.every((r) => !r.replayed)).toBe(true);
    const codes = reports.map((r) => r.case.code);
    expect(new Set(reports.map((r) => r.case.id)).size).toBe(2 * PER_PROCESS);
    expect(new Set(codes).size).toBe(2 * PER_PROCESS);
    // One district, one day: the codes differ in their serial only.
    expect(new Set(codes.map((c) => c.slice(0, -5))).size).toBe(1);
    expect(codes[0]!.startsWith(w.districtCode)).toBe(true);
    expect(new Set(codes.map((c) => Number(c.slice(-5)))).size).toBe(2 * PER_PROCESS);
    for (const r of reports) {
      const stored = (await b.cases.find(r.case.id))!;
      expect(stored.code).toBe(r.case.code);
      expect((await a.cases.events(r.case.id))[0]!.data.code).toBe(r.case.code);
    }
    // Later reports from either process keep clear of every code taken.
    const later = [(await a.cases.report(w.inspector, reportInput(w))).case.code, (await b.cases.report(w.inspector, reportInput(w))).case.code];
    expect(new Set([...codes, ...later]).size).toBe(2 * PER_PROCESS + 2);
  });

  it('raises each light event exactly once per case when both processes sweep deadlines at the same time', async () => {
    const { ctx: a, clock } = get();
    const cases = await Promise.all([a, b, a, b].map((ctx) => reportAndFile(ctx, w)));
    const t = clock.now() + 30 * HOUR; // past the 24 h handling limit of C0102: yellow and red are both owed
    const results = await Promise.all([a.cases.sweepDeadlines(t), b.cases.sweepDeadlines(t), a.cases.sweepDeadlines(t), b.cases.sweepDeadlines(t)]);
    for (const c of cases) {
      for (const ctx of [a, b]) {
        const types = (await ctx.cases.events(c.id)).map((e) => e.type);
        expect(types.filter((x) => x === 'deadline_warning')).toHaveLength(1);
        expect(types.filter((x) => x === 'deadline_overdue')).toHaveLength(1);
        expect((await ctx.cases.find(c.id))!.clock.light).toBe('red');
        expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);
      }
    }
    // Every event raised at t, on any case, was raised by exactly one of the sweepers.
    const raised = async (type: string): Promise<number> =>
      Number((await sql<{ n: number }>`select count(*) as n from case_events where type = ${typeCode(type)} and at = ${t}`.execute(a.db.kysely)).rows[0]!.n);
    expect(results.reduce((n, r) => n + r.warnings, 0)).toBe(await raised('deadline_warning'));
    expect(results.reduce((n, r) => n + r.overdue, 0)).toBe(await raised('deadline_overdue'));
    // A second round in both finds nothing more to raise.
    const again = await Promise.all([a.cases.sweepDeadlines(t), b.cases.sweepDeadlines(t)]);
    expect(again.map((r) => r.warnings + r.overdue)).toEqual([0, 0]);
  });
});

import { sql } from 'kysely';
import { hashBytes } from '../../src/workflow/data-codec.js';
import { roleCode, storedActor, typeCode } from '../../src/cases/event-codes.js';
import { beforeAll, expect, it } from 'vitest';
import { createLocalBus } from '../../src/bus/local.js';
import { createLogger } from '../../src/core/logger.js';
import { checkExport, merkleRoot, sortHeads, type Head } from '../../src/integrity/model.js';
import { withStatutoryDays } from '../../src/workflow/clock.js';
import { describeStores, openSecond } from '../helpers/stores.js';
import { reportAndFile, seedWorld, type World } from '../cases/fixtures.js';
import { createPermits, createPermitTables } from '../workflow/example/permit.js';

/** The log keys a case's rows by its number (migration 0246). */
const caseNo = (id: string) => sql<number>`(select case_no from cases where id = ${id})`;

/**
 * An attacker with the database file: each tamper case below passed `cityloop verify` before seals
 * (a cut-off tail with the row wound back, a whole deleted case), or is caught twice now (a row edit).
 */
describeStores('seals catch a cut-off tail, a deleted record and a forged row', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('finds a case whose last events were deleted and whose row was wound back to match, with the time of the seal it contradicts', async () => {
    const { ctx, clock } = get();
    const c = await reportAndFile(ctx, w, { description: '将被截断的案卷' });
    const honest = await reportAndFile(ctx, w, { description: '完好的案卷' });
    const sealed = await ctx.integrity.seal();
    expect(sealed.refused).toEqual([]);
    expect(sealed.seal.data.kinds.case).toBeGreaterThanOrEqual(2);
    clock.advance(60_000);
    // Cut the last event (filed) and wind the row back to the event before it: chain and row agree again.
    const events = await ctx.cases.events(c.id);
    const keep = events.at(-2)!;
    await ctx.db.kysely.deleteFrom('case_events').where('case_no', '=', caseNo(c.id)).where('seq', '>', keep.seq).execute();
    await ctx.db.kysely.updateTable('cases').set({ version: keep.seq, last_hash: hashBytes(keep.hash), status: 'reported' }).where('id', '=', c.id).execute();
    const fresh = await openSecond(get());
    try {
      // The chain alone cannot tell: this is what passed before.
      expect((await fresh.cases.verifyCase(c.id)).ok).toBe(true);
      const r = await fresh.integrity.report();
      expect(r.ok).toBe(false);
      const p = r.problems.filter((x) => x.id === c.id);
      expect(p).toHaveLength(1);
      expect(p[0]).toMatchObject({ problem: 'truncated', kind: 'case', code: c.code, seq: keep.seq + 1, sealedAt: sealed.seal.at, sealSeq: sealed.seal.seq });
      expect(r.problems.some((x) => x.id === honest.id)).toBe(false);
      expect(r.counts).toMatchObject({ truncated: 1, deleted: 0 });
      expect(r.seals.lastGood).toMatchObject({ seq: sealed.seal.seq, at: sealed.seal.at });
      // A later seal does not bless the cut: it keeps the old head and says so; the report still names the case.
      const again = await fresh.integrity.seal();
      expect(again.refused).toEqual([{ kind: 'case', id: c.id, reason: 'truncated' }]);
      expect((await fresh.integrity.report()).problems.filter((x) => x.id === c.id).map((x) => x.problem)).toEqual(['truncated']);
    } finally {
      await fresh.close();
    }
    // Put it back for the tests after this one: the deleted event and the row's head.
    await ctx.db.kysely.insertInto('case_events').values(events.slice(keep.seq).map((e) => ({
      case_no: caseNo(e.caseId), seq: e.seq, type: typeCode(e.type), data: Buffer.from(JSON.stringify(e.data)), actor_id: storedActor(e.actorId), role: roleCode(e.role),
      at: e.at, lon: e.lon, lat: e.lat, attachments: JSON.stringify(e.attachments), hash: Buffer.from(e.hash, 'hex'),
      audience_role: null, audience_unit_id: null, audience_user_id: null,
    })) as never).execute();
    await ctx.db.kysely.updateTable('cases').set({ version: c.version, last_hash: hashBytes(c.lastHash), status: c.status }).where('id', '=', c.id).execute();
  });

  it('finds a whole deleted case — row and events gone — that a seal had recorded', async () => {
    const { ctx } = get();
    const c = await reportAndFile(ctx, w, { description: '将被整条删除的案卷' });
    const sealed = await ctx.integrity.seal();
    await ctx.db.kysely.deleteFrom('case_events').where('case_no', '=', caseNo(c.id)).execute();
    await ctx.db.kysely.deleteFrom('cases').where('id', '=', c.id).execute();
    const fresh = await openSecond(get());
    try {
      // Nothing left to recompute: the old verify saw no case, so no break.
      expect((await fresh.cases.verifyAllCases()).broken.some((b) => b.caseId === c.id)).toBe(false);
      const r = await fresh.integrity.report();
      const p = r.problems.filter((x) => x.id === c.id);
      expect(p).toHaveLength(1);
      expect(p[0]).toMatchObject({ problem: 'deleted', kind: 'case', sealSeq: sealed.seal.seq, sealedAt: sealed.seal.at });
      expect(r.counts.deleted).toBe(1);
      const again = await fresh.integrity.seal();
      expect(again.refused).toContainEqual({ kind: 'case', id: c.id, reason: 'deleted' });
    } finally {
      await fresh.close();
    }
  });

  it('reports a forged row (status edited behind the log) as a forgery', async () => {
    const { ctx } = get();
    const c = await reportAndFile(ctx, w, { description: '行被伪造的案卷' });
    await ctx.integrity.seal();
    await ctx.db.kysely.updateTable('cases').set({ status: 'closed', closed_at: c.reportedAt + 1 }).where('id', '=', c.id).execute();
    const fresh = await openSecond(get());
    try {
      const p = (await fresh.integrity.report()).problems.filter((x) => x.id === c.id);
      expect(p).toHaveLength(1);
      expect(p[0]).toMatchObject({ problem: 'row_forged', breaksAt: { problem: 'projection_mismatch', expected: 'status=open', found: 'status=closed' } });
    } finally {
      await fresh.close();
    }
    await ctx.db.kysely.updateTable('cases').set({ status: c.status, closed_at: null }).where('id', '=', c.id).execute();
  });
});

describeStores('the seal chain and its export', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('chains each seal to the one before, exports a file that checks out offline, and catches an edited seal or sealed-heads list', async () => {
    const { ctx, clock } = get();
    await reportAndFile(ctx, w);
    const first = await ctx.integrity.seal();
    clock.advance(10 * 60_000);
    const c = await reportAndFile(ctx, w);
    const second = await ctx.integrity.seal();
    expect(second.seal.prevHash).toBe(first.seal.hash);
    expect(second.seal.data.changed).toBe(1);
    const x = await ctx.integrity.exportSeal();
    expect(x.seal.seq).toBe(second.seal.seq);
    expect(checkExport(x)).toEqual([]);
    expect(x.heads.length).toBe(second.seal.data.streams);
    expect(x.heads).toContainEqual(['case', c.id, c.version, c.lastHash]);
    // Offline: a changed head no longer gives the root; a changed seal no longer gives its hash.
    const forgedHeads = x.heads.map((h): Head => (h[1] === c.id ? [h[0], h[1], h[2] - 1, h[3]] : h));
    expect(checkExport({ ...x, heads: forgedHeads })).toEqual(['the heads do not give the seal’s root']);
    expect(checkExport({ ...x, seal: { ...x.seal, at: x.seal.at - 1 } })).toContain('seal.hash is not the SHA-256 of the seal');
    expect(merkleRoot(sortHeads([...x.heads]))).toBe(second.seal.data.root);
    expect((await ctx.integrity.report()).ok).toBe(true);

    // Someone drops a case's sealed head so its deletion would go unnoticed: the heads no longer give the root.
    await ctx.db.kysely.deleteFrom('integrity_heads').where('stream_id', '=', c.id).execute();
    const r1 = await ctx.integrity.report();
    expect(r1.problems.map((p) => p.problem)).toEqual(['seal_heads_mismatch']);
    // … and rewrites the last seal to match: the seal chain breaks (its hash no longer follows).
    const edited = { ...second.seal.data, streams: second.seal.data.streams - 1 };
    await ctx.db.kysely.updateTable('integrity_seals').set({ data: JSON.stringify(edited) }).where('seq', '=', second.seal.seq).execute();
    const r2 = await ctx.integrity.report();
    expect(r2.problems.map((p) => p.problem)).toEqual(['seal_chain_broken']);
    expect(r2.seals.lastGood).toMatchObject({ seq: first.seal.seq });
    // … and rewrites the whole seal chain and deletes the case: only the file kept outside still knows.
    await ctx.db.kysely.deleteFrom('integrity_seals').execute();
    await ctx.db.kysely.deleteFrom('integrity_seal_chain').execute();
    await ctx.db.kysely.deleteFrom('integrity_heads').execute();
    await ctx.db.kysely.deleteFrom('case_events').where('case_no', '=', caseNo(c.id)).execute();
    await ctx.db.kysely.deleteFrom('cases').where('id', '=', c.id).execute();
    const fresh = await openSecond(get());
    try {
      expect((await fresh.integrity.report()).ok).toBe(true);
      const r3 = await fresh.integrity.report({ against: x });
      expect(r3.problems.map((p) => p.problem).sort()).toEqual(['deleted', 'seal_export_mismatch']);
      expect(r3.problems.find((p) => p.problem === 'deleted')).toMatchObject({ id: c.id, sealedAt: x.seal.at });
    } finally {
      await fresh.close();
    }
  });

  it('seals every stream kind registered on the kit, not only cases', async () => {
    const { ctx, clock } = get();
    await createPermitTables(ctx.db);
    const bus = createLocalBus(createLogger('silent'));
    let n = 0;
    const permits = createPermits(ctx.db, { bus, calendar: withStatutoryDays(ctx.calendar), now: () => clock.now(), ids: () => `permit-seal-${++n}` });
    try {
      const p = await permits.apply('王五', '思明区中山路 1 号');
      const s = await ctx.integrity.seal();
      expect(s.seal.data.kinds.permit).toBe(1);
      await ctx.db.kysely.deleteFrom('permit_events' as never).execute();
      await ctx.db.kysely.deleteFrom('permits' as never).execute();
      const r = await ctx.integrity.report();
      expect(r.problems.filter((x) => x.kind === 'permit')).toMatchObject([{ problem: 'deleted', id: p.id }]);
    } finally {
      await bus.close();
    }
  });
});

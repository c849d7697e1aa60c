/**
 * What the case log's triggers keep (migration 0248 on PostgreSQL: once per statement; SQLite: per
 * row): `file_refs` names every photo of every event with the case it belongs to — the read rights
 * of an evidence file follow it — and `case_unit_holds` every unit a case was dispatched or
 * reassigned to (a unit's list of cases it has held). Checked for writes that share one batch
 * statement (many lifecycles at once), and on PostgreSQL for rows in the older stored forms (photos
 * as JSON text, data as plain JSON) inserted several in one statement.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { pgStreamStore } from '../../src/workflow/store-pg.js';
import { CASE_STREAM } from '../../src/cases/stream.js';
import { typeCode } from '../../src/cases/event-codes.js';
import { jpegBytes, reportAndFile, reportInput, seedWorld, type World } from './fixtures.js';
import { describeStores } from '../helpers/stores.js';

describeStores('case log triggers', (get, kind) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });
  const k = (): Kysely<any> => get().ctx.db.kysely as unknown as Kysely<any>;
  const refs = async (): Promise<string[]> =>
    (await sql<{ a: string; b: string }>`select sha256 as a, case_id as b from file_refs`.execute(k())).rows.map((r) => `${r.a}/${r.b}`).sort();
  const holds = async (): Promise<string[]> =>
    (await sql<{ a: string; b: string; t: unknown }>`select unit_id as a, case_id as b, reported_at as t from case_unit_holds`.execute(k())).rows
      .map((r) => `${r.a}/${r.b}/${Number(r.t)}`).sort();

  it('references every photo and keeps every unit a case was sent to, for writes made together', async () => {
    const { ctx } = get();
    const [refsBefore, holdsBefore] = [await refs(), await holds()];
    const photos = await Promise.all([1, 2, 3, 4].map(async (i) => (await ctx.files.saveBuffer(jpegBytes(`trigger-${i}`), { uploadedBy: 'test' })).sha256));
    const batches0 = pgStreamStore(ctx.db, CASE_STREAM)?.stats().commits;
    // Twelve cases at once: reported with two photos, filed (auto-dispatched), every third reassigned,
    // every other handled with a photo of its own.
    const cases = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      let c = await reportAndFile(ctx, w, { photos: [photos[i % 4]!, photos[(i + 1) % 4]!] });
      const units = [c.unit!.id];
      if (i % 3 === 0) {
        c = await ctx.cases.act(w.dispatcher, c.id, 'reassign', { unitId: w.otherHandler.unitId, reason: '改派' }, c.version);
        units.push(c.unit!.id);
      }
      if (i % 2 === 0) {
        const h = c.unit!.id === w.otherHandler.unitId ? w.otherHandler : w.handler;
        c = await ctx.cases.act(h, c.id, 'handle', { note: '已处置完毕', photos: [photos[(i + 2) % 4]!] }, c.version);
      }
      return { c, units, photos: new Set(i % 2 === 0 ? [photos[i % 4]!, photos[(i + 1) % 4]!, photos[(i + 2) % 4]!] : [photos[i % 4]!, photos[(i + 1) % 4]!]) };
    }));
    if (kind === 'postgres') {
      // They did share statements: fewer batches than writes (12 × 3–5 writes).
      expect(pgStreamStore(ctx.db, CASE_STREAM)!.stats().commits - batches0!).toBeLessThan(36);
    }
    const wantRefs = cases.flatMap(({ c, photos: p }) => [...p].map((sha) => `${sha}/${c.id}`));
    expect(await refs()).toEqual([...refsBefore, ...wantRefs].sort());
    const wantHolds = cases.flatMap(({ c, units }) => [...new Set(units)].map((u) => `${u}/${c.id}/${c.reportedAt}`));
    expect(await holds()).toEqual([...holdsBefore, ...wantHolds].sort());
  });

  if (kind === 'postgres') it('keeps them for rows in the older forms inserted several in one statement', async () => {
    const { ctx } = get();
    const a = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    const b = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    const no = async (id: string): Promise<number> => Number((await sql<{ n: number }>`select case_no as n from cases where id = ${id}`.execute(k())).rows[0]!.n);
    const [na, nb] = [await no(a.id), await no(b.id)];
    const [refsBefore, holdsBefore] = [await refs(), await holds()];
    const sha = (t: string) => Buffer.from(t.padEnd(64, '0')).toString('hex').slice(0, 64);
    const json = (v: unknown) => Buffer.from(JSON.stringify(v));
    const ev = (caseNo: number, seq: number, type: string, data: Buffer, attachments: Buffer | null) =>
      sql`(${caseNo}, ${seq}, 0, ${type}, ${data}, ${Buffer.from('system')}, 'r', ${attachments}, ${Buffer.alloc(32)})`;
    await sql`insert into case_events (case_no, seq, at, type, data, actor_id, role, attachments, hash) values ${sql.join([
      // photos as JSON text, the same one twice in one row and in two rows
      ev(na, 90, 'x', json({}), json([sha('a1'), sha('a1'), sha('a2')])),
      ev(nb, 90, 'x', json({}), json([sha('a1')])),
      // no photos: NULL, an empty value, an empty list, JSON that is not a list
      ev(na, 91, 'x', json({}), null),
      ev(na, 92, 'x', json({}), Buffer.alloc(0)),
      ev(na, 93, 'x', json({}), json([])),
      ev(nb, 91, 'x', json({}), json({ not: 'a list' })),
      // a dispatch as plain JSON data (full type name and code), one without a unit, one of another type
      ev(na, 94, 'dispatched', json({ unitId: w.unitOther.id }), null),
      ev(nb, 92, typeCode('reassigned'), json({ unitId: w.unitSw.id }), null),
      ev(nb, 93, typeCode('dispatched'), json({ unitId: null }), null),
      ev(nb, 94, 'x', json({ unitId: 'not-a-hold' }), null),
    ], sql`, `)}`.execute(k());
    expect(await refs()).toEqual([...refsBefore, `${sha('a1')}/${a.id}`, `${sha('a2')}/${a.id}`, `${sha('a1')}/${b.id}`].sort());
    expect(await holds()).toEqual([...holdsBefore, `${w.unitOther.id}/${a.id}/${a.reportedAt}`, `${w.unitSw.id}/${b.id}/${b.reportedAt}`].sort());
  });
});

/**
 * The case log keyed by the case's number (migration 0246): rows hold `case_no`, coded type and
 * roles, no district or street; and a store whose log is in the form before it (keyed by the case's
 * id, type and roles in full, the place in every row) upgrades in place — every case and its events
 * read as before, every chain and the integrity report verify, notifications and the live feed
 * answer as before, and file references and unit holds are still kept, also for what is written after.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import caseNumbers from '../../src/store/migrations/0246_case_numbers.js';
import actorBytes from '../../src/store/migrations/0247_case_event_actor_bytes.js';
import statementTriggers from '../../src/store/migrations/0248_case_log_statement_triggers.js';
import { actorOf, storedActor } from '../../src/cases/event-codes.js';
import { latestFeed } from '../../src/cases/feed.js';
import { describeStores, openSecond } from '../helpers/stores.js';
import { reportAndFile, seedWorld, type World } from './fixtures.js';
import { unnumberCaseLog } from './unnumbered-log.js';

describeStores('case log by number', (get, kind) => {
  let w: World;
  const ids: string[] = [];
  beforeAll(async () => {
    const { ctx } = get();
    w = await seedWorld(ctx);
    for (let i = 0; i < 3; i++) {
      let c = await reportAndFile(ctx, w);
      if (i === 0) c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已处置完毕', photos: [w.photo2] }, c.version);
      if (i === 1) c = await ctx.cases.act(w.dispatcher, c.id, 'reassign', { unitId: w.otherHandler.unitId, reason: '改派' }, c.version);
      ids.push(c.id);
    }
  });

  const k = (): Kysely<any> => get().ctx.db.kysely as unknown as Kysely<any>;
  const columns = async (table: string): Promise<string[]> => (kind === 'sqlite'
    ? (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(k())).rows
    : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = ${table} and table_schema = current_schema()`.execute(k())).rows)
    .map((r) => r.name);
  const refs = async (): Promise<string[]> =>
    (await sql<{ a: string; b: string }>`select sha256 as a, case_id as b from file_refs`.execute(k())).rows.map((r) => `${r.a}/${r.b}`).sort();
  const holds = async (): Promise<string[]> =>
    (await sql<{ a: string; b: string }>`select unit_id as a, case_id as b from case_unit_holds`.execute(k())).rows.map((r) => `${r.a}/${r.b}`).sort();
  // Events of one instant (the tests' clock stands still) come in no set order.
  const sorted = <T extends { caseId: string; seq: number }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.seq - b.seq));
  const lanes = () => [{ role: 'dispatcher' as const, districtCode: w.districtCode }, { role: 'handler' as const, unitId: w.handler.unitId! }];

  it('keys the log by the case number, with coded type and roles and no place columns', async () => {
    const cols = await columns('case_events');
    expect(cols).toContain('case_no');
    expect(cols).not.toContain('case_id');
    expect(cols).not.toContain('district_code');
    expect(await columns('cases')).toContain('case_no');
    const rows = (await sql<{ id: string; case_no: number; type: string; role: string }>`select c.id, e.case_no, e.type, e.role
      from case_events e join cases c on c.case_no = e.case_no order by e.case_no, e.seq`.execute(k())).rows;
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
    expect(rows.every((r) => r.type.length === 1 && r.role.length === 1)).toBe(true);
    // Photos as bytes: 0x01 and 32 bytes each; none as NULL.
    const photos = (await sql<{ a: Buffer | null }>`select attachments as a from case_events`.execute(k())).rows.map((r) => r.a);
    expect(photos.some((a) => a === null)).toBe(true);
    expect(photos.filter((a) => a !== null).every((a) => Buffer.isBuffer(a) && a[0] === 1 && a.length === 33)).toBe(true);
    const numbers = (await sql<{ case_no: number }>`select case_no from cases order by case_no`.execute(k())).rows.map((r) => Number(r.case_no));
    expect(new Set(numbers).size).toBe(ids.length);
    // The events read as the domain knows them: ids, types and roles in full, every chain verified.
    const events = await get().ctx.cases.events(ids[0]!);
    expect(events.map((e) => [e.caseId, e.type])).toContainEqual([ids[0], 'dispatched']);
    expect(events.every((e) => e.caseId === ids[0] && e.role.length > 1)).toBe(true);
    expect((await get().ctx.cases.verifyAllCases()).ok).toBe(true);
    // The triggers find the case by its number: the reported photos (written in the statement that inserts the case) and the handled one.
    expect(await refs()).toEqual(expect.arrayContaining([`${w.photo}/${ids[0]}`, `${w.photo2}/${ids[0]}`, `${w.photo}/${ids[2]}`]));
    const c1 = (await get().ctx.cases.find(ids[1]!))!;
    expect(await holds()).toEqual(expect.arrayContaining([`${w.handler.unitId}/${ids[1]}`, `${c1.unit!.id}/${ids[1]}`]));
  });

  it('upgrades a log in the form before it in place: every case reads as before, every chain and the integrity report verify', async () => {
    const { ctx } = get();
    await ctx.integrity.seal();
    const before = {
      cases: await Promise.all(ids.map((id) => ctx.cases.find(id))),
      events: await Promise.all(ids.map((id) => ctx.cases.events(id))),
      verified: await ctx.cases.verifyAllCases(),
      addressed: sorted(await ctx.cases.addressedTo(w.dispatcher.id, lanes(), 50)),
      feed: sorted((await latestFeed(ctx, w.dispatcher, 50)).items),
      refs: await refs(),
      holds: await holds(),
    };
    expect(before.addressed.length).toBeGreaterThan(0);
    expect(before.feed.length).toBeGreaterThan(0);

    await unnumberCaseLog(ctx.db);
    expect(await columns('case_events')).toEqual(expect.arrayContaining(['case_id', 'district_code', 'street_code']));
    expect(await columns('cases')).not.toContain('case_no');
    await caseNumbers(ctx.db.dialect).up(k());
    // The release before stored the actor as text (unnumberCaseLog gives it back as text); 0247 makes it
    // bytes. The fixture's users are not UUIDs: one event is given a UUID actor for the migration, then
    // put back, so its chain still verifies.
    const actors = async () => (await sql<{ case_no: number; seq: number; actor_id: unknown }>`select case_no, seq, actor_id from case_events order by case_no, seq`.execute(k())).rows;
    const old = await actors();
    const first = old[0]!;
    expect(old.every((r) => typeof r.actor_id === 'string')).toBe(true);
    const uuid = '01a23774-3a25-7a1d-bc29-875fb1882a70';
    await sql`update case_events set actor_id = ${uuid} where case_no = ${first.case_no} and seq = ${first.seq}`.execute(k());
    await actorBytes(ctx.db.dialect).up(k());
    const migrated = await actors();
    expect(migrated.every((r) => Buffer.isBuffer(r.actor_id))).toBe(true);
    expect((migrated[0]!.actor_id as Buffer).toString('hex')).toBe(`01${uuid.replace(/-/g, '')}`);
    expect(actorOf(migrated[0]!.actor_id)).toBe(uuid);
    expect(migrated.slice(1).map((r) => actorOf(r.actor_id))).toEqual(old.slice(1).map((r) => r.actor_id));
    await sql`update case_events set actor_id = ${storedActor(first.actor_id as string)} where case_no = ${first.case_no} and seq = ${first.seq}`.execute(k());
    expect(await columns('case_events')).not.toContain('case_id');
    await statementTriggers(ctx.db.dialect).up(k());

    // A second context reads everything afresh (this one remembers the records it wrote).
    const second = await openSecond(get());
    try {
      expect(await Promise.all(ids.map((id) => second.cases.find(id)))).toEqual(before.cases);
      expect(await Promise.all(ids.map((id) => second.cases.events(id)))).toEqual(before.events);
      expect(await second.cases.verifyAllCases()).toEqual(before.verified);
      expect(sorted(await second.cases.addressedTo(w.dispatcher.id, lanes(), 50))).toEqual(before.addressed);
      expect(sorted((await latestFeed(second, w.dispatcher, 50)).items)).toEqual(before.feed);
      const report = await second.integrity.report();
      expect(report.ok, JSON.stringify(report.problems)).toBe(true);
      expect(await refs()).toEqual(before.refs);
      expect(await holds()).toEqual(before.holds);
      await second.evaluation.catchUp();
    } finally {
      await second.close();
    }

    // The store writes on: a new case (photos referenced), a reassignment (held), numbers not reused.
    const n = await reportAndFile(ctx, w, { photos: [w.photo2] });
    const moved = await ctx.cases.act(w.dispatcher, n.id, 'reassign', { unitId: w.otherHandler.unitId, reason: '改派' }, n.version);
    expect(await refs()).toEqual([...before.refs, `${w.photo2}/${n.id}`].sort());
    expect(await holds()).toEqual([...before.holds, `${n.unit!.id}/${n.id}`, `${moved.unit!.id}/${n.id}`].sort());
    const numbers = (await sql<{ case_no: number }>`select case_no from cases`.execute(k())).rows.map((r) => Number(r.case_no));
    expect(new Set(numbers).size).toBe(ids.length + 1);
    const v = await ctx.cases.verifyAllCases();
    expect(v).toMatchObject({ ok: true, cases: ids.length + 1 });
    expect((await ctx.integrity.report()).ok).toBe(true);
  });

  it('refuses to upgrade a log with events of a case that has no row, changing nothing', async () => {
    const { ctx } = get();
    await unnumberCaseLog(ctx.db);
    const orphan = ids[2]!;
    await sql`delete from cases where id = ${orphan}`.execute(k());
    if (kind === 'sqlite') {
      await expect(caseNumbers(ctx.db.dialect).up(k())).rejects.toThrow(/without a row/);
      expect(await columns('case_events')).toContain('case_id');
      expect(await columns('cases')).not.toContain('case_no');
    } else {
      // PostgreSQL runs a migration in a transaction: here, one of the test's own.
      await expect(k().transaction().execute((tx) => caseNumbers(ctx.db.dialect).up(tx))).rejects.toThrow(/without a row/);
      expect(await columns('case_events')).toContain('case_id');
    }
  });
});

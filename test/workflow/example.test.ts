import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBus } from '../../src/bus/local.js';
import type { EventBus } from '../../src/bus/bus.js';
import { createLogger } from '../../src/core/logger.js';
import { HOUR_MS } from '../../src/core/time.js';
import { withStatutoryDays } from '../../src/workflow/clock.js';
import { describeStores } from '../helpers/stores.js';
import { createPermits, createPermitTables, onApproved } from './example/permit.js';

const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string; kind?: string }) => ({ code: e.code, kind: e.kind }));
const PHOTO = 'a'.repeat(64);

describeStores('an example workflow on the kit alone (street-occupation permits)', (get) => {
  let bus: EventBus;
  let permits: ReturnType<typeof createPermits>;
  const heard: string[] = [];
  const lead = { id: 'u-lead', roles: ['shift_lead'] };
  const inspector = { id: 'u-insp', roles: ['inspector'] };
  beforeAll(async () => {
    const { ctx, clock } = get();
    await createPermitTables(ctx.db);
    bus = createLocalBus(createLogger('silent'));
    let n = 0;
    permits = createPermits(ctx.db, { bus, calendar: withStatutoryDays(ctx.calendar), now: () => clock.now(), ids: () => `permit-${++n}` });
    onApproved(bus, (id) => { heard.push(id); });
  });
  afterAll(async () => {
    await bus.close();
  });

  it('takes a permit through its three states, each step an event in one hash chain, and tells the subscriber once', async () => {
    const p = await permits.apply('张三', '思明区湖滨南路 1 号');
    expect(p).toMatchObject({ state: 'applied', version: 1 });
    // Applied Monday 2 March 2026 09:00: five statutory working days end at 24:00 on Monday 9 March.
    expect(p.clock.dueAt).toBe(Date.parse('2026-03-10T00:00:00+08:00'));
    const approved = await permits.act(lead, p.id, 'approve', { opinion: '同意占道，限期三天' }, p.version);
    expect(approved).toMatchObject({ state: 'approved', version: 2 });
    expect(approved.clock.stage).toBeNull();
    const closed = await permits.act(inspector, p.id, 'close', { photos: [PHOTO] }, approved.version);
    expect(closed.state).toBe('closed');
    expect((await permits.store.events(p.id)).map((e) => e.type)).toEqual(['applied', 'approved', 'closed']);
    expect((await permits.store.verify(p.id)).ok).toBe(true);
    await bus.flush();
    expect(heard.filter((id) => id === p.id)).toHaveLength(1);
  });

  it('refuses what the declarations do not allow, and writes nothing', async () => {
    const p = await permits.apply('李四', '湖里区');
    expect(await refusal(permits.act(inspector, p.id, 'approve', { opinion: '同意' }, p.version))).toEqual({ code: 'FORBIDDEN_ROLE', kind: 'forbidden' });
    expect(await refusal(permits.act(lead, p.id, 'approve', {}, p.version))).toEqual({ code: 'OPINION_REQUIRED', kind: 'unprocessable' });
    expect(await refusal(permits.act(lead, p.id, 'approve', { opinion: '同意', extra: 1 }, p.version))).toEqual({ code: 'VALIDATION_FAILED', kind: 'invalid' });
    expect(await refusal(permits.act(inspector, p.id, 'close', { photos: [PHOTO] }, p.version))).toEqual({ code: 'ACTION_NOT_ALLOWED', kind: 'conflict' });
    expect(await refusal(permits.act(lead, p.id, 'revoke', {}, p.version))).toEqual({ code: 'ACTION_UNKNOWN', kind: 'not_found' });
    const approved = await permits.act(lead, p.id, 'approve', { opinion: '同意' }, p.version);
    expect(await refusal(permits.act(lead, p.id, 'approve', { opinion: '再次同意' }, p.version))).toEqual({ code: 'PERMIT_VERSION_CONFLICT', kind: 'conflict' });
    expect(await refusal(permits.act(inspector, p.id, 'close', {}, approved.version))).toEqual({ code: 'PHOTOS_REQUIRED', kind: 'unprocessable' });
    expect((await permits.store.events(p.id)).map((e) => e.type)).toEqual(['applied', 'approved']);
  });

  it('raises the review clock’s yellow and red crossings once each, also when two sweepers run at once', async () => {
    const { clock } = get();
    const p = await permits.apply('王五', '集美区');
    clock.set(p.clock.warnAt! + HOUR_MS);
    const [a, b] = await Promise.all([permits.sweep(clock.now()), permits.sweep(clock.now())]);
    expect(a.warnings + b.warnings).toBe(1);
    clock.set(p.clock.dueAt! + HOUR_MS);
    expect((await permits.sweep(clock.now())).overdue).toBe(1);
    expect((await permits.sweep(clock.now())).overdue + (await permits.sweep(clock.now())).warnings).toBe(0);
    const types = (await permits.store.events(p.id)).map((e) => e.type);
    expect(types).toEqual(['applied', 'deadline_warning', 'deadline_overdue']);
    expect((await permits.store.load(p.id))!.clock.light).toBe('red');
  });
});

describe('the example stays small', () => {
  it('shows the kit’s contract in under 150 lines', async () => {
    const fs = await import('node:fs');
    const text = fs.readFileSync(new URL('./example/permit.ts', import.meta.url), 'utf8');
    expect(text.split('\n').length).toBeLessThan(150);
    expect([...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!).filter((m) => m.startsWith('../../../src/') && !m.startsWith('../../../src/workflow/'))).toEqual(['../../../src/bus/bus.js', '../../../src/store/db.js']);
  });
});

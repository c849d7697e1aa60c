/**
 * An example workflow on the kit alone: a street-occupation permit (占道许可). Three states
 * (applied → approved → closed), two actions, a review clock of 5 statutory working days, and a
 * subscriber that hears each approval. Everything it needs is src/workflow/ (and the bus for the
 * subscriber); docs/adding-a-capability.md walks through it.
 */
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { EventBus } from '../../../src/bus/bus.js';
import type { Db } from '../../../src/store/db.js';
import { NO_CLOCK, endClock, startClock, type ClockCalendar, type StageClock } from '../../../src/workflow/clock.js';
import { publishTo } from '../../../src/workflow/publish.js';
import { createRecordStore } from '../../../src/workflow/store.js';
import { fromJson, streamErrors, type EventDraft, type StoredEvent, type StreamSpec } from '../../../src/workflow/stream.js';
import { sweepClocks } from '../../../src/workflow/sweep.js';
import { createWorkflow, type WorkflowAction } from '../../../src/workflow/workflow.js';

// 1. The record and its events.
export type PermitState = 'applied' | 'approved' | 'closed';
export interface Permit { id: string; version: number; lastHash: string; state: PermitState; applicant: string; address: string; clock: StageClock<'review'>; updatedAt: number }
export interface PermitEvent extends StoredEvent { permitId: string }

// 2. Its tables (a migration in a real capability).
export async function createPermitTables(db: Db): Promise<void> {
  const k = db.kysely as unknown as Kysely<any>;
  await k.schema.createTable('permits').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('version', 'integer', (c) => c.notNull()).addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()).addColumn('applicant', 'text', (c) => c.notNull()).addColumn('address', 'text', (c) => c.notNull())
    .addColumn('clock', 'text', (c) => c.notNull()).addColumn('warn_at', 'bigint').addColumn('due_at', 'bigint').addColumn('light', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull()).execute();
  await k.schema.createTable('permit_events').ifNotExists()
    .addColumn('permit_id', 'text', (c) => c.notNull()).addColumn('seq', 'integer', (c) => c.notNull()).addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull()).addColumn('actor_id', 'text', (c) => c.notNull()).addColumn('role', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull()).addColumn('prev_hash', 'text', (c) => c.notNull()).addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('permit_events_pk', ['permit_id', 'seq']).execute();
}

// 3. The stream: how a permit and its events map onto those tables.
const EVENT_COLUMNS = ['permit_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'prev_hash', 'hash'];
export const PERMIT_STREAM: StreamSpec<Permit, PermitEvent> = {
  name: 'permit',
  table: 'permits',
  columns: [
    ['version', (p) => p.version], ['last_hash', (p) => p.lastHash], ['state', (p) => p.state], ['applicant', (p) => p.applicant],
    ['address', (p) => p.address], ['clock', (p) => p.clock, 'json'], ['warn_at', (p) => p.clock.warnAt], ['due_at', (p) => p.clock.dueAt],
    ['light', (p) => p.clock.light], ['updated_at', (p) => p.updatedAt],
  ],
  rowToRecord: (r) => ({
    id: r.id as string, version: Number(r.version), lastHash: r.last_hash as string, state: r.state as PermitState, applicant: r.applicant as string,
    address: r.address as string, clock: fromJson(r.clock), updatedAt: Number(r.updated_at),
  }),
  stamp: (p, version, lastHash) => ({ ...p, version, lastHash }),
  events: {
    table: 'permit_events', streamColumn: 'permit_id', streamKey: 'permitId', columns: EVENT_COLUMNS, jsonColumns: ['data'],
    values: ({ event: e, dataJson }) => [e.permitId, e.seq, e.type, dataJson, e.actorId, e.role, e.at, e.prevHash, e.hash],
    fromRow: (r) => ({
      permitId: r.permit_id as string, seq: Number(r.seq), type: r.type as string, data: fromJson(r.data), actorId: r.actor_id as string,
      role: r.role as string, at: Number(r.at), lon: null, lat: null, attachments: [], prevHash: r.prev_hash as string, hash: r.hash as string,
    }),
    make: (permitId: string, seq: number, d: EventDraft, prevHash: string): PermitEvent => ({
      permitId, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at, lon: null, lat: null, attachments: [], prevHash, hash: '',
    }),
  },
  clock: { warnAt: 'warn_at', dueAt: 'due_at', light: 'light' },
  errors: streamErrors('permit', '许可'),
};

// 4. The actions, declared once.
const ACTIONS: Record<'approve' | 'close', WorkflowAction<Permit>> = {
  approve: {
    zh: '批准', en: 'Approve', roles: ['shift_lead'], permission: 'permit.approve', from: ['applied'], to: 'approved', event: 'approved',
    body: Type.Object({ opinion: Type.String({ minLength: 1, maxLength: 500, title: '审批意见' }) }, { additionalProperties: false }),
    run: ({ now }, p, b: { opinion: string }) => ({ next: { ...p, clock: endClock(p.clock), updatedAt: now }, data: { opinion: b.opinion } }),
  },
  close: {
    zh: '撤场销证', en: 'Close', roles: ['inspector'], permission: 'permit.close', from: ['approved'], to: 'closed', event: 'closed',
    body: Type.Object({ photos: Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { minItems: 1, title: '现场照片' }) }, { additionalProperties: false }),
    run: ({ now }, p, b: { photos: string[] }) => ({ next: { ...p, updatedAt: now }, data: { photos: b.photos } }),
  },
};

// 5. The service: apply (create with a clock), act, sweep deadlines; publishing after commit.
export const REVIEW_LIMIT = { value: 5, unit: 'statutory_days' } as const;
export function createPermits(db: Db, deps: { bus: EventBus; calendar: ClockCalendar; now(): number; ids(): string }) {
  const store = createRecordStore(db, PERMIT_STREAM, { afterCommit: publishTo(deps.bus, 'permit') });
  const workflow = createWorkflow({ store, actions: ACTIONS, withState: (p, state) => ({ ...p, state: state as PermitState }), now: deps.now });
  return {
    store,
    act: workflow.act,
    async apply(applicant: string, address: string): Promise<Permit> {
      const now = deps.now();
      const clock = startClock(deps.calendar, NO_CLOCK as StageClock<'review'>, 'review', REVIEW_LIMIT, now);
      const permit: Permit = { id: deps.ids(), version: 0, lastHash: '', state: 'applied', applicant, address, clock, updatedAt: now };
      const draft = { type: 'applied', data: { applicant, address, dueAt: clock.dueAt }, actorId: applicant, role: 'citizen', at: now };
      return (await store.create(null, () => ({ next: permit, drafts: [draft] })))!;
    },
    sweep: (now: number) => sweepClocks<Permit>({
      candidates: (at, limit) => store.dueForLight(at, limit), clockOf: (p) => p.clock, conflictCode: 'PERMIT_VERSION_CONFLICT',
      lit: (p, light, at) => ({ ...p, clock: { ...p.clock, light }, updatedAt: at }), data: (p) => ({ dueAt: p.clock.dueAt }), append: store.append,
    }, now),
  };
}

// 6. A subscriber: hears each approval once per group, by name, never through the permit store.
export function onApproved(bus: EventBus, heard: (permitId: string, opinion: string) => void): () => void {
  return bus.subscribe({ names: ['permit.approved'], group: 'permit-approvals', handle: (e) => heard((e.data as { id: string }).id, (e.data as { opinion: string }).opinion) });
}

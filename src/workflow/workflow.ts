/**
 * A workflow from its parts, for records whose lifecycle is a `state` member: the store (stream.ts,
 * store.ts), the declared actions (actions.ts) and who may take them. `act` is the one command entry:
 * it refuses an unknown action (404), a role the declaration does not name (403), a stale version
 * (409), a state the action is not taken from (409) and a body the declaration refuses (400/422),
 * then runs the action's pure `run` and appends its event — through the store's `update`, so a
 * stale remembered record is read again and decided once more. Workflows with richer rules (cases)
 * use the same pieces in their own service.
 */
import { AppError, conflict, forbidden, notFound } from '../core/errors.js';
import type { ActionDeclaration } from './actions.js';
import { checkBody } from './body.js';
import type { RecordStore } from './store.js';
import type { EventDraft, StoredEvent, StreamRecord } from './stream.js';

export interface Actor {
  id: string;
  roles: readonly string[];
}

/** What a workflow action's `run` gets: the actor, the role it acts in, and the time. */
export interface RunContext {
  actor: Actor;
  role: string;
  now: number;
}

export type Run<R, B> = (ctx: RunContext, r: R, body: B) => { next: R; data: Record<string, unknown> } | Promise<{ next: R; data: Record<string, unknown> }>;

export interface WorkflowAction<R, S extends string = string> extends ActionDeclaration<S, string, Run<R, any>> {
  /** The state it leads to; absent: the state is kept. */
  to?: S;
  /** The event it writes (default: the action's name). */
  event?: string;
}

export interface Workflow<R> {
  act(actor: Actor, id: string, action: string, body: unknown, expectedVersion: number): Promise<R>;
}

export function createWorkflow<R extends StreamRecord & { state: string }, E extends StoredEvent, A>(o: {
  store: RecordStore<R, E, A>;
  actions: Readonly<Record<string, WorkflowAction<R>>>;
  /** A copy of the record in another state. */
  withState(r: R, state: string): R;
  now(): number;
  /** Beyond the declared roles: is this record within the actor's reach? (area, unit …); default yes. */
  reaches?(actor: Actor, r: R): boolean;
}): Workflow<R> {
  const name = o.store.spec.name;
  return {
    async act(actor, id, action, raw, expectedVersion) {
      const d = Object.hasOwn(o.actions, action) ? o.actions[action]! : undefined;
      if (!d) throw notFound('ACTION_UNKNOWN', `没有这个操作：${action}`, `No such ${name} action: ${action}`, { action });
      return o.store.update(id, expectedVersion, async (r) => {
        const role = d.roles.find((x) => actor.roles.includes(x));
        if (!role) throw new AppError({ code: 'FORBIDDEN_ROLE', kind: 'forbidden', message: `您的角色无权执行此操作（${d.zh}）`, messageEn: `None of your roles may ${action}`, details: { action } });
        if (o.reaches && !o.reaches(actor, r)) throw forbidden('FORBIDDEN_SCOPE', '该对象不在您的管辖范围内', 'This is outside your area', { action });
        if (r.version !== expectedVersion) throw o.store.spec.errors.conflict(r.id, expectedVersion, r.version);
        if (!d.from.includes(r.state)) {
          throw conflict('ACTION_NOT_ALLOWED', `当前状态不能${d.zh}`, `${action} is not allowed in state ${r.state}`, { action, state: r.state });
        }
        const body = checkBody<Record<string, unknown>>(action, d, raw);
        const now = o.now();
        const out = await d.run({ actor, role, now }, r, body);
        const draft: EventDraft = { type: d.event ?? action, data: out.data, actorId: actor.id, role, at: now };
        return { next: d.to && d.to !== out.next.state ? o.withState(out.next, d.to) : out.next, drafts: [draft] };
      });
    },
  };
}

/**
 * Emergency incidents (应急事件): opened and closed with the 应急 level of an area; they gather the
 * cases reported in the area meanwhile (a subscriber on `case.reported`, through the bus), the
 * instructions issued for them and the tasks of the response.
 */
import { Type } from 'typebox';
import type { ServiceDeps } from '../core/deps.js';
import { unprocessable } from '../core/errors.js';
import type { Subscription } from '../bus/bus.js';
import type { CaseNotice } from '../cases/events.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, can } from '../auth/policy.js';
import { checkBody } from '../workflow/body.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore } from '../workflow/store.js';
import { coalesceRead } from '../core/coalesce.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import { covers, INCIDENT_STREAM, type Incident } from './incident-model.js';
import { areaLevelOf } from './model.js';

export const TaskBody = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 300, title: '任务' }),
  assignee: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { title: '负责人' })),
}, { additionalProperties: false });

export interface Incidents {
  open(actorId: string, role: string, o: { areaCode: string; areaName: string; title: string }): Promise<Incident>;
  close(actorId: string, role: string, id: string): Promise<Incident>;
  /** Open incidents covering a place (newest first). */
  openAt(place: { districtCode: string | null; streetCode: string | null }): Promise<Incident[]>;
  linkInstruction(id: string, instructionId: string, actorId: string, role: string): Promise<void>;
  addTask(user: User, id: string, body: unknown, version: number): Promise<Incident>;
  completeTask(user: User, id: string, taskId: string, version: number): Promise<Incident>;
  get(user: User, id: string): Promise<Incident>;
  list(user: User): Promise<Incident[]>;
  events(user: User, id: string): Promise<DocEvent[]>;
  /** Gathers cases reported where an incident is open. */
  subscription(): Subscription;
}

const resourceOf = (i: Pick<Incident, 'districtCode' | 'streetCode'>) => ({ districtCode: i.districtCode, streetCode: i.streetCode });

export function createIncidents(deps: ServiceDeps): Incidents {
  const { db, clock, ids } = deps;
  const store = createRecordStore(db, INCIDENT_STREAM, { afterCommit: publishTo(deps.bus, 'incident') });

  // Every reported case asks which incidents are open at its place: the reports of one delivery share
  // one read (the subscriber is `concurrent`; src/core/coalesce.ts — sent after each asked).
  const openNow = coalesceRead(async () => (await db.kysely.selectFrom('command_incidents').selectAll().where('state', '=', 'open').orderBy('opened_at', 'desc').execute())
    .map((r) => INCIDENT_STREAM.rowToRecord(r)));
  async function openAt(place: { districtCode: string | null; streetCode: string | null }): Promise<Incident[]> {
    return (await openNow()).filter((i) => covers(i.areaCode, place));
  }
  // Links to one incident from reports handled at once would race on its version: one at a time.
  let linking: Promise<unknown> = Promise.resolve();
  function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
    const p = linking.then(fn);
    linking = p.catch(() => undefined);
    return p;
  }

  async function readable(user: User, id: string): Promise<Incident> {
    const i = await store.load(id);
    if (!i || !can(user, 'command.read', resourceOf(i)).allowed) throw INCIDENT_STREAM.errors.notFound(id);
    return i;
  }

  async function link(id: string, field: 'caseIds' | 'instructionIds', value: string, actorId: string, role: string): Promise<void> {
    const i = await store.load(id);
    if (!i || i[field].includes(value)) return;
    await store.update(id, i.version, (cur) => {
      const now = clock.now();
      return {
        next: { ...cur, [field]: [...new Set([...cur[field], value])], updatedAt: now },
        drafts: [{ type: field === 'caseIds' ? 'case_linked' : 'instruction_linked', actorId, role, at: now, data: { [field === 'caseIds' ? 'caseId' : 'instructionId']: value } }],
      };
    });
  }

  return {
    async open(actorId, role, o) {
      const now = clock.now();
      const level = areaLevelOf(o.areaCode);
      const i: Incident = {
        id: ids.next(), version: 0, lastHash: '', state: 'open', title: o.title, areaCode: o.areaCode, areaName: o.areaName,
        districtCode: level === 'city' ? null : o.areaCode.slice(0, 6), streetCode: level === 'street' ? o.areaCode : null,
        openedAt: now, closedAt: null, caseIds: [], instructionIds: [], tasks: [], updatedAt: now,
      };
      return (await store.create(null, () => ({ next: i, drafts: [{ type: 'opened', actorId, role, at: now, data: { areaCode: o.areaCode, title: o.title } }] })))!;
    },
    async close(actorId, role, id) {
      const i = await store.load(id);
      if (!i) throw INCIDENT_STREAM.errors.notFound(id);
      if (i.state === 'closed') return i;
      const now = clock.now();
      return store.append(i, { ...i, state: 'closed', closedAt: now, updatedAt: now }, [{ type: 'closed', actorId, role, at: now, data: { cases: i.caseIds.length, instructions: i.instructionIds.length } }]);
    },
    openAt,
    linkInstruction: (id, instructionId, actorId, role) => link(id, 'instructionIds', instructionId, actorId, role),
    async addTask(user, id, raw, version) {
      const b = checkBody<{ text: string; assignee?: string | null }>('add_task', { body: TaskBody, zh: '添加任务' }, raw);
      await readable(user, id);
      return store.update(id, version, (cur) => {
        const role = authorize(user, 'command.level', resourceOf(cur));
        if (cur.version !== version) throw INCIDENT_STREAM.errors.conflict(id, version, cur.version);
        if (cur.state !== 'open') throw unprocessable('INCIDENT_CLOSED', '应急事件已结束', 'The incident is closed', { id });
        const now = clock.now();
        const task = { id: ids.next(), text: b.text, assignee: b.assignee ?? null, done: false, doneAt: null };
        return { next: { ...cur, tasks: [...cur.tasks, task], updatedAt: now }, drafts: [{ type: 'task_added', actorId: user.id, role, at: now, data: { ...task } }] };
      });
    },
    async completeTask(user, id, taskId, version) {
      await readable(user, id);
      return store.update(id, version, (cur) => {
        const role = authorize(user, 'command.level', resourceOf(cur));
        if (cur.version !== version) throw INCIDENT_STREAM.errors.conflict(id, version, cur.version);
        const task = cur.tasks.find((t) => t.id === taskId);
        if (!task) throw unprocessable('TASK_NOT_FOUND', '没有这个任务', 'No such task', { taskId });
        if (task.done) throw unprocessable('TASK_DONE', '任务已完成', 'The task is done already', { taskId });
        const now = clock.now();
        return {
          next: { ...cur, tasks: cur.tasks.map((t) => (t.id === taskId ? { ...t, done: true, doneAt: now } : t)), updatedAt: now },
          drafts: [{ type: 'task_done', actorId: user.id, role, at: now, data: { taskId } }],
        };
      });
    },
    get: readable,
    async list(user) {
      authorize(user, 'command.read');
      const f = accessFilter(user, 'command.read') ?? {};
      const rows = (await db.kysely.selectFrom('command_incidents').selectAll().orderBy('opened_at', 'desc').limit(200).execute()).map((r) => INCIDENT_STREAM.rowToRecord(r));
      return rows.filter((i) => (!f.districtCode || i.districtCode === f.districtCode) && (!f.streetCode || i.streetCode === f.streetCode));
    },
    async events(user, id) {
      await readable(user, id);
      return store.events(id);
    },
    subscription: () => ({
      names: ['case.reported'],
      group: 'incident-cases',
      concurrent: true,
      handle: async (e) => {
        const n = e.data as CaseNotice;
        for (const i of await openAt({ districtCode: n.audience.districtCode ?? null, streetCode: n.audience.streetCode ?? null })) {
          await oneAtATime(() => link(i.id, 'caseIds', n.caseId, 'system', 'system'));
        }
      },
    }),
  };
}

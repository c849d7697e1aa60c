/**
 * Instructions (指令) on the kit: issue (step by step, skipping levels, point to point), receipt,
 * passing down, reply with photos, close or send back, links to cases; the sweeper raises the
 * reply deadline's lights and escalates an overdue instruction one level up (street → district →
 * city; a person → their own area's command first), giving the holder a fresh period each time.
 */
import { Type } from 'typebox';
import type { ServiceDeps } from '../core/deps.js';
import { AppError, conflict, isAppError, unprocessable } from '../core/errors.js';
import type { Actor, User } from '../auth/model.js';
import { authorize, can, type Resource } from '../auth/policy.js';
import type { AuthService } from '../auth/service.js';
import type { CatalogService } from '../catalog/service.js';
import type { CaseService } from '../cases/service.js';
import type { GeoService } from '../geo/service.js';
import type { FileStore } from '../files/service.js';
import { checkBody } from '../workflow/body.js';
import { crossings, NO_CLOCK, type ClockCalendar, type StageClock } from '../workflow/clock.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore } from '../workflow/store.js';
import { createWorkflow, type RunContext } from '../workflow/workflow.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import type { EventDraft } from '../workflow/stream.js';
import { HOLDER_ACTIONS, holderClock, INSTRUCTION_ACTIONS, INSTRUCTION_STREAM, MODES, type Instruction, type Party } from './instruction-model.js';
import { areaLevelOf } from './model.js';
import { areaResource, cityOf } from './levels.js';
import type { Incidents } from './incidents.js';
import { createInstructionNotices, type InstructionNotices } from './notices.js';

export const IssueBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 100, title: '标题' }),
  content: Type.String({ minLength: 1, maxLength: 4000, title: '指令内容' }),
  mode: Type.Union(MODES.map((m) => Type.Literal(m)), { title: '指挥方式' }),
  target: Type.Object({
    kind: Type.Union([Type.Literal('area'), Type.Literal('unit'), Type.Literal('user')]),
    code: Type.String({ minLength: 1, maxLength: 64, description: 'Area code (district, street), unit id or code, or user id' }),
  }, { additionalProperties: false }),
  replyLimit: Type.Object({
    value: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    unit: Type.Union([Type.Literal('work_hours'), Type.Literal('work_days'), Type.Literal('hours'), Type.Literal('days')]),
  }, { additionalProperties: false, title: '回复时限' }),
  caseIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 })),
  incidentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { additionalProperties: false });

type IssueInput = { title: string; content: string; mode: Instruction['mode']; target: { kind: Party['kind']; code: string }; replyLimit: { value: number; unit: string }; caseIds?: string[]; incidentId?: string };

export type Box = 'todo' | 'issued' | 'area';

/** A person an instruction may go to (point to point), as the target picker lists them. */
export interface Addressee { id: string; displayName: string; roles: string[]; areaCode: string; areaName: string }

export interface Instructions {
  issue(user: User, body: unknown): Promise<Instruction>;
  act(user: User, id: string, action: string, body: unknown, version: number): Promise<Instruction>;
  get(user: User, id: string): Promise<Instruction>;
  list(user: User, box: Box): Promise<Instruction[]>;
  events(user: User, id: string): Promise<DocEvent[]>;
  sweep(now: number): Promise<{ warnings: number; overdue: number; escalated: number }>;
  /** People whose name (or username) holds `q`, to whom this user may issue an instruction (the user's area), at most 20. */
  people(user: User, q: string): Promise<Addressee[]>;
  /** Who is told of each event, in the app and by text (src/command/notices.ts). */
  notices: InstructionNotices;
}

const COMMAND_ROLES = new Set(['shift_lead', 'dispatcher', 'leader']);

/** Is this user the party? (a person; a handler of the unit; a command role of the area, at its level) */
export function isParty(user: Actor, p: Party): boolean {
  if (p.kind === 'user') return user.id === p.code;
  if (p.kind === 'unit') return user.unitId === p.code && user.roles.includes('handler');
  const level = areaLevelOf(p.code);
  return user.scope.code === p.code && user.scope.level === level && user.roles.some((r) => COMMAND_ROLES.has(r));
}

/** The area an escalation goes to after `code`: street → district → city → none. */
export function parentArea(code: string): string | null {
  const level = areaLevelOf(code);
  if (level === 'street') return code.slice(0, 6);
  if (level === 'district') return cityOf(code);
  return null;
}

export function createInstructions(deps: ServiceDeps & {
  geo: GeoService; catalog: CatalogService; auth: AuthService; files: FileStore; cases: Pick<CaseService, 'get'>; incidents: Incidents; calendar: ClockCalendar<string>;
}): Instructions {
  const { db, clock, ids, geo } = deps;
  const store = createRecordStore(db, INSTRUCTION_STREAM, { afterCommit: publishTo(deps.bus, 'instruction') });
  const cal = deps.calendar;

  const readableBy = (user: User, i: Instruction): boolean =>
    i.issuerId === user.id || isParty(user, i.holder) || i.copies.some((c) => isParty(user, c)) || (i.escalatedTo !== null && isParty(user, { kind: 'area', code: i.escalatedTo, name: '' }))
    || can(user, 'command.read', i.districtCode ? { districtCode: i.districtCode, streetCode: i.streetCode } : {}).allowed;

  const mayClose = (user: User, i: Instruction): boolean => i.issuerId === user.id || isParty(user, { kind: 'area', code: i.issuerArea, name: '' });

  const refuse = (code: string, zh: string, en: string): AppError => new AppError({ code, kind: 'forbidden', message: zh, messageEn: en });

  /** Each action's own rule about who of its roles may take it on this instruction, then the declared run. */
  const guarded = Object.fromEntries(Object.entries(INSTRUCTION_ACTIONS).map(([name, d]) => [name, {
    ...d,
    run: async (ctx: RunContext, i: Instruction, b: Record<string, unknown>) => {
      const user = ctx.actor as User;
      if (HOLDER_ACTIONS.has(name) && !isParty(user, i.holder)) throw refuse('NOT_THE_HOLDER', '该指令当前不由您办理', 'This instruction is not with you');
      if ((name === 'close' || name === 'redo') && !mayClose(user, i)) throw refuse('NOT_THE_ISSUER', '只有发令方可以办结或退回', 'Only the issuing side may close or send back');
      if (name === 'forward' && (i.mode !== 'step' || i.path.length === 0)) throw conflict('INSTRUCTION_NOT_FORWARDABLE', '该指令没有下一级可下转', 'There is no level below to pass this on to', { mode: i.mode });
      if (name === 'reply') await deps.files.requireAll((b.photos as string[] | undefined) ?? []);
      if (name === 'link_case') await deps.cases.get(user, b.caseId as string);
      const out = await (d.run as (c: RunContext, r: Instruction, body: unknown) => { next: Instruction; data: Record<string, unknown> })(ctx, i, b);
      // A new holder (passed down) or a second try (sent back): a fresh period to reply in.
      if (name === 'forward' || name === 'redo') {
        const c = holderClock(cal, out.next, ctx.now);
        return { next: { ...out.next, clock: c }, data: { ...out.data, dueAt: c.dueAt } };
      }
      return out;
    },
  }]));
  const workflow = createWorkflow({ store, actions: guarded, now: () => clock.now(), withState: (i, state) => ({ ...i, state: state as Instruction['state'] }) });

  async function readable(user: User, id: string): Promise<Instruction> {
    const i = await store.load(id);
    if (!i || !readableBy(user, i)) throw INSTRUCTION_STREAM.errors.notFound(id);
    return i;
  }

  async function party(kind: Party['kind'], code: string): Promise<{ party: Party; resource: Resource; district: string | null; street: string | null; area: string | null }> {
    if (kind === 'area') {
      const level = areaLevelOf(code);
      if (level !== 'district' && level !== 'street') throw unprocessable('TARGET_INVALID', '指令对象应为区或街道', 'An area target is a district or a street', { code });
      const name = geo.nameOf(code);
      if (!name) throw unprocessable('TARGET_NOT_FOUND', `没有这个区域：${code}`, `No such area: ${code}`, { code });
      return { party: { kind, code, name }, resource: areaResource(code), district: code.slice(0, 6), street: level === 'street' ? code : null, area: code };
    }
    if (kind === 'unit') {
      const u = await deps.catalog.getUnit(code).catch(() => undefined);
      if (!u || !u.active) throw unprocessable('TARGET_NOT_FOUND', `没有这个单位：${code}`, `No such unit: ${code}`, { code });
      return { party: { kind, code: u.id, name: u.name }, resource: {}, district: null, street: null, area: null };
    }
    const u = await deps.auth.getUser(code).catch(() => undefined);
    if (!u || !u.active) throw unprocessable('TARGET_NOT_FOUND', '没有这个人员', 'No such person', { code });
    const area = u.scope.level === 'city' ? null : u.scope.code;
    return {
      party: { kind, code: u.id, name: u.displayName }, resource: area ? areaResource(area) : {},
      district: area ? area.slice(0, 6) : null, street: u.scope.level === 'street' ? u.scope.code : null, area: u.scope.code,
    };
  }

  async function issue(user: User, raw: unknown): Promise<Instruction> {
    const b = checkBody<IssueInput>('issue', { body: IssueBody, zh: '下达指令' }, raw);
    const t = await party(b.target.kind, b.target.code);
    const role = authorize(user, 'instruction.issue', t.resource);
    if ((b.mode === 'p2p') !== (b.target.kind === 'user')) {
      throw unprocessable('MODE_TARGET_MISMATCH', '点对点指挥下达给个人，逐级和越级指挥下达给区、街道或单位', 'Point to point goes to a person; step by step and skipping levels go to an area or a unit', { mode: b.mode, kind: b.target.kind });
    }
    // Step by step from the city to a street passes through its district first; skipping levels copies the district.
    const viaDistrict = b.target.kind === 'area' && areaLevelOf(b.target.code) === 'street' && user.scope.level === 'city';
    const district: Party | null = viaDistrict ? { kind: 'area', code: b.target.code.slice(0, 6), name: geo.nameOf(b.target.code.slice(0, 6)) ?? b.target.code.slice(0, 6) } : null;
    const path = b.mode === 'step' && district ? [district, t.party] : [t.party];
    const copies = b.mode === 'skip' && district ? [district] : [];
    for (const id of b.caseIds ?? []) await deps.cases.get(user, id);
    if (b.incidentId) {
      const inc = await deps.incidents.get(user, b.incidentId);
      if (inc.state !== 'open') throw unprocessable('INCIDENT_CLOSED', '应急事件已结束', 'The incident is closed', { incidentId: b.incidentId });
    }
    const now = clock.now();
    const base: Instruction = {
      id: ids.next(), version: 0, lastHash: '', state: 'issued', title: b.title, content: b.content, mode: b.mode,
      issuerId: user.id, issuerName: user.displayName, issuerArea: user.scope.code, target: t.party, holder: path[0]!, path: path.slice(1), copies,
      limit: { value: b.replyLimit.value, unit: b.replyLimit.unit }, clock: NO_CLOCK as StageClock<'reply', string>, escalatedTo: null, escalations: 0,
      caseIds: [...new Set(b.caseIds ?? [])], incidentId: b.incidentId ?? null, replies: [], districtCode: t.district, streetCode: t.street, updatedAt: now,
    };
    const rec: Instruction = { ...base, clock: holderClock(cal, base, now) };
    const created = (await store.create(null, () => ({
      next: rec,
      drafts: [{
        type: 'issued', actorId: user.id, role, at: now,
        data: { title: b.title, mode: b.mode, target: t.party, holder: rec.holder, path: rec.path, copies, limit: rec.limit, dueAt: rec.clock.dueAt, caseIds: rec.caseIds, incidentId: rec.incidentId },
      }],
    })))!;
    if (created.incidentId) await deps.incidents.linkInstruction(created.incidentId, created.id, user.id, role);
    return created;
  }

  async function escalate(i: Instruction, now: number): Promise<'warning' | 'overdue' | 'escalated' | null> {
    const { light, events } = crossings(i.clock, now);
    if (events.length === 0) return null;
    const drafts: EventDraft[] = events.map((type) => ({ type, actorId: 'system', role: 'system', at: now, data: { holder: i.holder, dueAt: i.clock.dueAt } }));
    let next: Instruction = { ...i, clock: { ...i.clock, light }, updatedAt: now };
    if (events.includes('deadline_overdue')) {
      const to = i.escalatedTo ? parentArea(i.escalatedTo) : i.holder.kind === 'user' ? holderArea(i) : i.holder.kind === 'unit' ? cityOf(i.issuerArea) : parentArea(i.holder.code);
      if (to) {
        next = { ...next, escalatedTo: to, escalations: i.escalations + 1 };
        next = { ...next, clock: holderClock(cal, next, now) };
        drafts.push({ type: 'escalated', actorId: 'system', role: 'system', at: now, data: { from: i.escalatedTo, to, toName: areaLevelOf(to) === 'city' ? '全市' : geo.nameOf(to) ?? to, holder: i.holder, dueAt: next.clock.dueAt } });
      }
    }
    await store.append(i, next, drafts);
    return drafts.some((d) => d.type === 'escalated') ? 'escalated' : events.includes('deadline_overdue') ? 'overdue' : 'warning';
  }

  /** A person's own area: where their instruction goes first when overdue (stored on the issue event's target). */
  const holderArea = (i: Instruction): string => i.streetCode ?? i.districtCode ?? cityOf(i.issuerArea);

  return {
    issue,
    notices: createInstructionNotices({ db, load: (id) => store.load(id), isParty }),
    async people(user, q) {
      authorize(user, 'instruction.issue', user.scope.level === 'city' ? {} : areaResource(user.scope.code));
      const district = user.scope.level === 'city' ? undefined : user.scope.code.slice(0, 6);
      const { items } = await deps.auth.listUsers({ q: q.trim() || undefined, active: true, ...(district ? { districtCode: district } : {}), limit: 200, offset: 0 });
      return items
        .filter((u) => u.id !== user.id && !u.roles.includes('citizen') && can(user, 'instruction.issue', u.scope.level === 'city' ? {} : areaResource(u.scope.code)).allowed)
        .slice(0, 20)
        .map((u) => ({
          id: u.id, displayName: u.displayName, roles: [...u.roles], areaCode: u.scope.code,
          areaName: u.scope.level === 'city' ? '全市' : geo.nameOf(u.scope.code) ?? u.scope.code,
        }));
    },
    async act(user, id, action, body, version) {
      await readable(user, id);
      return workflow.act(user, id, action, body, version);
    },
    get: readable,
    async list(user, box) {
      let q = db.kysely.selectFrom('instructions').selectAll();
      if (box === 'issued') q = q.where('issuer_id', '=', user.id);
      else if (box === 'todo') {
        q = q.where('state', '<>', 'closed').where((eb) => eb.or([
          eb.and([eb('holder_kind', '=', 'user'), eb('holder_code', '=', user.id)]),
          eb.and([eb('holder_kind', '=', 'unit'), eb('holder_code', '=', user.unitId ?? '')]),
          eb.and([eb('holder_kind', '=', 'area'), eb('holder_code', '=', user.scope.code)]),
        ]));
      } else q = q.where('state', '<>', 'closed');
      const rows = (await q.orderBy('updated_at', 'desc').limit(500).execute()).map((r) => INSTRUCTION_STREAM.rowToRecord(r));
      if (box === 'todo') return rows.filter((i) => isParty(user, i.holder));
      if (box === 'issued') return rows;
      return rows.filter((i) => readableBy(user, i)).slice(0, 200);
    },
    async events(user, id) {
      await readable(user, id);
      return store.events(id);
    },
    async sweep(now) {
      const out = { warnings: 0, overdue: 0, escalated: 0 };
      for (let round = 0; round < 100; round++) {
        const due = await store.dueForLight(now, 200);
        let progressed = 0;
        for (const i of due) {
          try {
            const r = await escalate(i, now);
            if (!r) continue;
            progressed += 1;
            if (r === 'warning') out.warnings += 1;
            else out.overdue += 1;
            if (r === 'escalated') out.escalated += 1;
          } catch (e) {
            if (!isAppError(e) || e.code !== 'INSTRUCTION_VERSION_CONFLICT') throw e;
          }
        }
        if (due.length < 200 || progressed === 0) break;
      }
      return out;
    },
  };
}

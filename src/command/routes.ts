/**
 * HTTP for command (指挥): levels per area and their policy, scheduled periods, emergency incidents,
 * and instructions with their declared actions. Route = authenticate → validate → one service call → present.
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { actionRoutes } from '../workflow/routes.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import type { Incident } from './incident-model.js';
import { INSTRUCTION_ACTIONS, INSTRUCTION_STATE_NAMES, MODE_NAMES, type Instruction } from './instruction-model.js';
import { IssueBody } from './instructions.js';
import { TaskBody } from './incidents.js';
import { PolicyBody, ScheduleBody, SetLevelBody } from './levels.js';
import { LEVEL_NAMES, type AreaCommand, type LevelSchedule } from './model.js';
import { repeatText } from './recurrence.js';

const Err = Type.Ref('Error');
const tags = ['command'];
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Int = Type.Integer();
const Str = Type.String();
const Num = Type.Number();
const errors = { 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err };
const Version = Type.Integer({ minimum: 1 });

const AreaView = Type.Object({
  areaCode: Str, areaLevel: Str, areaName: Str, level: Str, levelName: Str, levelNameEn: Str, color: Str, reason: Str, since: Num, until: Nullable(Num),
  onDuty: Type.Array(Type.Object({ name: Str, post: Str, phone: Nullable(Str), userId: Nullable(Str) })), incidentId: Nullable(Str), scheduleId: Nullable(Str), version: Int,
});
const presentArea = (a: AreaCommand): Static<typeof AreaView> => ({
  areaCode: a.id, areaLevel: a.areaLevel, areaName: a.areaName, level: a.state, levelName: LEVEL_NAMES[a.state].zh, levelNameEn: LEVEL_NAMES[a.state].en,
  color: LEVEL_NAMES[a.state].color, reason: a.reason, since: a.since, until: a.until, onDuty: a.onDuty.map((o) => ({ ...o })), incidentId: a.incidentId,
  scheduleId: a.scheduleId, version: a.version,
});

const ScheduleView = Type.Object({
  id: Str, version: Int, state: Str, areaCode: Str, level: Str, from: Num, until: Num, reason: Str, createdBy: Str,
  repeat: Nullable(Type.Object({ days: Type.Array(Int), from: Str, to: Str })), repeatText: Nullable(Str), periodFrom: Nullable(Num), periodUntil: Nullable(Num),
});
const presentSchedule = (s: LevelSchedule): Static<typeof ScheduleView> => ({
  id: s.id, version: s.version, state: s.state, areaCode: s.areaCode, level: s.level, from: s.from, until: s.until, reason: s.reason, createdBy: s.createdBy,
  repeat: s.repeat ? { days: [...s.repeat.days], from: s.repeat.from, to: s.repeat.to } : null, repeatText: s.repeat ? repeatText(s.repeat) : null,
  periodFrom: s.repeat ? (s.periodFrom ?? null) : null, periodUntil: s.repeat ? (s.periodUntil ?? null) : null,
});

const IncidentView = Type.Object({
  id: Str, version: Int, state: Str, title: Str, areaCode: Str, areaName: Str, openedAt: Num, closedAt: Nullable(Num), caseIds: Type.Array(Str), instructionIds: Type.Array(Str),
  tasks: Type.Array(Type.Object({ id: Str, text: Str, assignee: Nullable(Str), done: Type.Boolean(), doneAt: Nullable(Num) })),
});
const presentIncident = (i: Incident): Static<typeof IncidentView> => ({
  id: i.id, version: i.version, state: i.state, title: i.title, areaCode: i.areaCode, areaName: i.areaName, openedAt: i.openedAt, closedAt: i.closedAt,
  caseIds: i.caseIds, instructionIds: i.instructionIds, tasks: i.tasks.map((t) => ({ ...t })),
});

const PartyView = Type.Object({ kind: Str, code: Str, name: Str });
const InstructionView = Type.Object({
  id: Str, version: Int, state: Str, stateName: Str, title: Str, content: Str, mode: Str, modeName: Str, issuerId: Str, issuerName: Str, issuerArea: Str,
  target: PartyView, holder: PartyView, path: Type.Array(PartyView), copies: Type.Array(PartyView), limit: Type.Object({ value: Num, unit: Str }),
  dueAt: Nullable(Num), light: Str, escalatedTo: Nullable(Str), escalations: Int, caseIds: Type.Array(Str), incidentId: Nullable(Str),
  replies: Type.Array(Type.Object({ at: Num, byId: Str, byName: Str, text: Str, photos: Type.Array(Str) })), updatedAt: Num,
});
const party = (p: { kind: string; code: string; name: string }) => ({ kind: p.kind, code: p.code, name: p.name });
const presentInstruction = (i: Instruction): Static<typeof InstructionView> => ({
  id: i.id, version: i.version, state: i.state, stateName: INSTRUCTION_STATE_NAMES[i.state], title: i.title, content: i.content, mode: i.mode, modeName: MODE_NAMES[i.mode].zh,
  issuerId: i.issuerId, issuerName: i.issuerName, issuerArea: i.issuerArea, target: party(i.target), holder: party(i.holder), path: i.path.map(party), copies: i.copies.map(party),
  limit: { value: i.limit.value, unit: i.limit.unit }, dueAt: i.clock.dueAt, light: i.clock.light, escalatedTo: i.escalatedTo, escalations: i.escalations,
  caseIds: i.caseIds, incidentId: i.incidentId, replies: i.replies.map((r) => ({ ...r, photos: [...r.photos] })), updatedAt: i.updatedAt,
});

const EventView = Type.Object({ seq: Int, type: Str, data: Type.Unknown(), actorId: Str, role: Str, at: Num, hash: Str });
const presentEvents = (es: DocEvent[]) => es.map((e) => ({ seq: e.seq, type: e.type, data: e.data, actorId: e.actorId, role: e.role, at: e.at, hash: e.hash }));
const Id = Type.Object({ id: Str });

export async function commandRoutes(app: Api, ctx: AppContext): Promise<void> {
  const { levels, incidents, instructions } = ctx.command;

  app.get('/api/v1/command/levels', {
    schema: { tags, summary: 'The command level 指挥等级 of each area in the reader\'s reach (areas never set are 常态)', response: { 200: Type.Array(AreaView), 401: Err, 403: Err } },
  }, async (req) => (await levels.list(requireUser(req))).map(presentArea));

  app.put('/api/v1/command/levels/:areaCode', {
    schema: {
      tags, summary: 'Set the level of an area (city, district or street): 常态 / 加强 / 应急; 应急 opens an incident',
      params: Type.Object({ areaCode: Str }), body: SetLevelBody, response: { 200: AreaView, ...errors },
    },
  }, async (req) => presentArea(await levels.set(requireUser(req), req.params.areaCode, req.body)));

  app.get('/api/v1/command/levels/:areaCode/events', {
    schema: { tags, summary: 'Every level change of an area', params: Type.Object({ areaCode: Str }), response: { 200: Type.Array(EventView), ...errors } },
  }, async (req) => presentEvents(await levels.events(requireUser(req), req.params.areaCode)));

  app.get('/api/v1/command/policy', {
    schema: { tags, summary: 'What 加强 and 应急 do: limit factor, stages, the classes that matter, overrides, patrol frequency', response: { 200: PolicyBody, 401: Err } },
  }, async (req) => {
    requireUser(req);
    return levels.policy();
  });

  app.put('/api/v1/command/policy', {
    schema: { tags, summary: 'Change the level policy (city-wide)', body: PolicyBody, response: { 200: PolicyBody, ...errors } },
  }, async (req) => levels.setPolicy(requireUser(req), req.body));

  app.get('/api/v1/command/policy/events', {
    schema: { tags, summary: 'Every change of the level policy (who, when, what)', response: { 200: Type.Array(EventView), 401: Err, 403: Err } },
  }, async (req) => presentEvents(await levels.policyEvents(requireUser(req))));

  app.get('/api/v1/command/schedules', {
    schema: { tags, summary: 'Level periods set ahead (pending and running)', response: { 200: Type.Array(ScheduleView), 401: Err, 403: Err } },
  }, async (req) => (await levels.schedules(requireUser(req))).map(presentSchedule));

  app.post('/api/v1/command/schedules', {
    schema: { tags, summary: 'Set a level for a period ahead (holiday, forecast typhoon), or repeating inside it (`repeat`: days of the week and hours, e.g. every weekend, daily 07:00–09:00): switched on and off by the timer', body: ScheduleBody, response: { 200: ScheduleView, ...errors } },
  }, async (req) => presentSchedule(await levels.schedule(requireUser(req), req.body)));

  app.post('/api/v1/command/schedules/:id/cancel', {
    schema: { tags, summary: 'Cancel a period that has not started', params: Id, body: Type.Object({ version: Version }), response: { 200: ScheduleView, ...errors } },
  }, async (req) => presentSchedule(await levels.cancelSchedule(requireUser(req), req.params.id, req.body.version)));

  app.get('/api/v1/command/incidents', {
    schema: { tags, summary: 'Emergency incidents 应急事件 in the reader\'s area', response: { 200: Type.Array(IncidentView), 401: Err, 403: Err } },
  }, async (req) => (await incidents.list(requireUser(req))).map(presentIncident));

  app.get('/api/v1/command/incidents/:id', {
    schema: { tags, summary: 'An incident with its cases, tasks and instructions, and its events', params: Id, response: { 200: Type.Object({ incident: IncidentView, events: Type.Array(EventView) }), ...errors } },
  }, async (req) => {
    const user = requireUser(req);
    return { incident: presentIncident(await incidents.get(user, req.params.id)), events: presentEvents(await incidents.events(user, req.params.id)) };
  });

  app.post('/api/v1/command/incidents/:id/tasks', {
    schema: { tags, summary: 'Add a task to an incident', params: Id, body: Type.Object({ version: Version, task: TaskBody }), response: { 200: IncidentView, ...errors } },
  }, async (req) => presentIncident(await incidents.addTask(requireUser(req), req.params.id, req.body.task, req.body.version)));

  app.post('/api/v1/command/incidents/:id/tasks/:taskId/done', {
    schema: { tags, summary: 'Mark an incident task done', params: Type.Object({ id: Str, taskId: Str }), body: Type.Object({ version: Version }), response: { 200: IncidentView, ...errors } },
  }, async (req) => presentIncident(await incidents.completeTask(requireUser(req), req.params.id, req.params.taskId, req.body.version)));

  app.post('/api/v1/command/instructions', {
    schema: { tags, summary: 'Issue an instruction 下达指令: step by step, skipping levels, or point to point, with a reply deadline', body: IssueBody, response: { 200: InstructionView, ...errors } },
  }, async (req) => presentInstruction(await instructions.issue(requireUser(req), req.body)));

  app.get('/api/v1/command/instructions', {
    schema: {
      tags, summary: 'Instructions: with me (todo), issued by me (issued), or open in my area (area)',
      querystring: Type.Object({ box: Type.Optional(Type.Union([Type.Literal('todo'), Type.Literal('issued'), Type.Literal('area')])) }),
      response: { 200: Type.Array(InstructionView), 401: Err },
    },
  }, async (req) => (await instructions.list(requireUser(req), req.query.box ?? 'todo')).map(presentInstruction));

  app.get('/api/v1/command/people', {
    schema: {
      tags, summary: 'People an instruction may go to point to point: name or username contains `q`, in the issuer\'s area (at most 20)',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })) }),
      response: { 200: Type.Array(Type.Object({ id: Str, displayName: Str, roles: Type.Array(Str), areaCode: Str, areaName: Str })), 401: Err, 403: Err },
    },
  }, async (req) => instructions.people(requireUser(req), req.query.q ?? ''));

  app.get('/api/v1/command/instructions/:id', {
    schema: { tags, summary: 'An instruction and its thread (hash-chained events)', params: Id, response: { 200: Type.Object({ instruction: InstructionView, events: Type.Array(EventView) }), ...errors } },
  }, async (req) => {
    const user = requireUser(req);
    return { instruction: presentInstruction(await instructions.get(user, req.params.id)), events: presentEvents(await instructions.events(user, req.params.id)) };
  });

  actionRoutes(app, {
    base: '/api/v1/command/instructions', tags, declarations: INSTRUCTION_ACTIONS, response: { 200: InstructionView, ...errors },
    handle: async (req, id, action, body, version) => presentInstruction(await instructions.act(requireUser(req), id, action, body, version)),
  });
}

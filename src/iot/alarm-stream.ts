/**
 * An alarm (告警) on the workflow kit: the record, its hash-chained events, the stream spec and the
 * declared actions people take (acknowledge, assign, clear, comment). Status is active / cleared ×
 * acknowledged / unacknowledged (ThingsBoard's four); the platform's own steps (raised, repeated,
 * severity raised, cleared by its rule, escalated, case opened or added to) are events too, appended
 * by the hub as the system actor. Pure.
 */
import { Type } from 'typebox';
import { fromJson, streamErrors, type EventDraft, type StoredEvent, type StreamSpec } from '../workflow/stream.js';
import type { WorkflowAction } from '../workflow/workflow.js';
import type { Severity } from './rules.js';
import { ALARM_ACTION_NAMES } from './alarm-names.js';

export const ALARM_STATES = ['active_unack', 'active_ack', 'cleared_unack', 'cleared_ack'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
export const ALARM_STATE_NAMES: Record<AlarmState, string> = { active_unack: '告警中·未确认', active_ack: '告警中·已确认', cleared_unack: '已解除·未确认', cleared_ack: '已解除·已确认' };

export interface Alarm {
  id: string;
  version: number;
  lastHash: string;
  state: AlarmState;
  deviceId: string;
  deviceType: string;
  ruleId: string;
  ruleKey: string;
  ruleVersion: number;
  title: string;
  severity: Severity;
  active: boolean;
  count: number;
  firstAt: number;
  lastAt: number;
  clearedAt: number | null;
  ackedAt: number | null;
  assigneeId: string | null;
  caseId: string | null;
  /** The escalation ladder: the index of the next step, when the case is due (null: no case for this rule). */
  escalation: { step: number; caseAt: number | null };
  /** The next ladder step or case due (null: nothing more to do). */
  nextStepAt: number | null;
  ownerKind: string;
  ownerId: string;
  districtCode: string | null;
  streetCode: string | null;
  lastValues: Record<string, number>;
  updatedAt: number;
}

export interface AlarmEvent extends StoredEvent {
  alarmId: string;
}

export const SYSTEM = { id: 'system:iot', role: 'system' } as const;
export const systemDraft = (type: string, at: number, data: Record<string, unknown>): EventDraft => ({ type, data, actorId: SYSTEM.id, role: SYSTEM.role, at });

export const stateOf = (active: boolean, acked: boolean): AlarmState => (active ? (acked ? 'active_ack' : 'active_unack') : (acked ? 'cleared_ack' : 'cleared_unack'));

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const EVENT_COLUMNS = ['alarm_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'prev_hash', 'hash'];

export const ALARM_STREAM: StreamSpec<Alarm, AlarmEvent> = {
  name: 'alarm',
  table: 'iot_alarms',
  columns: [
    ['version', (a) => a.version], ['last_hash', (a) => a.lastHash], ['device_id', (a) => a.deviceId], ['device_type', (a) => a.deviceType],
    ['rule_id', (a) => a.ruleId], ['rule_key', (a) => a.ruleKey], ['rule_version', (a) => a.ruleVersion], ['title', (a) => a.title],
    ['severity', (a) => a.severity], ['state', (a) => a.state], ['active', (a) => (a.active ? 1 : 0)], ['count', (a) => a.count],
    ['first_at', (a) => a.firstAt], ['last_at', (a) => a.lastAt], ['cleared_at', (a) => a.clearedAt], ['acked_at', (a) => a.ackedAt],
    ['assignee_id', (a) => a.assigneeId], ['case_id', (a) => a.caseId], ['escalation', (a) => a.escalation, 'json'], ['next_step_at', (a) => a.nextStepAt],
    ['owner_kind', (a) => a.ownerKind], ['owner_id', (a) => a.ownerId], ['district_code', (a) => a.districtCode], ['street_code', (a) => a.streetCode],
    ['last_values', (a) => a.lastValues, 'json'], ['updated_at', (a) => a.updatedAt],
  ],
  rowToRecord: (r) => ({
    id: r.id as string, version: Number(r.version), lastHash: r.last_hash as string, state: r.state as AlarmState, deviceId: r.device_id as string,
    deviceType: r.device_type as string, ruleId: r.rule_id as string, ruleKey: r.rule_key as string, ruleVersion: Number(r.rule_version), title: r.title as string,
    severity: r.severity as Severity, active: Number(r.active) === 1, count: Number(r.count), firstAt: Number(r.first_at), lastAt: Number(r.last_at),
    clearedAt: num(r.cleared_at), ackedAt: num(r.acked_at), assigneeId: (r.assignee_id as string | null) ?? null, caseId: (r.case_id as string | null) ?? null,
    escalation: fromJson(r.escalation), nextStepAt: num(r.next_step_at), ownerKind: r.owner_kind as string, ownerId: r.owner_id as string,
    districtCode: (r.district_code as string | null) ?? null, streetCode: (r.street_code as string | null) ?? null, lastValues: fromJson(r.last_values),
    updatedAt: Number(r.updated_at),
  }),
  stamp: (a, version, lastHash) => ({ ...a, version, lastHash }),
  events: {
    table: 'iot_alarm_events', streamColumn: 'alarm_id', streamKey: 'alarmId', columns: EVENT_COLUMNS, jsonColumns: ['data'],
    values: ({ event: e, dataJson }) => [e.alarmId, e.seq, e.type, dataJson, e.actorId, e.role, e.at, e.prevHash, e.hash],
    fromRow: (r) => ({
      alarmId: r.alarm_id as string, seq: Number(r.seq), type: r.type as string, data: fromJson(r.data), actorId: r.actor_id as string,
      role: r.role as string, at: Number(r.at), lon: null, lat: null, attachments: [], prevHash: r.prev_hash as string, hash: r.hash as string,
    }),
    make: (alarmId: string, seq: number, d: EventDraft, prevHash: string): AlarmEvent => ({
      alarmId, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at, lon: null, lat: null, attachments: [], prevHash, hash: '',
    }),
  },
  errors: streamErrors('alarm', '告警'),
};

export const EVENT_NAMES: Record<string, string> = {
  raised: '告警产生', repeated: '重复触发', severity_raised: '级别升高', cleared: '告警解除', acknowledged: '确认', assigned: '指派', commented: '备注',
  escalated: '逐级通知', case_opened: '转立案件', case_added: '并入案件', budget_exceeded: '告警超额',
};

/** When the ladder and the case stop: a step is due only while the alarm is active (and, for notices, unacknowledged). */
export function nextStepAt(a: Pick<Alarm, 'active' | 'ackedAt' | 'caseId' | 'firstAt' | 'escalation'>, ladder: ReadonlyArray<{ afterMinutes: number }>): number | null {
  if (!a.active) return null;
  const step = a.escalation.step < ladder.length && a.ackedAt === null ? a.firstAt + ladder[a.escalation.step]!.afterMinutes * 60_000 : null;
  const caseAt = a.caseId === null ? a.escalation.caseAt : null;
  if (step === null) return caseAt;
  if (caseAt === null) return step;
  return Math.min(step, caseAt);
}

const Note = (title: string) => Type.String({ minLength: 1, maxLength: 500, title });
const PEOPLE = ['operator', 'shift_lead', 'dispatcher'] as const;
const ALL = [...ALARM_STATES];

/** What acting on an alarm changes; the ladder is recomputed by the service after each step. */
export const ALARM_ACTIONS = {
  acknowledge: {
    ...ALARM_ACTION_NAMES.acknowledge, roles: PEOPLE, permission: 'alarm.acknowledge', from: ['active_unack', 'cleared_unack'], event: 'acknowledged',
    body: Type.Object({ note: Type.Optional(Note('确认说明')) }, { additionalProperties: false }),
    run: ({ now }, a, b: { note?: string }) => ({ next: { ...a, ackedAt: now, state: stateOf(a.active, true), updatedAt: now }, data: { note: b.note ?? null } }),
  },
  assign: {
    ...ALARM_ACTION_NAMES.assign, roles: PEOPLE, permission: 'alarm.assign', from: ALL, event: 'assigned',
    body: Type.Object({ assigneeId: Type.String({ minLength: 1, maxLength: 64, title: '处理人' }) }, { additionalProperties: false }),
    run: ({ now }, a, b: { assigneeId: string }) => ({ next: { ...a, assigneeId: b.assigneeId, updatedAt: now }, data: { assigneeId: b.assigneeId, from: a.assigneeId } }),
  },
  clear: {
    ...ALARM_ACTION_NAMES.clear, roles: PEOPLE, permission: 'alarm.clear', from: ['active_unack', 'active_ack'], event: 'cleared', danger: true,
    body: Type.Object({ note: Note('解除说明') }, { additionalProperties: false }),
    run: ({ now }, a, b: { note: string }) => ({
      next: { ...a, active: false, clearedAt: now, state: stateOf(false, a.ackedAt !== null), nextStepAt: null, updatedAt: now }, data: { reason: 'manual', note: b.note },
    }),
  },
  comment: {
    ...ALARM_ACTION_NAMES.comment, roles: [...PEOPLE, 'leader'], permission: 'alarm.comment', from: ALL, event: 'commented', side: true,
    body: Type.Object({ text: Note('备注') }, { additionalProperties: false }),
    run: ({ now }, a, b: { text: string }) => ({ next: { ...a, updatedAt: now }, data: { text: b.text } }),
  },
} as const satisfies Record<string, WorkflowAction<Alarm>>;

export type AlarmPermission = (typeof ALARM_ACTIONS)[keyof typeof ALARM_ACTIONS]['permission'];

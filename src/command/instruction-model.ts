/**
 * Instructions (指令): a leader or the command center sends an instruction to a unit, a street or
 * one person — step by step down the levels (逐级: the district receives it and passes it on to the
 * street), skipping levels (越级: straight to the street, the district gets a copy) or point to point
 * (点对点: to one person) — with a reply deadline on the clock. The holder acknowledges receipt (签收)
 * and replies with photos; the issuer closes it (办结) or sends it back. Overdue, it escalates one
 * level up on its own. A workflow on the kit; pure: types, the stream and the declared actions.
 */
import { Type } from 'typebox';
import { endClock, startClock, type ClockCalendar, type StageClock, type TimeLimit } from '../workflow/clock.js';
import { docStream, type DocRecord } from '../workflow/doc-stream.js';
import type { WorkflowAction } from '../workflow/workflow.js';

export const MODES = ['step', 'skip', 'p2p'] as const;
export type Mode = (typeof MODES)[number];
export const MODE_NAMES: Record<Mode, { zh: string; en: string }> = {
  step: { zh: '逐级指挥', en: 'Step by step' },
  skip: { zh: '越级指挥', en: 'Skipping levels' },
  p2p: { zh: '点对点指挥', en: 'Point to point' },
};

export type InstructionState = 'issued' | 'received' | 'replied' | 'closed';
export const INSTRUCTION_STATE_NAMES: Record<InstructionState, string> = { issued: '待签收', received: '已签收', replied: '已回复', closed: '已办结' };

/** Who an instruction goes to or sits with: an area's command (district, street), a unit, or one person. */
export interface Party {
  kind: 'area' | 'unit' | 'user';
  code: string;
  name: string;
}

export interface Reply {
  at: number;
  byId: string;
  byName: string;
  text: string;
  photos: string[];
}

export interface Instruction extends DocRecord {
  state: InstructionState;
  title: string;
  content: string;
  mode: Mode;
  issuerId: string;
  issuerName: string;
  /** The issuer's area (its scope code). */
  issuerArea: string;
  target: Party;
  /** Who must act now. */
  holder: Party;
  /** Step by step: the levels still to pass it down to, after the holder. */
  path: Party[];
  /** Skipping levels: the levels skipped, who get a copy. */
  copies: Party[];
  limit: TimeLimit<string>;
  clock: StageClock<'reply', string>;
  /** Escalated (overdue) to this area's command: it now watches the instruction too. */
  escalatedTo: string | null;
  escalations: number;
  caseIds: string[];
  incidentId: string | null;
  replies: Reply[];
  /** The target's place, for who may read it (a district reads what goes to its streets). */
  districtCode: string | null;
  streetCode: string | null;
}

export const INSTRUCTION_STREAM = docStream<Instruction>({
  name: 'instruction',
  zh: '指令',
  table: 'instructions',
  eventsTable: 'instruction_events',
  indexed: [
    ['holder_kind', 'text', (i) => i.holder.kind], ['holder_code', 'text', (i) => i.holder.code], ['issuer_id', 'text', (i) => i.issuerId],
    ['district_code', 'text', (i) => i.districtCode], ['street_code', 'text', (i) => i.streetCode], ['incident_id', 'text', (i) => i.incidentId],
  ],
  clock: (i) => i.clock,
});

export type InstructionPermission = 'instruction.receive' | 'instruction.forward' | 'instruction.reply' | 'instruction.close' | 'instruction.link';

const HOLDER_ROLES = ['inspector', 'handler', 'shift_lead', 'dispatcher', 'leader'] as const;
const COMMAND_ROLES = ['shift_lead', 'dispatcher', 'leader'] as const;
const Sha = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** The clock for the one who holds it now (a new period: receipt and reply are owed anew). */
export function holderClock(cal: ClockCalendar<string>, i: Pick<Instruction, 'clock' | 'limit'>, now: number): StageClock<'reply', string> {
  return startClock(cal, i.clock, 'reply', i.limit, now);
}

/** The declared actions. `forward`, `redo` restart the clock in the service (they need the calendar). */
export const INSTRUCTION_ACTIONS = {
  receive: {
    zh: '签收', en: 'Acknowledge', roles: HOLDER_ROLES, permission: 'instruction.receive', from: ['issued'], to: 'received', event: 'received',
    body: Type.Object({}, { additionalProperties: false }),
    run: ({ now }, i) => ({ next: { ...i, updatedAt: now }, data: { holder: i.holder } }),
  },
  forward: {
    zh: '下转', en: 'Pass down', roles: COMMAND_ROLES, permission: 'instruction.forward', from: ['received'], to: 'issued', event: 'forwarded',
    body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500, title: '批示' })) }, { additionalProperties: false }),
    run: ({ now }, i, b: { note?: string }) => {
      const [next, ...rest] = i.path;
      return { next: { ...i, holder: next!, path: rest, updatedAt: now }, data: { from: i.holder, to: next, note: b.note ?? null } };
    },
  },
  reply: {
    zh: '回复', en: 'Reply', roles: HOLDER_ROLES, permission: 'instruction.reply', from: ['received'], to: 'replied', event: 'replied',
    body: Type.Object({
      text: Type.String({ minLength: 1, maxLength: 2000, title: '回复内容' }),
      photos: Type.Optional(Type.Array(Sha, { maxItems: 9, title: '照片' })),
    }, { additionalProperties: false }),
    run: ({ now, actor }, i, b: { text: string; photos?: string[] }) => {
      const reply: Reply = { at: now, byId: actor.id, byName: (actor as { displayName?: string }).displayName ?? actor.id, text: b.text, photos: b.photos ?? [] };
      return { next: { ...i, replies: [...i.replies, reply], clock: endClock(i.clock), updatedAt: now }, data: { text: b.text, photos: reply.photos, onTime: i.clock.dueAt === null || now <= i.clock.dueAt } };
    },
  },
  close: {
    zh: '办结', en: 'Close', roles: COMMAND_ROLES, permission: 'instruction.close', from: ['replied'], to: 'closed', event: 'closed',
    body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500, title: '办结意见' })) }, { additionalProperties: false }),
    run: ({ now }, i, b: { note?: string }) => ({ next: { ...i, clock: endClock(i.clock), updatedAt: now }, data: { note: b.note ?? null } }),
  },
  redo: {
    zh: '退回重办', en: 'Send back', roles: COMMAND_ROLES, permission: 'instruction.close', from: ['replied'], to: 'received', event: 'sent_back', danger: true,
    body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, title: '退回理由' }) }, { additionalProperties: false }),
    run: ({ now }, i, b: { reason: string }) => ({ next: { ...i, updatedAt: now }, data: { reason: b.reason, holder: i.holder } }),
  },
  link_case: {
    zh: '关联案卷', en: 'Link a case', roles: [...HOLDER_ROLES], permission: 'instruction.link', from: ['issued', 'received', 'replied'], event: 'case_linked', side: true,
    body: Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64, title: '案卷' }) }, { additionalProperties: false }),
    run: ({ now }, i, b: { caseId: string }) => ({ next: { ...i, caseIds: [...new Set([...i.caseIds, b.caseId])], updatedAt: now }, data: { caseId: b.caseId } }),
  },
} satisfies Record<string, WorkflowAction<Instruction>>;

export type InstructionAction = keyof typeof INSTRUCTION_ACTIONS;

/** Actions the holder takes; the others are the issuer side's (close, send back). */
export const HOLDER_ACTIONS: ReadonlySet<string> = new Set(['receive', 'forward', 'reply']);

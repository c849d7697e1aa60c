/**
 * Every action on an impound (查封 / 扣押), declared once like the penalty case's: names, roles and
 * permission, the states it is taken from, its body and a pure command. The policy table grants the
 * permissions from here (src/workflows.ts). Roles: 执法队员 (enforcer) keeps the yard (photos, moves,
 * release, return); the head of the authority (leader) approves an extension and a disposal, and may
 * release. Pure.
 */
import { Type, type TProperties } from 'typebox';
import { DAY_MS } from '../core/time.js';
import type { ActionDeclaration } from '../workflow/actions.js';
import type { RunContext } from '../workflow/workflow.js';
import {
  DISPOSAL_GROUNDS, DISPOSAL_METHODS, RELEASE_GROUNDS, checkDisposal, checkExtension, checkRelease,
  type CaseFacts, type DisposalGround, type DisposalMethod, type Impound, type ImpoundPeriods, type ImpoundState, type ReleaseGround,
} from './impounds-model.js';

export type ImpoundPermission = 'impound.manage' | 'impound.release' | 'impound.approve';

export interface ImpoundEnv {
  periods: ImpoundPeriods;
  /** The linked penalty case as far as a release or disposal needs it (null: none linked). */
  caseFacts: CaseFacts | null;
}

export interface ImpoundOutcome {
  next: Impound;
  data: Record<string, unknown>;
}

export type ImpoundCommand<B = any> = (env: ImpoundEnv, rc: RunContext, i: Impound, body: B) => ImpoundOutcome;

export interface ImpoundActionDeclaration extends ActionDeclaration<ImpoundState, ImpoundPermission, ImpoundCommand> {
  to?: ImpoundState;
  event: string;
}

const Sha = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of an uploaded file' });
const Text = (title: string, max = 1000) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', title });
const body = (members: TProperties = {}, required: string[] = []) => Type.Object(members, { additionalProperties: false, required });
const lit = <T extends string>(values: readonly T[], title: string) => Type.Union(values.map((v) => Type.Literal(v)), { title });

const touch = (i: Impound, now: number, patch: Partial<Impound>): Impound => ({ ...i, ...patch, updatedAt: now });

const addPhotos: ImpoundCommand<{ photos: string[]; note?: string }> = (_e, rc, i, b) => ({
  next: touch(i, rc.now, { photos: [...i.photos, ...b.photos.filter((p) => !i.photos.includes(p))] }),
  data: { photos: b.photos, note: b.note ?? null },
});

const move: ImpoundCommand<{ yard: string; location?: string; reason: string }> = (_e, rc, i, b) => ({
  next: touch(i, rc.now, { storage: { yard: b.yard.trim(), location: b.location?.trim() || null } }),
  data: { from: i.storage, to: { yard: b.yard.trim(), location: b.location?.trim() || null }, reason: b.reason },
});

const extend: ImpoundCommand<{ days: number; reason: string }> = (e, rc, i, b) => {
  const until = checkExtension(i, b.days, rc.now, e.periods);
  return { next: touch(i, rc.now, { holdUntil: until, extension: { at: rc.now, until, reason: b.reason, by: rc.actor.id } }), data: { days: b.days, from: i.holdUntil, until, reason: b.reason } };
};

const release: ImpoundCommand<{ ground: ReleaseGround; note?: string }> = (e, rc, i, b) => {
  checkRelease(b.ground, i, e.caseFacts, rc.now);
  const claimUntil = rc.now + e.periods.claimDays[i.kind] * DAY_MS;
  return {
    next: touch(i, rc.now, { release: { at: rc.now, ground: b.ground, note: b.note ?? null, by: rc.actor.id, claimUntil } }),
    data: { ground: b.ground, note: b.note ?? null, claimUntil, penaltyCaseId: i.penaltyCaseId },
  };
};

const giveBack: ImpoundCommand<{ recipient: string; idNumber?: string; photos?: string[] }> = (_e, rc, i, b) => ({
  next: touch(i, rc.now, { returned: { at: rc.now, recipient: b.recipient, idNumber: b.idNumber ?? null, by: rc.actor.id, photos: b.photos ?? [] } }),
  // The recipient's ID number stays on the record, not on the event that the bus carries.
  data: { recipient: b.recipient, photos: b.photos ?? [], daysHeld: Math.floor((rc.now - i.heldAt) / DAY_MS) },
});

const dispose: ImpoundCommand<{ ground: DisposalGround; method: DisposalMethod; proceedsFen?: number; note?: string }> = (e, rc, i, b) => {
  checkDisposal(b.ground, b.method, i, e.caseFacts, rc.now);
  const disposal = { at: rc.now, ground: b.ground, method: b.method, proceedsFen: b.proceedsFen ?? 0, note: b.note ?? null, by: rc.actor.id };
  return { next: touch(i, rc.now, { disposal }), data: { ground: b.ground, method: b.method, proceedsFen: disposal.proceedsFen, note: disposal.note, penaltyCaseId: i.penaltyCaseId } };
};

export const IMPOUND_ACTION_DECLARATIONS = {
  add_photos: {
    zh: '补充照片', en: 'Add photos', roles: ['enforcer'], permission: 'impound.manage', from: ['held', 'releasing'], event: 'photos_added',
    body: body({ photos: Type.Array(Sha, { minItems: 1, maxItems: 50, title: '照片' }), note: Type.Optional(Text('说明', 500)) }, ['photos']), run: addPhotos,
  },
  move: {
    zh: '移库', en: 'Move to another yard', roles: ['enforcer'], permission: 'impound.manage', from: ['held', 'releasing'], event: 'moved',
    body: body({ yard: Text('存放场所', 100), location: Type.Optional(Type.String({ maxLength: 100, title: '库位' })), reason: Text('原因', 500) }, ['yard', 'reason']), run: move,
  },
  extend: {
    zh: '延长期限', en: 'Extend the holding period', roles: ['leader'], permission: 'impound.approve', from: ['held'], event: 'extended',
    body: body({ days: Type.Integer({ minimum: 1, maximum: 60, title: '延长天数' }), reason: Text('延长理由（情况复杂）', 500) }, ['days', 'reason']), run: extend,
  },
  release: {
    zh: '解除查封扣押', en: 'Release', roles: ['enforcer', 'leader'], permission: 'impound.release', from: ['held'], to: 'releasing', event: 'release_ordered',
    body: body({ ground: lit(RELEASE_GROUNDS, '解除理由'), note: Type.Optional(Text('说明', 500)) }, ['ground']), run: release,
  },
  return: {
    zh: '退还当事人', en: 'Hand back to the party', roles: ['enforcer'], permission: 'impound.manage', from: ['releasing'], to: 'returned', event: 'returned',
    body: body({ recipient: Text('领取人', 100), idNumber: Type.Optional(Type.String({ maxLength: 40, title: '领取人证件号' })), photos: Type.Optional(Type.Array(Sha, { maxItems: 20, title: '领取照片/签收单' })) }, ['recipient']),
    run: giveBack,
  },
  dispose: {
    zh: '依法处置', en: 'Dispose of', roles: ['leader'], permission: 'impound.approve', from: ['held', 'releasing'], to: 'disposed', event: 'disposed', danger: true,
    body: body({
      ground: lit(DISPOSAL_GROUNDS, '处置依据'), method: lit(DISPOSAL_METHODS, '处置方式'),
      proceedsFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000_00, title: '处置所得（分）' })), note: Type.Optional(Text('说明', 500)),
    }, ['ground', 'method']),
    run: dispose,
  },
} satisfies Record<string, ImpoundActionDeclaration>;

export type ImpoundAction = keyof typeof IMPOUND_ACTION_DECLARATIONS;
export const IMPOUND_ACTIONS = Object.keys(IMPOUND_ACTION_DECLARATIONS) as ImpoundAction[];

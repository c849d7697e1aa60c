/**
 * Instruction notices (指令通知): who hears of an instruction's events, in the app and by text —
 *
 * | event | told | text |
 * | --- | --- | --- |
 * | issued | the holder (first on the path), the copies | yes |
 * | forwarded | the new holder | yes |
 * | sent_back | the holder | yes |
 * | deadline_warning | the holder | yes |
 * | escalated | the command it goes up to, and the holder | yes |
 * | replied | the issuer | no (in the app) |
 *
 * A bus subscriber (group `instruction-notice`: each event once across processes) writes one row per
 * event and addressee (the primary key makes a redelivery a no-op) and sends the texts through the
 * platform's SMS gateway (src/notify); a second, fan-out subscriber pushes the notice to the
 * addressees connected to this process. The list is merged into GET /notifications. The event log
 * stays the truth: a notice lost before it is written leaves the instruction in the holder's list
 * (`box=todo`).
 */
import type { Kysely } from 'kysely';
import type { AudienceTag } from '../auth/lanes.js';
import type { Actor as User } from '../auth/model.js';
import type { DomainEvent, Subscription } from '../bus/bus.js';
import type { Notification } from '../notify/model.js';
import type { SmsNotifier } from '../notify/service.js';
import type { Database } from '../store/schema.js';
import type { Instruction, Party } from './instruction-model.js';
import { areaLevelOf } from './model.js';

export const NOTICE_TYPES = ['issued', 'forwarded', 'sent_back', 'deadline_warning', 'escalated', 'replied'] as const;
type NoticeType = (typeof NOTICE_TYPES)[number];
const TEXTED: ReadonlySet<string> = new Set(['issued', 'forwarded', 'sent_back', 'deadline_warning', 'escalated']);

const LABELS: Record<NoticeType, string> = {
  issued: '新指令', forwarded: '指令下转', sent_back: '指令退回重办', deadline_warning: '指令即将到期', escalated: '指令超期升级', replied: '指令已回复',
};

type To = Pick<Party, 'kind' | 'code'>;
type EventData = { id: string; seq: number; holder?: Party; copies?: Party[]; to?: Party | string; toName?: string };

/** Who is told of this event of this instruction. Pure. */
export function addressees(type: string, d: EventData, i: Pick<Instruction, 'holder' | 'issuerId'>): To[] {
  const holder = d.holder ?? i.holder;
  const one = (p: To) => ({ kind: p.kind, code: p.code });
  let out: To[] = [];
  if (type === 'issued') out = [holder, ...(d.copies ?? [])];
  else if (type === 'forwarded' && d.to && typeof d.to === 'object') out = [d.to];
  else if (type === 'sent_back' || type === 'deadline_warning') out = [holder];
  else if (type === 'escalated' && typeof d.to === 'string') out = [{ kind: 'area', code: d.to }, holder];
  else if (type === 'replied') out = [{ kind: 'user', code: i.issuerId }];
  const seen = new Set<string>();
  return out.map(one).filter((p) => !seen.has(`${p.kind}:${p.code}`) && Boolean(seen.add(`${p.kind}:${p.code}`)));
}

/** The notice's title: "新指令：核查井盖", "指令超期升级至思明区：核查井盖". Pure. */
export function noticeTitle(type: NoticeType, title: string, d: EventData): string {
  const label = type === 'escalated' && d.toName ? `${LABELS.escalated}至${d.toName}` : LABELS[type];
  return `${label}：${title}`;
}

/** Whom a text to this party goes to (the gateway resolves it): the person, the unit's handlers, the area's command. */
export function smsAudience(p: To): AudienceTag {
  if (p.kind === 'user') return { role: null, unitId: null, userId: p.code, districtCode: '', streetCode: '' };
  if (p.kind === 'unit') return { role: 'handler', unitId: p.code, userId: null, districtCode: '', streetCode: '' };
  const level = areaLevelOf(p.code);
  return { role: level === 'street' ? 'shift_lead' : 'leader', unitId: null, userId: null, districtCode: level === 'city' ? '' : p.code.slice(0, 6), streetCode: level === 'street' ? p.code : '' };
}

/** The notifier's live feed: whether anyone is connected to this process, and the push to those a notice reaches. */
export interface LiveFeed {
  active(): boolean;
  push(to: (user: User) => boolean, n: Omit<Notification, 'read'>): void;
}

export interface InstructionNotices {
  /** The bus subscribers: the rows and texts (once per event), the live push (every process). */
  subscriptions(sms: SmsNotifier, live: LiveFeed): Subscription[];
  /** The latest notices addressed to this user (as a person, a handler of their unit, their area's command). */
  addressedTo(user: User, limit: number): Promise<Array<Omit<Notification, 'read'>>>;
}

export function createInstructionNotices(deps: {
  db: { kysely: Kysely<Database> };
  load(id: string): Promise<Instruction | undefined>;
  isParty(user: User, p: Party): boolean;
}): InstructionNotices {
  const db = () => deps.db.kysely;
  const typeOf = (e: DomainEvent) => e.name.slice('instruction.'.length) as NoticeType;
  const toNotice = (instructionId: string, seq: number, type: string, title: string, at: number): Omit<Notification, 'read'> => ({
    caseId: '', caseCode: '', instructionId, seq, type: `instruction.${type}`, title, categoryName: '', at,
  });

  async function resolve(e: DomainEvent): Promise<{ i: Instruction; d: EventData; to: To[]; title: string } | null> {
    const d = e.data as EventData;
    const i = await deps.load(d.id);
    if (!i) return null;
    const type = typeOf(e);
    return { i, d, to: addressees(type, d, i), title: noticeTitle(type, i.title, d) };
  }

  return {
    subscriptions(sms, live) {
      const names = NOTICE_TYPES.map((t) => `instruction.${t}`);
      return [
        {
          names, group: 'instruction-notice',
          handle: async (e) => {
            const r = await resolve(e);
            if (!r || r.to.length === 0) return;
            const type = typeOf(e);
            for (const p of r.to) {
              // A redelivered event finds its row written: nobody is told twice.
              const w = await db().insertInto('instruction_notices')
                .values({ instruction_id: r.i.id, seq: r.d.seq, to_kind: p.kind, to_code: p.code, type, title: r.title, at: e.at })
                .onConflict((oc) => oc.doNothing()).executeTakeFirst();
              if (Number(w.numInsertedOrUpdatedRows ?? 0n) === 0 || !TEXTED.has(type)) continue;
              await sms.send({ audience: smsAudience(p), text: `【城市运管服】${r.title}`, caseId: r.i.id });
            }
          },
        },
        {
          names, group: 'instruction-live', fanout: true,
          handle: async (e) => {
            if (!live.active()) return;
            const r = await resolve(e);
            if (!r || r.to.length === 0) return;
            const n = toNotice(r.i.id, r.d.seq, typeOf(e), r.title, e.at);
            live.push((user) => r.to.some((p) => deps.isParty(user, { ...p, name: '' })), n);
          },
        },
      ];
    },
    async addressedTo(user, limit) {
      const rows = await db().selectFrom('instruction_notices').selectAll()
        .where((eb) => eb.or([
          eb.and([eb('to_kind', '=', 'user'), eb('to_code', '=', user.id)]),
          eb.and([eb('to_kind', '=', 'unit'), eb('to_code', '=', user.unitId ?? '')]),
          eb.and([eb('to_kind', '=', 'area'), eb('to_code', '=', user.scope.code)]),
        ]))
        .orderBy('at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
      return rows
        .filter((r) => deps.isParty(user, { kind: r.to_kind as Party['kind'], code: r.to_code, name: '' }))
        .map((r) => toNotice(r.instruction_id, Number(r.seq), r.type, r.title, Number(r.at)));
    },
  };
}

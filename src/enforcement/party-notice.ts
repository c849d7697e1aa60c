/**
 * Non-contact enforcement's notice to the party (行政处罚法 art. 41): told promptly by SMS with a link to
 * a public page (no login, reached by an unguessable token) where the party sees the facts and the
 * evidence and states and defends online within the period. The notice is a row of its own (found by
 * the SHA-256 of its token); sending it and every statement are events of the penalty case, written
 * through the enforcement service's store. Another capability (video) calls `send` after `openClue`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceDeps } from '../core/deps.js';
import { notFound } from '../core/errors.js';
import { toShanghaiIso } from '../core/time.js';
import type { User } from '../auth/model.js';
import type { SmsNotifier } from '../notify/service.js';
import type { Database } from '../store/schema.js';
import type { ClueActor, EnforcementService } from './service.js';
import type { PenaltyCase } from './model.js';
import { MAX_STATEMENTS, checkParty, checkStatementAllowed, maskPhone, statementDeadline, type NoticeParty, type NoticePartyKind, type PartyNotice } from './party-notice-model.js';
import * as repo from './party-notice-repo.js';

export interface PartyNoticeDeps extends ServiceDeps {
  enforcement: EnforcementService;
  sms: SmsNotifier;
}

export interface SendNotice {
  penaltyCaseId: string;
  party: { kind: NoticePartyKind; name: string; idNumber?: string | null; plate?: string | null; phone: string; address?: string | null };
  /** The facts as the party reads them. */
  facts: string;
  /** SHA-256 of the evidence files the party may see (each already in the penalty case's evidence). */
  evidence: readonly string[];
  by: ClueActor;
}

export interface NoticeView {
  notice: PartyNotice;
  penaltyCase: PenaltyCase;
  /** Until when statements are taken; null once the case is decided or ended. */
  until: number | null;
  open: boolean;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const noSuchNotice = () => notFound('PARTY_NOTICE_NOT_FOUND', '告知不存在或链接有误', 'No such notice (check the link)');

/** The path of the public page (the text carries it after the public address). */
export const noticePath = (token: string) => `/n/${token}`;

export function createPartyNotices(deps: PartyNoticeDeps) {
  const k = deps.db.kysely as unknown as Kysely<Database>;
  const { enforcement, clock } = deps;

  async function byToken(token: string): Promise<{ notice: PartyNotice; penaltyCase: PenaltyCase }> {
    if (!TOKEN_PATTERN.test(token)) throw noSuchNotice();
    const notice = await repo.noticeByTokenHash(k, hashOf(token));
    const penaltyCase = notice && (await enforcement.store.load(notice.penaltyCaseId));
    if (!notice || !penaltyCase) throw noSuchNotice();
    return { notice, penaltyCase };
  }

  return {
    /** Writes the notice, records `party_notified` on the case and texts the party the link. */
    async send(input: SendNotice): Promise<PartyNotice> {
      const party: NoticeParty = checkParty(input.party);
      const p = await enforcement.store.load(input.penaltyCaseId);
      if (!p) throw notFound('PENALTY_CASE_NOT_FOUND', '处罚案件不存在', 'No such penalty case', { id: input.penaltyCaseId });
      const now = clock.now();
      const periods = await enforcement.periods();
      const token = randomBytes(24).toString('base64url');
      const notice: PartyNotice = {
        id: deps.ids.next(), penaltyCaseId: p.id, party, facts: input.facts, evidence: [...new Set(input.evidence)], sentAt: now,
        rightsUntil: enforcement.calendar.deadline(now, periods.rights.value, periods.rights.unit), statements: 0, createdBy: input.by.actorId,
      };
      await repo.insertNotice(k, notice, hashOf(token));
      try {
        await enforcement.store.update(p.id, p.version, (x) => ({
          next: { ...x, updatedAt: now },
          drafts: [{
            type: 'party_notified', actorId: input.by.actorId, role: input.by.role, at: now,
            data: { noticeId: notice.id, party: { kind: party.kind, name: party.name, plate: party.plate }, phone: maskPhone(party.phone), via: 'sms', rightsUntil: notice.rightsUntil, evidence: notice.evidence },
          }],
        }));
      } catch (e) {
        await repo.deleteNotice(k, notice.id);
        throw e;
      }
      const base = deps.config.publicUrl ?? `http://localhost:${deps.config.port}`;
      const who = party.kind === 'vehicle' ? `车辆${party.plate}` : party.name;
      await deps.sms.sendToPhone({
        phone: party.phone,
        text: `【城市管理】${who}：经电子技术监控设备记录，${input.facts}。案件编号 ${p.code}。请于 ${toShanghaiIso(notice.rightsUntil).slice(0, 10)} 前登录 ${base}${noticePath(token)} 查看证据，并可在线陈述、申辩（行政处罚法第四十一条）。`,
      });
      return notice;
    },

    /** The notice behind a link (public; the token is the only key). */
    async view(token: string): Promise<NoticeView> {
      const { notice, penaltyCase } = await byToken(token);
      const until = statementDeadline(notice, penaltyCase);
      return { notice, penaltyCase, until, open: until !== null && clock.now() <= until && notice.statements < MAX_STATEMENTS };
    },

    /** Whether the file is evidence the notice shows (a snapshot is served only through its notice). */
    async hasEvidence(token: string, sha256: string): Promise<boolean> {
      const { notice } = await byToken(token);
      return notice.evidence.includes(sha256);
    },

    /** 陈述申辩 online: an event of the penalty case (`party_statement`), the party as its actor. */
    async state(token: string, text: string): Promise<{ penaltyCase: PenaltyCase; statements: number }> {
      const { notice, penaltyCase } = await byToken(token);
      const now = clock.now();
      checkStatementAllowed(notice, penaltyCase, now);
      const next = await enforcement.store.update(penaltyCase.id, penaltyCase.version, (x) => {
        checkStatementAllowed(notice, x, now);
        return {
          next: { ...x, updatedAt: now },
          drafts: [{ type: 'party_statement', actorId: `party:${notice.id}`, role: 'party', at: now, data: { noticeId: notice.id, party: notice.party.name, text, via: 'online' } }],
        };
      });
      await repo.countStatement(k, notice.id, Number.MAX_SAFE_INTEGER);
      return { penaltyCase: next, statements: notice.statements + 1 };
    },

    /** The notices of a case the user may read (its officers see when and to whom, never the link). */
    async ofCase(user: User, penaltyCaseId: string): Promise<PartyNotice[]> {
      await enforcement.get(user, penaltyCaseId);
      return repo.noticesOfCase(k, penaltyCaseId);
    },
  };
}

export type PartyNotices = ReturnType<typeof createPartyNotices>;

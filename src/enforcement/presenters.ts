/** What the API shows of a penalty case, member by member (so nothing internal leaks), and its schema. */
import { Type, type Static, type TSchema } from 'typebox';
import type { User } from '../auth/model.js';
import { can } from '../auth/policy.js';
import { LIGHT_NAMES } from '../workflow/lights.js';
import { PENALTY_ACTION_DECLARATIONS, PENALTY_ACTIONS } from './actions.js';
import { DOCUMENT_KINDS, KINDS } from './documents/kinds.js';
import { SOURCE_NAMES, STAGE_NAMES, STATE_NAMES, resourceOf, surchargeFen, type PenaltyCase } from './model.js';

const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Int = Type.Integer();
const Str = Type.String();

export const PenaltyCaseView = Type.Object({
  id: Str, code: Str, version: Int, state: Str, stateName: Str, procedure: Str, source: Str, sourceName: Str, sourceRef: N(Str), cityCaseId: N(Str),
  summary: Str,
  place: Type.Object({ address: Str, lon: N(Type.Number()), lat: N(Type.Number()), districtCode: N(Str), streetCode: N(Str) }),
  violationCode: N(Str), violationName: N(Str),
  party: N(Type.Object({ kind: Str, name: Str, idNumber: N(Str), address: N(Str), phone: N(Str), legalRep: N(Str) })),
  occurredAt: N(Type.Number()), safetyRelated: Type.Boolean(),
  officers: Type.Array(Type.Object({ userId: Str, name: Str, certNo: Str })), squad: N(Str),
  evidence: Type.Array(Type.Object({ kind: Str, sha256: Str, note: N(Str), at: Type.Number() })), records: Int,
  flags: Type.Object({ majorPublicInterest: Type.Boolean(), complex: Type.Boolean(), lawRequires: Type.Boolean() }),
  proposal: N(Type.Object({
    outcome: Str, tier: N(Str), rangeMinFen: Int, rangeMaxFen: Int, benchmarkFen: Int, fineFen: Int, waivedFen: Int, deviationReason: N(Str), basis: Str,
    lenience: N(Type.Object({ list: Str, itemId: Str, circumstance: Str })), facts: Type.Record(Str, Type.Unknown()),
  })),
  notice: N(Type.Object({ at: Type.Number(), rightsUntil: Type.Number(), hearingRight: Type.Boolean(), statements: Int, waived: Type.Boolean() })),
  hearing: N(Type.Object({ requestedAt: Type.Number(), at: N(Type.Number()), hostId: N(Str), heldAt: N(Type.Number()) })),
  legalReview: N(Type.Object({ triggers: Type.Array(Str), passed: N(Type.Boolean()), reviewerId: N(Str), opinion: N(Str), at: N(Type.Number()) })),
  collective: N(Type.Object({ at: Type.Number(), conclusion: Str, members: Type.Array(Str) })),
  decision: N(Type.Object({ outcome: Str, fineFen: Int, at: Type.Number(), transferTo: N(Str) })),
  service: N(Type.Object({ method: Str, at: Type.Number() })),
  payment: N(Type.Object({
    dueAt: Type.Number(), paidFen: Int, surchargeFen: Int, paidAt: N(Type.Number()), owedNowFen: Int,
    arrangement: N(Type.Object({ kind: Str, until: Type.Number(), instalments: Int, reason: Str })),
  })),
  demand: N(Type.Object({ at: Type.Number(), courtFrom: Type.Number(), courtUntil: Type.Number() })),
  court: N(Type.Object({ at: Type.Number(), court: Str })),
  fileReview: N(Type.Object({ score: Int, reviewerId: Str, at: Type.Number(), remarks: N(Str) })),
  documents: Type.Array(Type.Object({ kind: Str, title: Str, docNo: Str, version: Int, sha256: Str, at: Type.Number() })),
  documentsReady: Type.Array(Type.Object({ kind: Str, title: Str, issued: Type.Boolean() }), { description: 'Documents this user may issue (or re-issue) now' }),
  disclosure: N(Type.Object({ state: Str, dueAt: Type.Number(), publishedAt: N(Type.Number()), withdrawnAt: N(Type.Number()) })),
  revoked: N(Type.Object({ at: Type.Number(), by: Str, reason: Str })),
  clock: Type.Object({ stage: N(Str), stageName: N(Str), startedAt: N(Type.Number()), warnAt: N(Type.Number()), dueAt: N(Type.Number()), light: Str, lightName: Str }),
  filedAt: N(Type.Number()), decidedAt: N(Type.Number()), closedAt: N(Type.Number()), createdAt: Type.Number(), updatedAt: Type.Number(),
  actions: Type.Array(Str, { description: 'Actions this user may take now (by state and role)' }),
});
export type PenaltyCaseOut = Static<typeof PenaltyCaseView>;

/** The actions the user's roles allow in the case's state (the console's buttons). */
export function actionsFor(user: User | undefined, p: PenaltyCase): string[] {
  if (!user) return [];
  return PENALTY_ACTIONS.filter((a) => {
    const d = PENALTY_ACTION_DECLARATIONS[a];
    if (!(d.from as readonly string[]).includes(p.state)) return false;
    const dec = can(user, d.permission, resourceOf(p));
    return dec.allowed && (d.roles as readonly string[]).includes(dec.role);
  });
}

export function presentCase(p: PenaltyCase, user: User | undefined, now: number): PenaltyCaseOut {
  const pm = p.payment;
  const fine = p.decision?.fineFen ?? 0;
  return {
    id: p.id, code: p.code, version: p.version, state: p.state, stateName: STATE_NAMES[p.state], procedure: p.procedure, source: p.source, sourceName: SOURCE_NAMES[p.source],
    sourceRef: p.sourceRef, cityCaseId: p.cityCaseId, summary: p.summary, place: { ...p.place }, violationCode: p.violationCode, violationName: p.violationName,
    party: p.party && { ...p.party }, occurredAt: p.occurredAt, safetyRelated: p.safetyRelated, officers: p.officers.map((o) => ({ ...o })), squad: p.squad,
    evidence: p.evidence.map((e) => ({ ...e })), records: p.records, flags: { ...p.flags },
    proposal: p.proposal && { ...p.proposal, lenience: p.proposal.lenience && { ...p.proposal.lenience } },
    notice: p.notice && { ...p.notice }, hearing: p.hearing && { ...p.hearing }, legalReview: p.legalReview && { ...p.legalReview }, collective: p.collective && { ...p.collective },
    decision: p.decision && { ...p.decision }, service: p.service && { ...p.service },
    payment: pm && {
      dueAt: pm.dueAt, paidFen: pm.paidFen, surchargeFen: pm.surchargeFen, paidAt: pm.paidAt, arrangement: pm.arrangement && { ...pm.arrangement },
      owedNowFen: pm.paidAt !== null ? 0 : fine + Math.max(pm.surchargeFen, surchargeFen(fine, pm.dueAt, now, 3)) - pm.paidFen,
    },
    demand: p.demand && { ...p.demand }, court: p.court && { ...p.court }, fileReview: p.fileReview && { ...p.fileReview },
    documents: p.documents.map((d) => ({ ...d, title: (KINDS as Record<string, { title: string }>)[d.kind]?.title ?? d.kind })),
    documentsReady: user && can(user, 'penalty.document', resourceOf(p)).allowed
      ? DOCUMENT_KINDS.filter((k) => KINDS[k].ready(p)).map((k) => ({ kind: k, title: KINDS[k].title, issued: p.documents.some((d) => d.kind === k) }))
      : [],
    disclosure: p.disclosure && { state: p.disclosure.state, dueAt: p.disclosure.dueAt, publishedAt: p.disclosure.publishedAt, withdrawnAt: p.disclosure.withdrawnAt },
    revoked: p.revoked && { ...p.revoked },
    clock: { stage: p.clock.stage, stageName: p.clock.stage ? STAGE_NAMES[p.clock.stage] : null, startedAt: p.clock.startedAt, warnAt: p.clock.warnAt, dueAt: p.clock.dueAt, light: p.clock.light, lightName: LIGHT_NAMES[p.clock.light] },
    filedAt: p.filedAt, decidedAt: p.decidedAt, closedAt: p.closedAt, createdAt: p.createdAt, updatedAt: p.updatedAt,
    actions: actionsFor(user, p),
  };
}

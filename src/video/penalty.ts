/**
 * 移送非现场执法: an accepted video item of a non-contact class, seen by a reviewed camera, becomes a
 * penalty-case clue (enforcement's `openClue`, source `video`, the item as its reference, the snapshots
 * of reviewed cameras as evidence, linked to the city case) and the party the operator identified is
 * told by SMS with the link to see the evidence and state and defend online. An unreviewed camera's
 * record is refused as penalty evidence.
 */
import { Type, type Static } from 'typebox';
import type { User } from '../auth/model.js';
import { CITY_WIDE, authorize } from '../auth/policy.js';
import { conflict } from '../core/errors.js';
import { toShanghaiIso } from '../core/time.js';
import { getSetting, putSetting } from '../store/settings.js';
import { checkBody } from '../workflow/body.js';
import { checkParty } from '../enforcement/party-notice-model.js';
import type { Sighting } from './model.js';
import type { VideoCore } from './core.js';
import { flushItem, inTurn } from './items.js';
import { itemFor } from './review.js';
import { DEFAULT_NON_CONTACT_CLASSES, NON_CONTACT_KEY, NonContactClassesBody, nonContactClassOf, penaltyEvidence, requireReviewed, type NonContactClass } from './non-contact.js';

export const PenaltyBody = Type.Object({
  party: Type.Object({
    kind: Type.Enum(['shop', 'vehicle', 'person'], { title: '当事人类型', description: 'shop 商户 · vehicle 车辆 · person 个人' }),
    name: Type.String({ minLength: 1, maxLength: 200, title: '商户名称/姓名' }),
    idNumber: Type.Optional(Type.String({ maxLength: 40, title: '统一社会信用代码/身份证号' })),
    plate: Type.Optional(Type.String({ maxLength: 16, title: '车牌号' })),
    phone: Type.String({ minLength: 1, maxLength: 20, title: '手机号码（短信告知）' }),
    address: Type.Optional(Type.String({ maxLength: 300, title: '地址' })),
  }, { additionalProperties: false, title: '当事人' }),
}, { additionalProperties: false, required: ['party'] });
export type PenaltyBodyT = Static<typeof PenaltyBody>;

export interface PenaltyOpened {
  penaltyCase: { id: string; code: string; state: string };
  notice: { id: string; rightsUntil: number };
  evidence: string[];
}

export async function nonContactClasses(core: VideoCore): Promise<NonContactClass[]> {
  return (await getSetting<NonContactClass[]>(core.deps.db.kysely, NON_CONTACT_KEY)) ?? DEFAULT_NON_CONTACT_CLASSES;
}

export async function setNonContactClasses(core: VideoCore, user: User, raw: unknown): Promise<NonContactClass[]> {
  authorize(user, 'video.admin', CITY_WIDE);
  const b = checkBody<{ classes: NonContactClass[] }>('nonContact', { zh: '非现场执法事项', body: NonContactClassesBody }, raw);
  await putSetting(core.deps.db.kysely, NON_CONTACT_KEY, b.classes, core.deps.clock.now());
  return b.classes;
}

export async function openPenalty(core: VideoCore, user: User, id: string, raw: unknown): Promise<PenaltyOpened> {
  const body = checkBody<PenaltyBodyT>('penalty', { zh: '移送非现场执法', body: PenaltyBody }, raw);
  const r = await itemFor(core, user, id, 'video.review');
  const role = authorize(user, 'video.review', { districtCode: r.districtCode, streetCode: r.streetCode });
  if (r.verdict !== 'accepted' || !r.caseId) {
    throw conflict('VIDEO_ITEM_NOT_ACCEPTED', '识别事件须先确认立案，才能移送非现场执法', 'Accept the item (a case) before opening a penalty clue', { state: r.state });
  }
  const reg = core.engine.registry;
  const cls = nonContactClassOf(await nonContactClasses(core), reg.algorithms.get(r.algorithmCode), r.categoryCode);
  const cam = requireReviewed(reg.cameras.get(r.cameraCode), r.cameraCode);
  const party = checkParty({ ...body.party, plate: body.party.plate ?? (body.party.kind === 'vehicle' ? r.plate : null) });
  const port = core.deps.penalty?.();
  if (!port) throw conflict('ENFORCEMENT_UNAVAILABLE', '行政执法模块未启用', 'Administrative enforcement is not available');

  const open = core.engine.get(id);
  if (open) await flushItem(core, open);
  const sightings = (await core.store.events(id)).flatMap((e) => ((e.data as { sightings?: Sighting[] }).sightings ?? []));
  const evidence = penaltyEvidence(sightings, (code) => !!reg.cameras.get(code)?.reviewPassed);
  const at = (t: number) => toShanghaiIso(t).slice(0, 16).replace('T', ' ');
  const place = cam.address ?? cam.review.publishedLocation ?? cam.name;
  const facts = `${at(r.firstAt)}${r.lastAt > r.firstAt ? ` 至 ${at(r.lastAt)}` : ''} 在${place}${cls.name}${party.plate ? `（车牌 ${party.plate}）` : ''}`;
  const by = { actorId: user.id, role };
  const { penaltyCase, created } = await port.openClue({
    source: 'video', sourceRef: `video:${id}`, summary: `非现场执法（视频识别）：${facts}，共抓拍 ${r.sightings} 次，摄像头 ${cam.code}（已通过法制和技术审核）`,
    address: place, lon: cam.lon, lat: cam.lat, districtCode: r.districtCode, streetCode: r.streetCode, evidence, cityCaseId: r.caseId,
    violationCode: cls.violationCode, occurredAt: r.firstAt,
  }, by);
  if (!created) {
    throw conflict('VIDEO_PENALTY_ALREADY_OPENED', `该识别事件已移送非现场执法（${penaltyCase.code}）`, `This item already opened penalty case ${penaltyCase.code}`, { penaltyCaseId: penaltyCase.id, code: penaltyCase.code });
  }
  const notice = await port.notifyParty({ penaltyCaseId: penaltyCase.id, party, facts, evidence, by });
  const now = core.deps.clock.now();
  const next = await inTurn(core.engine.get(id), () => core.store.update(id, r.version, (x) => ({
    next: { ...x, updatedAt: now },
    drafts: [{ type: 'penalty_opened', actorId: user.id, role, at: now, data: { penaltyCaseId: penaltyCase.id, penaltyCode: penaltyCase.code, noticeId: notice.id, partyKind: party.kind, evidence } }],
  })));
  const live = core.engine.get(id);
  if (live) live.version = next.version;
  return { penaltyCase: { id: penaltyCase.id, code: penaltyCase.code, state: penaltyCase.state }, notice: { id: notice.id, rightsUntil: notice.rightsUntil }, evidence };
}


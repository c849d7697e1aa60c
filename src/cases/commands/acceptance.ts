/** 监督中心 work before a case is filed: check on site, accept, reject, merge, void, self-handle, file. */
import { conflict, notFound, unprocessable } from '../../core/errors.js';
import { isOpenStatus, URGENCIES, type Urgency } from '../model.js';
import { limitFor } from '../pipeline.js';
import { revise, type CaseRecord } from '../record.js';
import { distanceMeters, MERGE_MAX_DISTANCE_M } from '../nearby.js';
import { startClock } from '../stages.js';
import { noteOf, type Command } from './types.js';

export const requestCheck: Command = (_env, _c, base, b) => ({ next: revise(base, { checkConfirmed: null }), data: { note: noteOf(b) } });

export const check: Command = (_env, _c, base, b) => ({
  next: revise(base, { checkConfirmed: b.confirmed === true }),
  data: { confirmed: b.confirmed === true, note: noteOf(b) },
});

/** Accepting may correct the class and urgency the reporter chose. */
export const accept: Command = async (env, c, base, b) => {
  const data: Record<string, unknown> = { note: noteOf(b) };
  let next = base;
  if (b.categoryCode && b.categoryCode !== c.categoryCode) {
    const name = await env.ports.categoryName(b.categoryCode);
    next = revise(next, { categoryCode: b.categoryCode, categoryName: name });
    Object.assign(data, { categoryCode: b.categoryCode, categoryName: name, previousCategoryCode: c.categoryCode });
  }
  if (b.urgency !== undefined) {
    if (!URGENCIES.includes(b.urgency as Urgency)) throw unprocessable('URGENCY_INVALID', '紧急程度应为 normal（一般）或 urgent（紧急）', 'urgency must be normal or urgent', { field: 'urgency' });
    if (b.urgency !== c.urgency) {
      next = revise(next, { urgency: b.urgency as Urgency });
      Object.assign(data, { urgency: b.urgency, previousUrgency: c.urgency });
    }
  }
  return { next, data };
};

export const reject: Command = (_env, _c, base, b) => ({ next: base, data: { reason: b.reason } });

/** Merging a duplicate into an open case of the same area: the duplicate ends, pointing at it. */
export const merge: Command = async (env, c, base, b) => {
  const target = await env.findCase(b.intoCaseId!);
  if (!target) throw notFound('MERGE_TARGET_NOT_FOUND', '要合并到的案卷不存在', 'The case to merge into does not exist', { intoCaseId: b.intoCaseId });
  if (target.id === c.id) throw unprocessable('MERGE_INTO_ITSELF', '案卷不能合并到自身', 'A case cannot be merged into itself');
  if (!isOpenStatus(target.status)) throw conflict('MERGE_TARGET_CLOSED', '只能合并到未办结的案卷', 'The case to merge into has ended', { intoCaseId: target.id, status: target.status });
  // A duplicate is the same problem: the same class, close by.
  const maxM = env.mergeMaxDistanceM ?? MERGE_MAX_DISTANCE_M;
  const distanceM = Math.round(distanceMeters(c.lon, c.lat, target.lon, target.lat));
  if (target.categoryCode !== c.categoryCode || distanceM > maxM) {
    throw unprocessable(
      'MERGE_TARGET_IMPLAUSIBLE',
      `只能合并到同一类别、相距 ${maxM} 米以内的案卷（该案卷${target.categoryCode !== c.categoryCode ? '类别不同' : `相距 ${distanceM} 米`}）`,
      `A case can be merged only into one of the same class within ${maxM} m (this one ${target.categoryCode !== c.categoryCode ? 'has another class' : `is ${distanceM} m away`})`,
      { intoCaseId: target.id, distanceM, maxDistanceM: maxM, sameCategory: target.categoryCode === c.categoryCode },
    );
  }
  return { next: revise(base, { mergedInto: target.id }), data: { intoCaseId: target.id, intoCode: target.code, note: noteOf(b) } };
};

export const requestVoid: Command = (env, _c, base, b) => ({
  next: revise(base, { pending: { kind: 'void', reason: b.reason!, by: env.actorId, at: env.now } }),
  data: { reason: b.reason },
});

export const voidCase: Command = (_env, c, base, b) => ({
  next: revise(base, { pending: null }),
  data: { reason: b.reason, requested: c.pending?.kind === 'void' ? c.pending : null, selfHandled: c.phase === 'self_handled' },
});

export const refuseVoid: Command = (_env, _c, base, b) => ({ next: revise(base, { pending: null }), data: { note: noteOf(b) } });

/** The inspector fixed it on the spot (自处理); the shift lead reviews and closes. */
export const selfHandle: Command = (_env, _c, base, b) => ({ next: base, data: { note: noteOf(b) } });

/**
 * Filing (立案) picks the responsibility item from class + place (+ condition, urgency). When exactly
 * one item applies and it names its unit, the case is dispatched to that unit at once by the system,
 * and the reason is recorded; otherwise it waits for a dispatcher.
 */
export const file: Command = async (env, c, base, b) => {
  const routing = await env.ports.route({
    categoryCode: c.categoryCode, districtCode: c.place.districtCode, streetCode: c.place.streetCode,
    condition: b.condition ?? null, urgency: c.urgency, at: c.reportedAt,
  });
  let chosen = routing.winner;
  if (b.itemId) {
    chosen = routing.candidates.find((x) => x.itemId === b.itemId) ?? null;
    if (!chosen) {
      throw unprocessable('ITEM_NOT_APPLICABLE', '所选事项清单条目不适用于该案卷的分类和位置', 'The chosen responsibility item does not apply to this case', { itemId: b.itemId, candidates: routing.candidates.map((x) => x.itemId) });
    }
  }
  const filed: CaseRecord = revise(base, {
    filedAt: env.now, itemId: chosen?.itemId ?? null, itemNo: chosen?.itemNo ?? null,
    filingCondition: b.condition ?? chosen?.condition ?? null, timeLimits: chosen?.timeLimits ?? routing.defaults ?? null,
  });
  const data = {
    itemId: filed.itemId, itemNo: filed.itemNo, condition: filed.filingCondition, timeLimits: filed.timeLimits,
    candidates: routing.candidates.map((x) => x.itemNo), unique: routing.unique, reason: routing.reason, note: noteOf(b),
  };
  const autoUnit = !b.itemId && routing.unique && chosen?.ownerUnitCode ? await env.ports.unit(chosen.ownerUnitCode) : undefined;
  if (!autoUnit) return { next: filed, data };

  const limit = limitFor(filed, 'handle');
  const dispatched: CaseRecord = revise(filed, { status: 'dispatched', phase: 'working', unit: autoUnit, dispatchCount: filed.dispatchCount + 1 });
  const clock = startClock(env.ports.calendar, filed.clock, 'handle', limit, env.now);
  return {
    next: dispatched,
    data,
    clock,
    extra: [{
      type: 'dispatched', actorId: 'system', role: 'system', at: env.now,
      data: { unitId: autoUnit.id, unitCode: autoUnit.code, unitName: autoUnit.name, auto: true, reason: routing.reason, limit, dueAt: clock.dueAt, note: null },
    }],
  };
};

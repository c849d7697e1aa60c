/** 指挥中心 and the unit: dispatch, reassign, return, extension, suspension (with approval), resume. */
import { unprocessable } from '../../core/errors.js';
import { limitFor } from '../pipeline.js';
import { revise, type UnitRef } from '../record.js';
import { extendClock, pauseClock, resumeClock, startClock } from '../stages.js';
import type { ActionBody } from '../bodies.js';
import { noteOf, type Command, type CommandEnv } from './types.js';

async function unitOf(env: CommandEnv, b: ActionBody): Promise<UnitRef> {
  const key = b.unitId ?? b.unitCode!;
  const u = await env.ports.unit(key);
  if (!u) throw unprocessable('UNIT_NOT_FOUND', `没有这个（或已停用的）责任单位：${key}`, `No such (active) unit: ${key}`, { unit: key });
  return u;
}

export const dispatch: Command = async (env, _c, base, b) => {
  const unit = await unitOf(env, b);
  const limit = limitFor(base, 'handle');
  const clock = startClock(env.ports.calendar, base.clock, 'handle', limit, env.now);
  return {
    next: revise(base, { unit, dispatchCount: base.dispatchCount + 1, pending: null }),
    clock,
    data: { unitId: unit.id, unitCode: unit.code, unitName: unit.name, auto: false, reason: b.reason ?? null, limit, dueAt: clock.dueAt, note: noteOf(b) },
  };
};

/** Sending a dispatched case to another unit: a fresh handling clock for the new unit. */
export const reassign: Command = async (env, c, base, b) => {
  const unit = await unitOf(env, b);
  if (c.unit && unit.id === c.unit.id) throw unprocessable('UNIT_UNCHANGED', '改派的单位与当前单位相同', 'The case is already assigned to this unit', { unit: unit.code });
  const limit = limitFor(base, 'handle');
  const clock = startClock(env.ports.calendar, base.clock, 'handle', limit, env.now);
  return {
    next: revise(base, { unit, dispatchCount: base.dispatchCount + 1, pending: null }),
    clock,
    data: { fromUnitId: c.unit?.id ?? null, fromUnitCode: c.unit?.code ?? null, unitId: unit.id, unitCode: unit.code, unitName: unit.name, reason: b.reason, limit, dueAt: clock.dueAt },
  };
};

export const requestReturn: Command = (env, c, base, b) => ({
  next: revise(base, { pending: { kind: 'return', reason: b.reason!, by: env.actorId, at: env.now } }),
  data: { reason: b.reason, unitId: c.unit?.id ?? null },
});

/** The return is granted: the case goes back to the dispatcher without a unit. */
export const approveReturn: Command = (_env, c, base, b) => ({
  next: revise(base, { unit: null, pending: null, returnCount: base.returnCount + 1 }),
  data: { note: noteOf(b), unitId: c.unit?.id ?? null, unitCode: c.unit?.code ?? null, reason: c.pending?.reason ?? null },
});

export const refuseRequest: Command = (_env, c, base, b) => ({
  next: revise(base, { pending: null }),
  data: { note: noteOf(b), request: c.pending },
});

export const requestExtension: Command = (env, c, base, b) => {
  const unit = c.clock.limit?.unit ?? 'work_days';
  return {
    next: revise(base, { pending: { kind: 'extension', reason: b.reason!, amount: b.amount!, unit, by: env.actorId, at: env.now } }),
    data: { reason: b.reason, amount: b.amount, unit, dueAt: c.clock.dueAt },
  };
};

/** Granting moves the deadline by the amount asked (or the amount the dispatcher grants). */
export const grantExtension: Command = (env, c, base, b) => {
  const amount = b.amount ?? c.pending?.amount ?? 0;
  const clock = extendClock(env.ports.calendar, c.clock, amount, env.now);
  return {
    next: revise(base, { pending: null }),
    clock,
    data: { amount, unit: c.clock.limit?.unit ?? null, requested: c.pending?.amount ?? null, previousDueAt: c.clock.dueAt, dueAt: clock.dueAt, note: noteOf(b) },
  };
};

export const requestSuspension: Command = (env, _c, base, b) => ({
  next: revise(base, { pending: { kind: 'suspension', reason: b.reason!, by: env.actorId, at: env.now } }),
  data: { reason: b.reason },
});

/** Suspension (挂账) stops the clock: what was used is kept, no warnings while parked. */
export const approveSuspension: Command = (env, c, base, b) => ({
  next: revise(base, { pending: null, suspendedAt: env.now }),
  clock: pauseClock(env.ports.calendar, c.clock, env.now),
  data: { note: noteOf(b), reason: c.pending?.reason ?? null },
});

export const resume: Command = (env, c, base, b) => {
  const clock = resumeClock(env.ports.calendar, c.clock, env.now);
  const parked = c.suspendedAt === null ? 0 : env.now - c.suspendedAt;
  return {
    next: revise(base, { suspendedAt: null, suspendedMs: base.suspendedMs + parked }),
    clock,
    data: { note: noteOf(b), suspendedMs: parked, dueAt: clock.dueAt },
  };
};

/** Handling, verification and closing; urging and supervision. */
import type { SupervisionLevel } from '../model.js';
import { noteOf, type Command } from './types.js';
import { revise } from '../record.js';

export const handle: Command = (_env, c, base, b) => ({
  next: revise(base, { pending: null }),
  data: { note: b.note, unitId: c.unit?.id ?? null, unitCode: c.unit?.code ?? null },
});

export const sendVerification: Command = (_env, _c, base, b) => ({ next: base, data: { note: noteOf(b) } });

/** A failed verification sends the case back to the same unit (返工) with a fresh handling clock. */
export const verify: Command = (_env, c, base, b) => {
  if (b.passed) return { next: base, data: { note: noteOf(b) } };
  return {
    next: revise(base, { reworkCount: base.reworkCount + 1 }),
    clock: 'restart',
    data: { reason: b.reason, note: noteOf(b), unitId: c.unit?.id ?? null, unitCode: c.unit?.code ?? null, rework: base.reworkCount + 1 },
  };
};

export const close: Command = (env, c, base, b) => ({
  next: revise(base, { closedAt: env.now, supervisionOpen: false, pending: null }),
  data: { note: noteOf(b), selfHandled: c.phase === 'self_handled', unitId: c.unit?.id ?? null, reworkCount: c.reworkCount },
});

export const urge: Command = (_env, c, base, b) => ({
  next: revise(base, { urgeCount: base.urgeCount + 1 }),
  data: { note: noteOf(b), count: c.urgeCount + 1, unitId: c.unit?.id ?? null },
});

/** 督办: a level (一般/重点/挂牌) and an opinion; the unit owes a reply. */
export const supervise: Command = (env, c, base, b) => ({
  next: revise(base, { supervised: true, supervisionLevel: Math.max(c.supervisionLevel ?? 0, b.level!), supervisionOpen: true, supervisorId: env.actorId }),
  data: { level: b.level as SupervisionLevel, opinion: b.opinion, unitId: c.unit?.id ?? null },
});

export const replySupervision: Command = (_env, c, base, b) => ({
  next: revise(base, { supervisionOpen: false }),
  data: { reply: b.reply, supervisorId: c.supervisorId, unitId: c.unit?.id ?? null },
});

/** A citizen was not satisfied with a closed case: it waits for the shift lead's review (the closing time stays until it is reopened). */
export const requestReopen: Command = (_env, c, base, b) => ({
  next: base,
  data: { reason: b.reason, closedAt: c.closedAt, unitId: c.unit?.id ?? null },
});

/** The shift lead sends it back to the unit that closed it, with a fresh handling clock (like a rework). */
export const reopen: Command = (_env, c, base, b) => ({
  next: revise(base, { closedAt: null, reworkCount: base.reworkCount + 1, pending: null }),
  clock: 'restart',
  data: { reason: b.reason, note: noteOf(b), unitId: c.unit?.id ?? null, unitCode: c.unit?.code ?? null, rework: base.reworkCount + 1 },
});

/** The shift lead keeps it closed, saying why (the citizen reads it): the first closing time stands. */
export const refuseReopen: Command = (_env, c, base, b) => ({
  next: base,
  data: { reason: b.reason, closedAt: c.closedAt },
});

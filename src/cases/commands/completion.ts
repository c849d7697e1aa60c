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

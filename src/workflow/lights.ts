/**
 * Traffic lights (红黄灯) of a stage clock: green below 80 % of the stage limit, yellow from 80 % to
 * 100 %, red past 100 % (standards.md §4.5), for every workflow's clocks. Pure.
 */
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_NAMES: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

/** Fraction of the limit at which a stage turns yellow. */
export const YELLOW_AT = 0.8;

/** Light for a used fraction of the limit (0.5 = half the time used). */
export function lightForFraction(fraction: number): Light {
  if (fraction > 1) return 'red';
  if (fraction >= YELLOW_AT) return 'yellow';
  return 'green';
}

/**
 * Light at an instant, given the instants at which the clock reaches 80 % (`warnAt`) and 100 %
 * (`dueAt`). A clock without a limit, or paused (both null), stays green.
 */
export function lightAt(now: number, warnAt: number | null, dueAt: number | null): Light {
  if (dueAt !== null && now > dueAt) return 'red';
  if (warnAt !== null && now >= warnAt) return 'yellow';
  return 'green';
}

/** Ordering for "most urgent first": red before yellow before green. */
export const LIGHT_RANK: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

/** The light events a clock must still raise when it shows `current` but should show `target`. */
export function lightEventsDue(current: Light, target: Light): Array<'deadline_warning' | 'deadline_overdue'> {
  const out: Array<'deadline_warning' | 'deadline_overdue'> = [];
  if (current === 'green' && (target === 'yellow' || target === 'red')) out.push('deadline_warning');
  if (current !== 'red' && target === 'red') out.push('deadline_overdue');
  return out;
}

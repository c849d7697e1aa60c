/** Who hears what: the lanes (role + area + unit) a user works in, and whether an audience reaches them. Pure. */
import type { Actor, Role } from './model.js';

export interface Lane {
  role: Role;
  districtCode?: string;
  streetCode?: string;
  unitId?: string;
}

/** One lane per role the user holds, narrowed to the user's area (and unit, for handlers). */
export function lanesFor(user: Actor): Lane[] {
  if (!user.active) return [];
  return user.roles.map((role) => {
    const lane: Lane = { role };
    if (user.scope.level === 'district') lane.districtCode = user.scope.code;
    if (user.scope.level === 'street') lane.streetCode = user.scope.code;
    if (role === 'handler') lane.unitId = user.unitId ?? '\u0000no-unit';
    return lane;
  });
}

/** Whom a record's event is addressed to: a role in an area (and unit), or one user. */
export interface AudienceTag {
  role: string | null;
  unitId: string | null;
  userId: string | null;
  districtCode: string;
  streetCode: string;
}

export function reaches(user: Actor & { id: string }, a: AudienceTag): boolean {
  if (a.userId && a.userId === user.id) return true;
  if (!a.role) return false;
  return lanesFor(user).some((l) =>
    l.role === a.role &&
    (!l.districtCode || l.districtCode === a.districtCode) &&
    (!l.streetCode || l.streetCode === a.streetCode) &&
    (!l.unitId || l.unitId === a.unitId));
}

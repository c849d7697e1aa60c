/** Who hears what: lanes (role + area + unit) of a user, and matching an event's audience. Pure. */
import type { Actor, Role } from '../auth/model.js';

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

/** A notification as users see it. */
export interface Notification {
  caseId: string;
  caseCode: string;
  seq: number;
  type: string;
  title: string;
  categoryName: string;
  at: number;
  read: boolean;
}

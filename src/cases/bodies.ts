/**
 * The body of a case action, as the commands read it, and its check: the kit's check against the
 * action's declared schema (src/cases/actions.ts), the declaration's own meaning check, then texts
 * trimmed and photos unique. For the programmatic API and the HTTP API alike.
 */
import { checkBody as checkDeclared } from '../workflow/body.js';
import { ACTION_SPECS, type CaseAction } from './actions.js';

export interface ActionBody {
  note?: string;
  reason?: string;
  photos?: string[];
  /** Where the actor stood (optional; WGS-84 unless crs says otherwise). */
  location?: { lon: number; lat: number; crs?: string };
  confirmed?: boolean;
  passed?: boolean;
  intoCaseId?: string;
  itemId?: string;
  condition?: string;
  categoryCode?: string;
  urgency?: string;
  unitId?: string;
  unitCode?: string;
  amount?: number;
  level?: number;
  opinion?: string;
  reply?: string;
}

/** Checks an action's body; returns it normalised (trimmed texts, unique photos). */
export function checkBody(action: CaseAction, raw: unknown): ActionBody {
  const spec = ACTION_SPECS[action];
  let b = checkDeclared<ActionBody>(action, spec, raw);
  if (spec.check) b = spec.check(b);
  if (b.note !== undefined) b.note = b.note.trim();
  if (b.reason !== undefined) b.reason = b.reason.trim();
  if (b.opinion !== undefined) b.opinion = b.opinion.trim();
  if (b.reply !== undefined) b.reply = b.reply.trim();
  if (b.photos !== undefined && b.photos.length > 1) b.photos = [...new Set(b.photos)];
  return b;
}

/**
 * The live feed's opening page: the latest case events the user may read (the stream adds the next
 * ones), so the command center opens on what the city did lately instead of an empty list — also
 * just after midnight. At most a week back.
 */
import type { User } from '../auth/model.js';
import { accessFilter } from '../auth/policy.js';
import type { Clock } from '../core/clock.js';
import { forbidden } from '../core/errors.js';
import { rowJson } from './row-codec.js';
import { DAY_MS } from '../core/time.js';
import type { Db } from '../store/db.js';
import { EVENT_NAMES } from './model.js';
import { latestEvents } from './console-repo.js';

export interface FeedItem {
  caseId: string;
  caseCode: string;
  seq: number;
  type: string;
  typeName: string;
  categoryName: string;
  districtName: string;
  streetName: string;
  at: number;
}

export const FEED_DAYS = 7;

export async function latestFeed(deps: { db: Db; clock: Clock }, user: User, limit: number): Promise<{ items: FeedItem[]; since: number }> {
  const access = accessFilter(user, 'case.read');
  if (!access) throw forbidden('FORBIDDEN_ROLE', '您的角色无权查看案卷', 'None of your roles may read cases', { action: 'case.read' });
  const since = deps.clock.now() - FEED_DAYS * DAY_MS;
  const rows = await latestEvents(deps.db.kysely, { since, limit, access });
  return {
    since,
    items: rows.map((r) => {
      const names = rowJson<{ district?: string; street?: string } | null>(r.place) ?? {};
      return {
        caseId: r.caseId, caseCode: r.caseCode, seq: r.seq, type: r.type, typeName: (EVENT_NAMES as Record<string, string>)[r.type] ?? r.type,
        categoryName: r.categoryName, districtName: names.district ?? '', streetName: names.street ?? '', at: r.at,
      };
    }),
  };
}

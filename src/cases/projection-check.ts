/**
 * The case row checked against a fold of its events: what lists, the map and evaluation show must be
 * what the log says. The hash chain proves the log; this proves the row. Pure.
 * Checked: identity and intake facts (code, source, reporter, description, address, place, point,
 * photos), the class (the reported one, or the last correction), the ending (closed, merged, rejected
 * ⇔ the log's last ending event, a citizen's reopening undoing it; closedAt; mergedInto).
 */
import type { CaseEvent, CaseRecord } from './record.js';

export interface ProjectionProblem {
  field: string;
  row: unknown;
  log: unknown;
}

const ENDINGS: Readonly<Record<string, 'closed' | 'merged' | 'rejected'>> = { closed: 'closed', merged: 'merged', rejected: 'rejected', voided: 'rejected' };

export function projectionProblems(c: CaseRecord, events: readonly CaseEvent[]): ProjectionProblem[] {
  const out: ProjectionProblem[] = [];
  const first = events[0];
  const check = (field: string, row: unknown, log: unknown) => {
    if ((row ?? null) !== (log ?? null)) out.push({ field, row: row ?? null, log: log ?? null });
  };
  if (!first || first.type !== 'reported') return [{ field: 'events', row: c.version, log: first?.type ?? null }];
  const d = first.data as Record<string, unknown>;
  check('code', c.code, d.code);
  check('source', c.source, d.source);
  check('reporterId', c.reporterId, first.actorId);
  check('description', c.description, d.description);
  check('address', c.address, d.address);
  check('place.districtCode', c.place.districtCode, d.districtCode);
  check('place.streetCode', c.place.streetCode, d.streetCode);
  check('place.communityCode', c.place.communityCode, d.communityCode);
  check('place.gridCode', c.place.gridCode, d.gridCode);
  check('lon', c.lon, first.lon);
  check('lat', c.lat, first.lat);
  check('photos', [...c.photos].sort().join(','), [...first.attachments].sort().join(','));

  let category = d.categoryCode;
  let ending: { status: string; at: number; into?: unknown } | null = null;
  for (const e of events) {
    const data = e.data as Record<string, unknown>;
    if (e.type === 'accepted' && typeof data.categoryCode === 'string') category = data.categoryCode;
    const end = ENDINGS[e.type];
    if (end) ending = { status: end, at: e.at, into: data.intoCaseId };
    // A citizen's review request opens a closed case again; kept closed, it keeps its first closing time.
    if (e.type === 'reopen_requested') ending = null;
    if (e.type === 'reopen_refused') ending = { status: 'closed', at: Number(data.closedAt) };
  }
  check('categoryCode', c.categoryCode, category);
  const rowEnded = c.status === 'closed' || c.status === 'merged' || c.status === 'rejected';
  check('status', rowEnded ? c.status : 'open', ending?.status ?? 'open');
  if (c.status === 'closed' || ending?.status === 'closed') check('closedAt', c.closedAt, ending?.status === 'closed' ? ending.at : null);
  check('mergedInto', c.mergedInto, ending?.status === 'merged' ? ending.into : null);
  return out;
}

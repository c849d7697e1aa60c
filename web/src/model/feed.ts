/** The live feed's lines: the latest events from the server and the stream's new ones, merged. Pure. */

export interface FeedLine {
  caseId: string;
  caseCode: string;
  seq: number;
  type: string;
  categoryName: string;
  districtName?: string;
  streetName?: string;
  at: number;
}

/** Live lines first, then today's, each event once (a case's event is `caseId:seq`). */
export function mergeFeed(live: readonly Partial<FeedLine>[], today: readonly FeedLine[], max = 50): FeedLine[] {
  const seen = new Set<string>();
  const out: FeedLine[] = [];
  for (const n of [...live, ...today]) {
    if (!n.caseId || !n.type) continue;
    const key = `${n.caseId}:${n.seq ?? n.at ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ caseId: n.caseId, caseCode: n.caseCode ?? '', seq: n.seq ?? 0, type: n.type, categoryName: n.categoryName ?? '', districtName: n.districtName ?? '', streetName: n.streetName ?? '', at: n.at ?? Date.now() });
  }
  return out.sort((a, b) => b.at - a.at).slice(0, max);
}

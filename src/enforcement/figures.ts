/**
 * Leader figures (领导看板) of administrative enforcement: per district or squad, the penalty cases,
 * fines, waived amounts under the four lists, the on-time rate (decided without the clock ever going
 * red) and the case-file review scores, within the reader's area. Pure arithmetic over the repo's sums.
 */
import type { Kysely } from 'kysely';
import { accessFilter, authorize } from '../auth/policy.js';
import type { User } from '../auth/model.js';
import type { Db } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { figureRows, type FigureRow } from './figures-repo.js';

export interface FigureLine extends Omit<FigureRow, 'scoreSum'> {
  key: string | null;
  name: string;
  onTime: number;
  /** onTime / decided, null without decisions. */
  onTimeRate: number | null;
  /** Mean file-review score, null without reviews. */
  avgScore: number | null;
}

const DISTRICTS: Record<string, string> = { '350203': '思明区', '350205': '海沧区', '350206': '湖里区', '350211': '集美区', '350212': '同安区', '350213': '翔安区' };

export function lineOf(r: FigureRow, name: string): FigureLine {
  const { scoreSum, ...rest } = r;
  const onTime = r.decided - r.lateDecided;
  return { ...rest, name, onTime, onTimeRate: r.decided ? Math.round((onTime / r.decided) * 1000) / 1000 : null, avgScore: r.reviewed ? Math.round((scoreSum / r.reviewed) * 10) / 10 : null };
}

export function totalOf(rows: readonly FigureRow[]): FigureRow {
  const t: FigureRow = { key: null, cases: 0, filed: 0, decided: 0, penalties: 0, fineFen: 0, waivedFen: 0, waivedCases: 0, closed: 0, lateDecided: 0, reviewed: 0, scoreSum: 0 };
  for (const r of rows) for (const k of Object.keys(t) as Array<keyof FigureRow>) if (k !== 'key') (t[k] as number) += r[k] as number;
  return t;
}

export async function enforcementFigures(db: Db, user: User, q: { by: 'district' | 'squad'; from: number; to: number; districtCode?: string }, districtName: (code: string) => string | undefined) {
  const f = accessFilter(user, 'enforcement.figures');
  if (!f) authorize(user, 'enforcement.figures');
  if (f?.districtCode && q.districtCode && q.districtCode !== f.districtCode) return { lines: [], total: lineOf(totalOf([]), '合计') };
  const rows = await figureRows(db.kysely as unknown as Kysely<Database>, db.dialect, { ...q, districtCode: f?.districtCode ?? q.districtCode, streetCode: f?.streetCode });
  const name = (key: string | null) => (key === null ? (q.by === 'squad' ? '（未分中队）' : '（未定位）') : q.by === 'district' ? districtName(key) ?? DISTRICTS[key] ?? key : key);
  return { lines: rows.map((r) => lineOf(r, name(r.key))), total: lineOf(totalOf(rows), '合计') };
}

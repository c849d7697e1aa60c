/**
 * The units a dispatcher should consider for a case, ranked, each with the reason it is there:
 * the responsibility list first (the winning item, then the other items that apply, then their
 * co-units), then the territorial bodies of the case's place (属地管理), then the units that handled
 * the same class in the district lately. A unit that already gave this case back goes last and says
 * so. Pure: no I/O.
 */
import type { Unit, UnitKind } from './model.js';
import { formatOwner, type MatchResult } from './responsibility-model.js';

export type CandidateBasis = 'item' | 'co_unit' | 'territorial' | 'history';

export interface UnitCandidate {
  unit: { id: string; code: string; name: string; kind: UnitKind };
  basis: CandidateBasis;
  /** The responsibility item behind the suggestion, when one is. */
  itemNo: string | null;
  reason: string;
  reasonEn: string;
  /** The responsibility list names exactly this unit for the case (the one to pick). */
  recommended: boolean;
  /** The unit holds the case now. */
  current: boolean;
  /** The unit asked to give this case back and the return was approved. */
  returned: boolean;
}

export interface CandidateContext {
  categoryName: string;
  districtCode: string;
  streetCode: string;
  districtName: string;
  streetName: string;
  currentUnitId: string | null;
  /** Units whose return of this case was approved, with the reason they gave. */
  returnedBy: ReadonlyArray<{ unitId: string; reason: string | null }>;
  /** Closed cases of the class in the district lately, per unit, most first. */
  history: ReadonlyArray<{ unitId: string; count: number }>;
  historyDays: number;
}

const AREA_ZH = { city: '全市', district: '本区', street: '本街道' } as const;
const AREA_EN = { city: 'city-wide', district: 'district', street: 'street' } as const;

export function rankUnitCandidates(match: MatchResult, units: readonly Unit[], ctx: CandidateContext): UnitCandidate[] {
  const byId = new Map(units.filter((u) => u.active).map((u) => [u.id, u]));
  const out: UnitCandidate[] = [];
  const seen = new Set<string>();
  const add = (unitId: string | undefined, basis: CandidateBasis, itemNo: string | null, reason: string, reasonEn: string, recommended = false) => {
    const u = unitId ? byId.get(unitId) : undefined;
    if (!u || seen.has(u.id)) return;
    seen.add(u.id);
    out.push({
      unit: { id: u.id, code: u.code, name: u.name, kind: u.kind }, basis, itemNo, reason, reasonEn, recommended,
      current: u.id === ctx.currentUnitId, returned: false,
    });
  };

  const cat = ctx.categoryName;
  for (const c of match.candidates) {
    const it = c.item;
    const cond = it.condition ? `，立案条件「${it.condition}」` : '';
    const condEn = it.condition ? `, condition 「${it.condition}」` : '';
    const owner = formatOwner(it.owner, () => undefined);
    const ownerText = it.owner.type === 'territorial' ? `${owner}（${ctx.districtName}${it.owner.unitKind === 'street_office' ? ctx.streetName : ''}）` : c.ownerUnit?.name ?? owner;
    const isWinner = match.unique && match.winner?.item.id === it.id;
    add(
      c.ownerUnit?.id, 'item', it.itemNo,
      `事项清单 ${it.itemNo}（${AREA_ZH[c.areaLevel]}${cond}）：${cat} → ${ownerText}`,
      `Responsibility item ${it.itemNo} (${AREA_EN[c.areaLevel]}${condEn}): ${it.categoryCode} → ${c.ownerUnit?.code ?? owner}`,
      isWinner,
    );
  }
  for (const c of match.candidates)
    for (const co of c.coUnits) add(co.id, 'co_unit', c.item.itemNo, `事项清单 ${c.item.itemNo} 的协办单位`, `Co-unit of responsibility item ${c.item.itemNo}`);

  const active = [...byId.values()];
  const street = active.find((u) => u.kind === 'street_office' && u.streetCode === ctx.streetCode);
  add(street?.id, 'territorial', null, `属地管理：案卷所在街道（${ctx.streetName}）`, `Territorial: the street office of the case's street`);
  const squad = active.find((u) => u.kind === 'squad' && u.districtCode === ctx.districtCode);
  add(squad?.id, 'territorial', null, `属地管理：${ctx.districtName}城管执法局`, `Territorial: the district's enforcement squad`);

  for (const h of ctx.history)
    add(h.unitId, 'history', null, `近 ${ctx.historyDays} 天办结${ctx.districtName}「${cat}」案卷 ${h.count} 件`, `Closed ${h.count} case(s) of this class in the district in the last ${ctx.historyDays} days`);

  // A unit that gave the case back stays on the list (the dispatcher may insist) but goes last, saying why.
  const returned = new Map(ctx.returnedBy.map((r) => [r.unitId, r.reason]));
  const kept = out.filter((c) => !returned.has(c.unit.id));
  const back = out.filter((c) => returned.has(c.unit.id));
  for (const c of back) {
    const why = returned.get(c.unit.id);
    c.returned = true;
    c.recommended = false;
    c.reason = `已退回本案卷${why ? `：${why}` : ''}；${c.reason}`;
    c.reasonEn = `Gave this case back${why ? `: ${why}` : ''}; ${c.reasonEn}`;
  }
  return [...kept, ...back];
}

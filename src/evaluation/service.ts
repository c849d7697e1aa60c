/**
 * Evaluation use cases (绩效评价): figures of a level over a period, the export, the city's
 * weights and bands. Figures come from the read model kept by catchup.ts, which is derived from
 * the case event log only; every evaluation first folds in the events written since the last one.
 */
import { figuresOf, type Figures as SuggestionFigures } from '../suggestions/model.js';
import type { ServiceDeps } from '../core/deps.js';
import { badRequest } from '../core/errors.js';
import { getSetting, putSetting } from '../store/settings.js';
import type { Executor } from '../store/db.js';
import { catchUp, type CatchUpResult } from './catchup.js';
import { exportRowsXlsx } from './export-xlsx.js';
import {
  EVALUATION_LEVELS, checkPeriod, emptyCounters, isEvaluationLevel, objectTypesOf,
  type Counters, type EvaluationLevel, type ObjectType, type Period,
} from './model.js';
import {
  clearReadModel, evalDb, gridCodes, overdueAt, readCursor, regionNames, sumDaily, unitNames, userNames,
} from './repo.js';
import { buildRows, periodEnd, totalCounters, type EvaluationRow, type ObjectFigures, type PatrolPostFigures } from './rows.js';
import { DAY_MS, shanghaiMidnight } from '../core/time.js';
import { DEFAULT_EVALUATION_CONFIG, checkEvaluationConfig, type EvaluationConfig } from './scoring.js';

export interface EvaluationQuery {
  level: unknown;
  from: unknown;
  to: unknown;
}

/**
 * The part of the city a reader may see (from the policy's access filter): a district reads its own
 * district, its streets, communities and grids, the units based there and the staff working there; a
 * street the same below it. Empty: the whole city.
 */
export interface EvaluationScope {
  districtCode?: string;
  streetCode?: string;
}

export interface Evaluation {
  level: EvaluationLevel;
  period: Period;
  /** Events up to this instant are in the figures (epoch ms; null before the first event). */
  asOf: number | null;
  rows: EvaluationRow[];
  totals: Counters;
}

export interface EvaluationService {
  /** Figures, scores, grades and ranks of every object of a level over a period. */
  evaluate(q: EvaluationQuery, scope?: EvaluationScope): Promise<Evaluation>;
  /** The same as an XLSX workbook with Chinese headers. */
  exportXlsx(q: EvaluationQuery, scope?: EvaluationScope): Promise<{ filename: string; body: Buffer; evaluation: Evaluation }>;
  /** Folds events written since the last catch-up into the read model. */
  catchUp(): Promise<CatchUpResult>;
  /** Drops the read model and folds the whole log again. */
  rebuild(): Promise<CatchUpResult>;
  getConfig(): Promise<EvaluationConfig>;
  /** Replaces the city's weights, bands and grades (checked; EVALUATION_CONFIG_INVALID otherwise). */
  setConfig(input: unknown): Promise<EvaluationConfig>;
  /** 金点子 over a period (days, Asia/Shanghai): 反馈率 and 按时答复率 of the suggestions received in it (src/suggestions). */
  suggestions(q: { from: string; to: string }, scope?: EvaluationScope): Promise<SuggestionFigures & { from: string; to: string }>;
}

const CONFIG_KEY = 'evaluation.config';
/** Levels whose every object is listed even when idle (few objects); others list active ones only. */
const LIST_IDLE: ReadonlySet<ObjectType> = new Set<ObjectType>(['district', 'street', 'community', 'unit']);

export function checkLevel(level: unknown): EvaluationLevel {
  if (!isEvaluationLevel(level)) {
    throw badRequest('EVALUATION_LEVEL_INVALID', `评价对象层级应为 ${EVALUATION_LEVELS.join('、')} 之一`, `level must be one of ${EVALUATION_LEVELS.join(', ')}`, { level });
  }
  return level;
}

/** Patrol's figures per inspector over [from, to) (src/patrol, wired in app.ts). */
export type PatrolFigures = (from: number, to: number) => Promise<Map<string, PatrolPostFigures>>;

/** The suggestions' figures over [from, to) within a scope (src/suggestions, wired in app.ts). */
export type SuggestionFiguresPort = (scope: EvaluationScope, from: number, to: number) => Promise<SuggestionFigures>;

export function createEvaluationService(deps: ServiceDeps & { patrolFigures?: PatrolFigures; suggestionFigures?: SuggestionFiguresPort }): EvaluationService {
  const { db, clock } = deps;
  const k = evalDb(db);
  const settingsDb = db.kysely as unknown as Executor;
  // Requests arriving together share one catch-up.
  let running: Promise<CatchUpResult> | null = null;
  const sharedCatchUp = (): Promise<CatchUpResult> => {
    running ??= catchUp(db, clock.now()).finally(() => { running = null; });
    return running;
  };

  const getConfig = async (): Promise<EvaluationConfig> =>
    (await getSetting<EvaluationConfig>(settingsDb, CONFIG_KEY)) ?? DEFAULT_EVALUATION_CONFIG;

  /** Names of the objects of a type, which of them to list even when idle, and which the scope lets the reader see. */
  async function names(type: ObjectType, ids: readonly string[], scope: EvaluationScope): Promise<{ name: Map<string, string>; idle: string[]; visible(id: string): boolean }> {
    const area = scope.streetCode ?? scope.districtCode;
    const inArea = (code: string | null | undefined) => area === undefined || (!!code && code.startsWith(area));
    if (type === 'district' || type === 'street' || type === 'community' || type === 'grid') {
      const m = await regionNames(k, type);
      return { name: m, idle: LIST_IDLE.has(type) ? [...m.keys()] : [], visible: inArea };
    }
    if (type === 'unit') {
      const units = await unitNames(k);
      const m = new Map<string, string>();
      const place = new Map<string, string | null>();
      for (const u of units) {
        m.set(u.id, u.name);
        m.set(u.code, u.name);
        const code = scope.streetCode ? u.streetCode : (u.streetCode ?? u.districtCode);
        place.set(u.id, code);
        place.set(u.code, code);
      }
      return { name: m, idle: units.filter((u) => u.active).map((u) => u.id), visible: (id) => inArea(place.get(id)) };
    }
    const staff = await userNames(k, ids);
    const m = new Map([...staff].map(([id, s]) => [id, s.name]));
    return { name: m, idle: [], visible: (id) => inArea(staff.get(id)?.areaCode) };
  }

  async function evaluate(q: EvaluationQuery, scope: EvaluationScope = {}): Promise<Evaluation> {
    const level = checkLevel(q.level);
    const period = checkPeriod(q.from, q.to);
    await sharedCatchUp();
    const types = objectTypesOf(level);
    const [flows, stocks, config, cursor] = await Promise.all([
      sumDaily(k, types, period.from, period.to), overdueAt(k, types, periodEnd(period)), getConfig(), readCursor(k),
    ]);
    const figures = new Map<string, { type: ObjectType; id: string; counters: Counters }>();
    const get = (type: ObjectType, id: string) => {
      const key = `${type}\u0000${id}`;
      let f = figures.get(key);
      if (!f) { f = { type, id, counters: emptyCounters() }; figures.set(key, f); }
      return f;
    };
    for (const f of flows) get(f.type, f.id).counters = f.counters;
    for (const s of stocks) get(s.type, s.id).counters[s.counter] += s.n;

    const region = level === 'district' || level === 'street' || level === 'community' || level === 'grid';
    const gridsPer = new Map<string, number>();
    if (region) {
      const len = { district: 6, street: 9, community: 12, grid: 15 }[level];
      for (const g of await gridCodes(k)) gridsPer.set(g.slice(0, len), (gridsPer.get(g.slice(0, len)) ?? 0) + 1);
    }
    const objects: ObjectFigures[] = [];
    for (const type of types) {
      const ids = [...figures.values()].filter((f) => f.type === type).map((f) => f.id);
      const { name, idle, visible } = await names(type, ids, scope);
      for (const id of idle) get(type, id);
      for (const f of figures.values()) {
        if (f.type !== type || !visible(f.id)) continue;
        objects.push({ type, id: f.id, name: name.get(f.id) ?? f.id, grids: region ? gridsPer.get(f.id) ?? 1 : 1, counters: f.counters });
      }
    }
    // Inspectors' patrol figures weigh in their score (the scheme's patrol terms), so they come before scoring.
    if (deps.patrolFigures && types.includes('inspector')) {
      const patrol = await deps.patrolFigures(shanghaiMidnight(period.from), shanghaiMidnight(period.to) + DAY_MS);
      for (const o of objects) if (o.type === 'inspector') o.patrol = patrol.get(o.id) ?? null;
    }
    const rows = buildRows(objects, config);
    return { level, period, asOf: cursor.at >= 0 ? cursor.at : null, rows, totals: totalCounters(rows) };
  }

  return {
    evaluate,
    async exportXlsx(q, scope) {
      const evaluation = await evaluate(q, scope);
      const body = await exportRowsXlsx(evaluation);
      return { filename: `evaluation-${evaluation.level}-${evaluation.period.from}_${evaluation.period.to}.xlsx`, body, evaluation };
    },
    catchUp: sharedCatchUp,
    async suggestions(q, scope = {}) {
      const period = checkPeriod(q.from, q.to);
      const from = shanghaiMidnight(period.from);
      const to = shanghaiMidnight(period.to) + DAY_MS;
      const f = deps.suggestionFigures ? await deps.suggestionFigures(scope, from, to) : figuresOf([]);
      return { ...f, from: period.from, to: period.to };
    },
    async rebuild() {
      await clearReadModel(k);
      return sharedCatchUp();
    },
    getConfig,
    async setConfig(input) {
      const cfg = checkEvaluationConfig(input);
      await putSetting(settingsDb, CONFIG_KEY, cfg, clock.now());
      return cfg;
    },
  };
}

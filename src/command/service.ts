/**
 * Command (指挥): the three command levels per area, emergency incidents and instructions, and
 * what a level does elsewhere — the stage limits of new cases (a LimitPolicy the case service asks
 * when it files a case) and the patrol frequency (a factor patrol coverage asks for).
 */
import type { ServiceDeps } from '../core/deps.js';
import type { AuthService } from '../auth/service.js';
import type { CatalogService } from '../catalog/service.js';
import type { CaseService } from '../cases/service.js';
import type { LimitPolicy } from '../cases/ports.js';
import type { FileStore } from '../files/service.js';
import type { GeoService } from '../geo/service.js';
import type { ClockCalendar } from '../workflow/clock.js';
import { createIncidents, type Incidents } from './incidents.js';
import { createInstructions, type Instructions } from './instructions.js';
import { cityOf, createLevels, type Levels } from './levels.js';
import { frequencyFactor, LEVEL_NAMES, limitsAtLevel } from './model.js';

export interface CommandService {
  levels: Levels;
  incidents: Incidents;
  instructions: Instructions;
  /** For the case service: the limits of a new case under the level in force where and when it was reported. */
  limitPolicy: LimitPolicy;
  /** For patrol coverage: the frequency factor over time at a place (1 under 常态). */
  frequencyAt(area: { districtCode: string; streetCode: string | null }): Promise<(at: number) => number>;
  /** Schedules, expiring levels and instruction deadlines, every `intervalMs`. Returns a stopper. */
  startTimers(intervalMs?: number): () => void;
  sweep(now?: number): Promise<{ applied: number; lifted: number; warnings: number; overdue: number; escalated: number }>;
}

export function createCommandService(deps: ServiceDeps & {
  geo: GeoService; catalog: CatalogService; auth: AuthService; files: FileStore; calendar: ClockCalendar<string>; cases: () => Pick<CaseService, 'get'>;
}): CommandService {
  const incidents = createIncidents(deps);
  const levels = createLevels({ ...deps, incidents });
  const instructions = createInstructions({ ...deps, incidents, cases: { get: (u, id) => deps.cases().get(u, id) } });

  async function sweep(now = deps.clock.now()) {
    const l = await levels.sweep(now);
    const i = await instructions.sweep(now);
    return { ...l, ...i };
  }

  return {
    levels,
    incidents,
    instructions,
    limitPolicy: {
      async forCase(q) {
        const level = (await levels.timeline()).at(q, q.at, cityOf(q.districtCode));
        if (level === 'normal') return null;
        const policy = await levels.policy();
        const name = LEVEL_NAMES[level];
        const factor = policy[level].limitFactor;
        return {
          adjust: (limits) => limitsAtLevel(policy, level, q.categoryCode, limits) as typeof limits | undefined,
          reason: `指挥等级${name.zh}：时限按×${factor}计`,
          reasonEn: `command level ${name.en}: limits × ${factor}`,
        };
      },
    },
    async frequencyAt(area) {
      const [timeline, policy] = await Promise.all([levels.timeline(), levels.policy()]);
      return (at) => frequencyFactor(policy, timeline.at(area, at, cityOf(area.districtCode)));
    },
    startTimers(intervalMs = 60_000) {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          const r = await sweep();
          if (r.applied || r.lifted || r.overdue || r.escalated) deps.logger.info(r, 'command sweep');
        } catch (err) {
          deps.logger.error({ err }, 'command sweep failed');
        } finally {
          running = false;
        }
      };
      const handle = setInterval(() => void tick(), intervalMs);
      handle.unref();
      void tick();
      return () => clearInterval(handle);
    },
    sweep,
  };
}

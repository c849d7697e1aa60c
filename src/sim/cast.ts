/**
 * The people of a simulated city: inspectors per district, the centre's operators, shift leads and
 * dispatchers, a leader, and one handler per unit (created when a unit first gets a case). Real
 * accounts, created through the auth service, so every simulated event has a real actor with the
 * role the step needs. Reused when the simulator runs again on the same store.
 */
import type { AppContext } from '../app.js';
import type { Role, User } from '../auth/model.js';
import type { Rng } from './random.js';

/** Simulated staff cannot log in with a known password. */
const passwordOf = (rng: Rng): string => `sim-${Math.floor(rng.next() * 1e12).toString(36)}-${Math.floor(rng.next() * 1e12).toString(36)}-0`; // the digit: base 36 may give letters only

export interface Cast {
  inspectorsOf(districtCode: string): User[];
  operators: User[];
  shiftLeads: User[];
  dispatchers: User[];
  leaders: User[];
  evaluators: User[];
  handlerOf(unitId: string): Promise<User>;
}

export async function createCast(ctx: AppContext, rng: Rng, districts: readonly { code: string; name: string }[]): Promise<Cast> {
  const CITY = { level: 'city', code: districts[0] ? `${districts[0].code.slice(0, 4)}00` : '000000' } as const;
  const existing = new Map((await ctx.auth.listUsers({ q: 'sim.', limit: 10_000, offset: 0 })).items.map((u) => [u.username, u]));
  async function user(username: string, displayName: string, roles: Role[], extra: { unitId?: string; scope?: { level: 'district'; code: string } } = {}): Promise<User> {
    // Usernames are stored lower-case; unit codes (in handler usernames) are upper-case.
    const found = existing.get(username.toLowerCase());
    if (found) return found;
    const u = await ctx.auth.createUser({ username, displayName, password: passwordOf(rng), roles, scope: extra.scope ?? CITY, unitId: extra.unitId ?? null });
    existing.set(u.username, u);
    return u;
  }
  const inspectors = new Map<string, User[]>();
  for (const d of districts) {
    const short = d.name.replace(/区$/, '');
    const list: User[] = [];
    for (let i = 1; i <= 3; i++) list.push(await user(`sim.inspector.${d.code}.${i}`, `${short}监督员${i}号（模拟）`, ['inspector'], { scope: { level: 'district', code: d.code } }));
    inspectors.set(d.code, list);
  }
  const many = async (n: number, key: string, zh: string, role: Role) => {
    const out: User[] = [];
    for (let i = 1; i <= n; i++) out.push(await user(`sim.${key}.${i}`, `${zh}${i}号（模拟）`, [role]));
    return out;
  };
  const operators = await many(4, 'operator', '受理员', 'operator');
  const shiftLeads = await many(3, 'shiftlead', '值班长', 'shift_lead');
  const dispatchers = await many(4, 'dispatcher', '派遣员', 'dispatcher');
  const leaders = await many(1, 'leader', '领导', 'leader');
  const evaluators = await many(1, 'evaluator', '考评员', 'evaluator');
  const handlers = new Map<string, User>();
  return {
    inspectorsOf: (code) => inspectors.get(code) ?? [...inspectors.values()].flat(),
    operators, shiftLeads, dispatchers, leaders, evaluators,
    async handlerOf(unitId) {
      let h = handlers.get(unitId);
      if (!h) {
        const unit = await ctx.catalog.getUnit(unitId);
        h = await user(`sim.handler.${unit.code}`, `${unit.name}处置员（模拟）`, ['handler'], { unitId: unit.id });
        handlers.set(unitId, h);
      }
      return h;
    },
  };
}

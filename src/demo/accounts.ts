/**
 * The demo accounts: one per role for the whole city, plus a few scoped to a district and handlers of
 * a few demo units. Every password is `demo1234`. Created only in demo mode (see AuthService.seedDemoAccounts).
 */
import type { CreateUserInput, Role } from '../auth/model.js';

export const DEMO_PASSWORD = 'demo1234';
export const XIAMEN_CITY_CODE = '350200';

/** The part of a catalog unit the demo accounts need. */
export interface DemoUnit {
  id: string;
  name: string;
}

const CITY = { level: 'city', code: XIAMEN_CITY_CODE } as const;
const district = (code: string) => ({ level: 'district', code }) as const;

function account(username: string, displayName: string, roles: Role[], extra: Partial<CreateUserInput> = {}): CreateUserInput {
  return { username, displayName, password: DEMO_PASSWORD, roles, scope: CITY, ...extra };
}

/** Picks the first unit whose name contains every one of the words. */
function unitNamed(units: readonly DemoUnit[], ...words: string[]): DemoUnit | undefined {
  return units.find((u) => words.every((w) => u.name.includes(w)));
}

/**
 * The accounts to create. Handlers need units: without a matching unit the handler accounts are left
 * out (and the caller says so), everything else is created regardless.
 */
export function demoAccounts(units: readonly DemoUnit[]): CreateUserInput[] {
  const out: CreateUserInput[] = [
    account('inspector', '陈监督（监督员）', ['inspector'], { phone: '13800000001' }),
    account('operator', '林受理（受理员）', ['operator'], { phone: '13800000002' }),
    account('shiftlead', '黄值班（值班长）', ['shift_lead'], { phone: '13800000003' }),
    account('dispatcher', '吴派遣（派遣员）', ['dispatcher'], { phone: '13800000004' }),
    account('leader', '郑领导（领导）', ['leader'], { phone: '13800000006' }),
    account('evaluator', '王考评（考评员）', ['evaluator'], { phone: '13800000007' }),
    account('admin', '系统管理员', ['admin']),
    // A small centre where one person is both operator and shift lead (DESIGN.md §3).
    account('centre', '张坐席（受理员兼值班长）', ['operator', 'shift_lead']),
    // District-scoped accounts: they see and act only inside their district.
    account('siming.inspector', '思明区监督员', ['inspector'], { scope: district('350203') }),
    account('siming.dispatcher', '思明区派遣员', ['dispatcher'], { scope: district('350203') }),
    account('huli.inspector', '湖里区监督员', ['inspector'], { scope: district('350206') }),
    account('huli.dispatcher', '湖里区派遣员', ['dispatcher'], { scope: district('350206') }),
    account('huli.leader', '湖里区领导', ['leader'], { scope: district('350206') }),
    // Enforcement (src/enforcement): officers with certificates (the officer register) and a legal reviewer.
    account('enforcer', '蔡执法（执法队员）', ['enforcer'], { phone: '13800000011' }),
    account('enforcer2', '许执法（执法队员）', ['enforcer'], { phone: '13800000012' }),
    account('huli.enforcer', '湖里区执法队员', ['enforcer'], { scope: district('350206') }),
    account('legalreviewer', '庄法审（法制审核员）', ['legal_reviewer'], { phone: '13800000013' }),
  ];
  const siming = unitNamed(units, '思明', '市政园林') ?? unitNamed(units, '市政') ?? units[0];
  if (siming) out.push(account('handler', `${siming.name}处置人员`, ['handler'], { unitId: siming.id, phone: '13800000005' }));
  const huli = unitNamed(units, '湖里', '市政园林');
  if (huli && huli.id !== siming?.id) out.push(account('huli.handler', `${huli.name}处置人员`, ['handler'], { unitId: huli.id }));
  const water = unitNamed(units, '水务');
  if (water) out.push(account('water.handler', `${water.name}处置人员`, ['handler'], { unitId: water.id }));
  return out;
}

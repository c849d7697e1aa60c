/**
 * Accounts as a spreadsheet with Chinese headers, both ways. Pure. Passwords are never exported;
 * on import a new account takes the 初始密码 of its row or, when blank, a generated one that the
 * import reports once.
 */
import { parseActive, parseRows, type ParsedRows, type SheetColumn } from '../core/sheet-table.js';
import {
  ROLES,
  USERNAME_PATTERN,
  isRole,
  normalizeUsername,
  passwordProblems,
  phoneProblems,
  roleInfo,
  type Role,
  type Scope,
  type User,
} from './model.js';

export const USER_COLUMNS: readonly SheetColumn[] = [
  { zh: '用户名', en: 'username', required: true, example: 'zhang.wei' },
  { zh: '姓名', en: 'name', required: true, aliases: ['显示名称'], example: '张伟' },
  { zh: '角色', en: 'roles', required: true, example: '派遣员、领导' },
  { zh: '范围', en: 'scope', example: '全市' },
  { zh: '单位代码', en: 'unit code', aliases: ['所属单位'], example: '' },
  { zh: '手机', en: 'phone', aliases: ['电话', '手机号'], example: '13800000000' },
  { zh: '初始密码', en: 'initial password', example: '' },
  { zh: '状态', en: 'status', example: '在用' },
];

export interface UserRow {
  username: string;
  displayName: string;
  roles: Role[];
  scope: Scope;
  unitCode: string | null;
  phone: string | null;
  /** Only for new accounts; null: generate one. */
  password: string | null;
  active: boolean;
}

export interface UserSheetContext {
  /** The city's own code (全市 scopes). */
  cityCode: string;
  unitCodes: ReadonlySet<string>;
}

const ROLE_BY_WORD = new Map<string, Role>([...ROLES.map((r) => [r.name, r.code] as const), ...ROLES.map((r) => [r.code, r.code] as const), ['shiftlead', 'shift_lead'], ['管理员', 'admin']]);
const CITY_WORDS = new Set(['', '全市', '市级', 'city']);

/** '全市' | '350203' | '350203 思明区' | '350203001 中华街道'. */
export function parseScopeText(text: string, cityCode: string): Scope | undefined {
  if (CITY_WORDS.has(text)) return { level: 'city', code: cityCode };
  const m = /^(\d{9}|\d{6})(?:\s|$)/.exec(text);
  if (!m) return undefined;
  return m[1]!.length === 9 ? { level: 'street', code: m[1]! } : { level: 'district', code: m[1]! };
}

export function rowsToUsers(table: readonly (readonly string[])[], ctx: UserSheetContext): ParsedRows<UserRow> {
  const seen = new Map<string, number>();
  return parseRows(table, USER_COLUMNS, (t) => {
    const username = normalizeUsername(t.cell('用户名'));
    if (!USERNAME_PATTERN.test(username)) t.fail('用户名', `用户名「${username}」无效：3–32 位小写字母、数字或 _ . -`, `invalid username '${username}': 3–32 lowercase letters, digits or _ . -`);
    const prev = seen.get(username);
    if (prev !== undefined) t.fail('用户名', `用户名 ${username} 与第${prev}行重复`, `username ${username} repeats row ${prev}`);
    seen.set(username, t.row);
    const displayName = t.cell('姓名');
    if (displayName.length === 0 || displayName.length > 50) t.fail('姓名', '姓名须为 1–50 个字符', 'the name must be 1–50 characters');
    const roles: Role[] = [];
    for (const word of t.cell('角色').split(/[、,，;；/\s]+/).filter(Boolean)) {
      const r = ROLE_BY_WORD.get(word) ?? ROLE_BY_WORD.get(word.toLowerCase());
      if (!r || !isRole(r)) t.fail('角色', `未知角色「${word}」：应为 ${ROLES.map((x) => x.name).join('、')}`, `unknown role '${word}': use ${ROLES.map((x) => x.code).join(', ')}`);
      else if (!roles.includes(r)) roles.push(r);
    }
    if (roles.length === 0 && t.cell('角色') === '') t.fail('角色', '至少需要一个角色', 'at least one role is required');
    const scope = parseScopeText(t.cell('范围'), ctx.cityCode);
    if (!scope) t.fail('范围', `范围「${t.cell('范围')}」无效：应为 全市、6 位区县代码或 9 位街道代码`, `invalid scope '${t.cell('范围')}': use 全市 (city), a 6-digit district or a 9-digit street code`);
    const unitCode = t.cell('单位代码').toUpperCase() || null;
    if (unitCode && !ctx.unitCodes.has(unitCode)) t.fail('单位代码', `单位「${unitCode}」不存在`, `unknown unit '${unitCode}'`);
    if (!unitCode && roles.some((r) => roleInfo(r).needsUnit)) t.fail('单位代码', '处置人员须填写所属单位代码', 'a handler needs a unit code');
    const phone = t.cell('手机') || null;
    for (const p of phoneProblems(phone)) t.fail('手机', p.message, p.messageEn);
    const password = t.cell('初始密码') || null;
    if (password) for (const p of passwordProblems(password)) t.fail('初始密码', p.message, p.messageEn);
    const active = parseActive(t.cell('状态'));
    if (active === undefined) t.fail('状态', `状态「${t.cell('状态')}」无效：应为 在用 或 停用`, `invalid status '${t.cell('状态')}'`);
    if (!scope || active === undefined) return undefined;
    return { username, displayName, roles, scope, unitCode, phone, password, active };
  });
}

export function usersToRows(users: readonly User[], unitCodeOf: (id: string) => string | undefined): Array<Record<string, string>> {
  return users.map((u) => ({
    用户名: u.username,
    姓名: u.displayName,
    角色: u.roles.map((r) => roleInfo(r).name).join('、'),
    范围: u.scope.level === 'city' ? '全市' : u.scope.code,
    单位代码: u.unitId ? unitCodeOf(u.unitId) ?? '' : '',
    手机: u.phone ?? '',
    初始密码: '',
    状态: u.active ? '在用' : '停用',
  }));
}

/**
 * Importing and exporting accounts as files (用户名、姓名、角色、范围、单位代码 …): every row checked
 * first, any error and nothing is written; otherwise one transaction adds the new accounts and
 * updates the known ones (name, roles, scope, unit, phone, status — never an existing password).
 */
import type { ServiceDeps } from '../core/deps.js';
import { badRequest } from '../core/errors.js';
import { HASHING, noProgress, WRITING, type OnProgress } from '../core/progress.js';
import { CONTENT_TYPE, detectFormat, readTable, writeTable, type SheetFormat } from '../core/sheet-files.js';
import { importRefused, tableOf } from '../core/sheet-table.js';
import { generatedPassword, hashPassword } from './password.js';
import type { AuthRepo } from './repo.js';
import { USER_COLUMNS, rowsToUsers, usersToRows } from './user-sheet.js';

export interface UnitRef {
  id: string;
  code: string;
}

export interface UserImportOptions {
  /** The units accounts may belong to (the catalog's). */
  units: readonly UnitRef[];
  /** The city's code, for 全市 scopes. */
  cityCode: string;
  format?: SheetFormat | undefined;
  filename?: string | undefined;
  contentType?: string | undefined;
  /** Passwords hashed and rows written so far (hashing is the slow part: ≈ 20 ms an account). */
  onProgress?: OnProgress | undefined;
}

export interface UserImportReport {
  format: SheetFormat;
  total: number;
  created: number;
  updated: number;
  /** New accounts whose row gave no password: the generated one, shown this once. */
  generatedPasswords: Array<{ username: string; password: string }>;
}

export interface UserRegister {
  importUsers(file: Buffer, opts: UserImportOptions): Promise<UserImportReport>;
  exportUsers(format: SheetFormat, units: readonly UnitRef[]): Promise<{ body: Buffer; contentType: string; filename: string }>;
}

export function createUserRegister(deps: ServiceDeps, repo: AuthRepo): UserRegister {
  const { db, clock, ids, logger } = deps;
  const k = db.kysely;
  return {
    async importUsers(file, opts) {
      if (file.length === 0) throw badRequest('FILE_EMPTY', '上传的文件是空的', 'The uploaded file is empty');
      const format = opts.format ?? detectFormat(file, { filename: opts.filename, contentType: opts.contentType });
      const unitId = new Map(opts.units.map((u) => [u.code, u.id]));
      const parsed = rowsToUsers(await readTable(file, format), { cityCode: opts.cityCode, unitCodes: new Set(unitId.keys()) });
      const errors = [...parsed.errors];
      if (parsed.items.length === 0 && errors.length === 0) errors.push({ row: 2, message: '第2行：文件中没有账户', messageEn: 'row 2: the file holds no accounts' });
      const existing = new Map((await repo.listUsers(k, { limit: 1_000_000, offset: 0 })).items.map((u) => [u.username, u]));
      // The platform must keep an active administrator.
      const adminAfter = new Map([...existing].map(([n, u]) => [n, u.active && u.roles.includes('admin')]));
      for (const u of parsed.items) adminAfter.set(u.username, u.active && u.roles.includes('admin'));
      const hadAdmin = [...existing.values()].some((u) => u.active && u.roles.includes('admin'));
      if (hadAdmin && ![...adminAfter.values()].some(Boolean)) {
        const row = parsed.rowOf[0] ?? 2;
        errors.push({ row, column: '角色', message: `第${row}行：导入后将没有在用的系统管理员`, messageEn: `row ${row}: no active administrator would remain` });
      }
      if (errors.length) throw importRefused('USERS_IMPORT_INVALID', errors, { zh: '账户', en: 'accounts' });

      const now = clock.now();
      const generatedPasswords: UserImportReport['generatedPasswords'] = [];
      const fresh = parsed.items.filter((u) => !existing.has(u.username));
      const hashes = new Map<string, string>();
      const progress = opts.onProgress ?? noProgress;
      for (const [i, u] of fresh.entries()) {
        progress(i, fresh.length, HASHING);
        const password = u.password ?? generatedPassword();
        if (!u.password) generatedPasswords.push({ username: u.username, password });
        hashes.set(u.username, await hashPassword(password));
      }
      progress(fresh.length, fresh.length, HASHING);
      await k.transaction().execute(async (tx) => {
        for (const [i, u] of parsed.items.entries()) {
          progress(i, parsed.items.length, WRITING);
          const prev = existing.get(u.username);
          const unit = u.unitCode ? unitId.get(u.unitCode)! : null;
          if (prev) {
            await repo.updateUser(tx, prev.id, { display_name: u.displayName, phone: u.phone, unit_id: unit, scope_level: u.scope.level, scope_code: u.scope.code, active: u.active ? 1 : 0, updated_at: now });
            await repo.replaceRoles(tx, prev.id, u.roles);
            if (prev.active && !u.active) await repo.revokeUserSessions(tx, prev.id, now);
            continue;
          }
          await repo.insertUser(
            tx,
            {
              id: ids.next(), username: u.username, display_name: u.displayName, phone: u.phone, active: u.active ? 1 : 0, unit_id: unit,
              scope_level: u.scope.level, scope_code: u.scope.code, password_hash: hashes.get(u.username)!, password_changed_at: now,
              failed_attempts: 0, first_failed_at: null, locked_until: null, created_at: now, updated_at: now,
            },
            u.roles,
          );
        }
      });
      progress(parsed.items.length, parsed.items.length, WRITING);
      logger.info({ total: parsed.items.length, created: fresh.length }, 'accounts imported');
      return { format, total: parsed.items.length, created: fresh.length, updated: parsed.items.length - fresh.length, generatedPasswords };
    },

    async exportUsers(format, units) {
      const codeOf = new Map(units.map((u) => [u.id, u.code]));
      const { items } = await repo.listUsers(k, { limit: 1_000_000, offset: 0 });
      const body = await writeTable(tableOf(USER_COLUMNS, usersToRows(items, (id) => codeOf.get(id))), format, '账户');
      return { body, contentType: CONTENT_TYPE[format], filename: `users.${format}` };
    },
  };
}

/**
 * First-run setup for installations without shell access: while no active administrator exists, the
 * serving process makes a one-time token and prints it on its console; whoever can read that console
 * may create the first administrator with it, once. Afterwards (or in another process) setup is
 * closed. The token lives only in this process's memory, as a digest.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { tokenDigest } from './password.js';
import type { User } from './model.js';
import type { AuthService } from './service.js';

export interface SetupInput {
  token: string;
  username: string;
  displayName?: string | undefined;
  password: string;
}

export interface FirstRunSetup {
  /** A new one-time token when no active administrator exists, else null (setup stays closed). */
  open(): Promise<string | null>;
  /** Whether setup would accept a token now. */
  isOpen(): Promise<boolean>;
  /** Creates the first administrator (city scope) and closes setup for good. */
  complete(input: SetupInput, cityCode: () => Promise<string>): Promise<User>;
}

const closed = () =>
  new AppError({ code: 'SETUP_CLOSED', kind: 'not_found', message: '初始化已完成：系统已有管理员，请直接登录', messageEn: 'Setup is closed: an administrator exists; log in instead' });

export interface SetupOptions {
  /**
   * The token another process made (`serve --workers`: the primary makes one and hands it to every
   * worker, so /setup accepts it whichever worker answers); null: setup stays closed here.
   */
  token?: string | null;
}

export function createFirstRunSetup(auth: AuthService, opts: SetupOptions = {}): FirstRunSetup {
  let digest: Buffer | null = null;
  const isOpen = async () => digest !== null && !(await auth.hasActiveAdmin());
  return {
    async open() {
      if (await auth.hasActiveAdmin() || opts.token === null) {
        digest = null;
        return null;
      }
      const token = opts.token ?? randomBytes(18).toString('base64url');
      digest = Buffer.from(tokenDigest(token), 'hex');
      return token;
    },
    isOpen,
    async complete(input, cityCode) {
      if (!(await isOpen())) throw closed();
      const given = Buffer.from(tokenDigest(String(input.token ?? '').trim()), 'hex');
      if (!digest || !timingSafeEqual(given, digest)) {
        throw new AppError({ code: 'SETUP_TOKEN_INVALID', kind: 'forbidden', message: '初始化口令不正确：请查看服务器控制台输出的口令', messageEn: 'Wrong setup token: use the one the server printed on its console' });
      }
      const user = await auth.createUser({
        username: input.username,
        displayName: input.displayName?.trim() || input.username,
        password: input.password,
        roles: ['admin'],
        scope: { level: 'city', code: await cityCode() },
      });
      digest = null;
      return user;
    },
  };
}

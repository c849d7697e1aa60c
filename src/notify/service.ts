/**
 * In-app notifications and the SMS seam. A notification is a case event addressed to the people
 * who must act (its audience is stored beside the event), so there is nothing extra to write on
 * the hot path. Connected users get them pushed (SSE) by the process that wrote them; the list is
 * read from the log, so it is right with several processes too.
 */
import type { ServiceDeps } from '../core/deps.js';
import type { Logger } from '../core/logger.js';
import type { Actor } from '../auth/model.js';
import { EVENT_NAMES, type CaseEventType } from '../cases/model.js';
import { eventsForAudience } from '../cases/repo.js';
import { lanesFor, reaches, type AudienceTag, type Notification } from './model.js';

/** An SMS gateway. The demo logs; a city plugs its gateway in behind this. */
export interface SmsNotifier {
  send(msg: { audience: AudienceTag; text: string; caseId: string }): Promise<void>;
}

export class LoggingSmsNotifier implements SmsNotifier {
  readonly sent: Array<{ audience: AudienceTag; text: string; caseId: string }> = [];
  constructor(private readonly logger: Logger) {}
  async send(msg: { audience: AudienceTag; text: string; caseId: string }): Promise<void> {
    this.sent.push(msg);
    if (this.sent.length > 1000) this.sent.shift();
    this.logger.info({ sms: msg }, 'SMS (logged, not sent)');
  }
}

export interface PublishedEvent extends AudienceTag {
  caseId: string;
  caseCode: string;
  categoryName: string;
  seq: number;
  type: CaseEventType;
  at: number;
}

type Listener = (n: Notification) => void;
type User = Actor & { id: string };

export interface Notifier {
  close(): void;
  /** Called after a case write commits: pushes to connected users, texts for overdue and 督办. */
  publish(events: readonly PublishedEvent[]): void;
  /** Whether publishing an event of this type would reach anyone now (a connected user, or a text). Writers skip building what nobody hears. */
  wants(type: CaseEventType): boolean;
  subscribe(user: User, listener: Listener): () => void;
  list(user: User, opts?: { limit?: number; unreadOnly?: boolean }): Promise<{ items: Notification[]; unread: number }>;
  /** Marks everything up to `until` (default now) as read. */
  markRead(user: User, until?: number): Promise<void>;
  sms: SmsNotifier;
}

/** Event types worth a text message (the rest stay in-app). */
const SMS_TYPES: ReadonlySet<string> = new Set(['deadline_overdue', 'supervised']);

export function titleOf(type: string, code: string, categoryName: string): string {
  return `${EVENT_NAMES[type as CaseEventType] ?? type}：${code} ${categoryName}`;
}

export function createNotifier(deps: ServiceDeps, opts: { sms?: SmsNotifier } = {}): Notifier {
  const subscribers = new Set<{ user: User; listener: Listener }>();
  const sms = opts.sms ?? new LoggingSmsNotifier(deps.logger);
  const db = () => deps.db.kysely;

  async function cursor(userId: string): Promise<number> {
    const r = await db().selectFrom('notification_cursors').select('read_until').where('user_id', '=', userId).executeTakeFirst();
    return r ? Number(r.read_until) : 0;
  }

  return {
    sms,
    close() {
      subscribers.clear();
    },
    wants: (type) => subscribers.size > 0 || SMS_TYPES.has(type),
    publish(events) {
      for (const e of events) {
        if (!e.role && !e.userId) continue;
        const n: Notification = { caseId: e.caseId, caseCode: e.caseCode, seq: e.seq, type: e.type, title: titleOf(e.type, e.caseCode, e.categoryName), categoryName: e.categoryName, at: e.at, read: false };
        for (const s of subscribers) {
          if (!reaches(s.user, e)) continue;
          try {
            s.listener(n);
          } catch (err) {
            deps.logger.warn({ err }, 'notification listener failed');
          }
        }
        if (SMS_TYPES.has(e.type)) sms.send({ audience: e, text: `【城市运管服】${n.title}`, caseId: e.caseId }).catch((err) => deps.logger.warn({ err }, 'SMS failed'));
      }
    },
    subscribe(user, listener) {
      const entry = { user, listener };
      subscribers.add(entry);
      return () => subscribers.delete(entry);
    },
    async list(user, o = {}) {
      const limit = Math.min(Math.max(o.limit ?? 50, 1), 200);
      const readUntil = await cursor(user.id);
      const rows = await eventsForAudience(db(), { userId: user.id, lanes: lanesFor(user), limit: 200 });
      const all = rows.map((r) => ({
        caseId: r.case_id, caseCode: r.code, seq: Number(r.seq), type: r.type, title: titleOf(r.type, r.code, r.category_name),
        categoryName: r.category_name, at: Number(r.at), read: Number(r.at) <= readUntil,
      }));
      const unread = all.filter((n) => !n.read).length;
      return { items: (o.unreadOnly ? all.filter((n) => !n.read) : all).slice(0, limit), unread };
    },
    async markRead(user, until) {
      const t = until ?? deps.clock.now();
      await db().insertInto('notification_cursors').values({ user_id: user.id, read_until: t })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ read_until: t })).execute();
    },
  };
}

/**
 * In-app notifications and the SMS seam. A notification is a case event addressed to the people
 * who must act (its audience is stored beside the event), so there is nothing extra to write on
 * the hot path: the list is read through the case service, and the live push and the texts are
 * subscribers of the domain event bus (src/bus) — with NATS, a user connected to any process hears
 * a change made in any other, and each text is sent once.
 */
import type { ServiceDeps } from '../core/deps.js';
import type { Logger } from '../core/logger.js';
import type { Actor } from '../auth/model.js';
import { lanesFor, reaches, type AudienceTag, type Lane } from '../auth/lanes.js';
import type { Subscription } from '../bus/bus.js';
import { CASE_EVENTS, type CaseDomainEvent, type CaseNotice } from '../cases/events.js';
import { titleOf, type Notification } from './model.js';
import * as repo from './repo.js';

/** An SMS gateway. The demo logs; a city plugs its gateway in behind this. */
export interface SmsNotifier {
  send(msg: { audience: AudienceTag; text: string; caseId: string }): Promise<void>;
  /** A text to a phone number that is nobody's account (a citizen's verification code). */
  sendToPhone(msg: { phone: string; text: string }): Promise<void>;
}

/**
 * The demo's gateway: keeps the last 1 000 texts and logs them instead of sending. Each text is a
 * debug line; at info level a burst (the first deadline sweep over weeks of demo history raises
 * hundreds of red lights) is one line a minute saying how many, not one line per text.
 */
export class LoggingSmsNotifier implements SmsNotifier {
  readonly sent: Array<{ audience: AudienceTag; text: string; caseId: string }> = [];
  private unreported = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly logger: Logger, private readonly summaryEveryMs = 60_000) {}
  async send(msg: { audience: AudienceTag; text: string; caseId: string }): Promise<void> {
    this.sent.push(msg);
    if (this.sent.length > 1000) this.sent.shift();
    this.logger.debug({ sms: msg }, 'SMS (logged, not sent)');
    this.unreported += 1;
    if (this.unreported === 1 && !this.timer) {
      this.logger.info({ text: msg.text }, 'SMS logged, not sent (the demo has no gateway; LOG_LEVEL=debug shows each one)');
      this.unreported = 0;
      this.timer = setTimeout(() => this.summarise(), this.summaryEveryMs);
      this.timer.unref();
    }
  }
  private summarise(): void {
    this.timer = null;
    if (this.unreported === 0) return;
    this.logger.info({ count: this.unreported }, `${this.unreported} more SMS logged, not sent`);
    this.unreported = 0;
    this.timer = setTimeout(() => this.summarise(), this.summaryEveryMs);
    this.timer.unref();
  }
  /** The demo has no gateway: the text (a citizen's code) goes to the log, so whoever runs the demo can read it. */
  readonly sentToPhones: Array<{ phone: string; text: string }> = [];
  async sendToPhone(msg: { phone: string; text: string }): Promise<void> {
    this.sentToPhones.push(msg);
    if (this.sentToPhones.length > 1000) this.sentToPhones.shift();
    this.logger.info({ phone: msg.phone, text: msg.text }, 'SMS to a phone (logged, not sent)');
  }
  /** Says how many were not reported yet (on shutdown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.unreported) this.logger.info({ count: this.unreported }, `${this.unreported} more SMS logged, not sent`);
    this.unreported = 0;
  }
}

/** What the notifier reads: the latest events addressed to a user or the user's lanes (the case service). */
export type Inbox = (userId: string, lanes: Lane[], limit: number) => Promise<Array<Omit<Notification, 'read' | 'title' | 'instructionId'> & { label: string }>>;

type Listener = (n: Notification) => void;
type User = Actor & { id: string };
/** Another source of notices (instructions): the latest addressed to this user. */
export type MoreInbox = (user: User, limit: number) => Promise<Array<Omit<Notification, 'read'>>>;

export interface Notifier {
  close(): void;
  /** A connected user's live feed (server-sent events); returns the unsubscriber. */
  subscribe(user: User, listener: Listener): () => void;
  list(user: User, opts?: { limit?: number; unreadOnly?: boolean }): Promise<{ items: Notification[]; unread: number }>;
  /** Marks everything up to `until` (default now) as read. */
  markRead(user: User, until?: number): Promise<void>;
  /** The bus subscribers: the live feed (every process) and the texts (once per event). */
  subscriptions(): Subscription[];
  /** The live feed for other sources' notices: anyone connected here? push to those `to` accepts. */
  live: { active(): boolean; push(to: (user: User) => boolean, n: Omit<Notification, 'read'>): void };
  sms: SmsNotifier;
}

/** Event types worth a text message (the rest stay in-app). */
export const SMS_EVENTS = ['case.deadline_overdue', 'case.supervised'];

const toNotification = (n: CaseNotice): Notification => ({
  caseId: n.caseId, caseCode: n.caseCode, instructionId: null, seq: n.seq, type: n.type, title: titleOf(n.label, n.caseCode, n.categoryName),
  categoryName: n.categoryName, at: n.at, read: false,
});

export function createNotifier(deps: ServiceDeps & { inbox: Inbox; more?: MoreInbox }, opts: { sms?: SmsNotifier } = {}): Notifier {
  const listeners = new Set<{ user: User; listener: Listener }>();
  const sms = opts.sms ?? new LoggingSmsNotifier(deps.logger);
  const db = () => deps.db.kysely;
  const addressed = (a: AudienceTag) => Boolean(a.role || a.userId);

  function push(e: CaseDomainEvent): void {
    const a = e.data.audience;
    if (listeners.size === 0 || !addressed(a)) return;
    const n = toNotification(e.data);
    for (const s of listeners) {
      if (!reaches(s.user, a)) continue;
      try {
        s.listener(n);
      } catch (err) {
        deps.logger.warn({ err }, 'notification listener failed');
      }
    }
  }

  async function text(e: CaseDomainEvent): Promise<void> {
    if (!addressed(e.data.audience)) return;
    await sms.send({ audience: e.data.audience, text: `【城市运管服】${toNotification(e.data).title}`, caseId: e.data.caseId });
  }

  const live = {
    active: () => listeners.size > 0,
    push(to: (user: User) => boolean, n: Omit<Notification, 'read'>) {
      for (const s of listeners) {
        if (!to(s.user)) continue;
        try {
          s.listener({ ...n, read: false });
        } catch (err) {
          deps.logger.warn({ err }, 'notification listener failed');
        }
      }
    },
  };

  return {
    sms,
    live,
    close() {
      listeners.clear();
      if (sms instanceof LoggingSmsNotifier) sms.close();
    },
    subscriptions: () => [
      { names: [CASE_EVENTS], group: 'live', fanout: true, handle: (e) => push(e as CaseDomainEvent) },
      { names: SMS_EVENTS, group: 'sms', handle: (e) => text(e as CaseDomainEvent) },
    ],
    subscribe(user, listener) {
      const entry = { user, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    async list(user, o = {}) {
      const limit = Math.min(Math.max(o.limit ?? 50, 1), 200);
      const [until, rows, more] = await Promise.all([repo.readUntil(db(), user.id), deps.inbox(user.id, lanesFor(user), 200), deps.more ? deps.more(user, 200) : []]);
      const cases: Notification[] = rows.map((r) => ({
        caseId: r.caseId, caseCode: r.caseCode, instructionId: null, seq: r.seq, type: r.type, title: titleOf(r.label, r.caseCode, r.categoryName),
        categoryName: r.categoryName, at: r.at, read: r.at <= until,
      }));
      const all = more.length === 0 ? cases : [...cases, ...more.map((n) => ({ ...n, read: n.at <= until }))].sort((a, b) => b.at - a.at || b.seq - a.seq);
      const unread = all.filter((n) => !n.read).length;
      return { items: (o.unreadOnly ? all.filter((n) => !n.read) : all).slice(0, limit), unread };
    },
    async markRead(user, until) {
      await repo.markReadUntil(db(), user.id, until ?? deps.clock.now());
    },
  };
}

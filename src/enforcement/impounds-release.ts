/**
 * Release on payment (行政强制法 art. 28): when a penalty case's fine is paid in full, nothing is left
 * to hold its impounds for, so each one held for that case and releasable on payment becomes "ready
 * for release" — an event on the impound (`ready_for_release`), first in the yard's list, and a text
 * to the party saying where to collect, what to bring and that collecting costs nothing (art. 26).
 * The release decision (解除决定书) and the hand-over with the recipient's signature stay an officer's
 * acts (`release`, `return`). Driven by the payment events on the bus (`penalty.paid` settled,
 * `penalty.summary_decided` paid on the spot), once per impound whoever hears it first; the enforcement
 * sweeper's `backstop` marks what a lost event (a crash between commit and delivery) left unmarked.
 */
import type { Kysely } from 'kysely';
import type { Subscription } from '../bus/bus.js';
import { AppError } from '../core/errors.js';
import type { ServiceDeps } from '../core/deps.js';
import type { SmsNotifier } from '../notify/service.js';
import type { Database } from '../store/schema.js';
import type { RecordStore } from '../workflow/store.js';
import { readyOnPayment, readyText, type CaseFacts, type Impound, type ReadyForRelease } from './impounds-model.js';
import * as repo from './impounds-repo.js';
import { IMPOUND_STREAM, type ImpoundEvent } from './impounds-stream.js';
import type { PenaltyCase } from './model.js';
import { PENALTY_STREAM } from './stream.js';
import { maskPhone, PHONE_PATTERN } from './party-notice-model.js';

export interface ReleaseOnPaymentDeps extends ServiceDeps {
  store: RecordStore<Impound, ImpoundEvent>;
  loadPenaltyCase(id: string): Promise<PenaltyCase | undefined>;
  caseFacts(p: PenaltyCase): CaseFacts;
  sms?: SmsNotifier;
}

export function createReleaseOnPayment(deps: ReleaseOnPaymentDeps) {
  const k = deps.db.kysely as unknown as Kysely<Database>;
  const { store, clock, logger } = deps;

  /** Marks every impound of the case that payment releases; returns those it marked now (none twice). */
  async function onPaid(penaltyCaseId: string): Promise<Impound[]> {
    const p = await deps.loadPenaltyCase(penaltyCaseId);
    if (!p) return [];
    const facts = deps.caseFacts(p);
    if (!facts.paid) return [];
    const marked: Impound[] = [];
    const { rows } = await repo.listImpoundRows(k, { penaltyCaseId, states: ['held'], limit: 500, offset: 0 });
    for (const row of rows) {
      const i = IMPOUND_STREAM.rowToRecord(row);
      if (!readyOnPayment(i, facts)) continue;
      const now = clock.now();
      const phone = i.party?.phone?.replace(/[\s-]/g, '') ?? '';
      const text = readyText(i, p.code);
      const ready: ReadyForRelease = {
        at: now, ground: 'payment', penaltyCaseId, penaltyCaseCode: p.code, paidFen: p.payment?.paidFen ?? 0,
        partyNotice: PHONE_PATTERN.test(phone) ? { via: 'sms', phone: maskPhone(phone), text } : null,
      };
      try {
        const next = await store.update(i.id, i.version, (cur) => {
          if (!readyOnPayment(cur, facts)) throw IMPOUND_STREAM.errors.conflict(i.id, i.version, cur.version);
          return {
            next: { ...cur, readyForRelease: ready, updatedAt: now },
            drafts: [{ type: 'ready_for_release', data: { ...ready }, actorId: 'system', role: 'system', at: now }],
          };
        });
        marked.push(next);
      } catch (err) {
        // Another process (or an officer's release) got there first.
        if (err instanceof AppError && err.code === 'IMPOUND_VERSION_CONFLICT') continue;
        throw err;
      }
      if (ready.partyNotice && deps.sms) {
        await deps.sms.sendToPhone({ phone, text }).catch((err: unknown) => logger.warn({ err, impound: i.code }, 'ready-for-release text not sent'));
      }
    }
    return marked;
  }

  /**
   * The sweeper's backstop: every decided case that still has impounds waiting for its payment is read
   * (in pages of 500), and those paid in full get `onPaid` — the same event and text, once, whoever is first.
   */
  async function backstop(): Promise<number> {
    let marked = 0;
    for (let after = '', page = 500; ;) {
      const rows = await repo.casesAwaitingPayment(k, after, page);
      for (const row of rows) {
        const p = PENALTY_STREAM.rowToRecord(row);
        if (deps.caseFacts(p).paid) marked += (await onPaid(p.id)).length;
      }
      if (rows.length < page) return marked;
      after = rows[rows.length - 1]!.id as string;
    }
  }

  const subscription: Subscription = {
    names: ['penalty.paid', 'penalty.summary_decided'], group: 'impound-release-on-payment',
    handle: async (e) => {
      const d = e.data as { id?: string; settled?: boolean; paidOnSpot?: boolean };
      if (!d.id || (e.name === 'penalty.paid' && !d.settled) || (e.name === 'penalty.summary_decided' && !d.paidOnSpot)) return;
      await onPaid(d.id);
    },
  };

  return { onPaid, backstop, subscription };
}

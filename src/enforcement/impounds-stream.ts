/**
 * How an impound and its events map onto the kit's store: the columns the yard's inventory, the lists
 * and the sweeper read are columns of their own; the rest is one JSON `detail`. Events are
 * hash-chained under `impoundId`. Pure.
 */
import { fromJson, streamErrors, type EventDraft, type StoredEvent, type StreamSpec } from '../workflow/stream.js';
import { releasableOnPaymentByDefault, type Impound, type ImpoundState } from './impounds-model.js';

export interface ImpoundEvent extends StoredEvent {
  impoundId: string;
}

type Detail = Omit<Impound, 'id' | 'version' | 'lastHash' | 'code' | 'state' | 'kind' | 'measure' | 'penaltyCaseId' | 'heldAt' | 'holdUntil' | 'createdAt' | 'updatedAt'>;

function detailOf(i: Impound): Detail {
  const { id: _id, version: _v, lastHash: _h, code: _c, state: _s, kind: _k, measure: _m, penaltyCaseId: _p, heldAt: _ha, holdUntil: _hu, createdAt: _cr, updatedAt: _u, ...rest } = i;
  return rest;
}

/** When the sweeper owes this impound an event: the end of its holding period, or of its claim period. */
export function attentionAt(i: Impound): number | null {
  if (i.state === 'held' && i.holdExpiredAt === null) return i.holdUntil;
  if (i.state === 'releasing' && i.release && i.claimLapsedAt === null) return i.release.claimUntil;
  return null;
}

/** Impounds taken in before release on payment existed carry neither member. */
function withDefaults(d: Detail, kind: Impound['kind']): Detail {
  return { ...d, releasableOnPayment: d.releasableOnPayment ?? releasableOnPaymentByDefault(kind), readyForRelease: d.readyForRelease ?? null };
}

const EVENT_COLUMNS = ['impound_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'prev_hash', 'hash'];

export const IMPOUND_STREAM: StreamSpec<Impound, ImpoundEvent> = {
  name: 'impound',
  table: 'impounds',
  columns: [
    ['version', (i) => i.version], ['last_hash', (i) => i.lastHash], ['code', (i) => i.code], ['state', (i) => i.state], ['kind', (i) => i.kind],
    ['measure', (i) => i.measure], ['penalty_case_id', (i) => i.penaltyCaseId], ['district_code', (i) => i.place.districtCode], ['street_code', (i) => i.place.streetCode],
    ['yard', (i) => i.storage.yard], ['party_name', (i) => i.party?.name ?? null], ['held_at', (i) => i.heldAt], ['hold_until', (i) => i.holdUntil],
    ['claim_until', (i) => i.release?.claimUntil ?? null], ['attention_at', attentionAt],
    ['ready_at', (i) => (i.state === 'held' ? i.readyForRelease?.at ?? null : null)], ['releasable_on_payment', (i) => (i.releasableOnPayment ? 1 : 0)], ['detail', detailOf, 'json'],
    ['created_at', (i) => i.createdAt], ['updated_at', (i) => i.updatedAt],
  ],
  rowToRecord: (r) => ({
    ...withDefaults(fromJson<Detail>(r.detail), r.kind as Impound['kind']),
    id: r.id as string, version: Number(r.version), lastHash: r.last_hash as string, code: r.code as string, state: r.state as ImpoundState,
    kind: r.kind as Impound['kind'], measure: r.measure as Impound['measure'], penaltyCaseId: (r.penalty_case_id as string | null) ?? null,
    heldAt: Number(r.held_at), holdUntil: Number(r.hold_until), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  }),
  stamp: (i, version, lastHash) => ({ ...i, version, lastHash }),
  events: {
    table: 'impound_events', streamColumn: 'impound_id', streamKey: 'impoundId', columns: EVENT_COLUMNS, jsonColumns: ['data'],
    values: ({ event: e, dataJson }) => [e.impoundId, e.seq, e.type, dataJson, e.actorId, e.role, e.at, e.prevHash, e.hash],
    fromRow: (r) => ({
      impoundId: r.impound_id as string, seq: Number(r.seq), type: r.type as string, data: fromJson(r.data), actorId: r.actor_id as string,
      role: r.role as string, at: Number(r.at), lon: null, lat: null, attachments: [], prevHash: r.prev_hash as string, hash: r.hash as string,
    }),
    make: (impoundId: string, seq: number, d: EventDraft, prevHash: string): ImpoundEvent => ({
      impoundId, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at, lon: null, lat: null, attachments: d.attachments ?? [], prevHash, hash: '',
    }),
  },
  serials: { table: 'impound_serials', keys: ['year'], uniqueColumn: 'code' },
  errors: streamErrors('impound', '查封扣押记录'),
};

/**
 * How a penalty case and its events map onto the kit's store (src/workflow/stream.ts): the columns
 * lists, figures and the sweeper read are columns of their own; the rest of the record is one JSON
 * `detail`. Events are hash-chained under `penaltyCaseId`. Pure.
 */
import { fromJson, streamErrors, type EventDraft, type StoredEvent, type StreamSpec } from '../workflow/stream.js';
import type { PenaltyCase, PenaltyState } from './model.js';

export interface PenaltyEvent extends StoredEvent {
  penaltyCaseId: string;
}

/** The members kept in `detail` (everything but the columns). */
type Detail = Omit<PenaltyCase, 'id' | 'version' | 'lastHash' | 'code' | 'state' | 'procedure' | 'source' | 'sourceRef' | 'cityCaseId' | 'clock' | 'filedAt' | 'decidedAt' | 'closedAt' | 'createdAt' | 'updatedAt'>;

function detailOf(p: PenaltyCase): Detail {
  const {
    id: _id, version: _v, lastHash: _h, code: _c, state: _s, procedure: _p, source: _src, sourceRef: _r, cityCaseId: _cc, clock: _clk,
    filedAt: _f, decidedAt: _d, closedAt: _cl, createdAt: _cr, updatedAt: _u, ...rest
  } = p;
  return rest;
}

/** The fine the figures count: decided, else proposed. */
export const fineOf = (p: PenaltyCase): number => p.decision?.fineFen ?? p.proposal?.fineFen ?? 0;

const EVENT_COLUMNS = ['case_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'prev_hash', 'hash'];

export const PENALTY_STREAM: StreamSpec<PenaltyCase, PenaltyEvent> = {
  name: 'penalty',
  table: 'penalty_cases',
  columns: [
    ['version', (p) => p.version], ['last_hash', (p) => p.lastHash], ['code', (p) => p.code], ['state', (p) => p.state],
    ['procedure', (p) => p.procedure], ['source', (p) => p.source], ['source_ref', (p) => p.sourceRef], ['city_case_id', (p) => p.cityCaseId],
    ['district_code', (p) => p.place.districtCode], ['street_code', (p) => p.place.streetCode], ['violation_code', (p) => p.violationCode],
    ['party_name', (p) => p.party?.name ?? null], ['fine_fen', fineOf], ['waived_fen', (p) => p.proposal?.waivedFen ?? 0],
    ['squad', (p) => p.squad], ['clock', (p) => p.clock, 'json'], ['warn_at', (p) => p.clock.warnAt], ['due_at', (p) => p.clock.dueAt],
    ['light', (p) => p.clock.light], ['detail', detailOf, 'json'], ['disclosure_state', (p) => p.disclosure?.state ?? null],
    ['disclosure_due_at', (p) => p.disclosure?.dueAt ?? null], ['published_at', (p) => p.disclosure?.publishedAt ?? null], ['filed_at', (p) => p.filedAt], ['decided_at', (p) => p.decidedAt],
    ['closed_at', (p) => p.closedAt], ['created_at', (p) => p.createdAt], ['updated_at', (p) => p.updatedAt],
  ],
  rowToRecord: (r) => ({
    ...fromJson<Detail>(r.detail),
    id: r.id as string, version: Number(r.version), lastHash: r.last_hash as string, code: r.code as string, state: r.state as PenaltyState,
    procedure: r.procedure as PenaltyCase['procedure'], source: r.source as PenaltyCase['source'], sourceRef: (r.source_ref as string | null) ?? null,
    cityCaseId: (r.city_case_id as string | null) ?? null, clock: fromJson(r.clock), filedAt: num(r.filed_at), decidedAt: num(r.decided_at),
    closedAt: num(r.closed_at), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  }),
  stamp: (p, version, lastHash) => ({ ...p, version, lastHash }),
  events: {
    table: 'penalty_case_events', streamColumn: 'case_id', streamKey: 'penaltyCaseId', columns: EVENT_COLUMNS, jsonColumns: ['data'],
    values: ({ event: e, dataJson }) => [e.penaltyCaseId, e.seq, e.type, dataJson, e.actorId, e.role, e.at, e.prevHash, e.hash],
    fromRow: (r) => ({
      penaltyCaseId: r.case_id as string, seq: Number(r.seq), type: r.type as string, data: fromJson(r.data), actorId: r.actor_id as string,
      role: r.role as string, at: Number(r.at), lon: null, lat: null, attachments: [], prevHash: r.prev_hash as string, hash: r.hash as string,
    }),
    make: (penaltyCaseId: string, seq: number, d: EventDraft, prevHash: string): PenaltyEvent => ({
      penaltyCaseId, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at, lon: null, lat: null, attachments: [], prevHash, hash: '',
    }),
  },
  serials: { table: 'penalty_case_serials', keys: ['year'], uniqueColumn: 'code' },
  clock: { warnAt: 'warn_at', dueAt: 'due_at', light: 'light' },
  lookups: { source: ['source', 'source_ref'] },
  errors: streamErrors('penalty_case', '处罚案件'),
};

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/**
 * Review items as a stream of the workflow kit: the projection `video_items` and the hash-chained
 * log `video_item_events` (detected, evidence_added, released, self_corrected, accepted, rejected,
 * case_closed). Pure.
 */
import { fromJson, streamErrors, type EventDraft, type StoredEvent, type StreamSpec } from '../workflow/stream.js';
import type { Box, ItemState, RejectReason, ReviewItem } from './model.js';

export interface ItemEvent extends StoredEvent {
  itemId: string;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const ITEM_EVENT_TYPES = ['detected', 'evidence_added', 'released', 'self_corrected', 'accepted', 'rejected', 'case_closed'] as const;
export type ItemEventType = (typeof ITEM_EVENT_TYPES)[number];
export const ITEM_EVENT_NAMES: Record<ItemEventType, string> = {
  detected: '识别成立', evidence_added: '追加证据', released: '观察期满转审核', self_corrected: '自行纠正', accepted: '审核通过立案',
  rejected: '审核驳回', case_closed: '案卷办结',
};

const EVENT_COLUMNS = ['item_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'attachments', 'prev_hash', 'hash'];

export const ITEM_STREAM: StreamSpec<ReviewItem, ItemEvent> = {
  name: 'video_item',
  table: 'video_items',
  columns: [
    ['version', (r) => r.version], ['last_hash', (r) => r.lastHash], ['state', (r) => r.state], ['camera_code', (r) => r.cameraCode],
    ['algorithm_code', (r) => r.algorithmCode], ['category_code', (r) => r.categoryCode], ['district_code', (r) => r.districtCode],
    ['street_code', (r) => r.streetCode], ['lon', (r) => r.lon], ['lat', (r) => r.lat], ['first_at', (r) => r.firstAt], ['last_at', (r) => r.lastAt],
    ['sightings', (r) => r.sightings], ['best_confidence', (r) => r.bestConfidence], ['box', (r) => r.box, 'json'], ['snapshot', (r) => r.snapshot],
    ['snapshots', (r) => r.snapshots, 'json'], ['cameras', (r) => r.cameras, 'json'], ['plate', (r) => r.plate], ['watch_until', (r) => r.watchUntil],
    ['case_id', (r) => r.caseId], ['verdict', (r) => r.verdict], ['verdict_note', (r) => r.verdictNote], ['verdict_at', (r) => r.verdictAt],
    ['reviewer_id', (r) => r.reviewerId], ['auto', (r) => (r.auto ? 1 : 0)], ['created_at', (r) => r.createdAt], ['updated_at', (r) => r.updatedAt],
  ],
  rowToRecord: (r) => ({
    id: r.id as string, version: num(r.version), lastHash: r.last_hash as string, state: r.state as ItemState, cameraCode: r.camera_code as string,
    algorithmCode: r.algorithm_code as string, categoryCode: r.category_code as string, districtCode: r.district_code as string,
    streetCode: r.street_code as string, lon: num(r.lon), lat: num(r.lat), firstAt: num(r.first_at), lastAt: num(r.last_at), sightings: num(r.sightings),
    bestConfidence: num(r.best_confidence), box: fromJson<Box>(r.box), snapshot: (r.snapshot as string | null) ?? null,
    snapshots: fromJson<string[]>(r.snapshots), cameras: fromJson<string[]>(r.cameras), plate: (r.plate as string | null) ?? null,
    watchUntil: numOrNull(r.watch_until), caseId: (r.case_id as string | null) ?? null, verdict: (r.verdict as 'accepted' | RejectReason | null) ?? null,
    verdictNote: (r.verdict_note as string | null) ?? null, verdictAt: numOrNull(r.verdict_at), reviewerId: (r.reviewer_id as string | null) ?? null,
    auto: num(r.auto) === 1, createdAt: num(r.created_at), updatedAt: num(r.updated_at),
  }),
  stamp: (r, version, lastHash) => ({ ...r, version, lastHash }),
  events: {
    table: 'video_item_events', streamColumn: 'item_id', streamKey: 'itemId', columns: EVENT_COLUMNS, jsonColumns: ['data', 'attachments'],
    values: ({ event: e, dataJson }) => [e.itemId, e.seq, e.type, dataJson, e.actorId, e.role, e.at, JSON.stringify(e.attachments), e.prevHash, e.hash],
    fromRow: (r) => ({
      itemId: r.item_id as string, seq: num(r.seq), type: r.type as string, data: fromJson(r.data), actorId: r.actor_id as string, role: r.role as string,
      at: num(r.at), lon: null, lat: null, attachments: fromJson<string[]>(r.attachments), prevHash: r.prev_hash as string, hash: r.hash as string,
    }),
    make: (itemId: string, seq: number, d: EventDraft, prevHash: string): ItemEvent => ({
      itemId, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at, lon: null, lat: null, attachments: d.attachments ?? [], prevHash, hash: '',
    }),
  },
  errors: streamErrors('video_item', '识别事件'),
};

/** How a work order and its events map onto the kit's store (src/workflow/stream.ts). */
import { fromJson, streamErrors, type EventDraft, type StoredEvent, type StreamSpec } from '../workflow/stream.js';
import type { HotlineOrder, OrderState } from './model.js';

export interface OrderEvent extends StoredEvent {
  orderId: string;
}

const KEYED = ['id', 'version', 'lastHash', 'state', 'orderNo', 'caseId', 'districtCode', 'streetCode', 'receivedAt', 'updatedAt'] as const;

/** The members kept in `doc`: everything but the keyed columns. */
function docOf(o: HotlineOrder): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...o };
  for (const k of KEYED) delete doc[k];
  return doc;
}

const EVENT_COLUMNS = ['order_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'prev_hash', 'hash'];

export const ORDER_STREAM: StreamSpec<HotlineOrder, OrderEvent> = {
  name: 'hotline',
  table: 'hotline_orders',
  columns: [
    ['version', (o) => o.version], ['last_hash', (o) => o.lastHash], ['state', (o) => o.state], ['order_no', (o) => o.orderNo],
    ['case_id', (o) => o.caseId], ['district_code', (o) => o.districtCode], ['street_code', (o) => o.streetCode], ['received_at', (o) => o.receivedAt], ['updated_at', (o) => o.updatedAt], ['doc', docOf, 'json'],
  ],
  rowToRecord: (r) => ({
    ...(fromJson(r.doc) as Omit<HotlineOrder, (typeof KEYED)[number]>),
    id: r.id as string, version: Number(r.version), lastHash: r.last_hash as string, state: r.state as OrderState,
    orderNo: r.order_no as string, caseId: (r.case_id as string | null) ?? null,
    districtCode: (r.district_code as string | null) ?? null, streetCode: (r.street_code as string | null) ?? null, receivedAt: Number(r.received_at), updatedAt: Number(r.updated_at),
  }),
  stamp: (o, version, lastHash) => ({ ...o, version, lastHash }),
  events: {
    table: 'hotline_order_events', streamColumn: 'order_id', streamKey: 'orderId', columns: EVENT_COLUMNS, jsonColumns: ['data'],
    values: ({ event: e, dataJson }) => [e.orderId, e.seq, e.type, dataJson, e.actorId, e.role, e.at, e.prevHash, e.hash],
    fromRow: (r) => ({
      orderId: r.order_id as string, seq: Number(r.seq), type: r.type as string, data: fromJson(r.data), actorId: r.actor_id as string,
      role: r.role as string, at: Number(r.at), lon: null, lat: null, attachments: [], prevHash: r.prev_hash as string, hash: r.hash as string,
    }),
    make: (orderId: string, seq: number, d: EventDraft, prevHash: string): OrderEvent => ({
      orderId, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at, lon: null, lat: null, attachments: [], prevHash, hash: '',
    }),
  },
  lookups: { orderNo: ['order_no'], caseId: ['case_id'] },
  errors: streamErrors('hotline_order', '热线工单'),
};

/**
 * The hash chain of a stream's event log (留痕可回溯), for every workflow of the kit. Each event's
 * hash is SHA-256 over a canonical JSON of the event, including the previous event's hash and the
 * stream's id, so a change anywhere breaks every later link. Pure apart from node:crypto.
 */
import { hash as digest } from 'node:crypto';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** Member names as JSON (`"name":`), remembered: events use few names, over and over. */
const keyJson = new Map<string, string>();
const nameOf = (k: string): string => {
  let j = keyJson.get(k);
  if (j === undefined) {
    j = `${JSON.stringify(k)}:`;
    if (keyJson.size < 10_000) keyJson.set(k, j);
  }
  return j;
};

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped (as JSON does).
 * Stable across SQLite text and PostgreSQL jsonb round trips. Also valid JSON of the value, so the
 * store keeps this text as the event's data.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('non-finite number in event');
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new Error(`cannot hash a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + nameOf(k) + canonicalJson(v);
  }
  return `${out}}`;
}

/** The hashed members besides the stream's id, in canonical (sorted) key order. */
const FIXED_KEYS = ['actorId', 'at', 'attachments', 'data', 'lat', 'lon', 'prevHash', 'role', 'seq', 'type'] as const;

const str = JSON.stringify;
const numOrNull = (v: number | null): string => (v === null ? 'null' : canonicalJson(v));

export type ChainBreak =
  | { seq: number; problem: 'seq_gap'; expected: number }
  | { seq: number; problem: 'prev_hash_mismatch'; expected: string; found: string }
  | { seq: number; problem: 'hash_mismatch'; expected: string; found: string }
  /** The row's head (version, last_hash) is not the chain's: `expected` is the chain's head, `found` the row's. */
  | { seq: number; problem: 'head_mismatch'; expected: string; found: string }
  /** The record (row) disagrees with a fold of its events: `expected` is the log's `field=value`, `found` the row's. */
  | { seq: number; problem: 'projection_mismatch'; expected: string; found: string };

export interface ChainReport {
  ok: boolean;
  events: number;
  /** Hash of the last good event (the head), or the genesis hash for an empty log. */
  head: string;
  /** The first place the chain breaks. */
  breaksAt?: ChainBreak;
}

/** The hash chain of one kind of stream, whose events name their stream by `streamKey` (cases: `caseId`). */
export interface Chain {
  readonly streamKey: string;
  /** canonicalJson of the hashed members, without building the intermediate object; `dataJson` is canonicalJson(e.data) when already made. */
  canonicalEvent(e: ChainedFields, dataJson?: string): string;
  hashEvent(e: ChainedFields, dataJson?: string): string;
  /** Recomputes a stream's chain (events in seq order starting at 1) and says where it breaks first. */
  verifyChain(events: ReadonlyArray<ChainedFields & { hash: string }>): ChainReport;
}

/** What an event of any stream carries into its hash: the members below plus its stream id under the chain's key. */
export interface ChainedFields {
  seq: number;
  type: string;
  data: unknown;
  actorId: string;
  role: string;
  at: number;
  lon: number | null;
  lat: number | null;
  attachments: readonly string[];
  prevHash: string;
}

const chains = new Map<string, Chain>();

/** The chain of streams whose id member is `streamKey` (one per key, shared). */
export function chainOf(streamKey: string): Chain {
  let c = chains.get(streamKey);
  if (!c) {
    c = createChain(streamKey);
    chains.set(streamKey, c);
  }
  return c;
}

function createChain(streamKey: string): Chain {
  if (!/^[a-z][A-Za-z0-9]*$/.test(streamKey) || (FIXED_KEYS as readonly string[]).includes(streamKey)) throw new Error(`bad stream key ${streamKey}`);
  const keys = [...FIXED_KEYS, streamKey].sort();
  const keyJson = str(streamKey);
  // The one template the hot path uses: the stream key sorts between "attachments" and "data" (caseId does).
  const templated = streamKey > 'attachments' && streamKey < 'data';

  const canonicalEvent = (e: ChainedFields, dataJson?: string): string => {
    const id = (e as unknown as Record<string, unknown>)[streamKey];
    if (templated && typeof id === 'string' && typeof e.type === 'string' && typeof e.actorId === 'string' && typeof e.role === 'string'
      && typeof e.prevHash === 'string' && typeof e.seq === 'number' && typeof e.at === 'number' && e.lon !== undefined && e.lat !== undefined) {
      // Every member present (the usual case): the same text as the general loop below, in key order.
      return `{"actorId":${str(e.actorId)},"at":${canonicalJson(e.at)},"attachments":${canonicalJson(e.attachments)},${keyJson}:${str(id)},`
        + `"data":${dataJson ?? canonicalJson(e.data ?? null)},"lat":${numOrNull(e.lat)},"lon":${numOrNull(e.lon)},"prevHash":${str(e.prevHash)},`
        + `"role":${str(e.role)},"seq":${canonicalJson(e.seq)},"type":${str(e.type)}}`;
    }
    let out = '{';
    let first = true;
    for (const k of keys) {
      let json: string;
      if (k === 'data') json = dataJson ?? canonicalJson(e.data ?? null);
      else {
        const v: unknown = (e as unknown as Record<string, unknown>)[k];
        if (v === undefined) continue;
        json = canonicalJson(v);
      }
      if (!first) out += ',';
      first = false;
      out += `"${k}":${json}`;
    }
    return `${out}}`;
  };

  const hashEvent = (e: ChainedFields, dataJson?: string): string => digest('sha256', canonicalEvent(e, dataJson), 'hex');

  const verifyChain = (events: ReadonlyArray<ChainedFields & { hash: string }>): ChainReport => {
    let prev = GENESIS_HASH;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const report = (b: ChainBreak): ChainReport => ({ ok: false, events: events.length, head: prev, breaksAt: b });
      if (e.seq !== i + 1) return report({ seq: e.seq, problem: 'seq_gap', expected: i + 1 });
      if (e.prevHash !== prev) return report({ seq: e.seq, problem: 'prev_hash_mismatch', expected: prev, found: e.prevHash });
      const h = hashEvent(e);
      if (h !== e.hash) return report({ seq: e.seq, problem: 'hash_mismatch', expected: h, found: e.hash });
      prev = e.hash;
    }
    return { ok: true, events: events.length, head: prev };
  };

  return { streamKey, canonicalEvent, hashEvent, verifyChain };
}

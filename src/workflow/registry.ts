/**
 * The streams of an installation, by kind: every record store the kit makes registers itself here
 * (store.ts), so whatever runs over all of them — sealing the heads of every stream, the integrity
 * report (src/integrity/) — knows each kind without a list to keep. A capability added on the kit is
 * sealed and checked from its first record. Registered per database (tests open many).
 */
import type { Db } from '../store/db.js';
import type { ChainBreak, ChainReport } from './chain.js';
import type { StreamSpec } from './stream.js';

export interface StreamCheck {
  ok: boolean;
  events: number;
  breaksAt?: ChainBreak | undefined;
  /** A human-readable name of the record (a case's 案卷编号), when it has one. */
  code?: string;
}

export interface RegisteredStream {
  /** The kind: the spec's name (`case`, `permit` …). */
  kind: string;
  spec: StreamSpec<any, any, any>;
  /** One stream's chain and row checked: the store's `verify`, or a capability's richer check (cases fold the row from the log). */
  check(id: string): Promise<StreamCheck>;
}

const registries = new WeakMap<Db, Map<string, RegisteredStream>>();

/** Registers (or replaces) a stream kind of this database. */
export function registerStream(db: Db, stream: RegisteredStream): void {
  let m = registries.get(db);
  if (!m) {
    m = new Map();
    registries.set(db, m);
  }
  m.set(stream.kind, stream);
}

/** The registered stream kinds of this database, by kind name. */
export function registeredStreams(db: Db): RegisteredStream[] {
  return [...(registries.get(db)?.values() ?? [])].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/** A chain report as a stream check. */
export const checkOf = (r: ChainReport): StreamCheck => ({ ok: r.ok, events: r.events, breaksAt: r.breaksAt });

/**
 * Domain events after commit. A capability publishes what happened (`case.closed`, `case.dispatched`
 * …) once its transaction has committed; others react by subscribing to names, never by importing
 * the publisher's repository. Two ways of hearing:
 *
 * - `group` (the default): each event is handled once per subscriber group — with several processes
 *   on one NATS, by one of them (SMS, the evaluation catch-up).
 * - `fanout: true`: every process hears every event (the live feed pushes to the browsers connected
 *   to this process).
 *
 * In one process the bus is in memory (`createLocalBus`); with `NATS_URL` events cross processes
 * through JetStream (`createJetStreamBus`). Publishing never throws into the writer: the write has
 * committed, and the event log stays the truth (a missed push leaves notifications readable).
 */

/** Something that happened, named `<capability>.<what>`. `id` is unique (JetStream de-duplicates on it). */
export interface DomainEvent<D = unknown> {
  name: string;
  id: string;
  at: number;
  data: D;
}

export type Handler = (event: DomainEvent) => void | Promise<void>;

export interface Subscription {
  /** Event names; `*` matches one dotted token, `>` the rest (`case.*`, `case.>`). */
  names: readonly string[];
  /** Who handles: one of the group's processes handles each event once. Letters, digits, `-` and `_`. */
  group: string;
  /** Every process hears every event (live feeds); at most once, never redelivered. */
  fanout?: boolean;
  /**
   * The handler does not depend on the order of events: the in-process bus hands it the events of one
   * delivery at once (not each after the last one's handler finished), so reads the handlers make in
   * that turn can go to the store together (src/core/coalesce.ts). JetStream delivers one at a time.
   */
  concurrent?: boolean;
  handle: Handler;
}

export interface EventBus {
  /** Which bus this is, for the start-up line and logs ("in-process", "NATS JetStream at …"). */
  readonly description: string;
  /** Called after commit. Never throws; delivery is asynchronous. */
  publish(events: readonly DomainEvent[]): void;
  /** Registers a subscriber; returns a function that removes it. */
  subscribe(sub: Subscription): () => void;
  /** Resolves when every subscriber registered so far is listening (with NATS: its consumer exists). */
  ready(): Promise<void>;
  /** Resolves when everything published so far has been handed on (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Does `name` match a subscription pattern? NATS subject rules: `*` one token, `>` one or more at the end. */
export function nameMatches(pattern: string, name: string): boolean {
  if (pattern === name || pattern === '>') return true;
  if (!pattern.includes('*') && !pattern.includes('>')) return false; // a plain name matches only itself
  const p = pattern.split('.');
  const n = name.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return n.length > i;
    if (i >= n.length) return false;
    if (p[i] !== '*' && p[i] !== n[i]) return false;
  }
  return p.length === n.length;
}

/**
 * Does `name` match any of a subscription's patterns? The answer by name is kept (names are a small
 * fixed set: the domain's event kinds), so a delivery asks once per kind, not once per event.
 */
export function subscriptionMatcher(patterns: readonly string[]): (name: string) => boolean {
  const known = new Map<string, boolean>();
  return (name) => {
    let m = known.get(name);
    if (m === undefined) {
      m = patterns.some((p) => nameMatches(p, name));
      if (known.size < 4096) known.set(name, m);
    }
    return m;
  };
}

const GROUP_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function checkSubscription(sub: Subscription): void {
  if (!GROUP_NAME.test(sub.group)) throw new Error(`bus: subscriber group "${sub.group}" must be 1–64 letters, digits, - or _`);
  if (sub.names.length === 0) throw new Error(`bus: subscriber group "${sub.group}" names no events`);
  for (const n of sub.names) {
    if (!/^[A-Za-z0-9_*>-]+(\.[A-Za-z0-9_*>-]+)*$/.test(n)) throw new Error(`bus: "${n}" is not an event name or pattern`);
  }
}

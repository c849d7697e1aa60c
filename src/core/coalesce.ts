/**
 * Reads asked for in one turn of the event loop, answered by one query (a data loader).
 *
 * Under load the case writes of many callers resume together — a PostgreSQL batch commits, and the
 * callers of its 64 writes continue in the same turn — and each asks the same kind of question on its
 * next step (is this case held open by a penalty case? which command levels hold?). Asked one by one,
 * every question is a round trip: on PostgreSQL a Kysely compile, a parse, a plan, an execution and two
 * system calls each. Coalesced, the questions of one turn go on the next turn as one query.
 *
 * The answer is as fresh as one read per caller: the query is sent AFTER every caller it serves has
 * asked (a caller never joins a query already in flight — that one may have read before the caller
 * asked; it waits for the next). So what another process committed before a caller asked is seen, as
 * with a read of its own; nothing is kept between turns.
 */

/** Keyed questions: `load(keys)` answers the keys of one turn (a key missing from its map answers undefined). */
export function coalesceKeys<K, V>(load: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let pending: Map<K, Array<{ resolve(v: V | undefined): void; reject(e: unknown): void }>> | null = null;
  const flush = (): void => {
    const batch = pending!;
    pending = null;
    load([...batch.keys()]).then(
      (answers) => {
        for (const [k, waiting] of batch) for (const w of waiting) w.resolve(answers.get(k));
      },
      (e: unknown) => {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(e);
      },
    );
  };
  return (key) => new Promise<V | undefined>((resolve, reject) => {
    if (!pending) {
      pending = new Map();
      setImmediate(flush);
    }
    const waiting = pending.get(key);
    if (waiting) waiting.push({ resolve, reject });
    else pending.set(key, [{ resolve, reject }]);
  });
}

/** One question without a key (the heads of a small table): the callers of one turn share one read. */
export function coalesceRead<V>(load: () => Promise<V>): () => Promise<V> {
  let pending: Promise<V> | null = null;
  return () => {
    if (!pending) {
      pending = new Promise<V>((resolve, reject) => {
        setImmediate(() => {
          pending = null; // callers from here on wait for the next read: this one may have started before they asked
          load().then(resolve, reject);
        });
      });
    }
    return pending;
  };
}

/**
 * The bus across processes: NATS JetStream. Events go to `<prefix>.<event name>` on one stream per
 * installation (`<PREFIX>_EVENTS`, kept 7 days, de-duplicated on the event id for two minutes).
 *
 * - A subscriber group is a durable pull consumer (`<prefix>_<group>`, acknowledged explicitly) that
 *   every process of the installation pulls from, so each event is handled by one of them; a handler
 *   that throws gets the event again a second later, up to five times.
 * - A fanout subscriber (the live feed) is a plain subscription on the same subjects: every process
 *   hears every event as it is published, none is replayed.
 *
 * Publishing does not wait for the broker inside the write: the acknowledgement is awaited in the
 * background (`flush` waits for it) and a failure is logged — the event log remains the truth.
 */
import { connect, nanos, type NatsConnection, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import {
  AckPolicy, DeliverPolicy, jetstream, jetstreamManager, StorageType,
  type ConsumerMessages, type JetStreamClient, type JetStreamManager,
} from '@nats-io/jetstream';
import type { Logger } from '../core/logger.js';
import { checkSubscription, subscriptionMatcher, type DomainEvent, type EventBus, type Subscription } from './bus.js';

export interface JetStreamBusOptions {
  url: string;
  /** Subject prefix; also names the stream and the consumers. */
  prefix: string;
  logger: Logger;
  /** Connection name shown by the server (e.g. "cityloop pid 1234"). */
  name?: string;
}

const DAY_MS = 86_400_000;
const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

export const streamNameOf = (prefix: string) => `${safe(prefix).toUpperCase()}_EVENTS`;
export const consumerNameOf = (prefix: string, group: string) => `${safe(prefix)}_${group}`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function createJetStreamBus(opts: JetStreamBusOptions): Promise<EventBus> {
  const { prefix, logger } = opts;
  const stream = streamNameOf(prefix);
  const nc: NatsConnection = await connect({ servers: opts.url, name: opts.name ?? `cityloop pid ${process.pid}`, maxReconnectAttempts: -1 });
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  try {
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
    await ensureStream(jsm, stream, `${prefix}.>`);
  } catch (e) {
    await nc.close();
    throw e;
  }

  const inFlight = new Set<Promise<unknown>>();
  const setups = new Set<Promise<unknown>>();
  const stops = new Set<() => Promise<void> | void>();
  let closed = false;

  const decode = (data: Uint8Array): DomainEvent => JSON.parse(decoder.decode(data)) as DomainEvent;

  async function run(sub: Subscription, e: DomainEvent): Promise<void> {
    await sub.handle(e);
  }

  function fanout(sub: Subscription): () => void {
    const subs: NatsSubscription[] = sub.names.map((n) =>
      nc.subscribe(`${prefix}.${n}`, {
        callback: (err, msg) => {
          if (err) return logger.warn({ err, group: sub.group }, 'event subscription failed');
          let e: DomainEvent;
          try {
            e = decode(msg.data);
          } catch (parseErr) {
            return logger.warn({ err: parseErr, subject: msg.subject }, 'unreadable event skipped');
          }
          Promise.resolve().then(() => run(sub, e)).catch((hErr: unknown) => logger.warn({ err: hErr, event: e.name, id: e.id, group: sub.group }, 'event subscriber failed'));
        },
      }));
    // Subscriptions are live once the server has seen them: wait for that before saying ready.
    setups.add(nc.flush());
    const stop = () => {
      for (const s of subs) s.unsubscribe();
    };
    stops.add(stop);
    return () => {
      stops.delete(stop);
      stop();
    };
  }

  function group(sub: Subscription): () => void {
    const durable = consumerNameOf(prefix, sub.group);
    const filter = sub.names.length === 1 ? `${prefix}.${sub.names[0]}` : `${prefix}.>`;
    const matches = subscriptionMatcher(sub.names);
    let messages: ConsumerMessages | undefined;
    let stopped = false;
    const setup = (async () => {
      await ensureConsumer(jsm, stream, durable, filter);
      if (stopped) return;
      const consumer = await js.consumers.get(stream, durable);
      messages = await consumer.consume({ max_messages: 64 });
      void (async () => {
        for await (const m of messages!) {
          let e: DomainEvent;
          try {
            e = decode(m.data);
          } catch (err) {
            logger.warn({ err, subject: m.subject }, 'unreadable event dropped');
            m.term();
            continue;
          }
          if (!matches(e.name)) {
            m.ack();
            continue;
          }
          try {
            await run(sub, e);
            m.ack();
          } catch (err) {
            logger.warn({ err, event: e.name, id: e.id, group: sub.group, delivery: m.info.deliveryCount }, 'event subscriber failed; redelivering');
            m.nak(1000);
          }
        }
      })().catch((err: unknown) => {
        if (!closed && !stopped) logger.error({ err, group: sub.group }, 'event consumer stopped');
      });
    })();
    setups.add(setup.catch((err: unknown) => logger.error({ err, group: sub.group }, 'event consumer could not start')));
    const stop = async () => {
      stopped = true;
      await setup.catch(() => undefined);
      await messages?.close();
    };
    stops.add(stop);
    return () => {
      stops.delete(stop);
      void stop();
    };
  }

  async function flush(): Promise<void> {
    await Promise.all([...inFlight]);
    await nc.flush();
  }

  return {
    description: `NATS JetStream at ${opts.url} (stream ${stream})`,
    publish(events) {
      if (closed) return;
      for (const e of events) {
        const p = js.publish(`${prefix}.${e.name}`, encoder.encode(JSON.stringify(e)), { msgID: e.id })
          .catch((err: unknown) => logger.warn({ err, event: e.name, id: e.id }, 'event not published'))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    },
    subscribe(sub) {
      checkSubscription(sub);
      return sub.fanout ? fanout(sub) : group(sub);
    },
    async ready() {
      await Promise.all([...setups]);
    },
    flush,
    async close() {
      if (closed) return;
      await flush().catch(() => undefined);
      closed = true;
      await Promise.all([...stops].map((s) => s()));
      stops.clear();
      await nc.drain().catch(() => nc.close());
    },
  };
}

async function ensureStream(jsm: JetStreamManager, name: string, subject: string): Promise<void> {
  try {
    await jsm.streams.info(name);
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await jsm.streams.add({
      name, subjects: [subject], storage: StorageType.File, max_age: nanos(7 * DAY_MS), duplicate_window: nanos(120_000),
    });
  } catch (e) {
    // Another process created it first.
    await jsm.streams.info(name).catch(() => { throw e; });
  }
}

async function ensureConsumer(jsm: JetStreamManager, stream: string, durable: string, filter: string): Promise<void> {
  try {
    await jsm.consumers.info(stream, durable);
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await jsm.consumers.add(stream, {
      durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: filter,
      ack_wait: nanos(30_000), max_deliver: 5,
    });
  } catch (e) {
    await jsm.consumers.info(stream, durable).catch(() => { throw e; });
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; code?: number | string; message?: string; api_error?: { err_code?: number } };
  const code = err.api_error?.err_code;
  return code === 10059 || code === 10014 || /not found/i.test(err.message ?? '');
}

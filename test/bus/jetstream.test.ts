import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DomainEvent, EventBus } from '../../src/bus/bus.js';
import { createJetStreamBus } from '../../src/bus/jetstream.js';
import { createLogger } from '../../src/core/logger.js';
import { NATS_URL, describeNats, dropStream, uniquePrefix } from '../helpers/nats.js';

const ev = (name: string, id: string): DomainEvent => ({ name, id, at: 1, data: { id } });
const until = async (cond: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describeNats('the JetStream bus between two processes', () => {
  const prefix = uniquePrefix('bus');
  let a: EventBus;
  let b: EventBus;
  beforeAll(async () => {
    const logger = createLogger('silent');
    a = await createJetStreamBus({ url: NATS_URL!, prefix, logger, name: 'test a' });
    b = await createJetStreamBus({ url: NATS_URL!, prefix, logger, name: 'test b' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropStream(prefix);
  });

  it('hands each event to one process of a group, and every event to every fanout subscriber', async () => {
    const handled: Array<[string, string]> = [];
    const heard: Array<[string, string]> = [];
    for (const [who, bus] of [['a', a], ['b', b]] as const) {
      bus.subscribe({ names: ['case.*'], group: 'audit', handle: (e) => void handled.push([who, e.id]) });
      bus.subscribe({ names: ['case.*'], group: 'live', fanout: true, handle: (e) => void heard.push([who, e.id]) });
      await bus.ready();
    }
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    a.publish(ids.slice(0, 20).map((id) => ev('case.dispatched', id)));
    b.publish(ids.slice(20).map((id) => ev('case.closed', id)));
    await Promise.all([a.flush(), b.flush()]);
    await until(() => handled.length >= 40 && heard.length >= 80, 'deliveries');
    await new Promise((r) => setTimeout(r, 300)); // any duplicate would arrive by now
    expect(handled.map(([, id]) => id).sort()).toEqual([...ids].sort());
    for (const who of ['a', 'b']) expect(heard.filter(([w]) => w === who).map(([, id]) => id).sort()).toEqual([...ids].sort());
  });

  it('de-duplicates an event published twice with the same id', async () => {
    const got: string[] = [];
    a.subscribe({ names: ['dup.*'], group: 'dups', handle: (e) => void got.push(e.id) });
    await a.ready();
    a.publish([ev('dup.x', 'same')]);
    b.publish([ev('dup.x', 'same'), ev('dup.x', 'other')]);
    await Promise.all([a.flush(), b.flush()]);
    await until(() => got.length >= 2, 'deliveries');
    await new Promise((r) => setTimeout(r, 300));
    expect(got.sort()).toEqual(['other', 'same']);
  });

  it('gives an event again to the group when its handler failed', async () => {
    let attempts = 0;
    const done: string[] = [];
    b.subscribe({
      names: ['retry.once'], group: 'flaky', handle: (e) => {
        attempts += 1;
        if (attempts === 1) throw new Error('gateway down');
        done.push(e.id);
      },
    });
    await b.ready();
    a.publish([ev('retry.once', 'r1')]);
    await a.flush();
    await until(() => done.length === 1, 'the redelivery');
    expect(attempts).toBe(2);
  });
});

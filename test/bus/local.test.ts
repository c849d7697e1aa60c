import { describe, expect, it } from 'vitest';
import { nameMatches, type DomainEvent } from '../../src/bus/bus.js';
import { createLocalBus } from '../../src/bus/local.js';
import { createLogger } from '../../src/core/logger.js';

const ev = (name: string, id: string): DomainEvent => ({ name, id, at: 1, data: { id } });

describe('event names', () => {
  it('match exactly, by one-token * and by a trailing >', () => {
    expect(nameMatches('case.closed', 'case.closed')).toBe(true);
    expect(nameMatches('case.closed', 'case.dispatched')).toBe(false);
    expect(nameMatches('case.*', 'case.deadline_overdue')).toBe(true);
    expect(nameMatches('case.*', 'case')).toBe(false);
    expect(nameMatches('case.*', 'case.a.b')).toBe(false);
    expect(nameMatches('case.>', 'case.a.b')).toBe(true);
    expect(nameMatches('case.>', 'case')).toBe(false);
    expect(nameMatches('*.closed', 'penalty.closed')).toBe(true);
  });
});

describe('the in-process bus', () => {
  it('hands each event after the publisher returns, in order, to the subscribers that named it', async () => {
    const bus = createLocalBus(createLogger('silent'));
    const closed: string[] = [];
    const all: string[] = [];
    bus.subscribe({ names: ['case.closed'], group: 'a', handle: (e) => void closed.push(e.id) });
    bus.subscribe({ names: ['case.*'], group: 'b', handle: (e) => void all.push(e.id) });
    bus.publish([ev('case.dispatched', '1'), ev('case.closed', '2'), ev('penalty.closed', '3')]);
    expect(all).toEqual([]); // not inside the writer's turn
    await bus.flush();
    expect(closed).toEqual(['2']);
    expect(all).toEqual(['1', '2']);
    await bus.close();
  });

  it('keeps delivering when a subscriber throws, and stops delivering to one that unsubscribed', async () => {
    const bus = createLocalBus(createLogger('silent'));
    const got: string[] = [];
    bus.subscribe({ names: ['x.*'], group: 'bad', handle: () => { throw new Error('boom'); } });
    const off = bus.subscribe({ names: ['x.*'], group: 'good', handle: (e) => void got.push(e.id) });
    bus.publish([ev('x.a', '1')]);
    await bus.flush();
    off();
    bus.publish([ev('x.a', '2')]);
    await bus.flush();
    expect(got).toEqual(['1']);
    await bus.close();
  });

  it('refuses a group name that cannot become a durable consumer name', () => {
    const bus = createLocalBus(createLogger('silent'));
    expect(() => bus.subscribe({ names: ['case.*'], group: 'has space', handle: () => undefined })).toThrow(/group/);
    expect(() => bus.subscribe({ names: [], group: 'ok', handle: () => undefined })).toThrow(/names no events/);
  });
});

import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalEvent, canonicalJson, hashEvent, verifyChain, type ChainedEventFields } from '../../src/cases/chain.js';

function chain(n: number): Array<ChainedEventFields & { hash: string }> {
  const out: Array<ChainedEventFields & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: ChainedEventFields = {
      caseId: 'c1', seq: i, type: i === 1 ? 'reported' : 'urged', data: { note: `第${i}步`, n: i, nested: { b: 1, a: [1, 2] } },
      actorId: 'u1', role: 'inspector', at: 1_700_000_000_000 + i, lon: 118.08, lat: 24.48, attachments: [], prevHash: prev,
    };
    const hash = hashEvent(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe('canonical JSON', () => {
  it('does not depend on key order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it('writes an event exactly as the canonical JSON of its hashed fields, with or without its data text made beforehand', () => {
    const e = chain(2)[1]!;
    const { hash: _hash, ...fields } = e;
    expect(canonicalEvent(fields)).toBe(canonicalJson(fields));
    expect(canonicalEvent(fields, canonicalJson(fields.data))).toBe(canonicalJson(fields));
    const noPlace = { ...fields, lon: null, lat: null, attachments: ['ab'.repeat(32)], data: { b: '引号"与\\换行\n', a: -0.5 } };
    expect(canonicalEvent(noPlace)).toBe(canonicalJson(noPlace));
    // A member left undefined is dropped, as canonical JSON drops it.
    const partial = { ...fields, lon: undefined } as unknown as ChainedEventFields;
    expect(canonicalEvent(partial)).toBe(canonicalJson(partial));
  });
  it('survives a JSON round trip (what the store gives back)', () => {
    const v = { z: '中文', n: 118.0894123, e: 1e21, neg: -0.5, arr: [true, null] };
    expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(canonicalJson(v));
  });
});

describe('the hash chain', () => {
  it('an untouched log verifies', () => {
    const events = chain(5);
    const r = verifyChain(events);
    expect(r).toEqual({ ok: true, events: 5, head: events[4]!.hash });
  });
  it('an empty log verifies with the genesis head', () => {
    expect(verifyChain([])).toEqual({ ok: true, events: 0, head: GENESIS_HASH });
  });
  it('a changed payload is found at the event that was changed', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, data: { note: '改过的' } };
    expect(verifyChain(events).breaksAt).toMatchObject({ seq: 3, problem: 'hash_mismatch' });
  });
  it('a changed actor, time or attachment list breaks the chain', () => {
    for (const change of [{ actorId: 'u2' }, { at: 1 }, { attachments: ['ab'.repeat(32)] }, { lon: 118.09 }]) {
      const events = chain(3);
      events[1] = { ...events[1]!, ...change };
      expect(verifyChain(events).breaksAt?.seq).toBe(2);
    }
  });
  it('a re-hashed forgery is found at the next link', () => {
    const events = chain(4);
    const forged = { ...events[1]!, data: { note: 'forged' } };
    forged.hash = hashEvent(forged);
    events[1] = forged;
    expect(verifyChain(events).breaksAt).toMatchObject({ seq: 3, problem: 'prev_hash_mismatch' });
  });
  it('a removed event is a gap', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain(events).breaksAt).toMatchObject({ seq: 3, problem: 'seq_gap', expected: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/workflow/chain.js';
import { dataCodec, hashBytes, hashHex } from '../../src/workflow/data-codec.js';
import { caseDataCodec } from '../../src/cases/event-data.js';

describe('event data codec', () => {
  const codec = dataCodec({ 1: ['"note":', '"note":null', '"已按要求处置完毕"', '"stage":"accept"'], 2: ['"reason":'] }, 1);

  it('reads back exactly the canonical JSON it was given, whatever the text holds', () => {
    const values = [
      { note: null, stage: 'accept', n: 1.5, neg: -3, big: 1794359298278 },
      { note: '已按要求处置完毕', emoji: '🚧 井盖', ctl: '\u0001\u001f\t\n', quote: '"\\', latin: 'àÿ\u00f5\u00c0' },
      { note: { note: null }, list: [null, true, false, 'stage'], empty: {} },
    ];
    for (const v of values) {
      const json = canonicalJson(v);
      const stored = codec.encode(json);
      expect(codec.decodeText(stored)).toBe(json);
      expect(canonicalJson(codec.decode(stored))).toBe(json);
    }
  });

  it('writes bytes led by the table version, or the text itself when plain or when coding would not help', () => {
    const json = canonicalJson({ note: null, stage: 'accept', x: '已按要求处置完毕' });
    const stored = codec.encode(json) as Buffer;
    expect(Buffer.isBuffer(stored) && stored[0]).toBe(1);
    expect(stored.length).toBeLessThan(Buffer.byteLength(json));
    expect(codec.encode(json, true)).toBe(json);
    expect(codec.encode('{"zz":1}')).toBe('{"zz":1}');
  });

  it('reads every form a row may hold: JSON text, JSON bytes, a parsed value, and coded bytes of an older table', () => {
    expect(codec.decode('{"a":1}')).toEqual({ a: 1 });
    expect(codec.decode(Buffer.from('{"a":"中"}'))).toEqual({ a: '中' });
    expect(codec.decode({ a: 2 })).toEqual({ a: 2 });
    const newer = dataCodec({ 1: ['"note":'], 2: ['"reason":'] }, 2);
    const v2 = newer.encode('{"reason":"重复或无效案卷"}');
    expect(codec.decode(v2)).toEqual({ reason: '重复或无效案卷' });
    const v9 = Buffer.from([9, 0x41]);
    expect(() => codec.decode(v9)).toThrow(/table 9/);
  });

  it('refuses a table that would not decode unambiguously', () => {
    expect(() => dataCodec({ 1: ['"a":', '"a":'] }, 1)).toThrow(/repeated/);
    expect(() => dataCodec({ 32: ['"a":'] }, 32)).toThrow(/version/);
  });

  it('keeps the case table (version 1) decoding what it codes', () => {
    const json = canonicalJson({ endedStage: { cycle: 1, dueAt: 1794359406897, onTime: true, stage: 'accept' }, note: null });
    const stored = caseDataCodec.encode(json) as Buffer;
    expect(stored[0]).toBe(1);
    expect(stored.length).toBeLessThan(Buffer.byteLength(json) / 3);
    expect(caseDataCodec.decodeText(stored)).toBe(json);
  });

  it('stores a hash as 32 bytes and reads either form as hex', () => {
    const hex = 'ab'.repeat(32);
    expect(hashBytes(hex).length).toBe(32);
    expect(hashHex(hashBytes(hex))).toBe(hex);
    expect(hashHex(hex)).toBe(hex);
    expect(hashHex(new Uint8Array(hashBytes(hex)))).toBe(hex);
  });
});

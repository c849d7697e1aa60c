/** Coded JSON text for projection columns (src/workflow/text-codec.ts): exact, text-safe, versioned. */
import { describe, expect, it } from 'vitest';
import { textCodec, MAX_TEXT_FRAGMENTS } from '../../src/workflow/text-codec.js';
import { caseRowCodec } from '../../src/cases/row-codec.js';

const LIMITS = { accept: { value: 1, unit: 'work_hours' }, file: { value: 1, unit: 'work_hours' }, dispatch: { value: 1, unit: 'work_hours' },
  handle: { value: 1, unit: 'work_days' }, verify: { value: 4, unit: 'work_hours' }, close: { value: 1, unit: 'work_hours' } };

describe('text codec', () => {
  const codec = textCodec({ 1: ['"name":', '"kind":"a"', '{"whole":true}'], 2: ['"kind":"a"', '"name":'] }, 2);

  it('decodes to the very value it coded, key order included', () => {
    for (const v of [{ name: 'x', kind: 'a', n: 1.5 }, { kind: 'a', name: '"name":\u0001', list: [1, 'a', null] }, [], 'kind', null, { z: 1, a: { kind: 'a' } }]) {
      const stored = codec.encode(v);
      expect(JSON.stringify(codec.decode(stored))).toBe(JSON.stringify(v));
    }
  });

  it('stays text one byte a code, shorter than the JSON, and plain when coding would not help', () => {
    const stored = codec.encode({ name: '思明区', kind: 'a' });
    expect(stored.charCodeAt(0)).toBe(2);
    expect(Buffer.byteLength(stored)).toBeLessThan(Buffer.byteLength(JSON.stringify({ name: '思明区', kind: 'a' })));
    expect(codec.encode({ other: 1 })).toBe('{"other":1}');
  });

  it('reads what an older table, plain JSON text or a parsed jsonb value hold', () => {
    const older = textCodec({ 1: ['"name":', '"kind":"a"', '{"whole":true}'] }, 1);
    expect(older.encode({ whole: true })).toBe('\u0001\u0003');
    expect(codec.decode(older.encode({ whole: true }))).toEqual({ whole: true });
    expect(codec.decode(older.encode({ name: 'y', kind: 'a' }))).toEqual({ name: 'y', kind: 'a' });
    expect(codec.decode('{"name":"z"}')).toEqual({ name: 'z' });
    expect(codec.decode({ name: 'z' })).toEqual({ name: 'z' });
    expect(() => textCodec({ 1: ['"a":'] }, 1).decode('\u0005x')).toThrow(/table 5/);
  });

  it('gives two-character codes past the single ones, up to its limit', () => {
    const many = Array.from({ length: MAX_TEXT_FRAGMENTS }, (_, i) => `"f${i}":`);
    const big = textCodec({ 1: many }, 1);
    const v = Object.fromEntries(many.map((_, i) => [`f${i}`, i]));
    expect(big.decode(big.encode(v))).toEqual(v);
    expect(() => textCodec({ 1: [...many, '"one":'] }, 1)).toThrow(/at most/);
  });

  it('codes the usual stage time limits of a case as one code, in either key order', () => {
    expect(caseRowCodec.encode(LIMITS)).toHaveLength(2);
    const jsonbOrder = { file: LIMITS.file, close: LIMITS.close, accept: LIMITS.accept, handle: LIMITS.handle, verify: LIMITS.verify, dispatch: LIMITS.dispatch };
    const sorted = Object.fromEntries(Object.entries(jsonbOrder).map(([k, v]) => [k, { unit: v.unit, value: v.value }]));
    expect(caseRowCodec.encode(sorted)).toHaveLength(2);
    const names = { grid: '新山社区001网格', community: '新山社区', street: '厦港街道', district: '思明区' };
    const stored = caseRowCodec.encode(names);
    expect(Buffer.byteLength(stored)).toBeLessThan(Buffer.byteLength(JSON.stringify(names)) - 30);
    expect(JSON.stringify(caseRowCodec.decode(stored))).toBe(JSON.stringify(names));
  });
});

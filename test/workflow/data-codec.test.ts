import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/workflow/chain.js';
import { dataCodec, hashBytes, hashHex, replaceTokens, TOKEN } from '../../src/workflow/data-codec.js';
import { caseDataCodec, UNIT_ID_CODE } from '../../src/cases/event-data.js';

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

  it('finds the very tokens its regular expression specifies, on any text', () => {
    // A replacer that shows what it was called with: the scan must call it alike, in the same order.
    const show = (m: string, name: string, rest: string | undefined, text: string | undefined): string => `<${m}|${name}|${rest}|${text}>`;
    const texts = [
      canonicalJson({ a: 1, b: -2, c: 1.5, d: '-', e: true, f: false, g: null, h: { i: [1, 'x', null] }, j: [], k: {}, l: 'q"\\\u0001' }),
      canonicalJson({ 'say "hi"': 'a "b" \\"', x: ['"', '\\'] }),
      canonicalJson({ endedStage: { cycle: 1, dueAt: 1794359406897, onTime: true, stage: 'accept' }, note: '已按要求处置完毕' }),
      '{"a":-x}', '{"a":tru}', '{"a":nullx}', '"open', '{"a":"open', '["a",1,"b":"c"', '"a":"b":"c"', '"\\"":"x"', '', 'plain',
    ];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const parts = ['"', '\\', ':', '{', '}', '[', ']', ',', 'true', 'false', 'null', '-', '12', 'a', '中', '\u0001'];
    for (let t = 0; t < 2000; t++) texts.push(Array.from({ length: 1 + rnd(20) }, () => parts[rnd(parts.length)]).join(''));
    for (const s of texts) expect(replaceTokens(s, show), s).toBe(s.replace(TOKEN, show));
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

  it('codes a dispatch\'s "unitId": as the one byte case_unit_holds\' trigger looks for, followed by the unit in quotes', () => {
    const unit = '01a2363d-f8c8-71a5-9f30-c48176cbcda0';
    for (const data of [
      { auto: true, dueAt: 1, limit: { unit: 'work_hours', value: 1 }, note: null, reason: '事项清单 E0102: 暴露垃圾 → 思明区环境卫生中心', unitCode: '350203-HW', unitId: unit, unitName: '思明区环境卫生中心' },
      { dueAt: 1, fromUnitCode: 'x', fromUnitId: 'other', limit: { unit: 'hours', value: 24 }, reason: '"unitId":"no"', unitCode: 'y', unitId: unit, unitName: 'z' },
    ]) {
      const coded = caseDataCodec.encode(canonicalJson(data)) as Buffer;
      expect(coded[0]).toBe(1);
      const at = coded.indexOf(Buffer.from([UNIT_ID_CODE, 0x22]));
      expect(coded.toString('latin1', at + 2, coded.indexOf(0x22, at + 2))).toBe(unit);
    }
    expect((caseDataCodec.encode(canonicalJson({ note: null, unitId: null })) as Buffer).includes(Buffer.from([UNIT_ID_CODE, 0x22]))).toBe(false);
  });
});

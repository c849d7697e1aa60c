import { describe, expect, it } from 'vitest';
import { addSeqs, decodePoints, encodePoints, hasSeq } from '../../src/patrol/codec.js';

describe('the compact track codec', () => {
  it('gives back every point to 1e-5 degrees and the exact time, in seq order, whatever order they came in', () => {
    const pts = Array.from({ length: 500 }, (_, i) => ({ seq: i + 1, at: 1_772_000_000_000 + i * 10_000 + (i % 7) * 13, lon: 118.08 + i * 0.00011, lat: 24.47 - i * 0.00007 }));
    const shuffled = [...pts].sort((a, b) => ((a.seq * 7919) % 500) - ((b.seq * 7919) % 500));
    const back = decodePoints(encodePoints(shuffled));
    expect(back.map((p) => p.seq)).toEqual(pts.map((p) => p.seq));
    expect(back.map((p) => p.at)).toEqual(pts.map((p) => p.at));
    for (let i = 0; i < pts.length; i++) {
      expect(Math.abs(back[i]!.lon - pts[i]!.lon)).toBeLessThanOrEqual(0.000005 + 1e-12);
      expect(Math.abs(back[i]!.lat - pts[i]!.lat)).toBeLessThanOrEqual(0.000005 + 1e-12);
    }
  });

  it('stores a walker\'s point every 10 s in under 6 bytes', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({ seq: i + 1, at: 1_772_000_000_000 + i * 10_000, lon: 118.08 + Math.sin(i / 40) * 0.003, lat: 24.47 + i * 0.0001 }));
    expect(encodePoints(pts).length / pts.length).toBeLessThan(6);
  });

  it('keeps the seqs a shift holds as merged ranges', () => {
    let r = addSeqs([], [1, 2, 3, 7]);
    expect(r).toEqual([[1, 3], [7, 7]]);
    r = addSeqs(r, [4, 5, 6, 9]);
    expect(r).toEqual([[1, 7], [9, 9]]);
    expect(hasSeq(r, 5)).toBe(true);
    expect(hasSeq(r, 8)).toBe(false);
  });
});

/**
 * Compact storage of track points (轨迹点). A chunk of points is stored as one binary value: points in
 * seq order, each as zig-zag varints — the seq's step, the change of the time step (a phone sending
 * every 10 s repeats its step, so this is ≈ 0), and longitude and latitude steps in 1e-5 degrees
 * (≈ 1 m, finer than a phone's fix) — so a walker's point every 10 s takes about 4–5 bytes instead of a
 * row of ≈ 120. The first point's steps are from zero. Pure.
 */

/** One position of an inspector on duty, WGS-84. */
export interface TrackPoint {
  /** The device's sequence number within the shift (1, 2, …): what makes an upload idempotent. */
  seq: number;
  at: number;
  lon: number;
  lat: number;
}

const SCALE = 1e5;
const VERSION = 2;

function writeVarint(out: number[], v: number): void {
  // Values here stay below 2^53; split into 7-bit groups with arithmetic (no 32-bit bit-ops).
  let n = v;
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

const zig = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);
const unzig = (v: number): number => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);

/** Points (any order; sorted by seq here) as one compact value. */
export function encodePoints(points: readonly TrackPoint[]): Uint8Array {
  const sorted = [...points].sort((a, b) => a.seq - b.seq);
  const out: number[] = [VERSION];
  writeVarint(out, sorted.length);
  let seq = 0;
  let at = 0;
  let step = 0;
  let lon = 0;
  let lat = 0;
  for (const p of sorted) {
    const x = Math.round(p.lon * SCALE);
    const y = Math.round(p.lat * SCALE);
    const dt = p.at - at;
    writeVarint(out, zig(p.seq - seq));
    writeVarint(out, zig(dt - step));
    writeVarint(out, zig(x - lon));
    writeVarint(out, zig(y - lat));
    seq = p.seq;
    at = p.at;
    step = dt;
    lon = x;
    lat = y;
  }
  return Uint8Array.from(out);
}

/** The points of a value made by `encodePoints`, in seq order. */
export function decodePoints(data: Uint8Array): TrackPoint[] {
  let i = 0;
  const read = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      if (i >= data.length) throw new Error('track chunk truncated');
      const b = data[i++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
    }
  };
  if (data[i++] !== VERSION) throw new Error('track chunk: unknown format');
  const n = read();
  const out: TrackPoint[] = new Array(n);
  let seq = 0;
  let at = 0;
  let step = 0;
  let lon = 0;
  let lat = 0;
  for (let k = 0; k < n; k++) {
    seq += unzig(read());
    step += unzig(read());
    at += step;
    lon += unzig(read());
    lat += unzig(read());
    out[k] = { seq, at, lon: lon / SCALE, lat: lat / SCALE };
  }
  return out;
}

// ---- which seqs a shift already holds: disjoint, sorted, inclusive intervals ----

export type SeqRanges = Array<[number, number]>;

export function hasSeq(ranges: SeqRanges, seq: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (seq < a) hi = mid - 1;
    else if (seq > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The ranges with `seqs` added (merged, so a shift sent in order stays one range). */
export function addSeqs(ranges: SeqRanges, seqs: readonly number[]): SeqRanges {
  const all: Array<[number, number]> = [...ranges, ...seqs.map((s) => [s, s] as [number, number])].sort((a, b) => a[0] - b[0]);
  const out: SeqRanges = [];
  for (const [a, b] of all) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

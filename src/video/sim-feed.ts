/**
 * A realistic detection feed for the demo city, the tests' scale runs and the benchmark (issue 14
 * item 7): per camera, violation episodes arrive at random; a true one persists past its dwell time
 * and is sighted every 30–90 s with a jittering box; a self-corrected one ends inside its window with a
 * `cleared` event; a false positive is one to three frames (or, on a camera whose pair is "bad", keeps
 * firing like a true one); noise is below the confidence floor. Every detection carries its truth so a
 * simulated reviewer can judge the items it became. Pure (a seeded random source, no I/O).
 */
import type { Algorithm, Camera } from './model.js';
import type { DetectionWire } from './schemas.js';

export type Truth = 'true' | 'false' | 'self_correct' | 'noise';
export interface FeedDetection { d: DetectionWire; truth: Truth; episode: number }

export interface FeedOptions {
  cameras: readonly Camera[];
  algorithms: ReadonlyMap<string, Algorithm>;
  start: number;
  /** Length of the simulated period (ms). */
  span: number;
  /** Episodes per camera per hour. */
  perCameraHour: number;
  seed?: number;
  /** Shares of false, self-corrected and noise episodes (the rest are true violations). */
  falseShare?: number;
  selfCorrectShare?: number;
  noiseShare?: number;
  /** Pairs (camera\0algorithm) whose false positives persist like true ones (a camera aimed at a market). */
  badPairs?: ReadonlySet<string>;
}

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function simulateFeed(o: FeedOptions): FeedDetection[] {
  const r = rng(o.seed ?? 20260302);
  const between = (a: number, b: number) => a + r() * (b - a);
  const out: FeedDetection[] = [];
  const falseShare = o.falseShare ?? 0.22;
  const selfShare = o.selfCorrectShare ?? 0.12;
  const noiseShare = o.noiseShare ?? 0.1;
  let episode = 0;
  for (const cam of o.cameras) {
    const algs = cam.algorithms.map((b) => o.algorithms.get(b.code)).filter((a): a is Algorithm => !!a && a.enabled);
    if (algs.length === 0) continue;
    const expected = (o.perCameraHour * o.span) / 3_600_000;
    // Poisson by exponential gaps.
    let t = o.start + (-Math.log(1 - r()) * o.span) / Math.max(expected, 1e-9);
    while (t < o.start + o.span) {
      episode += 1;
      const alg = algs[Math.floor(r() * algs.length)]!;
      const roll = r();
      const kind: Truth = roll < falseShare ? 'false' : roll < falseShare + selfShare ? 'self_correct' : roll < falseShare + selfShare + noiseShare ? 'noise' : 'true';
      const bad = o.badPairs?.has(`${cam.code}\u0000${alg.code}`) ?? false;
      const w = round3(between(0.08, 0.25));
      const h = round3(between(0.08, 0.25));
      const x0 = between(0.05, 0.9 - w);
      const y0 = between(0.55, 0.98 - h);
      const floor = alg.minConfidence;
      const emit = (at: number, conf: number, state: 'active' | 'cleared' = 'active') => {
        out.push({
          truth: kind, episode,
          d: {
            id: `sim-${episode}-${out.length}`, camera: cam.code, algorithm: alg.code, at: Math.round(at), confidence: round3(clamp(conf, 0, 1)),
            boxes: [{ x: round3(clamp(x0 + between(-0.01, 0.01), 0, 1 - w)), y: round3(clamp(y0 + between(-0.01, 0.01), 0, 1 - h)), w, h }],
            ...(state === 'cleared' ? { state } : {}),
          },
        });
      };
      const persist = (until: number, conf: () => number) => {
        let at = t;
        while (at <= until) {
          emit(at, conf());
          at += between(30_000, 90_000);
        }
      };
      const dwell = alg.dwellSeconds * 1000;
      if (kind === 'true' || (kind === 'false' && bad)) persist(t + dwell + between(5, 60) * 60_000, () => between(Math.max(floor, 0.7), 0.98));
      else if (kind === 'self_correct') {
        const window = alg.selfCorrectSeconds * 1000 || 600_000;
        const end = t + dwell + between(0.05, 0.4) * window;
        persist(end, () => between(Math.max(floor, 0.7), 0.95));
        emit(end + 30_000, 0.9, 'cleared');
      } else if (kind === 'false') {
        const n = 1 + Math.floor(r() * 3);
        for (let i = 0; i < n; i++) emit(t + i * between(20_000, 60_000), between(floor, Math.min(1, floor + 0.2)));
      } else emit(t, between(0.2, floor - 0.01));
      t += (-Math.log(1 - r()) * o.span) / Math.max(expected, 1e-9);
    }
  }
  // The period ends for everyone at its end: what an episode would have sent later is not sent.
  const end = o.start + o.span;
  return out.filter((f) => (f.d.at as number) <= end).sort((a, b) => (a.d.at as number) - (b.d.at as number));
}

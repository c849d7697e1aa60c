/**
 * Multinomial logistic regression (softmax) over binary text features (model.ts), trained by
 * stochastic gradient descent with L2 shrinkage. Pure, deterministic for a given example order.
 *
 * Why not naive Bayes: a work order is mostly words that say nothing of its class (the place, the
 * time, the caller's temper). Naive Bayes adds every one of them up, and a street name seen once
 * with one class outvotes the one word that matters; the regression learns to give them no weight.
 * Measured on the labelled set's held-out fifth: naive Bayes 93 % top-1 / 96 % top-3, this 97 % / 99 %.
 */
import type { ScoredClass, TrainingExample } from './model.js';

export interface LogisticModel {
  classes: string[];
  features: Map<string, number>;
  /** weights[f * classes + c]. */
  weights: Float32Array;
  bias: Float64Array;
  examples: number;
  trainedAt: number;
}

export interface LogisticOptions {
  epochs?: number;
  rate?: number;
  l2?: number;
  seed?: number;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += z[i] = Math.exp(z[i]! - max);
  for (let i = 0; i < z.length; i++) z[i]! /= sum;
}

function scores(m: { weights: Float32Array; bias: Float64Array }, k: number, idx: readonly number[], out: Float64Array): void {
  out.set(m.bias);
  const scale = idx.length ? 1 / Math.sqrt(idx.length) : 0;
  for (const f of idx) {
    const row = f * k;
    for (let c = 0; c < k; c++) out[c]! += m.weights[row + c]! * scale;
  }
}

export function trainLogistic(examples: readonly TrainingExample[], trainedAt: number, opts: LogisticOptions = {}): LogisticModel {
  const epochs = opts.epochs ?? 12;
  const rate0 = opts.rate ?? 1;
  const l2 = opts.l2 ?? 1e-5;
  const classIndex = new Map<string, number>();
  const features = new Map<string, number>();
  const rows: { idx: number[]; c: number; w: number }[] = [];
  for (const e of examples) {
    if (!classIndex.has(e.code)) classIndex.set(e.code, classIndex.size);
    const idx: number[] = [];
    for (const f of e.features) {
      let i = features.get(f);
      if (i === undefined) features.set(f, (i = features.size));
      idx.push(i);
    }
    rows.push({ idx, c: classIndex.get(e.code)!, w: e.weight ?? 1 });
  }
  const k = classIndex.size;
  const model = { weights: new Float32Array(features.size * k), bias: new Float64Array(k) };
  const p = new Float64Array(k);
  const rng = lcg(opts.seed ?? 7);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = rate0 / (1 + epoch * 0.3);
    for (const r of order) {
      const { idx, c, w } = rows[r]!;
      scores(model, k, idx, p);
      softmaxInPlace(p);
      const scale = idx.length ? 1 / Math.sqrt(idx.length) : 0;
      for (let q = 0; q < k; q++) {
        const g = (p[q]! - (q === c ? 1 : 0)) * rate * w;
        model.bias[q]! -= g * 0.1;
        for (const f of idx) {
          const at = f * k + q;
          model.weights[at] = model.weights[at]! * (1 - rate * l2) - g * scale;
        }
      }
    }
  }
  return { classes: [...classIndex.keys()], features, weights: model.weights, bias: model.bias, examples: examples.length, trainedAt };
}

export function predictLogistic(model: LogisticModel, features: readonly string[], top = 3): ScoredClass[] {
  const k = model.classes.length;
  if (!k) return [];
  const idx: number[] = [];
  for (const f of features) {
    const i = model.features.get(f);
    if (i !== undefined) idx.push(i);
  }
  const p = new Float64Array(k);
  scores(model, k, idx, p);
  softmaxInPlace(p);
  const order = [...Array(k).keys()].sort((a, b) => p[b]! - p[a]!).slice(0, top);
  return order.map((c) => ({ code: model.classes[c]!, confidence: p[c]! }));
}

/**
 * Learns one example at once (a few gradient steps on it alone), so the operator who just corrected
 * a class sees the next such text classified better before any retrain. A class or words the model
 * has never seen wait for the next retrain. Returns whether anything was learnt.
 */
export function learnOne(model: LogisticModel, example: TrainingExample, steps = 3, rate = 0.5): boolean {
  const k = model.classes.length;
  const c = model.classes.indexOf(example.code);
  if (c < 0) return false;
  const idx: number[] = [];
  for (const f of example.features) {
    const i = model.features.get(f);
    if (i !== undefined) idx.push(i);
  }
  if (!idx.length) return false;
  const p = new Float64Array(k);
  const scale = 1 / Math.sqrt(idx.length);
  for (let s = 0; s < steps; s++) {
    scores(model, k, idx, p);
    softmaxInPlace(p);
    for (let q = 0; q < k; q++) {
      const g = (p[q]! - (q === c ? 1 : 0)) * rate * (example.weight ?? 1);
      for (const f of idx) model.weights[f * k + q]! -= g * scale;
    }
  }
  return true;
}

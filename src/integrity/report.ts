/**
 * The integrity report (`GET /api/v1/integrity`, `cityloop verify`): every registered stream's chain
 * and row (a forged row, a broken chain), every sealed head against the store now (a stream cut
 * back, a sealed event rewritten, a whole record deleted), the seal chain itself and the sealed heads
 * against the last seal's root — and, given a seal kept outside the platform, the seal chain against it.
 */
import type { Db } from '../store/db.js';
import { registeredStreams } from '../workflow/registry.js';
import {
  CATEGORY_OF, checkExport, describeProblem, merkleRoot, SEAL_CHAIN, sortHeads, type Head, type Problem, type SealExport,
} from './model.js';
import * as repo from './repo.js';

export interface SealSummary {
  seq: number;
  at: number;
  hash: string;
  root: string;
  streams: number;
}

export interface IntegrityReport {
  ok: boolean;
  checkedAt: number;
  /** Streams and events checked, per kind. */
  kinds: Record<string, { streams: number; events: number }>;
  seals: {
    count: number;
    last: SealSummary | null;
    /** The last seal whose chain checks out: what the store is proven against. */
    lastGood: SealSummary | null;
  };
  counts: { forged: number; truncated: number; deleted: number; seal: number };
  problems: Problem[];
}

const summary = (s: repo.StoredSeal | undefined): SealSummary | null =>
  s ? { seq: s.seq, at: s.at, hash: s.hash, root: s.data.root, streams: s.data.streams } : null;

const ROW_PROBLEMS = new Set(['projection_mismatch', 'head_mismatch']);

export async function integrityReport(
  db: Db,
  now: number,
  opts: { against?: SealExport; onProgress?: (checked: number) => void } = {},
): Promise<IntegrityReport> {
  const problems: Problem[] = [];
  const add = (p: Omit<Problem, 'message' | 'messageEn'>) => problems.push(describeProblem(p));

  // 1. The seal chain, and its head row.
  const seals = await repo.seals(db);
  const chain = SEAL_CHAIN.verifyChain(seals);
  let good = seals.length;
  if (!chain.ok && chain.breaksAt) {
    good = chain.breaksAt.seq - 1;
    add({ problem: 'seal_chain_broken', seq: chain.breaksAt.seq, breaksAt: chain.breaksAt });
  } else {
    const head = await repo.chainHead(db);
    if (head && (head.version !== seals.length || head.lastHash !== chain.head)) {
      good = Math.min(head.version, seals.length);
      add({ problem: 'seal_chain_broken', seq: Math.min(head.version, seals.length) + 1 });
    }
  }
  const last = seals.at(-1);
  const lastGood = good > 0 ? seals[good - 1] : undefined;

  // 2. A seal kept outside: the chain must hold it, unchanged.
  if (opts.against) {
    const x = opts.against;
    const own = checkExport(x);
    const stored = seals.find((s) => s.seq === x.seal.seq);
    if (own.length || !stored || stored.hash !== x.seal.hash) add({ problem: 'seal_export_mismatch', seq: x.seal.seq, sealedAt: x.seal.at, sealSeq: x.seal.seq });
  }

  // 3. The sealed heads must give the last seal's root.
  const sealed = await repo.sealedHeads(db);
  if (last && chain.ok) {
    const heads = sortHeads(sealed.map((h): Head => [h.kind, h.id, h.version, h.hash]));
    if (heads.length !== last.data.streams || merkleRoot(heads) !== last.data.root) add({ problem: 'seal_heads_mismatch', seq: last.seq, sealedAt: last.at, sealSeq: last.seq });
  }
  // A seal file's heads are checked too: they are what an outside party holds.
  const outside = opts.against && checkExport(opts.against).length === 0 ? opts.against.heads : [];

  const kinds: IntegrityReport['kinds'] = {};
  let checked = 0;
  for (const stream of registeredStreams(db)) {
    const { kind, spec } = stream;
    kinds[kind] = { streams: 0, events: 0 };
    // 4. Every row: its chain, and the row against it.
    const codes = new Map<string, string>();
    let after: string | null = null;
    for (;;) {
      const ids = await repo.streamIdsAfter(db, spec, after, 500);
      if (ids.length === 0) break;
      for (const id of ids) {
        const r = await stream.check(id);
        kinds[kind].streams += 1;
        kinds[kind].events += r.events;
        if (r.code) codes.set(id, r.code);
        if (!r.ok) {
          const row = r.breaksAt && ROW_PROBLEMS.has(r.breaksAt.problem);
          add({ problem: row ? 'row_forged' : 'chain_broken', kind, id, ...(r.code ? { code: r.code } : {}), ...(r.breaksAt ? { seq: r.breaksAt.seq, breaksAt: r.breaksAt } : {}) });
        }
        checked += 1;
      }
      after = ids[ids.length - 1]!;
      opts.onProgress?.(checked);
    }
    // 5. Every sealed head of this kind against the store now (and the heads of an outside seal).
    const mine = new Map<string, { version: number; hash: string; sealedAt: number; sealSeq: number }>();
    for (const h of sealed) if (h.kind === kind) mine.set(h.id, { version: h.version, hash: h.hash, sealedAt: h.sealedAt, sealSeq: h.sealedSeq });
    for (const h of outside) {
      if (h[0] !== kind) continue;
      const inner = mine.get(h[1]);
      if (!inner || inner.version < h[2]) mine.set(h[1], { version: h[2], hash: h[3], sealedAt: opts.against!.seal.at, sealSeq: opts.against!.seal.seq });
    }
    const ids = [...mine.keys()];
    const versions = await repo.rowVersions(db, spec, ids);
    const pairs: Array<readonly [string, number]> = [];
    for (const id of ids) {
      const v = versions.get(id);
      const h = mine.get(id)!;
      if (v !== undefined && v >= h.version) pairs.push([id, h.version]);
    }
    const stored = await repo.eventHashes(db, spec, pairs);
    for (const id of ids) {
      const h = mine.get(id)!;
      const v = versions.get(id);
      const at = { sealedAt: h.sealedAt, sealSeq: h.sealSeq, kind, id, ...(codes.has(id) ? { code: codes.get(id)! } : {}) };
      if (v === undefined) add({ problem: 'deleted', ...at });
      else if (v < h.version) add({ problem: 'truncated', seq: v + 1, ...at });
      else if (stored.get(`${id}\0${h.version}`) !== h.hash) add({ problem: 'rewritten', seq: h.version, ...at });
    }
  }

  const counts = { forged: 0, truncated: 0, deleted: 0, seal: 0 };
  for (const p of problems) counts[CATEGORY_OF[p.problem]] += 1;
  return {
    ok: problems.length === 0, checkedAt: now, kinds,
    seals: { count: seals.length, last: summary(last), lastGood: summary(lastGood) },
    counts, problems,
  };
}

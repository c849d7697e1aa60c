/**
 * Sealing: gathers the head of every registered stream (src/workflow/registry.ts), checks that each
 * head that moved still continues the one sealed before (the event at the old head's seq still has
 * its hash) and that the row's head is an event that exists, builds the Merkle root over all heads and
 * writes it as the next event of the seal chain, with the heads it moved, in one transaction.
 *
 * A head that does not continue its sealed one — a stream cut back, rewritten or deleted since — is
 * not moved: the seal keeps the old head (so the next report still names the stream) and counts it
 * as refused. Heads are read off the rows outside the transaction: each one read is a head the
 * stream had at that moment, and the events it names never change (the chain says so).
 */
import { conflict } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { GENESIS_HASH } from '../workflow/chain.js';
import { registeredStreams } from '../workflow/registry.js';
import { makeSealEvent, merkleRoot, sortHeads, type Head, type SealData, type SealEvent } from './model.js';
import * as repo from './repo.js';

export interface Refusal {
  kind: string;
  id: string;
  reason: 'truncated' | 'rewritten' | 'deleted' | 'head_missing';
}

export interface SealResult {
  seal: SealEvent;
  /** Heads this seal would not move (see the file comment). */
  refused: Refusal[];
}

const ATTEMPTS = 5;

export async function sealNow(db: Db, actor: { id: string; role: string }, now: () => number): Promise<SealResult> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const head = (await repo.chainHead(db)) ?? { version: 0, lastHash: GENESIS_HASH, sealedAt: 0 };
    const sealed = new Map<string, repo.SealedHead>();
    for (const h of await repo.sealedHeads(db)) sealed.set(`${h.kind}\0${h.id}`, h);
    const heads: Head[] = [];
    const moved: Head[] = [];
    const refused: Refusal[] = [];
    const kinds: Record<string, number> = {};
    const streams = registeredStreams(db);
    const registered = new Set(streams.map((s) => s.kind));
    const seen = new Set<string>();
    for (const { kind, spec } of streams) {
      for await (const page of repo.currentHeads(db, spec)) {
        const candidates: Array<{ id: string; version: number; hash: string; prev: repo.SealedHead | undefined }> = [];
        for (const r of page) {
          const key = `${kind}\0${r.id}`;
          seen.add(key);
          const prev = sealed.get(key);
          if (prev && prev.version === r.version && prev.hash === r.hash) heads.push([kind, r.id, r.version, r.hash]);
          else candidates.push({ ...r, prev });
        }
        if (candidates.length === 0) continue;
        const pairs: Array<readonly [string, number]> = [];
        for (const c of candidates) {
          pairs.push([c.id, c.version]);
          if (c.prev && c.prev.version >= 1) pairs.push([c.id, c.prev.version]);
        }
        const stored = await repo.eventHashes(db, spec, pairs);
        for (const c of candidates) {
          const p = c.prev;
          let reason: Refusal['reason'] | null = null;
          if (p && c.version < p.version) reason = 'truncated';
          else if (p && stored.get(`${c.id}\0${p.version}`) !== p.hash) reason = 'rewritten';
          else if (stored.get(`${c.id}\0${c.version}`) !== c.hash) reason = 'head_missing';
          if (reason) {
            refused.push({ kind, id: c.id, reason });
            if (p) heads.push([kind, c.id, p.version, p.hash]);
          } else {
            const h: Head = [kind, c.id, c.version, c.hash];
            heads.push(h);
            moved.push(h);
          }
        }
      }
    }
    // Sealed streams with no row now keep their head: a seal never blesses a deletion.
    for (const [key, h] of sealed) {
      if (seen.has(key)) continue;
      heads.push([h.kind, h.id, h.version, h.hash]);
      if (registered.has(h.kind)) refused.push({ kind: h.kind, id: h.id, reason: 'deleted' });
    }
    for (const h of heads) kinds[h[0]] = (kinds[h[0]] ?? 0) + 1;
    sortHeads(heads);
    const data: SealData = { root: merkleRoot(heads), streams: heads.length, kinds, changed: moved.length, refused: refused.length };
    const event = makeSealEvent(head, data, actor, now());
    if (await repo.writeSeal(db, head.version, event, moved)) return { seal: event, refused };
  }
  throw conflict('SEAL_CONFLICT', '其他进程正在封存，请稍后重试', 'Another process is sealing; try again shortly');
}

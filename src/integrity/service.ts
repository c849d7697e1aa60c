/**
 * The integrity service: seals on a timer and on demand, the integrity report, seal export files.
 * Sealing and the report run over every stream kind registered by the kit's stores
 * (src/workflow/registry.ts): cases today, any capability built on the kit from its first record.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceDeps } from '../core/deps.js';
import { notFound } from '../core/errors.js';
import { HOW_TO_CHECK, SEAL_CHAIN, sortHeads, type Head, type SealExport } from './model.js';
import { integrityReport, type IntegrityReport } from './report.js';
import * as repo from './repo.js';
import { sealNow, type SealResult } from './seal.js';
import { requestTimestamp } from './tsa.js';

export interface IntegrityService {
  /** Seals the heads of every stream now; `actor` is who asked (the timer: system). */
  seal(actor?: { id: string; role: string }): Promise<SealResult>;
  /** Every chain, row and sealed head checked; `against` is a seal file kept outside the platform. */
  report(opts?: { against?: SealExport; onProgress?: (checked: number) => void }): Promise<IntegrityReport>;
  /** The latest seals, newest first. */
  seals(limit: number): Promise<repo.StoredSeal[]>;
  /** A seal as a file for an outside party; the latest one (with every head it covers) when `seq` is not given. */
  exportSeal(seq?: number, opts?: { heads?: boolean }): Promise<SealExport>;
  /** Seals every `config.sealMinutes` (no-op at 0). Returns a stopper. */
  startTimer(): () => void;
}

const SYSTEM = { id: 'system', role: 'system' };

export function createIntegrityService(deps: ServiceDeps): IntegrityService {
  const { db, clock, config, logger } = deps;

  async function exportSeal(seq?: number, opts: { heads?: boolean } = {}): Promise<SealExport> {
    const head = await repo.chainHead(db);
    const want = seq ?? head?.version ?? 0;
    const s = want > 0 ? await repo.sealAt(db, want) : undefined;
    if (!s) throw notFound('SEAL_NOT_FOUND', '没有这次封存', 'No such seal', { seq: want });
    const { timestampToken, ...seal } = s;
    // The heads the root covers are the sealed heads as they stand: those of the latest seal only.
    let heads: Head[] = [];
    if (opts.heads !== false && head && s.seq === head.version) heads = sortHeads((await repo.sealedHeads(db)).map((h): Head => [h.kind, h.id, h.version, h.hash]));
    const out: SealExport = { format: 'cityloop-seal', version: 1, seal, canonical: SEAL_CHAIN.canonicalEvent(seal), heads, howToCheck: HOW_TO_CHECK };
    if (timestampToken) out.timestampToken = timestampToken;
    return out;
  }

  /** After a seal: a timestamp authority's token over its hash, and its file in the seal directory. Failures are logged, never undo the seal. */
  async function handOut(r: SealResult): Promise<void> {
    if (config.tsaUrl) {
      try {
        const token = await requestTimestamp(config.tsaUrl, r.seal.hash);
        await repo.setTimestampToken(db, r.seal.seq, token);
      } catch (e) {
        logger.error({ err: e, seq: r.seal.seq }, 'timestamp authority did not countersign the seal');
      }
    }
    if (config.sealDir) {
      try {
        await mkdir(config.sealDir, { recursive: true });
        const file = path.join(config.sealDir, `seal-${String(r.seal.seq).padStart(8, '0')}.json`);
        await writeFile(`${file}.tmp`, JSON.stringify(await exportSeal(r.seal.seq)));
        await rename(`${file}.tmp`, file);
      } catch (e) {
        logger.error({ err: e, seq: r.seal.seq }, 'could not write the seal file');
      }
    }
  }

  async function seal(actor = SYSTEM): Promise<SealResult> {
    const r = await sealNow(db, actor, () => clock.now());
    if (r.refused.length) logger.error({ refused: r.refused.slice(0, 20), count: r.refused.length }, 'seal refused heads that do not continue their sealed ones: run cityloop verify');
    await handOut(r);
    return r;
  }

  return {
    seal,
    report: (opts = {}) => integrityReport(db, clock.now(), opts),
    seals: (limit) => repo.latestSeals(db, Math.min(500, Math.max(1, limit))),
    exportSeal,
    startTimer() {
      if (!config.sealMinutes) return () => undefined;
      let running = false;
      const t = setInterval(() => {
        if (running) return;
        running = true;
        seal().catch((e: unknown) => logger.error({ err: e }, 'sealing failed')).finally(() => { running = false; });
      }, config.sealMinutes * 60_000);
      t.unref();
      return () => clearInterval(t);
    },
  };
}

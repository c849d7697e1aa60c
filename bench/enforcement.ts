/**
 * Benchmark enforcement: (1) penalty cases per second through the whole general procedure on the
 * real service — clue → 立案 → 调查取证 → 调查终结 → 处理意见 → 告知, then (after the rights period)
 * 提请决定 → 决定 → 行政处罚决定书 (PDF) → 送达 → 缴款 → 结案 → 归档 → 案卷评查 → 公示: 14 hash-chained
 * events and one PDF per case; (2) legal documents per second: the same 决定书 rendered with the font
 * parsed for each document (what pdfkit does when handed the font bytes) and with the parsed font
 * kept across documents (src/enforcement/documents/render.ts). The procedure runs on SQLite and, when
 * CITYLOOP_TEST_PG_URL or DATABASE_URL (postgres://…) is set, on PostgreSQL in a schema of its own too.
 * Env: CITYLOOP_BENCH_PENALTY_CASES (default 100), CITYLOOP_BENCH_DOCS (default 40).
 */
import os from 'node:os';
import { type AppContext } from '../src/app.js';
import { DAY_MS } from '../src/core/time.js';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import type { User } from '../src/auth/model.js';
import { specOf } from '../src/enforcement/documents/kinds.js';
import { renderPdf, renderPdfUncached } from '../src/enforcement/documents/render.js';
import { openBenchStore, benchPgUrl } from './bench-store.js';

const START = Date.parse('2026-03-02T09:00:00+08:00');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

type Store = 'sqlite' | 'postgres';

const openStore = (kind: Store, pgUrl?: string) => openBenchStore(kind, pgUrl, { name: 'enf', start: START });

/** (1) The procedure, in two halves around the rights period, on one store. */
async function procedure(kind: Store, pgUrl: string | undefined, n: number, progress: OnProgress, sampleFor?: (ctx: AppContext, id: string, now: number) => Promise<void>) {
  const { ctx, clock, close } = await openStore(kind, pgUrl);
  try {
    await ctx.geo.seedDemo();
    await ctx.geo.load();
    await ctx.catalog.seedDemo();
    await ctx.auth.seedDemoAccounts(await ctx.catalog.listUnits());
    await ctx.enforcement.seedDemo((u) => ctx.auth.findByUsername(u));
    const who = async (u: string): Promise<User> => (await ctx.auth.findByUsername(u))!;
    const [enforcer, enforcer2, leader, reviewer] = [await who('enforcer'), await who('enforcer2'), await who('leader'), await who('legalreviewer')];
    const point = (await ctx.geo.listGrids({ limit: 1, districtCode: '350203' } as never))[0]!.label;
    const photo = (await ctx.files.saveBuffer(PNG, { uploadedBy: enforcer.id })).sha256;
    const e = ctx.enforcement;
    type P = { id: string; version: number };
    const act = async (u: User, p: P, action: string, body: Record<string, unknown> = {}) => e.act(u, p.id, action, body, p.version);
    const t0 = process.hrtime.bigint();
    const open: P[] = [];
    for (let i = 0; i < n; i++) {
      let p: P = (await e.openClue({ source: 'patrol', summary: `巡查发现擅自设置户外广告 ${i}`, address: '思明区中山路', lon: point.lon, lat: point.lat, evidence: [photo] }, { actorId: enforcer.id, role: 'enforcer' })).penaltyCase;
      p = await act(leader, p, 'file', { violationCode: 'GG-001', party: { kind: 'person', name: `当事人${i}`, idNumber: '350203198507154321' }, officerIds: [enforcer.id, enforcer2.id], opinion: '同意立案', occurredAt: '2026-02-20T10:00:00+08:00' });
      p = await act(enforcer, p, 'record_evidence', { kind: 'inspection', note: '现场检查', files: [photo], officerIds: [enforcer.id, enforcer2.id] });
      p = await act(enforcer, p, 'finish_investigation', { summary: '事实清楚' });
      p = await act(enforcer, p, 'propose', { facts: { areaM2: 30, firstTime: true } });
      p = await act(enforcer, p, 'notify');
      open.push(p);
      progress(i + 1, 2 * n, `procedure ${kind}`);
    }
    const firstHalf = ms(t0);
    clock.set(START + 10 * DAY_MS);
    const t1 = process.hrtime.bigint();
    let pdfMs = 0;
    for (const [i, p0] of open.entries()) {
      let p: P = await act(enforcer, p0, 'submit');
      p = await act(leader, p, 'decide', { outcome: 'penalty' });
      const d0 = process.hrtime.bigint();
      p = (await e.documents.issue(enforcer, p.id, 'decision')).penaltyCase;
      pdfMs += ms(d0);
      p = await act(enforcer, p, 'serve', { method: 'direct', receipt: photo });
      p = await act(enforcer, p, 'pay', { amountFen: 6_000_00, receiptNo: `R${i}` });
      p = await act(leader, p, 'close', { summary: '已缴清罚款，建议结案' });
      p = await act(enforcer, p, 'archive', { volumes: 1 });
      p = await act(reviewer, p, 'file_review', { score: 90 });
      await act(enforcer, p, 'publish');
      progress(n + i + 1, 2 * n, `procedure ${kind}`);
    }
    const totalMs = firstHalf + ms(t1);
    const events = n * 15;
    if (sampleFor) await sampleFor(ctx, open[0]!.id, clock.now());
    return {
      cases: n, events, ms: Math.round(totalMs), casesPerSec: Math.round((n / totalMs) * 1000 * 10) / 10, eventsPerSec: Math.round((events / totalMs) * 1000),
      decisionPdfMs: Math.round(pdfMs), pdfShare: Math.round((pdfMs / totalMs) * 100) / 100,
      writesMsPerCase: Math.round(((totalMs - pdfMs) / n) * 10) / 10,
    };
  } finally {
    await close();
  }
}

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const n = Number(process.env.CITYLOOP_BENCH_PENALTY_CASES ?? 100);
  const docs = Number(process.env.CITYLOOP_BENCH_DOCS ?? 40);
  const pgUrl = benchPgUrl();
  let spec: ReturnType<typeof specOf> | undefined;
  const loadBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const sqlite = await procedure('sqlite', undefined, n, progress, async (ctx, id, now) => {
    spec = specOf((await ctx.enforcement.store.load(id))!, 'decision', '厦思城罚〔2026〕1号', 1, now);
  });
  const postgres = pgUrl ? await procedure('postgres', pgUrl, n, progress) : 'skipped: set CITYLOOP_TEST_PG_URL or DATABASE_URL';

  // (2) Documents: the same 决定书, font parsed per document vs kept.
  await renderPdf(spec!);
  const timeDocs = async (render: typeof renderPdf) => {
    const s = process.hrtime.bigint();
    let bytes = 0;
    for (let i = 0; i < docs; i++) bytes += (await render(spec!)).length;
    const took = ms(s);
    return { docs, ms: Math.round(took), perSec: Math.round((docs / took) * 1000 * 10) / 10, msPerDoc: Math.round((took / docs) * 10) / 10, meanBytes: Math.round(bytes / docs) };
  };
  const uncached = await timeDocs(renderPdfUncached);
  const cached = await timeDocs(renderPdf);
  return {
    procedure: { sqlite, postgres },
    documents: { fontParsedPerDocument: uncached, fontKept: cached, speedup: Math.round((cached.perSec / uncached.perSec) * 10) / 10 },
    load: { before: loadBefore, after: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    cpus: os.cpus().length,
  };
}

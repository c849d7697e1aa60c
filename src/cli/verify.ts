/** `cityloop verify`: every record's chain and row, the sealed heads and the seal chain (src/integrity/report.ts), each problem named for a person. */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import type { ChainBreak } from '../cases/chain.js';
import { withContext } from './context.js';
import { createProgress } from './progress.js';
import { readFile } from 'node:fs/promises';
import type { SealExport } from '../integrity/model.js';
import { toShanghaiIso } from '../core/time.js';

export type BreakKind = ChainBreak['problem'] | 'unknown';

/** What each kind of break means, in both languages. */
export const BREAK_KINDS: Record<BreakKind, { zh: string; en: string }> = {
  seq_gap: { zh: '流转记录缺号：有记录被删除', en: 'a numbered event is missing: a record was deleted' },
  prev_hash_mismatch: { zh: '前后记录对不上：有记录被删除、插入或调换', en: 'an event does not follow its predecessor: a record was deleted, inserted or reordered' },
  hash_mismatch: { zh: '记录内容与其哈希不符：有记录被改动', en: 'an event’s content does not match its hash: a record was altered' },
  head_mismatch: { zh: '数据行与流转记录的最后一条不符：末尾记录被删除，或数据行被改动', en: 'the row does not point at the last event: events were removed from the end, or the row was edited' },
  projection_mismatch: { zh: '案卷数据与其流转记录不符：案卷行被改动（列表、地图和评价显示的是伪造内容）', en: 'the case row does not match its events: the row was edited (lists, the map and evaluation show a forgery)' },
  unknown: { zh: '记录损坏', en: 'the record is damaged' },
};

export interface BrokenCase {
  caseId: string;
  code: string;
  /** seq_gap | prev_hash_mismatch | hash_mismatch. */
  kind: BreakKind;
  /** The event number where the chain first breaks. */
  seq: number | null;
  problem: string;
  problemEn: string;
  breaksAt: ChainBreak | undefined;
}

export function describeBreak(b: { caseId: string; code: string; breaksAt?: ChainBreak | undefined }): BrokenCase {
  const kind: BreakKind = b.breaksAt?.problem ?? 'unknown';
  const seq = b.breaksAt?.seq ?? null;
  const at = seq === null ? '' : `第 ${seq} 条：`;
  return {
    caseId: b.caseId,
    code: b.code,
    kind,
    seq,
    problem: `${b.code} ${at}${BREAK_KINDS[kind].zh}`,
    problemEn: `${b.code}${seq === null ? '' : ` event ${seq}`}: ${BREAK_KINDS[kind].en}`,
    breaksAt: b.breaksAt,
  };
}

export function verifyCommand(program: Command, config: () => Config): void {
  program
    .command('verify')
    .description('check every record: hash chains, rows against their events, sealed heads (cut-off tails, deleted records) and the seal chain (校验全部记录)')
    .option('--json', 'print the result as JSON only')
    .option('--against <file>', 'also check the store against a seal file kept outside the platform (cityloop seal --export)')
    .action(async (o: { json?: boolean; against?: string }) => {
      const against = o.against ? await readSealFile(o.against) : undefined;
      await withContext(config(), async (ctx) => {
        const progress = createProgress('verify 校验');
        const r = await ctx.integrity.report({ ...(against ? { against } : {}), onProgress: (checked) => progress.update(checked, 0, 'records') });
        const cases = r.kinds.case ?? { streams: 0, events: 0 };
        progress.finish(`${Object.values(r.kinds).reduce((n, k) => n + k.streams, 0)} records`);
        // Case chain breaks keep their earlier shape (`broken`); everything else is in `problems`.
        const broken = r.problems.filter((p) => p.kind === 'case' && p.breaksAt).map((p) => describeBreak({ caseId: p.id!, code: p.code ?? p.id!, breaksAt: p.breaksAt }));
        const last = r.seals.lastGood;
        const sealedAt = last ? `${toShanghaiIso(last.at)} (#${last.seq})` : null;
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ cases: cases.streams, events: cases.events, ok: r.ok, broken, integrity: r }, null, 2)}\n`);
        } else {
          const total = Object.entries(r.kinds).map(([k, v]) => `${v.streams} ${k}`).join(', ') || 'no records';
          process.stdout.write(`checked ${total}; ${r.seals.count} seal(s), last good seal ${sealedAt ?? 'none 尚无封存'}\n`);
          if (r.ok) process.stdout.write(`all intact 全部完整\n`);
          else {
            const c = r.counts;
            process.stdout.write(`${r.problems.length} problem(s) 发现问题: ${c.forged} forged 伪造/改动, ${c.truncated} truncated 截断, ${c.deleted} deleted 删除, ${c.seal} seal 封存\n`);
            for (const p of r.problems) process.stdout.write(`  ${p.message}\n    ${p.messageEn}\n`);
          }
        }
        process.exitCode = r.ok ? 0 : 1;
      });
    });
}

async function readSealFile(file: string): Promise<SealExport> {
  return JSON.parse(await readFile(file, 'utf8')) as SealExport;
}

/** `cityloop verify`: every case's hash chain, with the kind of each break named for a person. */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import type { ChainBreak } from '../cases/chain.js';
import { withContext } from './context.js';
import { createProgress } from './progress.js';

export type BreakKind = ChainBreak['problem'] | 'unknown';

/** What each kind of break means, in both languages. */
export const BREAK_KINDS: Record<BreakKind, { zh: string; en: string }> = {
  seq_gap: { zh: '流转记录缺号：有记录被删除', en: 'a numbered event is missing: a record was deleted' },
  prev_hash_mismatch: { zh: '前后记录对不上：有记录被删除、插入或调换', en: 'an event does not follow its predecessor: a record was deleted, inserted or reordered' },
  hash_mismatch: { zh: '记录内容与其哈希不符：有记录被改动', en: 'an event’s content does not match its hash: a record was altered' },
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
    .description('recompute the hash chain of every case and name each break (校验全部案卷流转记录)')
    .option('--json', 'print the result as JSON only')
    .action(async (o: { json?: boolean }) => {
      await withContext(config(), async (ctx) => {
        const progress = createProgress('verify 校验');
        const r = await ctx.cases.verifyAllCases((checked) => progress.update(checked, 0, 'cases'));
        progress.finish(`${r.cases} cases`);
        const broken = r.broken.map(describeBreak);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ cases: r.cases, events: r.events, ok: r.ok, broken }, null, 2)}\n`);
        } else if (r.ok) {
          process.stdout.write(`all ${r.cases} cases intact (${r.events} events) 全部 ${r.cases} 件案卷完整\n`);
        } else {
          process.stdout.write(`${broken.length} of ${r.cases} case(s) broken 案卷记录被篡改或损坏：\n`);
          for (const b of broken) process.stdout.write(`  ${b.problem}\n    ${b.problemEn}\n`);
        }
        process.exitCode = r.ok ? 0 : 1;
      });
    });
}

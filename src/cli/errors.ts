import { isAppError } from '../core/errors.js';

/** What a failed command prints: the code and both languages, and every row error of a refused file. */
export function describeFailure(e: unknown): string {
  if (!isAppError(e)) return e instanceof Error ? e.message : String(e);
  const lines = [`${e.code}: ${e.messageZh}`, `  ${e.messageEn}`];
  const details = e.details as { errors?: Array<{ message: string }>; total?: number } | undefined;
  if (details?.errors?.length) {
    for (const r of details.errors) lines.push(`  - ${r.message}`);
    if (details.total && details.total > details.errors.length) lines.push(`  … ${details.total - details.errors.length} more 另有 ${details.total - details.errors.length} 处`);
  }
  return lines.join('\n');
}

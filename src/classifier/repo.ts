/** The classifier's SQL: the labelled texts and the decisions. */
import type { Executor } from '../store/db.js';
import type { ClassifierExamplesTable } from './tables.js';

export type ExampleRow = ClassifierExamplesTable;

const num = (v: unknown): number => Number(v);

export function createClassifierRepo(db: Executor) {
  return {
    async insert(rows: readonly ExampleRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db.insertInto('classifier_examples').values(rows.slice(i, i + 500)).execute();
      }
    },

    /** Every labelled text, oldest first (the order training sees them in before shuffling). */
    async all(): Promise<Pick<ExampleRow, 'text' | 'code' | 'origin'>[]> {
      return db.selectFrom('classifier_examples').select(['text', 'code', 'origin']).orderBy('created_at').orderBy('id').execute();
    },

    async countByOrigin(): Promise<Record<string, number>> {
      const rows = await db.selectFrom('classifier_examples').select(['origin', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('origin').execute();
      return Object.fromEntries(rows.map((r) => [r.origin, num(r.n)]));
    },

    /** Decisions where something was proposed, and how many kept the proposal. */
    async decisionTally(): Promise<{ proposed: number; kept: number }> {
      const rows = await db
        .selectFrom('classifier_examples')
        .select([(eb) => eb.fn.countAll<string>().as('n'), 'code', 'proposed_code'])
        .where('origin', '=', 'decision')
        .where('proposed_code', 'is not', null)
        .groupBy(['code', 'proposed_code'])
        .execute();
      let proposed = 0;
      let kept = 0;
      for (const r of rows) {
        proposed += num(r.n);
        if (r.code === r.proposed_code) kept += num(r.n);
      }
      return { proposed, kept };
    },

    async recentDecisions(limit: number): Promise<ExampleRow[]> {
      return db.selectFrom('classifier_examples').selectAll().where('origin', '=', 'decision').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
  };
}

export type ClassifierRepo = ReturnType<typeof createClassifierRepo>;

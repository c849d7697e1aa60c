import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** Whether a suite around the test failed (a beforeAll or afterAll that threw: its tests never ran). */
function inFailedSuite(t: TestCase): boolean {
  for (let p = t.parent; p.type === 'suite'; p = p.parent) if (p.state() === 'failed') return true;
  return false;
}

/**
 * Ends the run with one plain line CI can read: "N passed, N failed, N skipped". A test whose suite
 * failed around it (a hook threw) counts as failed, not skipped; so does a file that failed with no
 * failed test (an error at import).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed += 1;
        else if (s === 'failed' || inFailedSuite(t)) failedHere += 1;
        else skipped += 1;
      }
      if (m.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

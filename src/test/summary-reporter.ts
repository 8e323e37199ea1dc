import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Why something counts as failed beyond its failed tests: one line per failed file or unhandled error. */
  notes: string[];
}

const firstLine = (e: SerializedError | undefined) =>
  (e?.message ?? e?.name ?? 'unknown error').split('\n')[0].slice(0, 200);

/**
 * Counts the tests of a run. Every failed test counts once. A test file that failed although none of
 * its tests did (a syntax or import error, a throwing beforeAll/afterAll – whose tests then show as
 * skipped or even passed –, a module that could not be collected) counts as one more failure, and so
 * does every unhandled error Vitest reports for the run.
 */
export function summarise(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError> = [],
): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0, notes: [] };
  for (const m of modules) {
    let failedTests = 0;
    for (const t of m.children.allTests()) {
      const s = t.result().state;
      if (s === 'passed') summary.passed++;
      else if (s === 'failed') {
        summary.failed++;
        failedTests++;
      } else summary.skipped++;
    }
    const suiteErrors = [...m.children.allSuites()].flatMap((s) => s.errors());
    const suiteFailed = [...m.children.allSuites()].some((s) => s.state() === 'failed');
    const errors = [...m.errors(), ...suiteErrors];
    if (failedTests === 0 && (m.state() === 'failed' || suiteFailed || errors.length > 0)) {
      summary.failed++;
      summary.notes.push(`failed file: ${m.relativeModuleId} – ${firstLine(errors[0])}`);
    }
  }
  for (const e of unhandledErrors) {
    summary.failed++;
    summary.notes.push(`unhandled error: ${firstLine(e)}`);
  }
  return summary;
}

/** Prints the closing line CI reads: "N passed, N failed, N skipped" (after a note per extra failure). */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []) {
    const s = summarise(modules, unhandledErrors);
    const notes = s.notes.map((n) => `${n}\n`).join('');
    process.stdout.write(`\n${notes}${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped\n`);
  }
}

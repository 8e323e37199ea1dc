import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerializedError, TestModule } from 'vitest/node';
import { summarise } from './summary-reporter.ts';

type State = 'passed' | 'failed' | 'skipped' | 'pending';
interface FakeSuite {
  state?: State;
  errors?: string[];
}

/** Just the parts of a Vitest TestModule the reporter reads. */
function fakeModule(
  name: string,
  o: { state: State; tests?: State[]; errors?: string[]; suites?: FakeSuite[] },
): TestModule {
  const err = (message: string): SerializedError => ({ message, name: 'Error', stack: '' });
  const tests = (o.tests ?? []).map((state) => ({ result: () => ({ state }) }));
  const suites = (o.suites ?? []).map((s) => ({
    state: () => s.state ?? 'passed',
    errors: () => (s.errors ?? []).map(err),
  }));
  return {
    relativeModuleId: name,
    state: () => o.state,
    errors: () => (o.errors ?? []).map(err),
    children: {
      *allTests() {
        yield* tests;
      },
      *allSuites() {
        yield* suites;
      },
    },
  } as unknown as TestModule;
}

const counts = (s: ReturnType<typeof summarise>) => [s.passed, s.failed, s.skipped];

describe('summarise', () => {
  it('counts passed, failed and skipped tests', () => {
    const s = summarise([
      fakeModule('a.test.ts', { state: 'passed', tests: ['passed', 'passed', 'skipped'] }),
      fakeModule('b.test.ts', { state: 'failed', tests: ['failed', 'passed'] }),
    ]);
    expect(counts(s)).toEqual([3, 1, 1]);
    expect(s.notes).toEqual([]);
  });

  it('counts a file that failed to load (no tests) as failed', () => {
    const s = summarise([fakeModule('syntax.test.ts', { state: 'failed', errors: ['Unexpected token'] })]);
    expect(counts(s)).toEqual([0, 1, 0]);
    expect(s.notes).toEqual(['failed file: syntax.test.ts – Unexpected token']);
  });

  it('counts a file whose afterAll threw as failed although its tests passed', () => {
    const s = summarise([
      fakeModule('after.test.ts', { state: 'failed', tests: ['passed', 'passed'], errors: ['after boom'] }),
    ]);
    expect(counts(s)).toEqual([2, 1, 0]);
  });

  it('counts a file whose beforeAll threw as failed although its tests were only skipped', () => {
    const s = summarise([
      fakeModule('before.test.ts', {
        state: 'failed',
        tests: ['skipped', 'skipped'],
        errors: ['before boom'],
      }),
    ]);
    expect(counts(s)).toEqual([0, 1, 2]);
  });

  it('counts a failed describe block (its beforeAll threw) even when the file state says passed', () => {
    const s = summarise([
      fakeModule('suite.test.ts', {
        state: 'passed',
        tests: ['skipped', 'passed'],
        suites: [{ state: 'failed', errors: ['suite boom'] }],
      }),
    ]);
    expect(counts(s)).toEqual([1, 1, 1]);
    expect(s.notes).toEqual(['failed file: suite.test.ts – suite boom']);
  });

  it('does not count a file twice when one of its tests failed', () => {
    const s = summarise([
      fakeModule('both.test.ts', { state: 'failed', tests: ['failed'], errors: ['after boom'] }),
    ]);
    expect(counts(s)).toEqual([0, 1, 0]);
  });

  it('counts every unhandled error of the run as failed', () => {
    const s = summarise(
      [fakeModule('ok.test.ts', { state: 'passed', tests: ['passed'] })],
      [{ message: 'late boom\nat somewhere', name: 'Error' } as SerializedError],
    );
    expect(counts(s)).toEqual([1, 1, 0]);
    expect(s.notes).toEqual(['unhandled error: late boom']);
  });
});

describe('the reporter in a real Vitest run', () => {
  // Test files that fail in every way a file can fail, run by a child Vitest with only this reporter.
  const FILES: Record<string, string> = {
    'pass.fx.js': "it('passes', () => { expect(1).toBe(1); });",
    'fail.fx.js': "it('fails', () => { expect(1).toBe(2); });",
    'syntax.fx.js': "it('never parsed', () => { expect(1).toBe(1)",
    'import-error.fx.js': "throw new Error('import boom');\nit('never collected', () => {});",
    'before-all.fx.js':
      "beforeAll(() => { throw new Error('before boom'); });\nit('skipped by the hook', () => { expect(1).toBe(1); });",
    'after-all.fx.js':
      "afterAll(() => { throw new Error('after boom'); });\nit('passes, then the hook throws', () => { expect(1).toBe(1); });",
    'unhandled.fx.js':
      "it('passes, but leaves an error behind', () => { setTimeout(() => { throw new Error('unhandled boom'); }, 0); expect(1).toBe(1); });\n" +
      "it('waits', async () => { await new Promise((r) => setTimeout(r, 100)); });",
  };
  let dir: string;
  let out: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quartier-reporter-'));
    const reporter = fileURLToPath(new URL('./summary-reporter.ts', import.meta.url));
    writeFileSync(
      join(dir, 'vitest.config.mjs'),
      `export default { test: { globals: true, include: ['*.fx.js'], reporters: [${JSON.stringify(reporter)}] } };\n`,
    );
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), `${text}\n`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
    const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
    const run = promisify(execFile)(
      process.execPath,
      [vitest, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')],
      { env: { ...env, NO_COLOR: '1', CI: 'true' }, cwd: dir },
    );
    // The child exits with 1 (its tests fail on purpose); its output is what counts.
    out = await run.then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? '',
    );
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one failure per failed test, failed file and unhandled error', () => {
    // pass: 1 passed; fail: 1 failed; syntax, import-error: 1 failed each; before-all: 1 skipped +
    // 1 failed file; after-all: 1 passed + 1 failed file; unhandled: 2 passed + 1 unhandled error.
    expect(out.trim().split('\n').at(-1)).toBe('4 passed, 6 failed, 1 skipped');
    for (const name of ['syntax.fx.js', 'import-error.fx.js', 'before-all.fx.js', 'after-all.fx.js'])
      expect(out).toContain(`failed file: ${name}`);
    expect(out).toContain('unhandled error: unhandled boom');
    expect(out).not.toContain('failed file: fail.fx.js');
    expect(out).not.toContain('failed file: pass.fx.js');
  });
});

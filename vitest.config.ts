import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Projects: "unit" = every test on embedded PGlite; "pg" = the database tests (*.db.test.ts) again on
// the PostgreSQL server in TEST_DATABASE_URL (only when set); "e2e" = browser journeys (need chromium).
const pg = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    reporters: ['default', './src/test/summary-reporter.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    setupFiles: ['./src/test/setup.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker less than the cores: one on a 2-core machine, where the main
    // process mostly waits. Two workers there (tests wait on the database and the browser as well).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          env: { QUARTIER_TEST_ENGINE: 'pglite' },
          pool: 'forks',
          isolate: false,
        },
      },
      ...(pg
        ? [
            {
              extends: true as const,
              test: {
                name: 'pg',
                include: ['src/**/*.db.test.ts', 'src/**/*.db.test.tsx', 'test/**/*.db.test.ts'],
                env: { QUARTIER_TEST_ENGINE: 'postgres' },
                pool: 'forks' as const,
                isolate: false,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          env: { QUARTIER_TEST_ENGINE: 'pglite' },
          pool: 'forks',
          testTimeout: 60_000,
        },
      },
    ],
  },
});

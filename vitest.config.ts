import { defineConfig } from 'vitest/config';

// Projects: "unit" = every test on embedded PGlite; "pg" = the database tests (*.db.test.ts) again on
// the PostgreSQL server in TEST_DATABASE_URL (only when set); "e2e" = browser journeys (need chromium).
const pg = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    reporters: ['default', './src/test/summary-reporter.ts'],
    globalSetup: ['./src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          env: { QUARTIER_TEST_ENGINE: 'pglite' },
          pool: 'forks',
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
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});

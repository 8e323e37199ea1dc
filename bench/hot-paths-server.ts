/**
 * The server under test for bench/hot-paths.ts, in its own process so that its CPU time, SQL
 * statements and memory are its own (the load generator runs in the parent).
 *
 * Starts the app on 127.0.0.1 (embedded PGlite in a fresh data folder, or PostgreSQL when
 * BENCH_DATABASE_URL is set — an empty database), seeds the Berlin demo and the shared calendar data
 * set (tenant `bench`, 10,000 events in area B001), makes an administrator with an API token for the
 * JSON API, then tells the parent over IPC where to find everything. Its job worker does not run
 * (WORKER_IN_PROCESS=0), so the statements counted are the requests'.
 *
 * IPC: parent → `{ type: 'stats' }` → `{ type: 'stats', cpuUs, sql, rssMb, peakRssMb }`;
 * parent → `{ type: 'stop' }` closes the server and exits.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../src/app/seed-demo.ts';
import { addMembership } from '../src/modules/access/index.ts';
import { createApiToken, createUser } from '../src/modules/identity/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { sqlStatementCount } from '../src/platform/db/index.ts';
import { startServer } from '../src/server.ts';
import { generateDataset, seedDataset } from './events.ts';

export interface ReadyMessage {
  type: 'ready';
  engine: 'pglite' | 'postgres';
  base: string;
  token: string;
  benchArea: string;
  seedMs: number;
}

export interface StatsMessage {
  type: 'stats';
  cpuUs: number;
  sql: number;
  rssMb: number;
  peakRssMb: number;
}

function memory(): { rssMb: number; peakRssMb: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

async function main() {
  const send = (m: ReadyMessage | StatsMessage) => process.send?.(m);
  const pgUrl = process.env.BENCH_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'quartier-bench-hot-'));
  const config = loadConfig(
    {
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: '0',
      WORKER_IN_PROCESS: '0',
      ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
    } as NodeJS.ProcessEnv,
    { port: 0, host: '127.0.0.1' },
  );
  const server = await startServer(config, { quiet: true });
  const { db } = server.services;
  const t0 = performance.now();
  await seedDemo(server.services);
  const { tenant, area } = await seedDataset(db, generateDataset(dir));
  const admin = await createUser(db, { email: 'bench-admin@example.org', name: 'Bench', verified: true });
  await addMembership(db, { tenantId: tenant.id, userId: admin.id, role: 'admin' });
  const { token } = await createApiToken(db, tenant.id, admin.id, 'bench');
  const seedMs = Math.round(performance.now() - t0);
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'stats') {
      const cpu = process.cpuUsage();
      send({ type: 'stats', cpuUs: cpu.user + cpu.system, sql: sqlStatementCount(), ...memory() });
    } else if (m.type === 'stop') {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  send({
    type: 'ready',
    engine: pgUrl ? 'postgres' : 'pglite',
    base: server.url,
    token,
    benchArea: area.slug,
    seedMs,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

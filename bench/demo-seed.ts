/**
 * Demo seed bench: how long the module demo seeds take on a fresh tenant (embedded PGlite, or
 * DEMO_SEED_BENCH_DATABASE_URL for an empty PostgreSQL database that may be overwritten) — network,
 * events and website, each timed on its own, with the same two areas the website tests use. The
 * brief's target is under a second for events and website together; the figure is measured and
 * reported here, not asserted in a test (a test would fail or skip on a slow or busy machine).
 *
 * Standalone: `npx tsx bench/demo-seed.ts`; `npm run bench` calls benchDemoSeed() after its own part.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAreaByKey, upsertAreas } from '../src/modules/areas/index.ts';
import { seedDemoEvents } from '../src/modules/events/index.ts';
import { seedDemoNetwork } from '../src/modules/network/index.ts';
import { createTenant } from '../src/modules/tenancy/index.ts';
import { seedDemoWebsite } from '../src/modules/website/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createServices } from '../src/server.ts';

export interface DemoSeedBenchFigures {
  engine: 'pglite' | 'postgres';
  networkMs: number;
  eventsMs: number;
  websiteMs: number;
  /** Events and website together: the figure the brief sets a one-second target for. */
  eventsAndWebsiteMs: number;
  totalMs: number;
}

export async function benchDemoSeed(
  opts: { log?: (line: string) => void } = {},
): Promise<DemoSeedBenchFigures> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const pgUrl = process.env.DEMO_SEED_BENCH_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'quartier-bench-demo-seed-'));
  const services = await createServices(
    loadConfig(
      {
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        SEED_DEMO: '0',
        ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
      } as NodeJS.ProcessEnv,
      { port: 0 },
    ),
  );
  try {
    log(`demo seed bench: ${pgUrl ? 'PostgreSQL' : 'embedded PGlite'}…`);
    const { db } = services;
    const tenant = await createTenant(db, { slug: 'seedbench', name: 'Seed Bench' });
    await upsertAreas(db, tenant.id, 'district', [{ kind: 'district', key: '01', name: 'Mitte' }]);
    const mitte = (await getAreaByKey(db, tenant.id, 'district', '01'))!;
    await upsertAreas(db, tenant.id, 'programme', [
      { kind: 'programme', key: 'QM-DEMO-1', name: 'Beispiel-Quartier', parentId: mitte.id },
      { kind: 'programme', key: 'QM-2', name: 'Anderes Quartier', parentId: mitte.id },
    ]);
    const timed = async (fn: () => Promise<void>) => {
      const t0 = performance.now();
      await fn();
      return Math.round(performance.now() - t0);
    };
    const networkMs = await timed(() => seedDemoNetwork(services, tenant.id));
    const eventsMs = await timed(() => seedDemoEvents(services, tenant.id));
    const websiteMs = await timed(() => seedDemoWebsite(services, tenant.id));
    const figures: DemoSeedBenchFigures = {
      engine: pgUrl ? 'postgres' : 'pglite',
      networkMs,
      eventsMs,
      websiteMs,
      eventsAndWebsiteMs: eventsMs + websiteMs,
      totalMs: networkMs + eventsMs + websiteMs,
    };
    log(
      `demo seeds: network ${networkMs} ms, events ${eventsMs} ms, website ${websiteMs} ms; events + website ${figures.eventsAndWebsiteMs} ms (target: under 1000 ms)`,
    );
    return figures;
  } finally {
    await services.jobs.stop();
    services.mailer.close();
    await services.database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchDemoSeed()
    .then((f) => {
      const out = fileURLToPath(new URL('./results/', import.meta.url));
      mkdirSync(out, { recursive: true });
      writeFileSync(
        `${out}demo-seed.json`,
        `${JSON.stringify({ date: new Date().toISOString(), ...f }, null, 2)}\n`,
      );
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

/**
 * Councils bench (BODY-4 and the public body page), on 127.0.0.1 only and bounded in time: a
 * Quartiersrat with 10 years of monthly meetings (120 meetings, 1,500 agenda items, a vote on every
 * third item), then autocannon on
 *   1. the OParl meeting list of that body, all 120 meetings with their embedded agenda items and
 *      votes on one page (GET /oparl/v1.1/body/bench/organization/{id}/meetings?limit=120);
 *   2. the public page of the body (GET /bench/councils/quartiersrat-bench).
 * Prints req/s, p50 and p99 of each. Runs on the embedded engine; COUNCILS_BENCH_DATABASE_URL runs
 * it on a PostgreSQL server instead (an empty database that may be overwritten).
 *
 * Standalone: `npx tsx bench/councils.ts`; `npm run bench` calls benchCouncils() after its own part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { seedCouncilHistory } from '../src/modules/councils/testing/history.ts';
import { createTenant } from '../src/modules/tenancy/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { startServer } from '../src/server.ts';

export const MEETINGS = 120;
export const ITEMS = 1500;

interface PathFigures {
  path: string;
  responseBytes: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface CouncilsBenchFigures {
  engine: 'pglite' | 'postgres';
  meetings: number;
  agendaItems: number;
  seedMs: number;
  oparlMeetings: PathFigures;
  bodyPage: PathFigures;
}

async function measure(
  base: string,
  path: string,
  o: { seconds: number; connections: number; log: (l: string) => void },
): Promise<PathFigures> {
  const check = await fetch(`${base}${path}`);
  const body = await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`${path} answered ${check.status}`);
  await autocannon({ url: `${base}${path}`, connections: o.connections, duration: 1, workers: 1 });
  o.log(`measuring GET ${path} for ${o.seconds} s with ${o.connections} connections…`);
  const r = await autocannon({
    url: `${base}${path}`,
    connections: o.connections,
    duration: o.seconds,
    timeout: 10,
    workers: 1,
  });
  return {
    path,
    responseBytes: body.byteLength,
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

export async function benchCouncils(
  opts: { seconds?: number; connections?: number; log?: (line: string) => void } = {},
): Promise<CouncilsBenchFigures> {
  const seconds = Math.min(opts.seconds ?? 10, 10);
  const connections = opts.connections ?? 10;
  const log = opts.log ?? ((l: string) => console.log(l));
  const pgUrl = process.env.COUNCILS_BENCH_DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'quartier-bench-councils-'));
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: '0',
      ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
    } as NodeJS.ProcessEnv,
    { port: 0, host: '127.0.0.1' },
  );
  log(`councils bench: ${pgUrl ? 'PostgreSQL' : 'embedded PGlite'}, seeding ${MEETINGS} meetings…`);
  const server = await startServer(config, { quiet: true });
  try {
    const started = Date.now();
    const tenant = await createTenant(server.services.db, { slug: 'bench', name: 'Bench' });
    const { bodyId } = await seedCouncilHistory(server.services.db, tenant.id, {
      name: 'Quartiersrat Bench',
      slug: 'quartiersrat-bench',
      meetings: MEETINGS,
      items: ITEMS,
      voters: 9,
    });
    const seedMs = Date.now() - started;
    const o = { seconds, connections, log };
    const oparlMeetings = await measure(
      server.url,
      `/oparl/v1.1/body/bench/organization/${bodyId}/meetings?limit=${MEETINGS}`,
      o,
    );
    const bodyPage = await measure(server.url, '/bench/councils/quartiersrat-bench', o);
    return {
      engine: pgUrl ? 'postgres' : 'pglite',
      meetings: MEETINGS,
      agendaItems: ITEMS,
      seedMs,
      oparlMeetings,
      bodyPage,
    };
  } finally {
    await server.close();
    if (!pgUrl) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The figures as markdown lines. */
export function councilsTable(f: CouncilsBenchFigures): string {
  const row = (label: string, p: PathFigures) =>
    `| ${label} | ${p.requestsPerSecond} | ${p.latencyP50Ms} | ${p.latencyP99Ms} | ${Math.round(p.responseBytes / 1024)} KiB | ${p.non2xx + p.errors} |`;
  return [
    `Councils (${f.engine}): ${f.meetings} meetings, ${f.agendaItems} agenda items, seeded in ${f.seedMs} ms`,
    '',
    '| path | req/s | p50 ms | p99 ms | answer | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('OParl meeting list of the body (120 meetings)', f.oparlMeetings),
    row('public body page', f.bodyPage),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const f = await benchCouncils({ seconds: Number(process.env.BENCH_SECONDS ?? 10) });
  console.log(councilsTable(f));
  process.exit(
    f.oparlMeetings.non2xx + f.bodyPage.non2xx + f.oparlMeetings.errors + f.bodyPage.errors ? 1 : 0,
  );
}

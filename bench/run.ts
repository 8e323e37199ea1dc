/**
 * `npm run bench`: start-up time and HTTP throughput of the real app, on 127.0.0.1 only, bounded in time.
 *
 * 1. Cold start: spawn `node bin/quartier.js serve` on a FRESH data folder (embedded PGlite: creates the
 *    database, runs the migrations, seeds the Berlin demo) and time until /healthz answers 200 and until
 *    the demo area page answers 200. Stop it, start again on the same folder (warm start) and time again.
 * 2. Load: against that second process, warm up, then autocannon on GET /healthz and on the public area
 *    page GET /berlin/areas/mitte (BENCH_SECONDS each, default 10; BENCH_CONNECTIONS, default 10).
 *
 * Prints a markdown table and writes bench/results/latest.json. With BENCH_DIST=1 (after `npm run build`)
 * the compiled build in dist/ is measured instead of the TypeScript sources.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchCouncils, councilsTable } from './councils.ts';
import { benchDemoSeed } from './demo-seed.ts';
import { benchEvents } from './events.ts';
import { benchHotPaths, type HotPathFigures, hotPathsTable } from './hot-paths.ts';
import { benchHouses } from './houses.ts';
import { benchNewsletter } from './newsletter.ts';
import { benchProfiles, profilesFailures, profilesTable } from './profiles.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const START_TIMEOUT_MS = 120_000;
const USE_DIST = process.env.BENCH_DIST === '1';
const AREA_PATH = '/berlin/areas/mitte';

interface LoadFigures {
  path: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  responseBytes: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

interface Started {
  child: ChildProcess;
  healthzMs: number;
  demoReadyMs: number;
  output: () => string;
}

/** Spawns the CLI server and times /healthz = 200 and the demo area page = 200 from the spawn. */
async function startServer(dataDir: string, port: number): Promise<Started> {
  const t0 = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    SEED_DEMO: '1',
    QUARTIER_DIST: USE_DIST ? '1' : '0',
  };
  // Always the embedded engine: the figures must not depend on a server configured elsewhere.
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(ROOT, 'bin/quartier.js'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const base = `http://127.0.0.1:${port}`;
  let healthzMs = 0;
  while (performance.now() - t0 < START_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    if (!healthzMs && (await status(`${base}/healthz`)) === 200) healthzMs = performance.now() - t0;
    if (healthzMs && (await status(`${base}${AREA_PATH}`)) === 200) {
      return { child, healthzMs, demoReadyMs: performance.now() - t0, output: () => out };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready within ${START_TIMEOUT_MS / 1000} s:\n${out}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function rssMb(pid: number | undefined, key: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function load(base: string, path: string, seconds: number): Promise<LoadFigures> {
  const r = await autocannon({
    url: `${base}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
  });
  return {
    path,
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    responseBytes: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
  };
}

async function main() {
  if (USE_DIST && !existsSync(join(ROOT, 'dist/cli.js')))
    throw new Error('BENCH_DIST=1 needs `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'quartier-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: Started | undefined;
  try {
    console.log(
      `bench: ${USE_DIST ? 'dist build' : 'TypeScript sources (tsx)'}, data in ${dataDir}, port ${port}`,
    );
    server = await startServer(dataDir, port);
    const cold = { healthzMs: Math.round(server.healthzMs), demoReadyMs: Math.round(server.demoReadyMs) };
    console.log(`cold start: /healthz after ${cold.healthzMs} ms, demo page after ${cold.demoReadyMs} ms`);
    await stopServer(server.child);

    server = await startServer(dataDir, port);
    const warm = { healthzMs: Math.round(server.healthzMs), demoReadyMs: Math.round(server.demoReadyMs) };
    console.log(`second start: /healthz after ${warm.healthzMs} ms, demo page after ${warm.demoReadyMs} ms`);

    console.log('warming up…');
    await load(base, '/healthz', 2);
    await load(base, AREA_PATH, 2);
    const results: LoadFigures[] = [];
    for (const path of ['/healthz', AREA_PATH]) {
      console.log(`measuring GET ${path} for ${SECONDS} s with ${CONNECTIONS} connections…`);
      results.push(await load(base, path, SECONDS));
    }
    const rss = rssMb(server.child.pid);
    const peakRss = rssMb(server.child.pid, 'VmHWM');

    const report = {
      date: new Date().toISOString(),
      node: process.version,
      engine: 'pglite',
      build: USE_DIST ? 'dist' : 'tsx',
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '',
        memoryGb: Math.round(totalmem() / 2 ** 30),
      },
      settings: { seconds: SECONDS, connections: CONNECTIONS },
      startup: { cold, warm },
      serverRssMbAfterLoad: rss,
      serverPeakRssMb: peakRss,
      load: results,
    };
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

    const lines = [
      '',
      `Quartier bench — ${report.date}, Node ${report.node}, ${report.machine.cpus} CPU(s), PGlite, ${report.build}`,
      '',
      '| start | /healthz 200 | demo page 200 |',
      '|---|---:|---:|',
      `| cold (fresh data folder: migrations + demo seed) | ${cold.healthzMs} ms | ${cold.demoReadyMs} ms |`,
      `| second (same data folder) | ${warm.healthzMs} ms | ${warm.demoReadyMs} ms |`,
      '',
      `| GET | req/s | p50 | p99 | requests | errors | non-2xx | bytes/response |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map(
        (r) =>
          `| ${r.path} | ${r.requestsPerSecond} | ${r.latencyP50Ms} ms | ${r.latencyP99Ms} ms | ${r.requests} | ${r.errors} | ${r.non2xx} | ${r.responseBytes} |`,
      ),
      '',
      `${SECONDS} s per path, ${CONNECTIONS} connections; server RSS after load: ${rss ?? '?'} MB (peak ${peakRss ?? '?'} MB). Written to bench/results/latest.json.`,
    ];
    console.log(lines.join('\n'));
    const failed = results.filter((r) => r.errors > 0 || r.non2xx > 0);
    if (failed.length > 0) {
      console.error(`bench: errors or non-2xx answers on ${failed.map((r) => r.path).join(', ')}`);
      process.exitCode = 1;
    }

    // ── Hot paths (bench/hot-paths.ts): CPU ms and SQL statements per request for the month as JSON,
    // the area page, the month view, the feed and its 304, a first visit's bytes and peak memory, on
    // the embedded engine and, with BENCH_DATABASE_URL (an empty database), on PostgreSQL. Results in
    // latest.json (hotPaths) and bench/results/hot-paths.md.
    const hotPaths: HotPathFigures[] = [
      await benchHotPaths({ seconds: Math.min(SECONDS, 5), connections: CONNECTIONS }),
    ];
    if (process.env.BENCH_DATABASE_URL)
      hotPaths.push(
        await benchHotPaths({
          seconds: Math.min(SECONDS, 5),
          connections: CONNECTIONS,
          databaseUrl: process.env.BENCH_DATABASE_URL,
        }),
      );
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ ...report, hotPaths }, null, 2)}\n`);
    const startTable = lines.slice(2, 8).join('\n');
    writeFileSync(
      join(dir, 'hot-paths.md'),
      `# Quartier bench — ${report.date}\n\n${startTable}\n\nServer RSS after load (embedded, demo only): ${rss ?? '?'} MB.\n${hotPathsTable(hotPaths)}\n`,
    );
    console.log(hotPathsTable(hotPaths));
    if (hotPaths.some((h) => h.paths.some((p) => p.unexpected + p.errors > 0))) {
      console.error('bench: hot paths — unexpected answers');
      process.exitCode = 1;
    }
    // ── end of hot paths ──

    // ── Community houses (bench/houses.ts): week view with 2 years of bookings, booking requests
    // under concurrency. Its own app instance; the figures land in bench/results/houses.json.
    const houses = await benchHouses({ seconds: SECONDS, connections: CONNECTIONS });
    writeFileSync(join(dir, 'houses.json'), `${JSON.stringify({ date: report.date, ...houses }, null, 2)}\n`);
    if (houses.overlaps > 0 || houses.approvals.unexpected > 0 || houses.weekView.non2xx > 0) {
      console.error(
        `bench: houses — ${houses.overlaps} overlapping confirmed bookings, ${houses.approvals.unexpected} unexpected answers`,
      );
      process.exitCode = 1;
    }
    // ── end of community houses ──

    // ── Events (bench/events.ts, bench/newsletter.ts): the public month view and the iCalendar feed
    // of an area with 10,000 events (the shared calendar data set, 100 areas in the tenant), and one
    // newsletter issue to 10,000 subscribers through a local SMTP sink. Results in
    // bench/results/events.json and newsletter.json.
    const events = await benchEvents({ seconds: SECONDS, connections: CONNECTIONS });
    writeFileSync(join(dir, 'events.json'), `${JSON.stringify({ date: report.date, ...events }, null, 2)}\n`);
    const newsletter = await benchNewsletter({});
    writeFileSync(
      join(dir, 'newsletter.json'),
      `${JSON.stringify({ date: report.date, ...newsletter }, null, 2)}\n`,
    );
    if (
      events.monthView.non2xx + events.monthView.errors + events.feed.non2xx + events.feed.errors > 0 ||
      newsletter.received !== newsletter.subscribers
    ) {
      console.error('bench: events — errors on the month view or feed, or newsletter mails missing');
      process.exitCode = 1;
    }
    // ── end of events ──

    // ── Councils (bench/councils.ts): the OParl meeting list of a body with 10 years of monthly
    // meetings (120 meetings, 1,500 agenda items) and that body's public page. Results in
    // bench/results/councils.json.
    const councils = await benchCouncils({ seconds: SECONDS, connections: CONNECTIONS });
    console.log(councilsTable(councils));
    writeFileSync(
      join(dir, 'councils.json'),
      `${JSON.stringify({ date: report.date, ...councils }, null, 2)}\n`,
    );
    if ([councils.oparlMeetings, councils.bodyPage].some((p) => p.non2xx + p.errors > 0)) {
      console.error('bench: councils — errors on the OParl meeting list or the public body page');
      process.exitCode = 1;
    }
    // ── end of councils ──

    // ── Profiles and impact (bench/profiles.ts): the staff map of one indicator over the 542 Berlin
    // planning areas, the public profile of one area, the impact dashboard and the 100 programme
    // areas side by side. Results in bench/results/profiles.json.
    const profiles = await benchProfiles({ seconds: SECONDS, connections: CONNECTIONS });
    console.log(profilesTable(profiles));
    writeFileSync(
      join(dir, 'profiles.json'),
      `${JSON.stringify({ date: report.date, ...profiles }, null, 2)}\n`,
    );
    const profilesFailed = profilesFailures(profiles);
    if (profilesFailed.length > 0) {
      console.error(`bench: profiles — errors or no answer within the time on ${profilesFailed.join(', ')}`);
      process.exitCode = 1;
    }
    // ── end of profiles and impact ──

    // ── Demo seeds (bench/demo-seed.ts): network, events and website demo content on a fresh tenant,
    // each timed (target: events + website under a second). Results in bench/results/demo-seed.json.
    const demoSeed = await benchDemoSeed();
    writeFileSync(
      join(dir, 'demo-seed.json'),
      `${JSON.stringify({ date: report.date, ...demoSeed }, null, 2)}\n`,
    );
    // ── end of demo seeds ──
  } finally {
    if (server) await stopServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

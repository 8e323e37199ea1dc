/**
 * Hot paths (issue 12), on 127.0.0.1 only and bounded in time: CPU milliseconds and SQL statements
 * per request — figures that stay stable on a busy machine, unlike requests per second — beside
 * req/s and p50/p99, for
 *
 *   - the month as JSON: the events API for one month of area B001 (~830 of the shared data set's
 *     10,000 events), walked page by page (limit 200) the way a client follows `nextCursor`;
 *   - the public area page of the demo (/berlin/areas/mitte);
 *   - the public month view of area B001 (~830 events);
 *   - the area's iCalendar feed, and its 304 for `If-None-Match`;
 *   - a first visit's bytes: the area page, its stylesheet and the fonts its characters need, as
 *     sent to a browser that accepts brotli and gzip;
 *   - the server process's peak memory (VmHWM) after all of it.
 *
 * The server runs in its own process (bench/hot-paths-server.ts) and reports its own CPU time
 * (process.cpuUsage), the statements its database layer sent and its memory over IPC; the load
 * generator runs here. Engines: embedded PGlite, and PostgreSQL when BENCH_DATABASE_URL names an
 * empty database (it is filled by the run).
 *
 * Standalone: `npx tsx bench/hot-paths.ts` (BENCH_SECONDS, default 5; BENCH_CONNECTIONS, default 10)
 * writes bench/results/hot-paths.json and hot-paths.md; `npm run bench` calls benchHotPaths().
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { ReadyMessage, StatsMessage } from './hot-paths-server.ts';

const SERVER = fileURLToPath(new URL('./hot-paths-server.ts', import.meta.url));
const BROWSER_HEADERS = { 'accept-encoding': 'br, gzip', 'accept-language': 'de' };

export interface PathFigures {
  name: string;
  path: string;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  /** Answers with another status than the path's expected one (200, or 304 for the revalidation). */
  unexpected: number;
  /** Server CPU (user + system) per request. */
  cpuMsPerRequest: number;
  sqlPerRequest: number;
  /** Bytes of one response body as sent (compressed when the server compresses). */
  bytes: number;
  contentEncoding: string;
  /** The month API: per month walked (all its pages), beside the per-page figures. */
  perMonth?: { pages: number; events: number; cpuMs: number; sql: number; bytes: number };
}

export interface HotPathFigures {
  engine: 'pglite' | 'postgres';
  seedMs: number;
  idleSqlPerSecond: number;
  paths: PathFigures[];
  firstVisit: { html: number; css: number; fonts: number; total: number; files: string[] };
  peakRssMb: number;
  rssMbAfterLoad: number;
}

class ServerProcess {
  private waiting: ((m: StatsMessage) => void)[] = [];
  private constructor(
    readonly child: ChildProcess,
    readonly ready: ReadyMessage,
  ) {
    child.on('message', (m: StatsMessage) => {
      if (m.type === 'stats') this.waiting.shift()?.(m);
    });
  }

  static start(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
    const child = fork(SERVER, [], {
      env,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
      child.once('message', (m: ReadyMessage) => resolve(new ServerProcess(child, m)));
    });
  }

  stats(): Promise<StatsMessage> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.send({ type: 'stats' });
    });
  }

  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** One GET as the wire carries it (not decoded): status, headers, body bytes. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const berlinMonth = (d = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).format(
    d,
  );

function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

async function measure(
  server: ServerProcess,
  name: string,
  path: string,
  o: { seconds: number; connections: number; headers?: Record<string, string>; expect?: number },
): Promise<PathFigures> {
  const url = `${server.ready.base}${path}`;
  const headers = { ...BROWSER_HEADERS, ...o.headers };
  const one = await rawGet(url, headers);
  await autocannon({ url, connections: o.connections, duration: 1, headers }); // warm-up
  const before = await server.stats();
  const r = await autocannon({ url, connections: o.connections, duration: o.seconds, timeout: 20, headers });
  const after = await server.stats();
  const n = Math.max(1, r.requests.total);
  return {
    name,
    path,
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.average * 10) / 10,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    errors: r.errors,
    unexpected:
      r.requests.total -
      ((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats?.[
        String(o.expect ?? 200)
      ]?.count ?? 0),
    cpuMsPerRequest: Math.round(((after.cpuUs - before.cpuUs) / 1000 / n) * 100) / 100,
    sqlPerRequest: Math.round(((after.sql - before.sql) / n) * 100) / 100,
    bytes: one.body.length,
    contentEncoding: String(one.headers['content-encoding'] ?? 'identity'),
  };
}

/** The month through the JSON API, page after page; `connections` clients walk months in parallel. */
async function measureMonthApi(
  server: ServerProcess,
  o: { seconds: number; connections: number },
): Promise<PathFigures> {
  const { from, to } = monthRange(berlinMonth());
  const first = `/api/v1/tenants/bench/events?area=${server.ready.benchArea}&from=${from}&to=${to}&limit=200`;
  const headers = { ...BROWSER_HEADERS, authorization: `Bearer ${server.ready.token}` };
  const latencies: number[] = [];
  let errors = 0;
  let unexpected = 0;
  const walk = async (record: boolean) => {
    let path: string | null = first;
    let pages = 0;
    let events = 0;
    let bytes = 0;
    while (path) {
      const t0 = performance.now();
      let res: Awaited<ReturnType<typeof rawGet>>;
      try {
        res = await rawGet(`${server.ready.base}${path}`, headers);
      } catch {
        errors++;
        return { pages, events, bytes };
      }
      if (record) latencies.push(performance.now() - t0);
      pages++;
      bytes += res.body.length;
      if (res.status !== 200) {
        unexpected++;
        return { pages, events, bytes };
      }
      const enc = res.headers['content-encoding'];
      const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
      const text = (
        enc === 'br' ? brotliDecompressSync(res.body) : enc === 'gzip' ? gunzipSync(res.body) : res.body
      ).toString();
      const page = JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
      events += page.items.length;
      path = page.nextCursor ? `${first}&cursor=${encodeURIComponent(page.nextCursor)}` : null;
    }
    return { pages, events, bytes };
  };
  const shape = await walk(false);
  await walk(false);
  const before = await server.stats();
  const t0 = performance.now();
  let months = 0;
  let pages = 0;
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (performance.now() - t0 < o.seconds * 1000) {
        const w = await walk(true);
        pages += w.pages;
        months++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const after = await server.stats();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  const cpuMs = (after.cpuUs - before.cpuUs) / 1000;
  const sql = after.sql - before.sql;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    name: 'month as JSON (API, one page)',
    path: first,
    requests: pages,
    requestsPerSecond: Math.round((pages / seconds) * 10) / 10,
    latencyP50Ms: pct(0.5),
    latencyP99Ms: pct(0.99),
    errors,
    unexpected,
    cpuMsPerRequest: round(cpuMs / Math.max(1, pages)),
    sqlPerRequest: round(sql / Math.max(1, pages)),
    bytes: Math.round(shape.bytes / Math.max(1, shape.pages)),
    contentEncoding: '',
    perMonth: {
      pages: shape.pages,
      events: shape.events,
      cpuMs: round(cpuMs / Math.max(1, months)),
      sql: round(sql / Math.max(1, months)),
      bytes: shape.bytes,
    },
  };
}

/** Whether a @font-face body's unicode-range (none: everything) covers one of the code points. */
function faceCovers(face: string, codePoints: Set<number>): boolean {
  const range = /unicode-range:\s*([^;]+)/.exec(face)?.[1];
  if (!range) return true;
  return range.split(',').some((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = Number.parseInt(from!, 16);
    const hi = to ? Number.parseInt(to, 16) : lo;
    for (const cp of codePoints) if (cp >= lo && cp <= hi) return true;
    return false;
  });
}

async function firstVisit(base: string, path: string) {
  const page = await rawGet(`${base}${path}`, BROWSER_HEADERS);
  const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
  const decode = (r: typeof page) => {
    const enc = r.headers['content-encoding'];
    return (
      enc === 'br' ? brotliDecompressSync(r.body) : enc === 'gzip' ? gunzipSync(r.body) : r.body
    ).toString();
  };
  const html = decode(page);
  const files = [path];
  let css = 0;
  let fonts = 0;
  for (const m of html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)) {
    const href = m[1]!.replace(/&amp;/g, '&');
    const r = await rawGet(new URL(href, base).toString(), BROWSER_HEADERS);
    css += r.body.length;
    files.push(href);
    // The fonts a browser fetches for this page: each @font-face whose unicode-range covers a
    // character of the page (a face without a range always counts).
    const sheet = new URL(href, base);
    const used = new Set<number>([...html].map((ch) => ch.codePointAt(0)!));
    for (const face of decode(r).matchAll(/@font-face\s*{([^}]*)}/g)) {
      const url = /url\("?([^")]+\.woff2?)"?\)/.exec(face[1]!)?.[1];
      if (!url || !faceCovers(face[1]!, used)) continue;
      const fr = await rawGet(new URL(url, sheet).toString(), BROWSER_HEADERS);
      fonts += fr.body.length;
      files.push(new URL(url, sheet).pathname);
    }
  }
  return { html: page.body.length, css, fonts, total: page.body.length + css + fonts, files };
}

export async function benchHotPaths(
  opts: { seconds?: number; connections?: number; databaseUrl?: string; log?: (l: string) => void } = {},
): Promise<HotPathFigures> {
  const seconds = opts.seconds ?? 5;
  const connections = opts.connections ?? 10;
  const log = opts.log ?? ((l: string) => console.log(l));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.BENCH_DATABASE_URL;
  if (opts.databaseUrl) env.BENCH_DATABASE_URL = opts.databaseUrl;
  log(
    `hot paths: ${opts.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'} — seeding the demo and 10,000 events…`,
  );
  const server = await ServerProcess.start(env);
  try {
    const s0 = await server.stats();
    await new Promise((r) => setTimeout(r, 2000));
    const s1 = await server.stats();
    const idleSqlPerSecond = (s1.sql - s0.sql) / 2;
    const area = server.ready.benchArea;
    const o = { seconds, connections };
    const paths: PathFigures[] = [];
    log(`  month as JSON (${seconds} s)…`);
    paths.push(await measureMonthApi(server, o));
    log(`  area page, month view, feed, 304 (${seconds} s each)…`);
    paths.push(await measure(server, 'public area page', '/berlin/areas/mitte', o));
    const month = berlinMonth();
    paths.push(
      await measure(server, 'month view (cached)', `/bench/events?area=${area}&view=month&month=${month}`, o),
    );
    const feedPath = `/bench/events/feed.ics?area=${area}`;
    paths.push(await measure(server, 'iCal feed', feedPath, o));
    const etag = String(
      (await rawGet(`${server.ready.base}${feedPath}`, BROWSER_HEADERS)).headers.etag ?? '',
    );
    paths.push(
      await measure(server, 'iCal feed 304', feedPath, {
        ...o,
        headers: { 'if-none-match': etag },
        expect: 304,
      }),
    );
    const visit = await firstVisit(server.ready.base, '/berlin/areas/mitte');
    const mem = await server.stats();
    return {
      engine: server.ready.engine,
      seedMs: server.ready.seedMs,
      idleSqlPerSecond,
      paths,
      firstVisit: visit,
      peakRssMb: mem.peakRssMb,
      rssMbAfterLoad: mem.rssMb,
    };
  } finally {
    await server.stop();
  }
}

export function hotPathsTable(runs: HotPathFigures[]): string {
  const lines: string[] = [];
  for (const f of runs) {
    lines.push(
      '',
      `### ${f.engine === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'}`,
      '',
      '| GET | CPU ms/req | SQL/req | req/s | p50 | p99 | bytes | encoding | unexpected status |',
      '|---|---:|---:|---:|---:|---:|---:|---|---:|',
      ...f.paths.map(
        (p) =>
          `| ${p.name} | ${p.cpuMsPerRequest} | ${p.sqlPerRequest} | ${p.requestsPerSecond} | ${p.latencyP50Ms} ms | ${p.latencyP99Ms} ms | ${p.bytes} | ${p.contentEncoding || '–'} | ${p.unexpected + p.errors} |`,
      ),
      '',
    );
    const m = f.paths.find((p) => p.perMonth)?.perMonth;
    if (m)
      lines.push(
        `Month as JSON: ${m.events} events in ${m.pages} pages, ${m.cpuMs} ms CPU and ${m.sql} SQL statements per month, ${m.bytes} bytes.`,
      );
    lines.push(
      `First visit (area page + stylesheet + the fonts its characters need, br/gzip accepted): HTML ${f.firstVisit.html} + CSS ${f.firstVisit.css} + fonts ${f.firstVisit.fonts} = ${f.firstVisit.total} bytes.`,
      `Server peak RSS ${f.peakRssMb} MB (${f.rssMbAfterLoad} MB after the load); idle SQL ${f.idleSqlPerSecond}/s; seed ${f.seedMs} ms.`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  (async () => {
    const seconds = Number(process.env.BENCH_SECONDS ?? 5);
    const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
    const runs = [await benchHotPaths({ seconds, connections })];
    if (process.env.BENCH_DATABASE_URL)
      runs.push(await benchHotPaths({ seconds, connections, databaseUrl: process.env.BENCH_DATABASE_URL }));
    const out = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(out, { recursive: true });
    const date = new Date().toISOString();
    writeFileSync(
      `${out}hot-paths.json`,
      `${JSON.stringify({ date, seconds, connections, runs }, null, 2)}\n`,
    );
    const md = `# Hot paths — ${date}, ${seconds} s per path, ${connections} connections\n${hotPathsTable(runs)}\n`;
    writeFileSync(`${out}hot-paths.md`, md);
    console.log(md);
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

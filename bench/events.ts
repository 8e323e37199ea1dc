/**
 * Events bench (CAL-1/CAL-4), on 127.0.0.1 only and bounded in time. Data: the shared calendar data
 * set (../shared/bench/gen-calendar-dataset.js: 10,000 events over one year, 200 places, 50 tags) so
 * the figures compare with other calendars — places become venues of the network module, tags become
 * categories, and all events go into one area of a tenant with 100 areas.
 *
 *   1. GET the public month view of that area (the current month, ~830 events) — full render each time.
 *   2. GET the area's iCalendar feed (every event that has not ended more than 30 days ago). The feed
 *      is built once per data version and then served from memory; the first build is timed separately.
 * Both are rendered once per data version and kept in memory (the key comes from the database, so
 * several instances stay correct); requests accept gzip like browsers and calendar apps do.
 *
 * autocannon with `connections` connections for `seconds` each; req/s, p50, p99. Runs on the embedded
 * engine; EVENTS_BENCH_DATABASE_URL runs it on a PostgreSQL server instead (an empty database).
 *
 * Standalone: `npx tsx bench/events.ts`; `npm run bench` calls benchEvents() in its events block.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { getAreaByKey, upsertAreas } from '../src/modules/areas/index.ts';
// Bulk inserts straight into the table: the bench fills 10,000 events in seconds.
import { events as eventsTable } from '../src/modules/events/db/schema.ts';
import { upsertCategory } from '../src/modules/events/index.ts';
import { createVenue } from '../src/modules/network/index.ts';
import { createTenant } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type Db, newId } from '../src/platform/db/index.ts';
import { richText } from '../src/platform/richtext/index.ts';
import { startServer } from '../src/server.ts';

const GENERATOR = fileURLToPath(new URL('../../shared/bench/gen-calendar-dataset.js', import.meta.url));

export interface Dataset {
  meta: Record<string, unknown>;
  places: { id: number; name: string; address: string; latitude?: number; longitude?: number }[];
  tags: string[];
  events: {
    title: string;
    description: string;
    start_datetime: number;
    end_datetime: number | null;
    multidate: boolean;
    place: number;
    tags: string[];
  }[];
}

export interface LoadFigures {
  path: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  responseBytes: number;
}

export interface EventsBenchFigures {
  engine: 'pglite' | 'postgres';
  dataset: { events: number; places: number; tags: number; anchor: unknown; seed: unknown };
  areas: number;
  seedMs: number;
  eventsInMonth: number;
  eventsInFeed: number;
  monthFirstRenderMs: number;
  feedFirstBuildMs: number;
  monthView: LoadFigures;
  feed: LoadFigures;
}

const berlinMonth = (d = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).format(
    d,
  );

async function load(url: string, connections: number, seconds: number, path: string): Promise<LoadFigures> {
  // Like browsers and calendar apps, the load generator accepts gzip.
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 20,
    workers: 1,
    headers: { 'accept-encoding': 'gzip', 'accept-language': 'de' },
  });
  return {
    path,
    requestsPerSecond: Math.round(r.requests.average * 10) / 10,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
    responseBytes: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
  };
}

/** Generates the shared calendar data set (../shared/bench) into `dir` and reads it. */
export function generateDataset(dir: string): Dataset {
  const file = join(dir, 'calendar.json');
  execFileSync(process.execPath, [GENERATOR, file], { stdio: 'ignore' });
  return JSON.parse(readFileSync(file, 'utf8')) as Dataset;
}

/**
 * Loads the data set into a new tenant `bench` with 100 programme areas: places become venues, tags
 * categories, and every event lies in area B001.
 */
export async function seedDataset(db: Db, data: Dataset) {
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench' });
  await upsertAreas(
    db,
    tenant.id,
    'programme',
    Array.from({ length: 100 }, (_, i) => ({
      kind: 'programme' as const,
      key: `B${String(i + 1).padStart(3, '0')}`,
      name: `Bench-Gebiet ${i + 1}`,
    })),
  );
  const area = (await getAreaByKey(db, tenant.id, 'programme', 'B001'))!;
  const categories = new Map<string, string>();
  for (const [i, tag] of data.tags.entries())
    categories.set(tag, (await upsertCategory(db, tenant.id, { name: tag, slug: tag, sort: i })).id);
  const venues = new Map<number, { id: string; name: string; address: string }>();
  for (const p of data.places) {
    const v = await createVenue(
      systemActor(tenant.id),
      db,
      {
        name: p.name,
        street: p.address,
        lat: p.latitude ?? null,
        lon: p.longitude ?? null,
        areaId: area.id,
      },
      { areaId: area.id, areaIds: [area.id] } as never,
    );
    venues.set(p.id, { id: v.id, name: p.name, address: p.address });
  }
  const rows = data.events.map((e) => {
    const start = new Date(e.start_datetime * 1000);
    const end = new Date((e.end_datetime ?? e.start_datetime) * 1000);
    const venue = venues.get(e.place);
    return {
      tenantId: tenant.id,
      id: newId(),
      status: 'published' as const,
      source: 'import' as const,
      title: e.title,
      descriptionHtml: richText(e.description),
      startsAt: start,
      endsAt: end,
      areaId: area.id,
      areaIds: [area.id],
      venueId: venue?.id ?? null,
      locationName: venue?.name ?? '',
      locationAddress: venue?.address ?? '',
      organiserName: 'Bench',
      categoryIds: e.tags.map((x) => categories.get(x)).filter((x): x is string => !!x),
      publishedAt: new Date(),
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(eventsTable).values(rows.slice(i, i + 500));
  return { tenant, area };
}

export async function benchEvents(
  opts: { seconds?: number; connections?: number; log?: (line: string) => void } = {},
): Promise<EventsBenchFigures> {
  const seconds = opts.seconds ?? 10;
  const connections = opts.connections ?? 10;
  const log = opts.log ?? ((l: string) => console.log(l));
  const pgUrl = process.env.EVENTS_BENCH_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'quartier-bench-events-'));
  const data = generateDataset(dir);
  const config = loadConfig(
    {
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: '0',
      ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
    } as NodeJS.ProcessEnv,
    { port: 0, host: '127.0.0.1' },
  );
  log(
    `events bench: ${pgUrl ? 'PostgreSQL' : 'embedded PGlite'}, loading ${data.events.length} events, ${data.places.length} places, ${data.tags.length} tags…`,
  );
  const server = await startServer(config, { quiet: true });
  try {
    const { db } = server.services;
    const t0 = performance.now();
    const { tenant, area } = await seedDataset(db, data);
    const seedMs = Math.round(performance.now() - t0);
    const base = server.url;
    const month = berlinMonth();
    const monthPath = `/bench/events?area=${area.slug}&view=month&month=${month}`;
    const feedPath = `/bench/events/feed.ics?area=${area.slug}`;
    const r0 = performance.now();
    const page = await fetch(`${base}${monthPath}`);
    if (page.status !== 200) throw new Error(`month view answered ${page.status}`);
    const html = await page.text();
    const monthFirstRenderMs = Math.round(performance.now() - r0);
    const eventsInMonth = (html.match(/class="q-event-list__title"/g) ?? []).length;
    const f0 = performance.now();
    const feedRes = await fetch(`${base}${feedPath}`);
    const feedBody = await feedRes.text();
    const feedFirstBuildMs = Math.round(performance.now() - f0);
    if (feedRes.status !== 200) throw new Error(`feed answered ${feedRes.status}`);
    const eventsInFeed = (feedBody.match(/BEGIN:VEVENT/g) ?? []).length;
    log(
      `seeded in ${seedMs} ms; month ${month}: ${eventsInMonth} events on the page, first render ${monthFirstRenderMs} ms; feed: ${eventsInFeed} events, first build ${feedFirstBuildMs} ms`,
    );
    await load(`${base}${monthPath}`, connections, 2, monthPath);
    log(`measuring GET ${monthPath} for ${seconds} s with ${connections} connections…`);
    const monthView = await load(`${base}${monthPath}`, connections, seconds, monthPath);
    await load(`${base}${feedPath}`, connections, 2, feedPath);
    log(`measuring GET ${feedPath} for ${seconds} s with ${connections} connections…`);
    const feed = await load(`${base}${feedPath}`, connections, seconds, feedPath);
    const figures: EventsBenchFigures = {
      engine: pgUrl ? 'postgres' : 'pglite',
      dataset: {
        events: data.events.length,
        places: data.places.length,
        tags: data.tags.length,
        anchor: data.meta.anchor ?? data.meta.ANCHOR,
        seed: data.meta.seed ?? data.meta.SEED,
      },
      areas: 100,
      seedMs,
      eventsInMonth,
      eventsInFeed,
      monthFirstRenderMs,
      feedFirstBuildMs,
      monthView,
      feed,
    };
    log(
      [
        '',
        `| GET (${figures.engine}, ${connections} connections) | req/s | p50 | p99 | errors | non-2xx | bytes/response |`,
        '|---|---:|---:|---:|---:|---:|---:|',
        ...[monthView, feed].map(
          (r) =>
            `| ${r.path} | ${r.requestsPerSecond} | ${r.latencyP50Ms} ms | ${r.latencyP99Ms} ms | ${r.errors} | ${r.non2xx} | ${r.responseBytes} |`,
        ),
        '',
      ].join('\n'),
    );
    return figures;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchEvents({
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  })
    .then(async (f) => {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      const out = fileURLToPath(new URL('./results/', import.meta.url));
      mkdirSync(out, { recursive: true });
      writeFileSync(
        `${out}events.json`,
        `${JSON.stringify({ date: new Date().toISOString(), ...f }, null, 2)}\n`,
      );
      if (f.monthView.non2xx || f.feed.non2xx || f.monthView.errors || f.feed.errors) process.exitCode = 1;
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

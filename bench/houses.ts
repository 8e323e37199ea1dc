/**
 * Community houses bench (HOUSE-2), on 127.0.0.1 only and bounded in time:
 *   1. GET the public week view of a house with 5 rooms and 2 years of confirmed bookings (autocannon,
 *      load generated in a worker thread, `seconds` long).
 *   2. Booking requests under concurrency through the JSON API: many requests for a few slots are
 *      created (POST /booking-requests), then all approved at once (POST …/approve) — of each slot's
 *      requests exactly one may win. Each phase stops after `seconds`.
 * Prints req/s and p99 of each, and the number of overlapping confirmed bookings (must be 0; the
 * process exit code is 1 otherwise). Runs on the embedded engine; HOUSES_BENCH_DATABASE_URL runs it
 * on a PostgreSQL server instead (an empty database that may be overwritten).
 *
 * Standalone: `npx tsx bench/houses.ts`; `npm run bench` calls benchHouses() after its own part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { addMembership } from '../src/modules/access/index.ts';
import { bookingRequests, bookings, houses, rooms } from '../src/modules/houses/db/schema.ts';
import { countOverlaps } from '../src/modules/houses/index.ts';
import { createApiToken, createUser } from '../src/modules/identity/index.ts';
import { createTenant } from '../src/modules/tenancy/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { newId } from '../src/platform/db/index.ts';
import type { Services } from '../src/platform/http/context.ts';
import { startServer } from '../src/server.ts';

export interface HousesBenchFigures {
  engine: 'pglite' | 'postgres';
  bookingsSeeded: number;
  weekView: {
    path: string;
    requestsPerSecond: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    requests: number;
    errors: number;
    non2xx: number;
  };
  createRequests: PhaseFigures;
  approvals: PhaseFigures & { confirmed: number; slotTaken: number; slots: number };
  overlaps: number;
}

interface PhaseFigures {
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Answers other than the expected ones (e.g. 500s). */
  unexpected: number;
}

const DAY = 86_400_000;
const ROOMS = 5;
const SLOTS = 20;
const PER_SLOT = 10;

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
const berlinDate = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(ms));

/** 5 rooms, open 08–22 every day, three bookings a day per room for the past year and the next. */
export async function seed(services: Services) {
  const db = services.db;
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench' });
  const user = await createUser(db, {
    email: `bench-${newId().slice(-6)}@example.org`,
    name: 'Bench',
    verified: true,
  });
  await addMembership(db, { tenantId: tenant.id, userId: user.id, role: 'admin' });
  const { token } = await createApiToken(db, tenant.id, user.id, 'bench');
  const houseId = newId();
  const open: [string, string][] = [['08:00', '22:00']];
  await db.insert(houses).values({
    tenantId: tenant.id,
    id: houseId,
    slug: 'haus',
    name: 'Benchhaus',
    street: 'Messweg 1',
    postcode: '10000',
    city: 'Berlin',
    openingHours: { '1': open, '2': open, '3': open, '4': open, '5': open, '6': open, '7': open },
  });
  const roomIds: string[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const id = newId();
    roomIds.push(id);
    await db.insert(rooms).values({
      tenantId: tenant.id,
      id,
      houseId,
      slug: `raum-${i + 1}`,
      name: `Raum ${i + 1}`,
      capacity: 30,
      feeHourCents: 1500,
      bufferMinutes: 15,
      sort: i,
    });
  }
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  // Three daily slots in UTC hours that stay inside 08–22 Berlin time all year.
  const daily: [number, number][] = [
    [8, 10],
    [12, 14],
    [17, 19],
  ];
  let total = 0;
  for (const roomId of roomIds) {
    for (const [k, [from, to]] of daily.entries()) {
      const requestId = newId();
      const category = ['culture', 'education', 'youth'][k];
      await db.insert(bookingRequests).values({
        tenantId: tenant.id,
        id: requestId,
        houseId,
        roomId,
        status: 'approved',
        source: 'staff',
        requesterName: `Gruppe ${k}`,
        requesterEmail: `g${k}@example.org`,
        groupKey: `g${k}`,
        purpose: 'Bench',
        category,
        participants: 10,
        startsAt: new Date(today - 365 * DAY + from * 3_600_000),
        endsAt: new Date(today - 365 * DAY + to * 3_600_000),
        cancelTokenHash: newId(),
        // The series runs a year ahead; kept until the end of the year after.
        retentionUntil: `${new Date(today + 365 * DAY).getUTCFullYear() + 1}-12-31`,
      });
      const rows = [];
      for (let d = -365; d < 365; d++) {
        const s = new Date(today + d * DAY + from * 3_600_000);
        const e = new Date(today + d * DAY + to * 3_600_000);
        rows.push({
          tenantId: tenant.id,
          id: newId(),
          houseId,
          roomId,
          requestId,
          startsAt: s,
          endsAt: e,
          blockedUntil: new Date(e.getTime() + 15 * 60_000),
          category,
          groupKey: `g${k}`,
          title: `Gruppe ${k}`,
          participants: 10,
        });
      }
      for (let i = 0; i < rows.length; i += 500) await db.insert(bookings).values(rows.slice(i, i + 500));
      total += rows.length;
    }
  }
  return { tenant, token, houseId, roomIds, total, today };
}

/** Fires `tasks` with `concurrency` in flight, stopping new ones after `seconds`. */
async function pool(tasks: (() => Promise<number>)[], concurrency: number, seconds: number) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length && performance.now() < deadline) {
        const task = tasks[next++];
        const s = performance.now();
        statuses.push(await task().catch(() => 0));
        latencies.push(performance.now() - s);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    statuses,
    requests: statuses.length,
    requestsPerSecond: Math.round(statuses.length / elapsed),
    latencyP50Ms: Math.round(pct(latencies, 50)),
    latencyP99Ms: Math.round(pct(latencies, 99)),
  };
}

export async function benchHouses(
  opts: { seconds?: number; connections?: number; log?: (line: string) => void } = {},
): Promise<HousesBenchFigures> {
  const seconds = Math.min(opts.seconds ?? 10, 10);
  const connections = opts.connections ?? 10;
  const log = opts.log ?? ((l: string) => console.log(l));
  const pgUrl = process.env.HOUSES_BENCH_DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'quartier-bench-houses-'));
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: '0',
      ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
    } as NodeJS.ProcessEnv,
    { port: 0, host: '127.0.0.1' },
  );
  log(
    `houses bench: ${pgUrl ? 'PostgreSQL' : 'embedded PGlite'}, starting the app and seeding 2 years of bookings…`,
  );
  const server = await startServer(config, { quiet: true });
  try {
    const s = await seed(server.services);
    const base = server.url;
    const api = `${base}/api/v1/tenants/bench`;
    const headers = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };

    // 1. Public week view in the middle of the two years.
    const weekPath = `/bench/houses/haus?view=week&date=${berlinDate(s.today + 14 * DAY)}`;
    const check = await fetch(`${base}${weekPath}`);
    if (check.status !== 200) throw new Error(`week view answered ${check.status}`);
    await autocannon({ url: `${base}${weekPath}`, connections, duration: 2, workers: 1 });
    log(`measuring GET ${weekPath} for ${seconds} s with ${connections} connections…`);
    const r = await autocannon({
      url: `${base}${weekPath}`,
      connections,
      duration: seconds,
      timeout: 10,
      workers: 1,
    });
    const weekView = {
      path: weekPath,
      requestsPerSecond: Math.round(r.requests.average),
      latencyP50Ms: r.latency.p50,
      latencyP99Ms: r.latency.p99,
      requests: r.requests.total,
      errors: r.errors,
      non2xx: r.non2xx,
    };

    // 2a. Booking requests: SLOTS × PER_SLOT requests, every slot asked for by PER_SLOT groups at once.
    const slotDates = Array.from({ length: SLOTS }, (_, i) =>
      berlinDate(s.today + (30 + Math.floor(i / 2)) * DAY),
    );
    const bodies = slotDates.flatMap((date, i) =>
      Array.from({ length: PER_SLOT }, (_, j) => ({
        houseId: s.houseId,
        roomId: s.roomIds[0],
        date,
        // Gaps between the seeded bookings in winter and in summer time (buffers included).
        start: i % 2 ? '16:30' : '12:15',
        end: i % 2 ? '17:30' : '12:45',
        name: `Gruppe ${i}-${j}`,
        email: `slot${i}-${j}@example.org`,
        organisation: `Gruppe ${i}-${j}`,
        purpose: 'Bench',
        category: 'neighbourhood',
        participants: 10,
      })),
    );
    const ids: string[] = [];
    log(`creating ${bodies.length} booking requests for ${SLOTS} slots with ${connections} in flight…`);
    const created = await pool(
      bodies.map((b) => async () => {
        const res = await fetch(`${api}/booking-requests`, {
          method: 'POST',
          headers,
          body: JSON.stringify(b),
        });
        const json = (await res.json()) as { id?: string };
        if (res.status === 201 && json.id) ids.push(json.id);
        return res.status;
      }),
      connections,
      seconds,
    );
    // 2b. Approve them all at once, in random order: per slot one 200, the rest 409 slot_taken.
    ids.sort(() => Math.random() - 0.5);
    log(`approving ${ids.length} requests concurrently…`);
    const approved = await pool(
      ids.map((id) => async () => {
        const res = await fetch(`${api}/booking-requests/${id}/approve`, {
          method: 'POST',
          headers,
          body: '{}',
        });
        await res.arrayBuffer();
        return res.status;
      }),
      connections,
      seconds,
    );
    const overlaps = await countOverlaps(server.services.db);
    const figures: HousesBenchFigures = {
      engine: pgUrl ? 'postgres' : 'pglite',
      bookingsSeeded: s.total,
      weekView,
      createRequests: { ...strip(created), unexpected: created.statuses.filter((x) => x !== 201).length },
      approvals: {
        ...strip(approved),
        unexpected: approved.statuses.filter((x) => x !== 200 && x !== 409).length,
        confirmed: approved.statuses.filter((x) => x === 200).length,
        slotTaken: approved.statuses.filter((x) => x === 409).length,
        slots: SLOTS,
      },
      overlaps,
    };
    log(
      [
        '',
        `Community houses — ${figures.engine}, ${s.total} bookings over 2 years in ${ROOMS} rooms`,
        '',
        '| scenario | req/s | p50 | p99 | requests | unexpected answers |',
        '|---|---:|---:|---:|---:|---:|',
        `| GET public week view | ${weekView.requestsPerSecond} | ${weekView.latencyP50Ms} ms | ${weekView.latencyP99Ms} ms | ${weekView.requests} | ${weekView.errors + weekView.non2xx} |`,
        `| POST booking request (API) | ${figures.createRequests.requestsPerSecond} | ${figures.createRequests.latencyP50Ms} ms | ${figures.createRequests.latencyP99Ms} ms | ${figures.createRequests.requests} | ${figures.createRequests.unexpected} |`,
        `| POST approve, ${PER_SLOT} per slot at once | ${figures.approvals.requestsPerSecond} | ${figures.approvals.latencyP50Ms} ms | ${figures.approvals.latencyP99Ms} ms | ${figures.approvals.requests} | ${figures.approvals.unexpected} |`,
        '',
        `Approvals: ${figures.approvals.confirmed} confirmed for ${SLOTS} slots, ${figures.approvals.slotTaken} answered 409 slot_taken. Overlapping confirmed bookings: ${overlaps} (must be 0).`,
      ].join('\n'),
    );
    return figures;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function strip(p: {
  statuses: number[];
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}) {
  return {
    requests: p.requests,
    requestsPerSecond: p.requestsPerSecond,
    latencyP50Ms: p.latencyP50Ms,
    latencyP99Ms: p.latencyP99Ms,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchHouses({
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  })
    .then((f) => {
      if (
        f.overlaps > 0 ||
        f.approvals.confirmed > SLOTS ||
        f.approvals.unexpected > 0 ||
        f.weekView.non2xx > 0
      )
        process.exitCode = 1;
    })
    .catch((err) => {
      console.error(`houses bench failed: ${err instanceof Error ? err.stack : String(err)}`);
      process.exit(1);
    });
}

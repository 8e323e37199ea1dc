/**
 * Profiles and impact bench (AREA-3 and IMPACT-1), on 127.0.0.1 only and bounded in time. One app on a
 * fresh embedded database with two tenants:
 *   - `bench`: the Berlin LOR 2021 hierarchy (12 districts … 542 planning areas) and one indicator
 *     (inhabitants) with one value per planning area for 2021, generated from the area's index and
 *     imported through the module's import (which derives the higher levels); the indicator and one
 *     planning area published;
 *   - `bench-impact`: one district with 100 programme areas and 10 activities in each over the last
 *     two years, recorded through the module's use case.
 * Then autocannon on
 *   1. the staff choropleth of the indicator over all 542 planning areas
 *      (GET /staff/bench/profiles?level=planungsraum&indicator=…&period=2021). The demo data has no
 *      planning-area boundaries, so at this level the page draws no map: it renders the legend and the
 *      table of all 542 areas with their value and class;
 *   2. the public profile page of one planning area (GET /bench/areas/{slug}/profile);
 *   3. the staff impact dashboard of the whole tenant for this year (GET /staff/bench-impact/impact);
 *   4. the 100 programme areas side by side (GET /staff/bench-impact/impact/areas): one request at a
 *      time, not autocannon, as one answer takes seconds (every figure asked for every area).
 * Staff pages are asked with an administrator's session cookie. Prints req/s, p50, p99 and the
 * answer's size of each and the seed time. Runs on the embedded engine; PROFILES_BENCH_DATABASE_URL
 * runs it on a PostgreSQL server instead (an empty database that may be overwritten).
 *
 * Standalone: `npx tsx bench/profiles.ts`; `npm run bench` calls benchProfiles() after its own part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { addMembership } from '../src/modules/access/index.ts';
import {
  getAreaByKey,
  importLorHierarchy,
  loadDemoData,
  setAreasPublished,
  upsertAreas,
} from '../src/modules/areas/index.ts';
import { createSession, createUser } from '../src/modules/identity/index.ts';
import { SESSION_COOKIE } from '../src/modules/identity/sessions.ts';
import { createActivity } from '../src/modules/impact/index.ts';
import { importIndicatorFile, listIndicators, setIndicatorPublished } from '../src/modules/profiles/index.ts';
import { createTenant } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Services } from '../src/platform/http/context.ts';
import { todayLocal } from '../src/platform/time/index.ts';
import { startServer } from '../src/server.ts';

export const PROGRAMME_AREAS = 100;
export const ACTIVITIES_PER_AREA = 10;
const PERIOD = '2021';

interface PathFigures {
  path: string;
  /** One request alone, before the load (ms). */
  aloneMs: number;
  responseBytes: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface ProfilesBenchFigures {
  engine: 'pglite' | 'postgres';
  planningAreas: number;
  programmeAreas: number;
  activities: number;
  seedProfilesMs: number;
  seedImpactMs: number;
  staffMap: PathFigures;
  publicProfile: PathFigures;
  impactDashboard: PathFigures;
  impactSideBySide: PathFigures;
}

async function measure(
  base: string,
  path: string,
  o: { seconds: number; connections: number; log: (l: string) => void; cookie?: string },
): Promise<PathFigures> {
  const headers: Record<string, string> = o.cookie ? { cookie: o.cookie } : {};
  const t0 = performance.now();
  const check = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  const body = await check.arrayBuffer();
  const aloneMs = Math.round(performance.now() - t0);
  if (check.status !== 200) throw new Error(`${path} answered ${check.status}`);
  await autocannon({ url: `${base}${path}`, connections: o.connections, duration: 1, workers: 1, headers });
  o.log(`measuring GET ${path} for ${o.seconds} s with ${o.connections} connections…`);
  const r = await autocannon({
    url: `${base}${path}`,
    connections: o.connections,
    duration: o.seconds,
    timeout: 10,
    workers: 1,
    headers,
  });
  return {
    path,
    aloneMs,
    responseBytes: body.byteLength,
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/**
 * One request after the other for `seconds` (no new one starts after that; at least one), for a page
 * too slow for a load run: at several seconds an answer, 10 connections would each wait for the ones
 * before them and autocannon would count no answer within its time. p99 is the slowest answer.
 */
async function measureOneByOne(
  base: string,
  path: string,
  o: { seconds: number; log: (l: string) => void; cookie: string },
): Promise<PathFigures> {
  o.log(`measuring GET ${path} one request at a time for ${o.seconds} s…`);
  const times: number[] = [];
  let bytes = 0;
  let non2xx = 0;
  const start = performance.now();
  do {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie: o.cookie }, redirect: 'manual' });
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t0);
    if (res.status !== 200) non2xx++;
  } while (performance.now() - start < o.seconds * 1000);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    path,
    aloneMs: Math.round(times[0]),
    responseBytes: bytes,
    requestsPerSecond: Math.round((times.length / (performance.now() - start)) * 1000 * 10) / 10,
    latencyP50Ms: Math.round(sorted[Math.floor(sorted.length / 2)]),
    latencyP99Ms: Math.round(sorted[sorted.length - 1]),
    requests: times.length,
    errors: 0,
    non2xx,
  };
}

/** The LOR hierarchy and one published indicator with a value in every planning area. */
async function seedProfiles(services: Services, tenantId: string) {
  const { db } = services;
  const sys = systemActor(tenantId);
  const { lor } = await loadDemoData();
  await importLorHierarchy(db, tenantId, lor);
  // Deterministic values between 1,000 and 9,999 spread over the areas (no randomness: runs compare).
  const csv = ['plr_key;inhabitants', ...lor.map((r, i) => `${r.plr_key};${1000 + ((i * 7919) % 9000)}`)];
  const { report } = await importIndicatorFile(sys, db, {
    fileName: 'bench-inhabitants-2021.csv',
    bytes: new TextEncoder().encode(`${csv.join('\n')}\n`),
    mapping: {
      layout: 'wide',
      keyColumn: 0,
      period: PERIOD,
      columns: [{ index: 1, indicatorKey: 'inhabitants' }],
    },
  });
  if (report.imported !== lor.length)
    throw new Error(`profiles bench: ${report.imported} of ${lor.length} values imported`);
  const [indicator] = await listIndicators(db, tenantId);
  await setIndicatorPublished(sys, db, indicator.id, true);
  const area = await getAreaByKey(db, tenantId, 'planungsraum', lor[0].plr_key);
  if (!area) throw new Error(`profiles bench: no planning area ${lor[0].plr_key}`);
  await setAreasPublished(sys, db, [area.id], true);
  return { planningAreas: lor.length, indicatorId: indicator.id, areaSlug: area.slug };
}

/** 100 programme areas in one district, each with activities spread over the last two years. */
async function seedImpact(services: Services, tenantId: string) {
  const { db } = services;
  const sys = systemActor(tenantId);
  const district = await upsertAreas(db, tenantId, 'district', [
    { kind: 'district', key: 'D', name: 'Bezirk Bench' },
  ]);
  const keys = Array.from({ length: PROGRAMME_AREAS }, (_, i) => `QM${String(i + 1).padStart(3, '0')}`);
  const programmes = await upsertAreas(
    db,
    tenantId,
    'programme',
    keys.map((key) => ({ kind: 'programme', key, name: `Quartier ${key}`, parentId: district.ids.get('D') })),
  );
  const today = Date.parse(`${todayLocal()}T12:00:00Z`);
  let count = 0;
  for (const [i, key] of keys.entries()) {
    const areaId = programmes.ids.get(key)!;
    for (let j = 0; j < ACTIVITIES_PER_AREA; j++) {
      const daysBack = (i * 37 + j * 71) % 700;
      await createActivity(sys, db, {
        title: `Runder Tisch ${j + 1}`,
        heldOn: new Date(today - daysBack * 86_400_000).toISOString().slice(0, 10),
        areaId,
        partners: 'Schule am Park',
        participants: (i + j * 3) % 25,
      });
      count++;
    }
  }
  return { activities: count };
}

export async function benchProfiles(
  opts: { seconds?: number; connections?: number; log?: (line: string) => void } = {},
): Promise<ProfilesBenchFigures> {
  const seconds = Math.min(opts.seconds ?? 10, 10);
  const connections = Math.min(opts.connections ?? 10, 10);
  const log = opts.log ?? ((l: string) => console.log(l));
  const pgUrl = process.env.PROFILES_BENCH_DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), 'quartier-bench-profiles-'));
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
    `profiles bench: ${pgUrl ? 'PostgreSQL' : 'embedded PGlite'}, seeding the LOR hierarchy and ${PROGRAMME_AREAS} programme areas…`,
  );
  const server = await startServer(config, { quiet: true });
  try {
    const { db } = server.services;
    const tenant = await createTenant(db, { slug: 'bench', name: 'Bench' });
    const impactTenant = await createTenant(db, { slug: 'bench-impact', name: 'Bench Wirkung' });
    const user = await createUser(db, { email: 'bench-admin@example.org', name: 'Bench', verified: true });
    for (const t of [tenant, impactTenant])
      await addMembership(db, { tenantId: t.id, userId: user.id, role: 'admin' });
    const cookie = `${SESSION_COOKIE}=${await createSession(db, user.id, { method: 'bench' })}`;

    let started = Date.now();
    const profiles = await seedProfiles(server.services, tenant.id);
    const seedProfilesMs = Date.now() - started;
    started = Date.now();
    const impact = await seedImpact(server.services, impactTenant.id);
    const seedImpactMs = Date.now() - started;

    const o = { seconds, connections, log };
    const staffMap = await measure(
      server.url,
      `/staff/bench/profiles?level=planungsraum&indicator=${profiles.indicatorId}&period=${PERIOD}`,
      { ...o, cookie },
    );
    const publicProfile = await measure(server.url, `/bench/areas/${profiles.areaSlug}/profile`, o);
    const impactDashboard = await measure(server.url, '/staff/bench-impact/impact', { ...o, cookie });
    const impactSideBySide = await measureOneByOne(server.url, '/staff/bench-impact/impact/areas', {
      seconds,
      log,
      cookie,
    });
    return {
      engine: pgUrl ? 'postgres' : 'pglite',
      planningAreas: profiles.planningAreas,
      programmeAreas: PROGRAMME_AREAS,
      activities: impact.activities,
      seedProfilesMs,
      seedImpactMs,
      staffMap,
      publicProfile,
      impactDashboard,
      impactSideBySide,
    };
  } finally {
    await server.close();
    if (!pgUrl) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The measured paths that answered with an error, or not once within the time (nothing measured). */
export const profilesFailures = (f: ProfilesBenchFigures): string[] =>
  [f.staffMap, f.publicProfile, f.impactDashboard, f.impactSideBySide]
    .filter((p) => p.non2xx + p.errors > 0 || p.requests === 0)
    .map((p) => p.path);

/** The figures as markdown lines. */
export function profilesTable(f: ProfilesBenchFigures): string {
  const row = (label: string, p: PathFigures) =>
    `| ${label} | ${p.aloneMs} | ${p.requestsPerSecond} | ${p.latencyP50Ms} | ${p.latencyP99Ms} | ${p.requests} | ${Math.round(p.responseBytes / 1024)} KiB | ${p.non2xx + p.errors} |`;
  return [
    `Profiles and impact (${f.engine}): ${f.planningAreas} planning areas with one indicator, seeded in ${f.seedProfilesMs} ms; ${f.programmeAreas} programme areas with ${f.activities} activities, seeded in ${f.seedImpactMs} ms`,
    '',
    '| path | alone ms | req/s | p50 ms | p99 ms | answers | answer | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(`staff map of one indicator, ${f.planningAreas} planning areas (table)`, f.staffMap),
    row('public profile of one planning area', f.publicProfile),
    row(`impact dashboard, whole tenant (${f.programmeAreas} areas)`, f.impactDashboard),
    row(`impact areas side by side (${f.programmeAreas} rows), one request at a time`, f.impactSideBySide),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const f = await benchProfiles({ seconds: Number(process.env.BENCH_SECONDS ?? 10) });
  console.log(profilesTable(f));
  const failed = profilesFailures(f);
  if (failed.length)
    console.error(`profiles bench: errors or no answer within the time on ${failed.join(', ')}`);
  process.exit(failed.length ? 1 : 0);
}

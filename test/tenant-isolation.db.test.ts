/**
 * Tenant isolation, checked over every route the app has (so later modules are covered without
 * touching this file): the routes come from `app.routes` of the composed app.
 *
 * Setup: tenants A and B on one database. A has an admin (the signed-in user of this test) and an API
 * token; B has an area, a member, a membership and an API token, all carrying a distinctive marker.
 *
 * (i)  Staff and API routes with :tenant = B, signed in as A's admin (with a valid CSRF token for
 *      writes): every answer is 403 or 404. A redirect counts as a failure too: the staff and API
 *      middleware decide membership before any handler runs, so a signed-in non-member must never be
 *      redirected (not even by /switch-area, which would set a cookie for B). Public routes (/:tenant/…)
 *      are public by design and are not part of (i).
 * (ii) Every route with :tenant = A and every other path parameter set to one of B's identifiers (by
 *      parameter name, see `candidates`), writes with form fields naming B's identifiers: never a 500,
 *      never B's marker in the answer. Afterwards B's rows in every tenant table are unchanged.
 * (iii) A's API token on B's tenant: 403.
 */
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { addMembership, listMemberships } from '../src/modules/access/index.ts';
import { areas, getAreaByKey, upsertAreas } from '../src/modules/areas/index.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { newId } from '../src/platform/db/index.ts';
import type { AppEnv } from '../src/platform/http/context.ts';
import type { ModuleManifest } from '../src/platform/modules.ts';
import { createApp } from '../src/server.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

/** Fewer checks than this means the route walk found (almost) nothing: fail instead of passing vacuously. */
const MIN_ROUTE_CHECKS = 10;
/** The walks send over a thousand requests; on a busy 2-core machine that takes minutes, not seconds. */
const WALK_TIMEOUT_MS = 600_000;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const METHODS = new Set(['GET', ...WRITE_METHODS]);
/** Tables whose B rows may legitimately change when A is refused something. */
const FINGERPRINT_SKIP = new Set(['audit_log']);

const SECRET = `GEHEIM-B-${newId().slice(-8)}`;

interface Route {
  method: string;
  path: string;
}
interface Ids {
  slug: string;
  areaId: string;
  areaSlug: string;
  areaKey: string;
  userId: string;
  membershipId: string;
  tokenId: string;
}

let ctx: TestContext;
let a: { slug: string; id: string };
let b: { slug: string; id: string } & Ids;
let aToken: string;
let bToken: string;
let routes: Route[];

beforeAll(async () => {
  ctx = await createTestContext();
  const { db } = ctx.services;
  const suffix = newId().slice(-6);
  const ta = await makeTenant(ctx.services, `iso-a-${suffix}`, 'Tenant A');
  // The tenant's name is public (its public pages show it), so it does not carry the marker.
  const tb = await makeTenant(ctx.services, `iso-b-${suffix}`, 'Tenant B');

  const adminA = await makeUser(ctx.services, { tenantId: ta.id, role: 'admin', name: 'Admin A' });
  aToken = (await createApiToken(db, ta.id, adminA.id, 'A token')).token;
  // A gets an area of its own, so A's screens have something to render.
  await upsertAreas(db, ta.id, 'district', [
    { kind: 'district', key: 'A1', name: 'Area of A', geometry: square(13.4) },
  ]);

  await upsertAreas(db, tb.id, 'district', [
    { kind: 'district', key: 'B1', name: `${SECRET} area`, geometry: square(13.5) },
  ]);
  const bArea = (await getAreaByKey(db, tb.id, 'district', 'B1'))!;
  const userB = await makeUser(ctx.services, { name: `${SECRET} person`, email: `b-${suffix}@example.org` });
  await addMembership(db, { tenantId: tb.id, userId: userB.id, role: 'admin' });
  await addMembership(db, { tenantId: tb.id, userId: userB.id, role: 'team', scopeAreaId: bArea.id });
  const membershipB = (await listMemberships(db, tb.id)).find((m) => m.userId === userB.id)!;
  const tokB = await createApiToken(db, tb.id, userB.id, `${SECRET} token`);
  bToken = tokB.token;

  a = { slug: ta.slug, id: ta.id };
  b = {
    slug: tb.slug,
    id: tb.id,
    areaId: bArea.id,
    areaSlug: bArea.slug,
    areaKey: bArea.key,
    userId: userB.id,
    membershipId: membershipB.id,
    tokenId: tokB.id,
  };

  routes = tenantRoutes(ctx.app);
});
afterAll(() => ctx?.close());

type App = TestContext['app'];

/** Every method + path of the app that takes a :tenant parameter (middleware entries left out). */
function tenantRoutes(app: App): Route[] {
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const r of app.routes) {
    if (!METHODS.has(r.method) || !r.path.includes(':tenant')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

function square(lon: number) {
  const ring = [
    [lon, 52.5],
    [lon + 0.01, 52.5],
    [lon + 0.01, 52.51],
    [lon, 52.51],
    [lon, 52.5],
  ];
  return { type: 'Polygon' as const, coordinates: [ring] };
}

const isStaffOrApi = (p: string) => p.startsWith('/staff/:tenant') || p.startsWith('/api/v1/tenants/:tenant');
const isApi = (p: string) => p.startsWith('/api/');

/** Path parameters of a Hono route pattern (":id", ":id{[0-9]+}", optional "?"). */
function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g)].map((m) => m[1]);
}

/** B's identifiers that fit a parameter name; unknown names get every id of B in turn. */
function candidates(name: string): string[] {
  const n = name.toLowerCase();
  if (n.includes('slug')) return [b.areaSlug];
  if (n.includes('membership')) return [b.membershipId];
  if (n.includes('user')) return [b.userId];
  if (n.includes('token')) return [b.tokenId];
  if (n.includes('key')) return [b.areaKey];
  if (n.includes('area')) return [b.areaId];
  return [b.areaId, b.membershipId, b.userId, b.tokenId, b.areaSlug];
}

function fill(path: string, tenant: string, values: Record<string, string>): string {
  return path
    .replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, (_, name: string) =>
      name === 'tenant' ? tenant : encodeURIComponent(values[name] ?? b.areaId),
    )
    .replace(/\*/g, 'x');
}

/** One concrete path per candidate index (parameters with fewer candidates keep their last one). */
function variantsWithBIds(path: string): string[] {
  const names = paramNames(path).filter((n) => n !== 'tenant');
  if (names.length === 0) return [fill(path, a.slug, {})];
  const lists = names.map(candidates);
  const count = Math.max(...lists.map((l) => l.length));
  const out = new Set<string>();
  for (let i = 0; i < count; i++) {
    const values: Record<string, string> = {};
    names.forEach((n, j) => {
      values[n] = lists[j][Math.min(i, lists[j].length - 1)];
    });
    out.add(fill(path, a.slug, values));
  }
  return [...out];
}

/** Form fields naming B's things, as a forged form would. */
function formWithBIds(): Record<string, string> {
  return {
    id: b.areaId,
    areaId: b.areaId,
    area: b.areaId,
    parentId: b.areaId,
    scopeAreaId: b.areaId,
    userId: b.userId,
    membershipId: b.membershipId,
    tokenId: b.tokenId,
    tenantId: b.id,
    tenant: b.slug,
    name: 'isolation test',
    email: 'isolation@example.org',
  };
}

async function signedInAgent(app: App): Promise<{ agent: Agent; csrf: string }> {
  const { db } = ctx.services;
  const admin = (await listMemberships(db, a.id)).find((m) => m.role === 'admin')!;
  const agent = await new Agent(app).loginAs(ctx.services, admin.userId);
  const home = await agent.get(`/staff/${a.slug}`);
  expect(home.status).toBe(200);
  const csrf = agent.csrfToken();
  expect(csrf, 'CSRF token on the staff start page').toBeTruthy();
  return { agent, csrf: csrf! };
}

async function send(agent: Agent, method: string, path: string, csrf: string, form: Record<string, string>) {
  if (method === 'GET') return agent.get(path);
  if (isApi(path)) {
    return agent.request(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(form),
    });
  }
  const body = new URLSearchParams({ _csrf: csrf, ...form });
  return agent.request(path, {
    method,
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** B's rows in every table with a tenant_id column, as one comparable string per table. */
async function fingerprintOfB(): Promise<Record<string, string>> {
  const ex = ctx.services.database.executor;
  const tables = await ex.executeSql(
    `select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id' order by table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables.rows as { table_name: string }[]) {
    if (FINGERPRINT_SKIP.has(table_name)) continue;
    const r = await ex.executeSql(
      `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h
         from "${table_name}" t where tenant_id = $1`,
      [b.id],
    );
    out[table_name] = `${r.rows[0].n}:${r.rows[0].h}`;
  }
  return out;
}

/** (i): staff and API routes of tenant B, signed in as A's admin. */
async function checkForeignTenant(app: App, list: Route[]) {
  const { agent, csrf } = await signedInAgent(app);
  const failures: string[] = [];
  let checked = 0;
  for (const r of list.filter((x) => isStaffOrApi(x.path))) {
    const values: Record<string, string> = {};
    for (const n of paramNames(r.path)) values[n] = candidates(n)[0];
    const path = fill(r.path, b.slug, values);
    const res = await send(agent, r.method, path, csrf, {});
    checked++;
    const body = await res.text();
    if (res.status !== 403 && res.status !== 404) {
      failures.push(`${r.method} ${path} → ${res.status} ${res.headers.get('location') ?? ''}`.trim());
    } else if (body.includes(SECRET)) {
      failures.push(`${r.method} ${path} → ${res.status} but shows B's data`);
    }
  }
  // Still signed in: none of the refused requests ended A's session.
  if ((await agent.get(`/staff/${a.slug}`)).status !== 200) failures.push("A's session ended during (i)");
  return { checked, failures };
}

/** (ii): every route of tenant A with B's identifiers in path, query, form and area cookie. */
async function checkForeignIds(app: App, list: Route[]) {
  let { agent, csrf } = await signedInAgent(app);
  const failures: string[] = [];
  let checked = 0;
  const check = async (label: string, p: string, res: Response) => {
    checked++;
    const body = await res.text();
    if (res.status >= 500) failures.push(`${label} ${p} → ${res.status}`);
    if (body.includes(SECRET)) failures.push(`${label} ${p} → ${res.status} shows B's data`);
  };
  // Reads first, then writes, so a write that ends the session cannot hide a read leak.
  const ordered = [...list.filter((r) => r.method === 'GET'), ...list.filter((r) => r.method !== 'GET')];
  for (const r of ordered) {
    for (const path of variantsWithBIds(r.path)) {
      if (r.method === 'GET') {
        await check('GET', path, await agent.get(path));
        const q = `${path}${path.includes('?') ? '&' : '?'}area=${b.areaId}&parent=${b.areaId}&id=${b.areaId}`;
        await check('GET', q, await agent.get(q));
        continue;
      }
      await check(r.method, path, await send(agent, r.method, path, csrf, formWithBIds()));
      if ((await agent.get(`/staff/${a.slug}`)).status !== 200) {
        // That write signed A out (e.g. a sign-out or password route); continue with a fresh session.
        ({ agent, csrf } = await signedInAgent(app));
      }
    }
  }
  // A stale area choice naming B's area must not leak into A's screens either.
  agent.setCookie(`q_area_${a.slug}`, b.areaId);
  for (const r of list.filter((x) => x.method === 'GET' && x.path.startsWith('/staff/:tenant'))) {
    for (const p of variantsWithBIds(r.path)) await check('GET (area cookie of B)', p, await agent.get(p));
  }
  return { checked, failures };
}

describe('tenant isolation over all routes', () => {
  it('finds the tenant routes to check', () => {
    const staffOrApi = routes.filter((r) => isStaffOrApi(r.path));
    console.log(
      `tenant isolation: ${routes.length} routes with :tenant (${staffOrApi.length} staff/API, ` +
        `${routes.length - staffOrApi.length} other)\n${routes.map((r) => `  ${r.method} ${r.path}`).join('\n')}`,
    );
    expect(staffOrApi.length).toBeGreaterThan(0);
    expect(routes.length - staffOrApi.length).toBeGreaterThan(0);
    expect(routes.length + staffOrApi.length, 'route checks (i)+(ii)').toBeGreaterThanOrEqual(
      MIN_ROUTE_CHECKS,
    );
  });

  it(
    "(i) A's admin gets 403/404 on every staff and API route of tenant B",
    async () => {
      const { checked, failures } = await checkForeignTenant(ctx.app, routes);
      console.log(`tenant isolation (i): ${checked} staff/API routes checked on tenant B`);
      expect(failures).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    "(ii) no route of tenant A reveals or touches B's data when given B's identifiers",
    async () => {
      const before = await fingerprintOfB();
      const { checked, failures } = await checkForeignIds(ctx.app, routes);
      console.log(
        `tenant isolation (ii): ${checked} requests over ${routes.length} routes of tenant A with B's identifiers`,
      );
      expect(failures).toEqual([]);
      expect(await fingerprintOfB(), "B's rows after A's requests").toEqual(before);
    },
    WALK_TIMEOUT_MS,
  );

  it("(iii) A's API token is refused on tenant B, B's token on tenant A", async () => {
    const apiGets = routes.filter((r) => r.method === 'GET' && isApi(r.path)).map((r) => r.path);
    // The API middleware guards the whole prefix, so a path without a route answers too.
    const paths = [...new Set(['/api/v1/tenants/:tenant/areas', ...apiGets])];
    for (const p of paths) {
      const values: Record<string, string> = {};
      for (const n of paramNames(p)) values[n] = candidates(n)[0];
      const onB = await ctx.app.request(fill(p, b.slug, values), {
        headers: { authorization: `Bearer ${aToken}` },
      });
      expect(onB.status, `A's token on ${p} of B`).toBe(403);
      expect(await onB.text()).not.toContain(SECRET);
      const onA = await ctx.app.request(fill(p, a.slug, values), {
        headers: { authorization: `Bearer ${bToken}` },
      });
      expect(onA.status, `B's token on ${p} of A`).toBe(403);
    }
    // Sanity check: the token works on its own tenant (404 only where no API route exists yet).
    const own = await ctx.app.request(`/api/v1/tenants/${a.slug}/areas`, {
      headers: { authorization: `Bearer ${aToken}` },
    });
    expect([200, 404]).toContain(own.status);
  });

  it('catches leaks: a deliberately leaky module fails (i) and (ii)', async () => {
    // Reads an area by id without its tenant, on a staff route and on a root route that skips the
    // staff middleware: the two bugs this test exists to find.
    const leakyArea = async (c: Context<AppEnv>) => {
      const [row] = await c
        .get('services')
        .db.select()
        .from(areas)
        .where(eq(areas.id, c.req.param('id') ?? ''));
      return c.text(row?.name ?? 'none');
    };
    const leaky: ModuleManifest = {
      name: 'leaky',
      i18n: {},
      mount(r) {
        r.staff.get('/leak/:id', leakyArea);
        r.root.get('/staff/:tenant/unguarded/:id', leakyArea);
      },
    };
    const app = createApp(ctx.services, [...MODULES, leaky]).app;
    const list = tenantRoutes(app).filter((r) => r.path.includes('leak') || r.path.includes('unguarded'));
    expect(list).toHaveLength(2);
    const i = await checkForeignTenant(app, list);
    expect(i.failures.join('\n')).toMatch(/unguarded.* → 200/);
    const ii = await checkForeignIds(app, list);
    expect(ii.failures.join('\n')).toMatch(/\/leak\/.*shows B's data/);
  });
});

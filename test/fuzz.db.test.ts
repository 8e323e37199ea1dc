/**
 * A small, bounded fuzz test (fast-check): random strings — NUL characters, lone surrogates, huge
 * and odd numbers, broken JSON, markup, very long text — posted to a sample of the app's forms
 * (public, sign-in and staff) and sent to its API operations, in fields, query strings and path
 * parameters. Whatever arrives, the answer is never a 5xx. A failure prints the request and the
 * seed to replay it (FUZZ_SEED=… npx vitest run test/fuzz.db.test.ts). Besides the random runs, every form
 * and every operation of the OpenAPI document gets the inputs that broke things before (broken JSON
 * and multipart bodies, NUL characters, numbers beyond bigint); the last test prints the figure
 * (requests, 5xx answers — zero).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import type { TestParams } from '../src/platform/modules.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let slug: string;
let staff: Agent;
let visitor: Agent;
let token: string;
let params: TestParams = {};
let formRoutes: string[] = [];
let apiRoutes: { method: string; path: string }[] = [];
let getRoutes: string[] = [];

/** Routes that would end the fuzzing session or lock the admin out (still never a 500, but useless after). */
const SKIP =
  /\/logout$|\/users\/:membershipId\/remove|\/tokens\/:id\/revoke|\/account\/password|\/sso\/:id\/disable/;
const PARAM_RE = /:([A-Za-z0-9_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?\??/g;

/** A real entity for a path parameter, found like the tenant-isolation test does (`houses/:id`). */
function valueFor(path: string, name: string): string {
  if (name === 'lang') return 'en';
  if (name === 'date') return '2030-01-15';
  const segments = path.split('/');
  const at = segments.findIndex((s) => s.startsWith(`:${name}`));
  const word = segments
    .slice(0, at)
    .reverse()
    .find((s) => s && !s.startsWith(':'));
  return (params[`${word}/:${name}`] ?? params[`${word}/:id`])?.[0]?.value ?? 'x';
}

/** Percent-encodes a path segment; lone surrogates (which no URL can carry) go as their WTF-8 bytes. */
function segment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        const n = ch.charCodeAt(0);
        if (ch.length > 1 || n < 0xd800 || n > 0xdfff) return encodeURIComponent(ch);
        return [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('');
      })
      .join('');
  }
}

const fill = (path: string, override?: string) =>
  path.replace(PARAM_RE, (_, name: string) =>
    name === 'tenant' ? slug : segment(override ?? valueFor(path, name)),
  );

beforeAll(async () => {
  // FUZZ_LOG=error shows the stack trace behind a 500.
  ctx = await createTestContext({ config: { logLevel: process.env.FUZZ_LOG ?? 'silent' } });
  const tenant = await makeTenant(ctx.services, 'fuzz');
  slug = tenant.slug;
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
  visitor = new Agent(ctx.app);
  token = (await createApiToken(ctx.services.db, tenant.id, admin.id, 'fuzz')).token;
  for (const m of MODULES) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({
      services: ctx.services,
      tenant: { id: tenant.id, slug },
      marker: 'Fuzz',
      userId: admin.id,
      params,
    });
    for (const [k, v] of Object.entries(made)) params = { ...params, [k]: [...(params[k] ?? []), ...v] };
  }
  const seen = new Set<string>();
  for (const r of ctx.app.routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key) || SKIP.test(r.path) || r.path.includes('*')) continue;
    seen.add(key);
    if (r.path.startsWith('/api/v1/tenants/:tenant')) {
      if (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
        apiRoutes.push({ method: r.method, path: r.path });
    } else if (r.method === 'POST') formRoutes.push(r.path);
    else if (r.method === 'GET' && !r.path.startsWith('/api/')) getRoutes.push(r.path);
  }
  formRoutes = formRoutes.sort();
  apiRoutes = apiRoutes.sort((a, b) => `${a.path}${a.method}`.localeCompare(`${b.path}${b.method}`));
  getRoutes = getRoutes.sort();
});
afterAll(() => ctx.close());

/** The strings that have broken things before, and random text of every kind around them. */
const nasty = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfffy',
      '\ufffe',
      '99999999999999999999',
      '-99999999999999999999',
      '9007199254740993',
      '1e400',
      '-1',
      '0',
      'NaN',
      'Infinity',
      '2025-02-30',
      '99999-12-31',
      '25:61',
      '{"a":',
      '[[[[[[',
      '<script>alert(1)</script>',
      "'; drop table users; --",
      '=HYPERLINK("http://x","y")',
      '%00',
      '%',
      '../../etc/passwd',
      '\r\n\r\nX-Injected: 1',
      ' ',
      '',
      'x'.repeat(5000),
    ),
  },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

const FIELDS = [
  'name',
  'title',
  'email',
  'phone',
  'q',
  'description',
  'body',
  'date',
  'start',
  'end',
  'startTime',
  'endTime',
  'from',
  'to',
  'areaId',
  'houseId',
  'roomId',
  'venueId',
  'page',
  'places',
  'capacity',
  'participants',
  'kind',
  'status',
  'lang',
  'language',
  'topic',
  'role',
  'slug',
  'next',
  'url',
  'sort',
  'consent',
];
const form = fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 8 });
const query = fc.dictionary(
  fc.constantFrom('page', 'q', 'offset', 'limit', 'from', 'to', 'date', 'status', 'area', 'lang', 'next'),
  nasty,
  { maxKeys: 3 },
);
const qs = (q: Record<string, string>) => {
  const s = new URLSearchParams(q).toString();
  return s ? `?${s}` : '';
};

/** A JSON body: random JSON, broken JSON, or not JSON at all, with a matching or wrong content type. */
const apiBody = fc.oneof(
  fc.record({ type: fc.constant('application/json'), body: fc.json({ maxDepth: 3 }) }),
  fc.record({
    type: fc.constant('application/json'),
    body: fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  }),
  fc.record({
    type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
    body: nasty,
  }),
);

const RUNS = { numRuns: 300, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined };

/** What the run sent and how often the answer was a 5xx (reported at the end, must stay 0). */
const figure = { requests: 0, errors: 0 };

async function expectNo5xx(res: Response, what: string) {
  figure.requests++;
  if (res.status >= 500) {
    figure.errors++;
    const text = (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    throw new Error(`${res.status} for ${what}: ${text.slice(0, 300)}`);
  }
}

describe('fuzzing forms and the API never gives a 5xx', () => {
  it('finds the routes to fuzz', () => {
    expect(formRoutes.length).toBeGreaterThan(40);
    expect(apiRoutes.length).toBeGreaterThan(20);
    expect(getRoutes.length).toBeGreaterThan(40);
  });

  it('form posts (public, sign-in and staff) with random fields, queries and path parameters', async () => {
    await staff.get(`/staff/${slug}`);
    const staffCsrf = staff.csrfToken()!;
    await visitor.get('/login');
    const visitorCsrf = visitor.csrfToken()!;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...formRoutes),
        form,
        query,
        fc.option(nasty, { freq: 4 }),
        async (route, fields, q, param) => {
          const signedIn = route.startsWith('/staff/');
          const path = fill(route, param ?? undefined) + qs(q);
          const body = new URLSearchParams({ _csrf: signedIn ? staffCsrf : visitorCsrf, ...fields });
          const res = await (signedIn ? staff : visitor).request(path, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          await expectNo5xx(res, `POST ${path} ${JSON.stringify(fields)}`);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('pages with random queries and path parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...getRoutes),
        query,
        fc.option(nasty, { freq: 4 }),
        async (route, q, param) => {
          const path = fill(route, param ?? undefined) + qs(q);
          const res = await (route.startsWith('/staff/') ? staff : visitor).get(path);
          await expectNo5xx(res, `GET ${path}`);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('API operations with random, broken or non-JSON bodies and random queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...apiRoutes),
        apiBody,
        query,
        fc.option(nasty, { freq: 4 }),
        async (route, { type, body }, q, param) => {
          const path = fill(route.path.replace(/\{(\w+)\}/g, ':$1'), param ?? undefined) + qs(q);
          const res = await ctx.app.request(path, {
            method: route.method,
            headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
            ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { body } : {}),
          });
          await expectNo5xx(res, `${route.method} ${path} ${type} ${body.slice(0, 200)}`);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('every form and every operation of the OpenAPI document, each with the inputs that broke things before', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'put', 'post', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path: `/api/v1${path}` })),
    );
    expect(operations.length).toBeGreaterThan(30);
    // Every operation the document declares is one the app serves (and so one the random runs draw).
    const served = new Set(apiRoutes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
    expect(operations.filter((o) => !served.has(`${o.method} ${o.path}`))).toEqual([]);
    const bodies: [string, string][] = [
      ['application/json', '{"a":'],
      ['application/json', JSON.stringify({ name: 'a\u0000b', title: '9'.repeat(30), page: '1e400' })],
      ['text/plain', 'not json'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n'],
    ];
    for (const op of operations)
      for (const [type, body] of bodies)
        for (const param of [undefined, '99999999999999999999'] as const) {
          const path = fill(op.path.replace(/\{(\w+)\}/g, ':$1'), param);
          const res = await ctx.app.request(`${path}?page=%00&offset=99999999999999999999`, {
            method: op.method,
            headers: { authorization: `Bearer ${token}`, 'content-type': type },
            ...(['POST', 'PUT', 'PATCH'].includes(op.method) ? { body } : {}),
          });
          await expectNo5xx(res, `${op.method} ${path} ${type} ${body}`);
        }
    await staff.get(`/staff/${slug}`);
    const staffCsrf = staff.csrfToken()!;
    await visitor.get('/login');
    const visitorCsrf = visitor.csrfToken()!;
    const forms: [string, BodyInit][] = [
      ['application/x-www-form-urlencoded', 'name=a%00b&email=%&page=99999999999999999999&date=2025-02-30'],
      // Only the token: every field missing (a choice sent empty once failed on its id).
      ['application/x-www-form-urlencoded', ''],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nbroken',
      ],
    ];
    for (const route of formRoutes)
      for (const [type, body] of forms) {
        const signedIn = route.startsWith('/staff/');
        const csrf = signedIn ? staffCsrf : visitorCsrf;
        const path = fill(route);
        const res = await (signedIn ? staff : visitor).request(path, {
          method: 'POST',
          body: typeof body === 'string' && type.startsWith('application/') ? `_csrf=${csrf}&${body}` : body,
          headers: { 'content-type': type, 'x-csrf-token': csrf },
        });
        await expectNo5xx(res, `POST ${path} ${type}`);
      }
  }, 120_000);

  it('the figure: every request of this run answered without a 5xx', () => {
    console.log(
      `fuzz: ${figure.requests} requests over ${formRoutes.length} forms, ${getRoutes.length} pages and ${apiRoutes.length} API operations, ${figure.errors} answers 5xx`,
    );
    expect(figure.requests).toBeGreaterThan(3 * RUNS.numRuns);
    expect(figure.errors).toBe(0);
  });
});

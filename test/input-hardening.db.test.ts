/**
 * Input that used to end in an HTTP 500 answers with a 4xx instead, through the whole app:
 * (a) a broken multipart body on any POST, (b) a malformed or non-JSON body on the API, (c) a NUL
 * character in the path, the query, a form field or a JSON body (PostgreSQL cannot store it) — and
 * an iCalendar feed with NUL bytes imports, (d) page numbers and offsets beyond bigint, (e) a
 * malformed Origin or Referer header.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/app/modules.ts';
import { events } from '../src/modules/events/db/schema.ts';
import { createSource, runImport } from '../src/modules/events/import/run.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { networkTasks } from '../src/modules/network/db/schema.ts';
import type { TestParams } from '../src/platform/modules.ts';
import { addDays, todayLocal } from '../src/platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let slug: string;
let tenantId: string;
let staff: Agent;
let token: string;
let areaId: string;
let params: TestParams = {};

beforeAll(async () => {
  // A partner's feed is served from this machine: the operator's allow-list lets the server reach it.
  ctx = await createTestContext({ config: { outbound: { allowPrivate: false, allowHosts: ['127.0.0.1'] } } });
  const tenant = await makeTenant(ctx.services, 'harte-eingaben');
  slug = tenant.slug;
  tenantId = tenant.id;
  const admin = await makeUser(ctx.services, { tenantId, role: 'admin' });
  staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
  token = (await createApiToken(ctx.services.db, tenantId, admin.id, 'hardening')).token;
  const { upsertAreas } = await import('../src/modules/areas/index.ts');
  const { ids } = await upsertAreas(ctx.services.db, tenantId, 'programme', [
    { kind: 'programme', key: 'QM-H', name: 'Quartier Hart' },
  ]);
  areaId = ids.get('QM-H')!;
  for (const m of MODULES) {
    if (!m.testFactory) continue;
    const made = await m.testFactory({
      services: ctx.services,
      tenant,
      marker: 'Hart',
      userId: admin.id,
      params,
    });
    for (const [k, v] of Object.entries(made)) params = { ...params, [k]: [...(params[k] ?? []), ...v] };
  }
});
afterAll(() => ctx.close());

const api = (path: string, init: RequestInit = {}) =>
  ctx.app.request(`/api/v1/tenants/${slug}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });

/** A multipart body cut off in the middle of a part (as a dropped connection or a buggy client sends it). */
const brokenMultipart = (csrf: string) =>
  [
    '--XyZ',
    'Content-Disposition: form-data; name="_csrf"',
    '',
    csrf,
    '--XyZ',
    'Content-Disposition: form-data; name="email"; filename="a.txt"',
    'Content-Type: text/plain',
    '',
    'abc',
  ].join('\r\n');

async function expectErrorPage(res: Response, status: number, text: string) {
  expect(res.status).toBe(status);
  const html = await res.text();
  expect(html).toContain(text);
  expect(html).not.toContain('Fehlernummer');
}

describe('(a) broken multipart bodies', () => {
  it('are a 400 with a clear message on public, sign-in and staff forms', async () => {
    const visitor = new Agent(ctx.app);
    await visitor.get('/login');
    const csrf = visitor.csrfToken()!;
    for (const [agent, path, token] of [
      [visitor, '/login', csrf],
      [visitor, `/${slug}/newsletter`, csrf],
      [staff, `/staff/${slug}/network/venues`, null],
    ] as const) {
      if (!token) await agent.get(`/staff/${slug}/network/venues/new`);
      const t = token ?? agent.csrfToken()!;
      for (const [type, body] of [
        ['multipart/form-data; boundary=XyZ', brokenMultipart(t)],
        ['multipart/form-data', `_csrf=${t}`], // no boundary at all
        ['multipart/form-data; boundary=XyZ', '--XyZ\r\nnonsense'],
      ]) {
        const res = await agent.request(path, { method: 'POST', body, headers: { 'content-type': type } });
        await expectErrorPage(res, 400, 'Das Formular ist unvollständig oder beschädigt angekommen.');
      }
    }
  });
});

describe('(b) malformed and non-JSON bodies on the API', () => {
  it('answer 400, 415 or 422 with the JSON error body, never 500', async () => {
    const cases: [string, string, number][] = [
      ['application/json', '{"name": ', 400],
      ['application/json', '{name: "x"}', 400],
      ['application/json', '', 400],
      ['application/json', 'null', 422],
      ['application/json', '[1,2]', 422],
      ['application/json', '"just a string"', 422],
      ['application/json', '{"name": {"$gt": ""}, "kind": 42}', 422],
      ['application/merge-patch+json', '{"name"', 400],
      ['text/plain', '{"name":"Treff"}', 422],
      ['application/x-www-form-urlencoded', 'name=Treff', 422],
    ];
    for (const path of ['/network/venues', '/network/actors', '/events']) {
      for (const [type, body, status] of cases) {
        const res = await api(path, { method: 'POST', body, headers: { 'content-type': type } });
        const what = `${path} ${type} ${body}`;
        expect(res.status, what).toBeGreaterThanOrEqual(400);
        expect(res.status, what).toBeLessThan(500);
        if (status === 400) expect(res.status, what).toBe(400);
        expect(res.headers.get('content-type'), what).toContain('application/json');
        const json = (await res.json()) as { error: { code: string; message: string } };
        expect(json.error.code, what).toBeTruthy();
      }
    }
  });
});

describe('(c) NUL characters', () => {
  const NUL_PATHS = () => [
    `/${slug}%00/events`,
    `/t%00x/events`,
    `/staff/${slug}%00`,
    `/${slug}/houses/x%00y`,
    `/${slug}/events?q=a%00b`,
    `/staff/${slug}/network/actors?q=%00`,
    `/staff/${slug}/events?q=%00&status=%00`,
    `/staff/${slug}/houses/requests?from=2025%0001-01`,
    `/api/v1/tenants/${slug}/network/actors?q=%00`,
    `/api/v1/tenants/${slug}/areas?q=x%00`,
    `/login?next=%00`,
  ];

  it('in the path or the query are a 400 on pages and the API', async () => {
    for (const path of NUL_PATHS()) {
      const res = path.startsWith('/api/')
        ? await ctx.app.request(path, { headers: { authorization: `Bearer ${token}` } })
        : await staff.get(path);
      expect(res.status, path).toBe(400);
      if (path.startsWith('/api/'))
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('nul_character');
      else expect(await res.text(), path).toContain('unzulässiges Steuerzeichen (NUL)');
    }
  });

  it('in a form field, a field name or a file name are a 400, and nothing is stored', async () => {
    await staff.get(`/staff/${slug}/network/venues/new`);
    for (const form of [
      { name: 'Treff\u0000punkt', areaId } as Record<string, string>,
      { name: 'Treffpunkt', areaId, 'x\u0000': '1' },
    ]) {
      const res = await staff.post(`/staff/${slug}/network/venues`, form);
      await expectErrorPage(res, 400, 'unzulässiges Steuerzeichen (NUL)');
    }
    const body = new FormData();
    body.append('_csrf', staff.csrfToken()!);
    body.append('name', 'Treffpunkt');
    body.append('file', new File(['x'], 'a\u0000.csv', { type: 'text/csv' }));
    const upload = await staff.request(`/staff/${slug}/network/import`, { method: 'POST', body });
    expect(upload.status).toBe(400);
    // A public form, without a session.
    const visitor = new Agent(ctx.app);
    const pub = await visitor.post(
      `/${slug}/newsletter`,
      { email: 'nul\u0000@example.org', language: 'de', consent: 'on' },
      { csrfFrom: `/${slug}/newsletter` },
    );
    await expectErrorPage(pub, 400, 'unzulässiges Steuerzeichen (NUL)');
  });

  it('in a JSON body (escaped or raw, in a value or a key) are a 400 on the API', async () => {
    for (const body of [
      '{"name":"Treff\\u0000punkt"}',
      '{"name":"Treff\\U0000punkt"}',
      '{"na\\u0000me":"Treffpunkt"}',
      '{"name":["a",{"b":"\\u0000"}]}',
      '{"name":"Treff\u0000punkt"}',
    ]) {
      const res = await api('/network/venues', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, body).toMatch(
        /nul_character|bad_request/,
      );
    }
    // An escaped backslash before "u0000" is text, not a NUL.
    const ok = await api('/network/venues', {
      method: 'POST',
      body: JSON.stringify({ name: 'Treff \\u0000 Punkt', areaId }),
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(201);
  });

  it('in an iCalendar feed are dropped, so the feed imports on every poll', async () => {
    const day = addDays(todayLocal(), 20).replaceAll('-', '');
    const feed = Buffer.from(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Partner//Kaputt//DE',
        'BEGIN:VEVENT',
        'UID:nul-1@partner.example\u0000',
        'DTSTAMP:20250101T000000Z',
        `DTSTART:${day}T180000Z`,
        `DTEND:${day}T200000Z`,
        'SUMMARY:Kiez\u0000fest',
        'DESCRIPTION:Mit\u0000 Musik',
        'LOCATION:Hof\u0000',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:nul-2@partner.example',
        'DTSTAMP:20250101T000000Z',
        `DTSTART:${day}T100000Z`,
        'SUMMARY;ENCODING=QUOTED-PRINTABLE:Fr=00=C3=BChst=C3=BCck',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
      'utf8',
    );
    const server = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(feed);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const source = await createSource(ctx.services.db, tenantId, {
        name: 'Partner mit NUL',
        kind: 'url',
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`,
        areaId,
        categoryIds: [],
        attribution: 'Partner',
        attributionUrl: null,
        publishMode: 'publish',
        intervalMinutes: 60,
        enabled: true,
      });
      for (const trigger of ['schedule', 'schedule'] as const) {
        const run = await runImport(ctx.services, tenantId, source.id, { trigger });
        expect(run.status, JSON.stringify(run.problems)).not.toBe('failed');
      }
      const list = await ctx.services.db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, tenantId), eq(events.importSourceId, source.id)));
      expect(list.map((e) => e.title).sort()).toEqual(['Frühstück', 'Kiezfest']);
    } finally {
      server.close();
    }
  });
});

describe('(d) page numbers and offsets beyond bigint', () => {
  const HUGE = ['99999999999999999999', '1e400', '9007199254740993', '-5', 'abc', '1.5'];

  it('screens treat them as the last possible page (empty) and answer 200', async () => {
    for (const page of HUGE) {
      for (const path of [
        `/staff/${slug}/events?page=${page}`,
        `/staff/${slug}/network/actors?page=${page}`,
      ]) {
        const res = await staff.get(path);
        expect(res.status, path).toBe(200);
      }
    }
    const visitor = new Agent(ctx.app);
    const { getArea } = await import('../src/modules/areas/index.ts');
    const area = (await getArea(ctx.services.db, tenantId, areaId))!;
    for (const page of HUGE) {
      const res = await visitor.get(`/${slug}/areas/${area.slug}/news?page=${page}`);
      expect(res.status, page).toBeLessThan(500);
      expect([200, 404]).toContain(res.status);
    }
  });

  it('the API refuses an offset beyond its maximum with 422', async () => {
    for (const path of ['/areas', '/events', '/network/actors']) {
      for (const offset of ['99999999999999999999', '10000001', '1e400']) {
        const res = await api(`${path}?offset=${offset}`);
        expect(res.status, `${path} ${offset}`).toBe(422);
      }
      expect((await api(`${path}?offset=10000000`)).status, path).toBe(200);
    }
  });
});

describe('(e) malformed Origin and Referer headers, and redirect fields', () => {
  it('a malformed Origin on a form post is a 403, not a 500', async () => {
    await staff.get(`/staff/${slug}/network/venues/new`);
    for (const origin of ['http://[', '::::', 'http://a b', 'http://%zz', 'x']) {
      const res = await staff.request(`/staff/${slug}/network/venues`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: staff.csrfToken()!, name: 'Treff', areaId }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      });
      expect(res.status, origin).toBe(403);
    }
  });

  it("a form's `back` field with a line break, or pointing elsewhere, goes to the default page", async () => {
    const task = params['tasks/:id'][0].value;
    const week = `/staff/${slug}/network/week`;
    await staff.get(week);
    for (const [back, to] of [
      [`/staff/${slug}/network/actors\r\nSet-Cookie: x=1`, week],
      [`/staff/${slug}/network/actors\t`, week],
      [`/staff/${slug}/network/../../../\\evil.example`, week],
      ['//evil.example', week],
      [`/staff/${slug}/network/actors?open=1`, `/staff/${slug}/network/actors?open=1`],
    ]) {
      const res = await staff.post(`/staff/${slug}/network/tasks/${task}/done`, { back });
      expect(res.status, back).toBe(303);
      expect(res.headers.get('location'), back).toBe(to);
      await ctx.services.db.update(networkTasks).set({ doneAt: null });
    }
  });

  it('the area switcher goes back only to a page of this site, whatever the Referer says', async () => {
    const home = `/staff/${slug}`;
    for (const [referer, to] of [
      ['::::', home],
      ['http://[', home],
      ['https://evil.example/staff/x', home],
      ['http://localhost//evil.example/x', home],
      ['http://localhost/staff/x/events?page=2', '/staff/x/events'],
    ]) {
      const res = await staff.get(`/staff/${slug}/switch-area?area=`, { referer });
      expect(res.status, referer).toBe(302);
      expect(res.headers.get('location'), referer).toBe(to);
    }
  });
});

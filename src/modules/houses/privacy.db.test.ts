import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { bookingRequests, bookings } from './db/schema.ts';
import { futureWeekday, linkIn, makeHouse, outbox, requestForm } from './test-helpers.ts';
import {
  approveRequest,
  cancelRequest,
  prepareRequest,
  readInput,
  submitRequest,
} from './use-cases/booking.ts';
import { reference } from './use-cases/documents.ts';
import { utilisationReport } from './use-cases/report.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let admin: Agent;
let adminId: string;
let setup: Awaited<ReturnType<typeof makeHouse>>;
const base = '/staff/datenstadt/houses';
const ids: Record<string, string> = {};
let date: string;

/** A request through the same path as the public form (without its rate limit), then approved. */
async function book(key: string, room: string, day: string, over: Record<string, string>) {
  const p = await prepareRequest(ctx.services.db, {
    tenantId: tenant.id,
    house: setup.house,
    rooms: [setup.hall, setup.seminar],
    input: readInput(requestForm(room, day, over)),
    mode: 'public',
  });
  expect(p.fields).toEqual({});
  const r = await submitRequest(ctx.services, tenant, setup.house, p, { source: 'public', lang: 'de' });
  await approveRequest(ctx.services, tenant, r.id, adminId);
  ids[key] = r.id;
  return r;
}

const requestRow = async (id: string) =>
  (
    await ctx.services.db
      .select()
      .from(bookingRequests)
      .where(and(eq(bookingRequests.tenantId, tenant.id), eq(bookingRequests.id, id)))
  )[0];

const report = () => utilisationReport(ctx.services.db, tenant.id, [setup.house], date, addDays(date, 14));

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await makeTenant(ctx.services, 'datenstadt', 'Datenstadt');
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  adminId = user.id;
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
  setup = await makeHouse(ctx.services, tenant.id, { slug: 'datenhaus', contactEmail: 'haus@example.org' });
  date = futureWeekday(2);
  // One choir, two contact people; a private person; another group.
  await book('choirA', setup.hall.id, date, {
    email: 'anna@example.org',
    name: 'Anna Alt',
    phone: '030 111',
    organisation: 'Chor Beispielkiez e.V.',
  });
  await book('private', setup.seminar.id, date, {
    email: 'bert@example.org',
    name: 'Bert Bunt',
    organisation: '',
    tariff: 'standard',
    category: 'celebration',
    participants: '10',
  });
  await book('choirB', setup.hall.id, addDays(date, 7), {
    email: 'carla@example.org',
    name: 'Carla Chor',
    organisation: 'chor  beispielkiez E.V.',
  });
});
afterAll(() => ctx.close());

describe('legal basis and retention', () => {
  it('records the legal basis and keeps details until the end of the year after the last date', async () => {
    const r = await requestRow(ids.choirA);
    expect(r.legalBasis).toBe('contract');
    expect(r.retentionUntil).toBe(`${Number(date.slice(0, 4)) + 1}-12-31`);
    const page = await (await admin.get(`${base}/requests/${ids.choirA}`)).text();
    expect(page).toContain('Art. 6 Abs. 1 lit. b DSGVO');
    expect(page).toContain('Aufbewahrt bis');
    // The public form says so before anyone sends anything.
    const form = await (await new Agent(ctx.app).get('/datenstadt/houses/datenhaus/request')).text();
    expect(form).toContain('Art. 6 Abs. 1 lit. b DSGVO');
  });

  it('counts the choir once although two people booked for it, by a salted key only', async () => {
    const before = await report();
    expect(before.total.groups).toBe(2);
    const keys = await ctx.services.db
      .select({ key: bookings.groupKey })
      .from(bookings)
      .where(eq(bookings.tenantId, tenant.id));
    for (const k of keys) expect(k.key).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('expired requests are listed for staff and erased after confirmation', () => {
  let before: Awaited<ReturnType<typeof report>>;

  it('lists only requests past their date, without showing names', async () => {
    before = await report();
    await ctx.services.db
      .update(bookingRequests)
      .set({ retentionUntil: '2020-12-31' })
      .where(
        and(eq(bookingRequests.tenantId, tenant.id), inArray(bookingRequests.id, [ids.choirA, ids.private])),
      );
    const res = await admin.get(`${base}/privacy`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2 Anfragen über die Aufbewahrungsfrist hinaus');
    expect(html).toContain(reference(ids.choirA));
    expect(html).toContain(reference(ids.private));
    expect(html).not.toContain(reference(ids.choirB));
    expect(html).not.toContain('Anna Alt');
    expect(html).not.toContain('bert@example.org');
  });

  it('erases nothing without the confirmation', async () => {
    const res = await admin.post(`${base}/privacy/erase-expired`, { ids: [ids.choirA, ids.private] });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Bitte bestätigen Sie das Löschen mit dem Häkchen.');
    expect((await requestRow(ids.choirA)).requesterName).toBe('Anna Alt');
  });

  it('erases the personal details and their mails; hours, categories and groups stay the same', async () => {
    const annaMailsBefore = await outbox(ctx.services, tenant.id, 'anna@example.org');
    expect(annaMailsBefore.length).toBeGreaterThan(0);
    const res = await admin.post(
      `${base}/privacy/erase-expired`,
      { ids: [ids.choirA, ids.private], confirm: 'on' },
      { csrfFrom: `${base}/privacy` },
    );
    expect(res.status).toBe(303);
    const done = await admin.get(res.headers.get('location')!);
    expect(await done.text()).toContain('Die Angaben von 2 Anfragen wurden gelöscht.');

    const a = await requestRow(ids.choirA);
    expect(a).toMatchObject({
      requesterName: '',
      requesterEmail: '',
      requesterPhone: '',
      organisation: '',
      purpose: '',
      userId: null,
      category: 'culture',
      participants: 20,
      status: 'approved',
    });
    expect(a.erasedAt).toBeInstanceOf(Date);
    expect(a.cancelTokenHash).toBe(`erased:${a.id}`);
    const titles = await ctx.services.db
      .select({ title: bookings.title })
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenant.id), eq(bookings.requestId, ids.choirA)));
    expect(titles.every((x) => x.title === '')).toBe(true);
    // The other contact of the choir keeps everything.
    expect((await requestRow(ids.choirB)).requesterName).toBe('Carla Chor');

    // Mails about the erased requests are gone (to the requester and the house's notices)…
    expect(await outbox(ctx.services, tenant.id, 'anna@example.org')).toHaveLength(0);
    expect(await outbox(ctx.services, tenant.id, 'bert@example.org')).toHaveLength(0);
    const house = await outbox(ctx.services, tenant.id, 'haus@example.org');
    expect(house.some((m) => m.text.includes('Anna Alt') || m.text.includes('Bert Bunt'))).toBe(false);
    // …the others stay.
    expect(house.some((m) => m.text.includes('Carla Chor'))).toBe(true);
    expect((await outbox(ctx.services, tenant.id, 'carla@example.org')).length).toBeGreaterThan(0);

    const after = await report();
    expect(after.total.bookedHours).toBe(before.total.bookedHours);
    expect(after.total.groups).toBe(before.total.groups);
    expect(after.total.bookings).toBe(before.total.bookings);
    expect(after.byCategory).toEqual(before.byCategory);

    const erased = await ctx.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, 'erase')));
    expect(erased.map((e) => e.entityId).sort()).toEqual([ids.choirA, ids.private].sort());

    const detail = await (await admin.get(`${base}/requests/${ids.choirA}`)).text();
    expect(detail).toContain('Die personenbezogenen Angaben wurden am');
    expect(detail).not.toContain('Anna');
    const list = await (await admin.get(`${base}/requests?status=all`)).text();
    expect(list).toContain('(Angaben gelöscht)');
    expect(await (await admin.get(`${base}/privacy`)).text()).toContain(
      'Keine Anfrage hat ihre Aufbewahrungsfrist überschritten.',
    );
  });
});

describe('one requester: access (Art. 15) and erasure (Art. 17)', () => {
  it('finds the requests of an e-mail address (logged as a read) and exports everything as JSON and HTML', async () => {
    const found = await admin.post(
      `${base}/privacy/requester`,
      { email: ' Carla@Example.org ' },
      { csrfFrom: `${base}/privacy` },
    );
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain(reference(ids.choirB));
    expect(html).toContain('Carla Chor');

    const json = await admin.post(`${base}/privacy/requester/export.json`, { email: 'carla@example.org' });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toContain('attachment');
    expect(json.headers.get('cache-control')).toBe('no-store');
    const data = (await json.json()) as {
      requests: Record<string, unknown>[];
      mails: { subject: string }[];
      accessLog: { action: string }[];
    };
    expect(data.requests).toHaveLength(1);
    expect(data.requests[0]).toMatchObject({
      reference: reference(ids.choirB),
      name: 'Carla Chor',
      email: 'carla@example.org',
      organisation: 'chor  beispielkiez E.V.',
      legalBasis: 'contract',
      status: 'approved',
    });
    expect((data.requests[0].bookings as unknown[]).length).toBe(1);
    expect(data.mails.map((m) => m.subject).join(' | ')).toContain('Bestätigt');
    expect(data.accessLog.map((a) => a.action)).toEqual(
      expect.arrayContaining(['create', 'approve', 'read']),
    );

    const page = await admin.post(`${base}/privacy/requester/export.html`, { email: 'carla@example.org' });
    const text = await page.text();
    expect(text).toContain('Carla Chor');
    expect(text).toContain('Vertrag und Vertragsanbahnung (Art. 6 Abs. 1 lit. b DSGVO)');

    const audit = await ctx.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.entityId, ids.choirB)));
    expect(audit.filter((a) => a.action === 'export')).toHaveLength(2);
    expect(
      audit.some((a) => a.action === 'read' && (a.details as { view?: string }).view === 'privacy'),
    ).toBe(true);
    expect(audit.every((a) => a.personal === 'yes')).toBe(true);
  });

  it('refuses to erase while a booking lies ahead, then erases everything incl. the outbox and the private link', async () => {
    const refused = await admin.post(
      `${base}/privacy/requester/erase`,
      { email: 'carla@example.org', confirm: 'on' },
      { csrfFrom: `${base}/privacy` },
    );
    expect(refused.status).toBe(409);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Erst absagen, dann löschen');
    expect(refusedHtml).toContain(reference(ids.choirB));
    expect((await requestRow(ids.choirB)).requesterName).toBe('Carla Chor');

    const link = linkIn((await outbox(ctx.services, tenant.id, 'carla@example.org')).at(-1)!.text);
    expect((await new Agent(ctx.app).get(link)).status).toBe(200);
    await cancelRequest(ctx.services, tenant, ids.choirB, { actor: adminId });
    const before = await report();

    const unconfirmed = await admin.post(`${base}/privacy/requester/erase`, { email: 'carla@example.org' });
    expect(unconfirmed.status).toBe(422);
    const res = await admin.post(
      `${base}/privacy/requester/erase`,
      { email: 'carla@example.org', confirm: 'on' },
      { csrfFrom: `${base}/privacy` },
    );
    expect(res.status).toBe(303);
    expect((await requestRow(ids.choirB)).requesterEmail).toBe('');
    expect(await outbox(ctx.services, tenant.id, 'carla@example.org')).toHaveLength(0);
    expect((await new Agent(ctx.app).get(link)).status).toBe(404);
    const again = await admin.post(
      `${base}/privacy/requester`,
      { email: 'carla@example.org' },
      { csrfFrom: `${base}/privacy` },
    );
    expect(await again.text()).toContain('Zu dieser E-Mail-Adresse sind keine Anfragen (mehr) gespeichert.');
    // The erasure itself changes no figure (the cancellation before released the future date).
    expect((await report()).total).toEqual(before.total);
    const erased = await ctx.services.db
      .select({ id: bookingRequests.id })
      .from(bookingRequests)
      .where(and(eq(bookingRequests.tenantId, tenant.id), isNotNull(bookingRequests.erasedAt)));
    expect(erased).toHaveLength(3);
  });

  it('asks for a valid address', async () => {
    const res = await admin.post(
      `${base}/privacy/requester`,
      { email: 'nicht-gültig' },
      { csrfFrom: `${base}/privacy` },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('value="nicht-gültig"');
  });
});

describe('who may do this', () => {
  it('needs the privacy permission for the whole tenant', async () => {
    const areas = await upsertAreas(ctx.services.db, tenant.id, 'programme', [
      { kind: 'programme', key: 'QM-D', name: 'Quartier D' },
    ]);
    const team = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
    const scoped = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'coordinator',
      scopeAreaId: areas.ids.get('QM-D')!,
    });
    const coordinator = await makeUser(ctx.services, { tenantId: tenant.id, role: 'coordinator' });
    for (const [u, status] of [
      [team, 403],
      [scoped, 403],
      [coordinator, 200],
    ] as const) {
      const agent = await new Agent(ctx.app).loginAs(ctx.services, u.id);
      expect((await agent.get(`${base}/privacy`)).status).toBe(status);
    }
    const teamAgent = await new Agent(ctx.app).loginAs(ctx.services, team.id);
    const post = await teamAgent.post(
      `${base}/privacy/requester/export.json`,
      { email: 'anna@example.org' },
      { csrfFrom: base },
    );
    expect(post.status).toBe(403);
  });

  it('the API never hands out the personal details of a request (so reading it there needs no audit)', async () => {
    const p = await prepareRequest(ctx.services.db, {
      tenantId: tenant.id,
      house: setup.house,
      rooms: [setup.hall, setup.seminar],
      input: readInput(
        requestForm(setup.seminar.id, addDays(date, 21), {
          email: 'dora@example.org',
          name: 'Dora Dach',
          phone: '0170 222',
          participants: '5',
        }),
      ),
      mode: 'public',
    });
    const r = await submitRequest(ctx.services, tenant, setup.house, p, { source: 'public', lang: 'de' });
    const res = await admin.get(`/api/v1/tenants/datenstadt/booking-requests/${r.id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body.id).toBe(r.id);
    for (const k of [
      'requesterName',
      'requesterEmail',
      'requesterPhone',
      'organisation',
      'purpose',
      'name',
      'email',
    ])
      expect(body).not.toHaveProperty(k);
    for (const personal of ['Dora', 'dora@example.org', '0170']) expect(text).not.toContain(personal);
  });
});

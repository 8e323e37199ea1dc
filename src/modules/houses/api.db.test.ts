import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUMBER_LIMITS } from '../../platform/http/limits.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { REQUEST_LIMITS } from './schemas.ts';
import { futureWeekday, makeHouse, outbox } from './test-helpers.ts';

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeHouse>>;
let adminToken: string;
let juryToken: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'apistadt');
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  const jury = await makeUser(ctx.services, { tenantId: tenant.id, role: 'jury' });
  adminToken = (await createApiToken(ctx.services.db, tenant.id, admin.id, 'partner app')).token;
  juryToken = (await createApiToken(ctx.services.db, tenant.id, jury.id, 'jury')).token;
  setup = await makeHouse(ctx.services, tenant.id);
});
afterAll(() => ctx.close());

const call = (path: string, o: { method?: string; body?: unknown; token?: string } = {}) =>
  ctx.app.request(`/api/v1/tenants/apistadt${path}`, {
    method: o.method ?? 'GET',
    headers: {
      authorization: `Bearer ${o.token ?? adminToken}`,
      'content-type': 'application/json',
      'accept-language': 'de',
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });

const body = (date: string, over: Record<string, unknown> = {}) => ({
  houseId: setup.house.id,
  roomId: setup.hall.id,
  date,
  start: '10:00',
  end: '13:00',
  name: 'Partner-App',
  email: 'app@example.org',
  organisation: 'Kita Sonnenblume',
  tariff: 'nonprofit',
  purpose: 'Elternabend',
  category: 'children_family',
  participants: 30,
  ...over,
});

describe('houses JSON API (/api/v1)', () => {
  it('lists houses with rooms, opening hours and fees', async () => {
    const res = await call('/houses');
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items).toHaveLength(1);
    expect(items[0].openingHours['1']).toEqual([['08:00', '22:00']]);
    const hall = items[0].rooms.find((r: { slug: string }) => r.slug === 'saal');
    expect(hall.fees).toEqual({
      hourCents: 2000,
      halfDayCents: 6000,
      dayCents: 10000,
      nonprofitReductionPct: 50,
      residentReductionPct: 25,
    });
    expect(hall.bufferMinutes).toBe(30);
  });

  it('quotes, creates, reads and approves a request; a second one for the same time gets 409', async () => {
    const date = futureWeekday(3);
    const dry = await call('/booking-requests', { method: 'POST', body: body(date, { dryRun: true }) });
    expect(dry.status).toBe(200);
    // 3 hours × 20 € = 60 € = half-day rate 60 €; 50 % off → 30 €.
    expect(await dry.json()).toMatchObject({
      ok: true,
      feeCents: 3000,
      perDateCents: 3000,
      fields: {},
      dates: [{ date, problems: [], messages: [] }],
    });

    const created = await call('/booking-requests', { method: 'POST', body: body(date) });
    expect(created.status).toBe(201);
    const req = await created.json();
    expect(req).toMatchObject({ status: 'pending', feeCents: 3000, category: 'children_family' });
    expect((await call(`/booking-requests/${req.id}`)).status).toBe(200);
    expect(await outbox(ctx.services, setup.house.tenantId, 'app@example.org')).toHaveLength(1);

    const second = await (
      await call('/booking-requests', {
        method: 'POST',
        body: body(date, { start: '12:00', end: '14:00', email: 'b@example.org' }),
      })
    ).json();
    expect(second.status).toBe('pending');

    // A jury member may read but not decide.
    expect(
      (await call(`/booking-requests/${req.id}/approve`, { method: 'POST', body: {}, token: juryToken }))
        .status,
    ).toBe(403);

    const approved = await call(`/booking-requests/${req.id}/approve`, { method: 'POST', body: {} });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({
      request: { status: 'approved' },
      bookings: 1,
      skipped: [],
    });

    const clash = await call(`/booking-requests/${second.id}/approve`, { method: 'POST', body: {} });
    expect(clash.status).toBe(409);
    expect((await clash.json()).error.code).toBe('slot_taken');

    // A dry run for the booked time says why, per date and per field, as the request form says it.
    const taken = await call('/booking-requests', { method: 'POST', body: body(date, { dryRun: true }) });
    expect(await taken.json()).toMatchObject({
      ok: false,
      fields: { start: expect.stringContaining('schon belegt') },
      dates: [
        {
          date,
          problems: ['booked'],
          messages: [
            'Der Raum ist zu dieser Zeit schon belegt (einschließlich der Pause zwischen zwei Buchungen). Bitte wählen Sie eine andere Zeit.',
          ],
        },
      ],
    });

    const avail = await call(`/rooms/${setup.hall.id}/availability?from=${date}&days=1`);
    expect(avail.status).toBe(200);
    expect((await avail.json()).days[0].segments).toEqual([
      { from: '08:00', to: '10:00', state: 'free' },
      { from: '10:00', to: '13:30', state: 'busy' },
      { from: '13:30', to: '22:00', state: 'free' },
    ]);

    const declined = await call(`/booking-requests/${second.id}/decline`, {
      method: 'POST',
      body: { reason: 'Zeit ist vergeben.' },
    });
    expect(declined.status).toBe(200);
    expect(await declined.json()).toMatchObject({ status: 'declined', declineReason: 'Zeit ist vergeben.' });
  });

  it('answers invalid input with one message per field', async () => {
    const res = await call('/booking-requests', {
      method: 'POST',
      body: body('2020-01-01', { email: 'nope', participants: 500, end: '09:00' }),
    });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toMatchObject({
      date: 'Dieses Datum liegt in der Vergangenheit.',
      end: 'Das Ende muss nach dem Beginn liegen.',
      participants: 'In den Raum passen höchstens 50 Personen.',
    });
    expect(error.fields.email).toContain('E-Mail-Adresse');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await ctx.app.request('/api/v1/openapi.json')).json();
    for (const p of [
      '/tenants/{tenant}/houses',
      '/tenants/{tenant}/rooms/{id}/availability',
      '/tenants/{tenant}/booking-requests',
      '/tenants/{tenant}/booking-requests/{id}/approve',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    // The request's limits are the ones the forms check (REQUEST_LIMITS), stated in the document.
    const input = doc.components.schemas.BookingRequestInput.properties;
    expect(input.name.maxLength).toBe(REQUEST_LIMITS.name);
    expect(input.purpose.maxLength).toBe(REQUEST_LIMITS.purpose);
    expect(input.participants.maximum).toBe(NUMBER_LIMITS.persons.max);
    const long = await call('/booking-requests', {
      method: 'POST',
      body: body('2020-01-01', { purpose: 'p'.repeat(REQUEST_LIMITS.purpose + 1) }),
    });
    expect(long.status).toBe(422);
    expect((await long.json()).error.fields.purpose).toBe(
      'Bitte kürzen Sie den Text auf höchstens 2.000 Zeichen.',
    );
  });
});

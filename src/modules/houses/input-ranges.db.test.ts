import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToInstant } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { closures, rooms } from './db/schema.ts';
import { makeHouse } from './test-helpers.ts';

// The app's clock, fixed: planning dates may lie from 1 June 2021 to 1 June 2031.
const NOW = localToInstant('2026-06-01', '12:00');

let ctx: TestContext;
let admin: Agent;
let token: string;
let setup: Awaited<ReturnType<typeof makeHouse>>;
const base = '/staff/spannweite/houses';

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.now = () => new Date(NOW);
  const tenant = await makeTenant(ctx.services, 'spannweite');
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
  token = (await createApiToken(ctx.services.db, tenant.id, user.id, 'ranges')).token;
  setup = await makeHouse(ctx.services, tenant.id);
});
afterAll(() => ctx.close());

describe('houses refuse absurd dates and numbers, saying the field and the range', () => {
  it('staff: a closure until 31.12.9999 and a rent of a million euros come back with the range', async () => {
    const detail = `${base}/${setup.house.id}`;
    const closure = await admin.post(
      `${detail}/closures`,
      { roomId: '', kind: 'holiday', fromDate: '2026-07-01', toDate: '9999-12-31', reason: 'Umbau' },
      { csrfFrom: detail },
    );
    expect(closure.status).toBe(422);
    const html = await closure.text();
    expect(html).toContain(
      'Bis (Datum): Bitte geben Sie ein Datum zwischen dem 1. Juni 2021 und dem 1. Juni 2031 an.',
    );
    expect(html).toContain('value="Umbau"');
    expect(await ctx.services.db.select().from(closures).where(eq(closures.houseId, setup.house.id))).toEqual(
      [],
    );

    const roomUrl = `${detail}/rooms/${setup.seminar.id}/edit`;
    const room = await admin.post(
      roomUrl,
      { name: 'Seminarraum', slug: 'seminar', capacity: '12', feeHour: '1000000', active: 'on' },
      { csrfFrom: roomUrl },
    );
    expect(room.status).toBe(422);
    const roomHtml = await room.text();
    expect(roomHtml).toContain('Bitte geben Sie eine Zahl von 0 bis 100.000 an.');
    expect(roomHtml).toContain('value="1000000"');
    const [stored] = await ctx.services.db.select().from(rooms).where(eq(rooms.id, setup.seminar.id));
    expect(stored.feeHourCents).toBe(1000);

    // A description over its limit comes back whole with the limit — it is not cut and saved.
    const long = `${'Hell und ruhig. '.repeat(320)}Ende`;
    const described = await admin.post(
      roomUrl,
      { name: 'Seminarraum', slug: 'seminar', capacity: '12', description: long, active: 'on' },
      { csrfFrom: roomUrl },
    );
    expect(described.status).toBe(422);
    const describedHtml = await described.text();
    expect(describedHtml).toContain('Bitte kürzen Sie den Text auf höchstens 5.000 Zeichen.');
    expect(describedHtml).toContain('Ende</textarea>');
    const [after] = await ctx.services.db.select().from(rooms).where(eq(rooms.id, setup.seminar.id));
    expect(after.description).toBe(stored.description);
  });

  it('API: a request for 31.12.9999 or for a billion people is refused with the limit', async () => {
    const res = await ctx.app.request('/api/v1/tenants/spannweite/booking-requests', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'accept-language': 'en',
      },
      body: JSON.stringify({
        houseId: setup.house.id,
        roomId: setup.hall.id,
        date: '9999-12-31',
        start: '10:00',
        end: '12:00',
        name: 'Partner-App',
        email: 'app@example.org',
        purpose: 'Probe',
        category: 'culture',
        participants: 1_000_000_000,
      }),
    });
    expect(res.status).toBe(422);
    const { fields } = (await res.json()).error;
    expect(fields.date).toBe('Requests can be made at most 550 days ahead.');
    expect(fields.participants).toBe('The room holds at most 50 people.');
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { bookingRequests, bookings, closures, houses, rooms } from './db/schema.ts';
import { countOverlaps } from './queries.ts';
import { makeHouse } from './test-helpers.ts';
import { seedDemoHouses } from './use-cases/seed-demo.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let admin: Agent;
let areaA: string;
let areaB: string;

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await makeTenant(ctx.services, 'staffstadt', 'Staffstadt');
  const a = await upsertAreas(ctx.services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-A', name: 'Quartier A' },
    { kind: 'programme', key: 'QM-B', name: 'Quartier B' },
  ]);
  areaA = a.ids.get('QM-A')!;
  areaB = a.ids.get('QM-B')!;
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
});
afterAll(() => ctx.close());

const base = '/staff/staffstadt/houses';

describe('houses, rooms and closures (staff screens)', () => {
  it('creates a house with opening hours, a room with fees, and a closure; validation keeps the input', async () => {
    const form = {
      name: 'Haus am Park',
      slug: '',
      kind: 'own',
      areaId: areaA,
      street: 'Parkweg 2',
      postcode: '10115',
      city: 'Berlin',
      hours1: '9-13, 15:00-21:00',
      hours2: 'abends',
      contactEmail: 'park@example.org',
      published: 'on',
    };
    const bad = await admin.post(`${base}/new`, form, { csrfFrom: `${base}/new` });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Bitte Zeiten wie 09:00-13:00');
    expect(badHtml).toContain('value="Parkweg 2"');
    const ok = await admin.post(`${base}/new`, { ...form, hours2: '' });
    expect(ok.status).toBe(303);
    const [house] = await ctx.services.db
      .select()
      .from(houses)
      .where(and(eq(houses.tenantId, tenant.id), eq(houses.slug, 'haus-am-park')));
    expect(house.openingHours).toEqual({
      '1': [
        ['09:00', '13:00'],
        ['15:00', '21:00'],
      ],
    });
    expect(house.areaId).toBe(areaA);

    const roomUrl = `${base}/${house.id}/rooms/new`;
    const badRoom = await admin.post(
      roomUrl,
      { name: 'Saal', capacity: '40', feeHour: '12,5x', nonprofitPct: '120' },
      { csrfFrom: roomUrl },
    );
    expect(badRoom.status).toBe(422);
    expect(await badRoom.text()).toContain('Bitte einen Betrag in Euro');
    const goodRoom = await admin.post(roomUrl, {
      name: 'Saal',
      capacity: '40',
      feeHour: '12,50',
      feeDay: '80',
      nonprofitPct: '50',
      bufferMinutes: '15',
      allowedCategories: ['culture', 'civic'],
      active: 'on',
    });
    expect(goodRoom.status).toBe(303);
    const [room] = await ctx.services.db.select().from(rooms).where(eq(rooms.houseId, house.id));
    expect(room).toMatchObject({
      feeHourCents: 1250,
      feeHalfDayCents: null,
      feeDayCents: 8000,
      nonprofitReductionPct: 50,
      bufferMinutes: 15,
      allowedCategories: ['culture', 'civic'],
    });

    const detail = `${base}/${house.id}`;
    // Closures lie within five years of today, so the dates move with it.
    const from = addDays(todayLocal(), 200);
    const closure = await admin.post(
      `${detail}/closures`,
      { roomId: '', kind: 'holiday', fromDate: from, toDate: addDays(from, 13), reason: 'Sommerpause' },
      { csrfFrom: detail },
    );
    expect(closure.status).toBe(303);
    const [cl] = await ctx.services.db.select().from(closures).where(eq(closures.houseId, house.id));
    expect(cl.startsAt.toISOString()).toBe(localToInstant(from, '00:00').toISOString());
    expect(cl.endsAt.toISOString()).toBe(localToInstant(addDays(from, 14), '00:00').toISOString());
    const page = await (await admin.get(detail)).text();
    expect(page).toContain('Sommerpause');
    const del = await admin.post(`${detail}/closures/${cl.id}/delete`, {}, { csrfFrom: detail });
    expect(del.status).toBe(303);
    expect(await ctx.services.db.select().from(closures).where(eq(closures.houseId, house.id))).toHaveLength(
      0,
    );

    // Public list and page; a partner's room links to its own booking.
    const partner = await admin.post(
      `${base}/new`,
      {
        name: 'Genossenschaftsraum',
        kind: 'partner',
        areaId: areaA,
        ownerName: 'WG Beispiel eG',
        externalBookingUrl: 'https://example.org/buchen',
        published: 'on',
      },
      { csrfFrom: `${base}/new` },
    );
    expect(partner.status).toBe(303);
    const list = await (await new Agent(ctx.app).get('/staffstadt/houses')).text();
    expect(list).toContain('Haus am Park');
    expect(list).toContain('Weitere Gemeinschaftsräume');
    const partnerPage = await (await new Agent(ctx.app).get('/staffstadt/houses/genossenschaftsraum')).text();
    expect(partnerPage).toContain('https://example.org/buchen');
    expect((await new Agent(ctx.app).get('/staffstadt/houses/genossenschaftsraum/request')).status).toBe(404);
  });

  it('team members scoped to an area see and change only the houses in their area', async () => {
    const { house: inA } = await makeHouse(ctx.services, tenant.id, { slug: 'haus-a', areaId: areaA });
    const { house: inB } = await makeHouse(ctx.services, tenant.id, { slug: 'haus-b', areaId: areaB });
    const teamUser = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team', scopeAreaId: areaA });
    const team = await new Agent(ctx.app).loginAs(ctx.services, teamUser.id);
    const list = await (await team.get(base)).text();
    expect(list).toContain('Testhaus haus-a');
    expect(list).not.toContain('Testhaus haus-b');
    expect((await team.get(`${base}/${inA.id}`)).status).toBe(200);
    expect((await team.get(`${base}/${inB.id}`)).status).toBe(403);
    expect(
      (await team.post(`${base}/${inB.id}/edit`, { name: 'Übernommen' }, { csrfFrom: `${base}/${inA.id}` }))
        .status,
    ).toBe(403);
    // Placing a new house outside the own area is refused per field.
    const outside = await team.post(
      `${base}/new`,
      { name: 'Fremdes Haus', kind: 'own', areaId: areaB, published: 'on' },
      { csrfFrom: `${base}/new` },
    );
    expect(outside.status).toBe(422);
    expect(await outside.text()).toContain('für das Sie zuständig sind');
    // The area switcher narrows the lists of a tenant-wide administrator.
    admin.setCookie('q_area_staffstadt', areaB);
    const narrowed = await (await admin.get(base)).text();
    expect(narrowed).toContain('Testhaus haus-b');
    expect(narrowed).not.toContain('Testhaus haus-a');
    admin.setCookie('q_area_staffstadt', '');
    // Department staff may read but not manage.
    const deptUser = await makeUser(ctx.services, { tenantId: tenant.id, role: 'department' });
    const dept = await new Agent(ctx.app).loginAs(ctx.services, deptUser.id);
    expect((await dept.get(base)).status).toBe(200);
    expect((await dept.get(`${base}/new`)).status).toBe(403);
  });
});

describe('utilisation report on a seeded week with a known answer', () => {
  it('shows and exports booked against open hours, evening share, groups and diversity', async () => {
    // Open 08–22 every day (14 h) × 7 days × 2 rooms = 196 open hours in the week of 2 June 2025.
    const { house, hall, seminar } = await makeHouse(ctx.services, tenant.id, {
      slug: 'bericht',
      areaId: areaA,
    });
    const add = async (
      roomId: string,
      date: string,
      start: string,
      end: string,
      category: string,
      group: string,
    ) => {
      const requestId = newId();
      const s = localToInstant(date, start);
      const e = localToInstant(date, end);
      await ctx.services.db.insert(bookingRequests).values({
        tenantId: tenant.id,
        id: requestId,
        houseId: house.id,
        roomId,
        status: 'approved',
        source: 'staff',
        requesterName: group,
        requesterEmail: `${group}@example.org`,
        groupKey: group,
        purpose: 'x',
        category,
        participants: 5,
        startsAt: s,
        endsAt: e,
        cancelTokenHash: newId(),
        retentionUntil: '2026-12-31',
      });
      await ctx.services.db.insert(bookings).values({
        tenantId: tenant.id,
        id: newId(),
        houseId: house.id,
        roomId,
        requestId,
        startsAt: s,
        endsAt: e,
        blockedUntil: e,
        category,
        groupKey: group,
        title: group,
      });
    };
    await add(hall.id, '2025-06-02', '18:00', '21:00', 'culture', 'g1'); // 3 h evening
    await add(seminar.id, '2025-06-03', '10:00', '12:00', 'education', 'g2'); // 2 h morning
    await add(hall.id, '2025-06-04', '12:00', '18:00', 'youth', 'g3'); // 6 h afternoon
    await add(seminar.id, '2025-06-07', '17:00', '20:00', 'culture', 'g1'); // 1 h afternoon, 2 h evening
    const q = `from=2025-06-02&to=2025-06-08&house=${house.id}`;
    const csv = await (await admin.get(`${base}/utilisation.csv?${q}`)).text();
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(rows[0]).toEqual([
      'dimension',
      'key',
      'label',
      'open_hours',
      'booked_hours',
      'utilisation',
      'evening_share',
      'groups',
      'bookings',
      'share',
      'diversity_effective',
      'evenness',
    ]);
    const total = rows.find((r) => r[0] === 'total')!;
    // 14 of 196 hours = 0.0714; 5 of 14 h after 18:00 = 0.3571; culture 6 h, education 2 h, youth 6 h → e^H = 2.7298.
    expect(total.slice(3)).toEqual(['196,00', '14,00', '0,0714', '0,3571', '3', '4', '', '2,7298', '0,4188']);
    const wednesday = rows.find((r) => r[0] === 'weekday' && r[1] === '3')!;
    expect(wednesday.slice(3, 6)).toEqual(['28,00', '6,00', '0,2143']);
    const evening = rows.find((r) => r[0] === 'band' && r[1] === 'evening')!;
    // Evening open: 18–22 = 4 h × 7 days × 2 rooms = 56 h; booked 5 h.
    expect(evening.slice(3, 6)).toEqual(['56,00', '5,00', '0,0893']);
    const culture = rows.find((r) => r[0] === 'category' && r[1] === 'culture')!;
    expect(culture[4]).toBe('6,00');
    expect(culture[9]).toBe('0,4286');

    const page = await admin.get(`${base}/utilisation?${q}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<svg');
    expect(html).toContain('7,1');
    expect(html).toContain('2,73 effektive Nutzungsarten');
  });
});

describe('every staff screen renders in German and English', () => {
  it('answers 200 without untranslated keys', async () => {
    const demo = await makeTenant(ctx.services, 'screens');
    await seedDemoHouses(ctx.services, demo.id);
    const user = await makeUser(ctx.services, { tenantId: demo.id, role: 'admin' });
    const agent = await new Agent(ctx.app).loginAs(ctx.services, user.id);
    const [house] = await ctx.services.db
      .select()
      .from(houses)
      .where(and(eq(houses.tenantId, demo.id), eq(houses.slug, 'beispielstrasse')));
    const [room] = await ctx.services.db.select().from(rooms).where(eq(rooms.houseId, house.id));
    const [approved] = await ctx.services.db
      .select()
      .from(bookingRequests)
      .where(and(eq(bookingRequests.tenantId, demo.id), eq(bookingRequests.status, 'approved')));
    const [pending] = await ctx.services.db
      .select()
      .from(bookingRequests)
      .where(and(eq(bookingRequests.tenantId, demo.id), eq(bookingRequests.status, 'pending')));
    const b = '/staff/screens/houses';
    const paths = [
      b,
      `${b}/new`,
      `${b}/${house.id}`,
      `${b}/${house.id}/edit`,
      `${b}/${house.id}/rooms/new`,
      `${b}/${house.id}/rooms/${room.id}/edit`,
      `${b}/${house.id}/book`,
      `${b}/requests`,
      `${b}/requests?status=all`,
      `${b}/requests/${approved.id}`,
      `${b}/requests/${pending.id}`,
      `${b}/payments`,
      `${b}/utilisation`,
      '/screens/houses',
      '/screens/houses/genossenschaft-musterhof',
      '/screens/houses/beispielstrasse/request',
    ];
    for (const lang of ['de', 'en']) {
      for (const p of paths) {
        const res = await agent.get(`${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res.status, p).toBe(200);
        const html = await res.text();
        expect(html, `${p} (${lang})`).not.toMatch(
          /houses:|>\s*(staff|form|requests|report|room|house|public)\.[a-zA-Z]+\s*</,
        );
      }
    }
  });
});

describe('demo content', () => {
  it('creates three fictional houses with rooms and bookings, once', async () => {
    const demo = await makeTenant(ctx.services, 'demo-haus');
    await seedDemoHouses(ctx.services, demo.id);
    await seedDemoHouses(ctx.services, demo.id);
    const list = await ctx.services.db.select().from(houses).where(eq(houses.tenantId, demo.id));
    expect(list.map((h) => h.kind).sort()).toEqual(['own', 'own', 'partner']);
    const booked = await ctx.services.db.select().from(bookings).where(eq(bookings.tenantId, demo.id));
    expect(booked.length).toBeGreaterThan(50);
    expect(await countOverlaps(ctx.services.db, demo.id)).toBe(0);
    const page = await new Agent(ctx.app).get('/demo-haus/houses/beispielstrasse');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Nachbarschaftshaus Beispielstraße');
    // Month view: one row per day of the month; in English on request.
    const month = await new Agent(ctx.app).get(
      '/demo-haus/houses/beispielstrasse?view=month&date=2027-02-10&lang=en',
    );
    const html = await month.text();
    expect(html).toContain('February 2027');
    expect(html.match(/<th scope="row"/g)).toHaveLength(28);
    expect(html).toContain('Previous month');
    expect(html).toContain('Request');
  });
});

/**
 * The room search across houses ("a room for 20 on Friday evening, step-free"): a GET form on the
 * public houses page, without JavaScript. Rooms must be big enough, step-free when asked and — with a
 * date and times — free by the same availability rule as the request form; a free room links to its
 * request form filled with the time. Bad input names the field and keeps every value; unpublished
 * houses and other tenants' houses never show.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { bookingRequests, bookings, houses, rooms } from './db/schema.ts';
import { futureWeekday, makeHouse } from './test-helpers.ts';
import { checkRoomQuery, findRooms } from './use-cases/find-rooms.ts';

let ctx: TestContext;
let tenant: { id: string; slug: string };
let setup: Awaited<ReturnType<typeof makeHouse>>;
const day = futureWeekday(5, 20);

const search = async (params: Record<string, string>, lang = 'de') =>
  (await new Agent(ctx.app).get(`/${tenant.slug}/houses?${new URLSearchParams({ ...params, lang })}`)).text();

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.services.db;
  tenant = await makeTenant(ctx.services);
  setup = await makeHouse(ctx.services, tenant.id, { slug: 'haus-am-park' });
  await db.update(rooms).set({ stepFree: true }).where(eq(rooms.id, setup.seminar.id));
  // An unpublished house with a big step-free room, and another tenant's house: never found here.
  const hidden = await makeHouse(ctx.services, tenant.id, { slug: 'verborgen' });
  await db.update(houses).set({ published: false }).where(eq(houses.id, hidden.house.id));
  const other = await makeTenant(ctx.services);
  await makeHouse(ctx.services, other.id, { slug: 'fremdes-haus' });
  // The hall is booked on that Friday 18:00–21:00.
  const requestId = newId();
  const startsAt = localToInstant(day, '18:00');
  const endsAt = localToInstant(day, '21:00');
  await db.insert(bookingRequests).values({
    tenantId: tenant.id,
    id: requestId,
    houseId: setup.house.id,
    roomId: setup.hall.id,
    status: 'approved',
    source: 'public',
    requesterName: 'Chor',
    requesterEmail: 'chor@example.org',
    groupKey: 'chor',
    purpose: 'Probe',
    category: 'meeting',
    participants: 30,
    startsAt,
    endsAt,
    cancelTokenHash: newId(),
    retentionUntil: '2099-12-31',
  });
  await db.insert(bookings).values({
    tenantId: tenant.id,
    id: newId(),
    houseId: setup.house.id,
    roomId: setup.hall.id,
    requestId,
    startsAt,
    endsAt,
    blockedUntil: new Date(endsAt.getTime() + 30 * 60_000),
    category: 'meeting',
    groupKey: 'chor',
    title: 'Chorprobe',
  });
});
afterAll(() => ctx?.close());

describe('finding a room across houses', () => {
  it('20 people on Friday evening: the hall is big enough but taken, the seminar room too small', async () => {
    const found = await findRooms(ctx.services.db, tenant.id, {
      participants: '20',
      date: day,
      start: '18:00',
      end: '21:00',
      stepFree: false,
    });
    expect(found.map((f) => [f.room.name, f.free])).toEqual([['Saal', false]]);

    const html = await search({ participants: '20', date: day, start: '18:00', end: '21:00' });
    expect(html).toContain('1 Raum passt');
    expect(html).toContain('Saal – Testhaus haus-am-park');
    expect(html).toContain('Zu dieser Zeit nicht frei');
    expect(html).not.toContain('/houses/haus-am-park/request?room=');
  });

  it('10 people: the free seminar room comes first, with its request form filled with the time', async () => {
    const html = await search({ participants: '10', date: day, start: '18:00', end: '21:00' });
    expect(html).toContain('2 Räume passen');
    expect(html.indexOf('Seminarraum – ')).toBeLessThan(html.indexOf('Saal – '));
    const link = `/${tenant.slug}/houses/haus-am-park/request?${new URLSearchParams({
      room: setup.seminar.id,
      date: day,
      start: '18:00',
      end: '21:00',
    })}`.replaceAll('&', '&amp;');
    expect(html).toContain(link);
    // The link opens the form with room and time chosen.
    const form = await (await new Agent(ctx.app).get(link.replaceAll('&amp;', '&'))).text();
    expect(form).toContain(`value="${day}"`);
    expect(form).toContain('value="18:00"');
  });

  it('step-free only, and a time outside the opening hours', async () => {
    const stepFree = await findRooms(ctx.services.db, tenant.id, {
      participants: '',
      date: '',
      start: '',
      end: '',
      stepFree: true,
    });
    expect(stepFree.map((f) => [f.room.name, f.free])).toEqual([['Seminarraum', null]]);
    const late = await findRooms(ctx.services.db, tenant.id, {
      participants: '5',
      date: day,
      start: '22:00',
      end: '23:30',
      stepFree: false,
    });
    expect(late.every((f) => f.free === false)).toBe(true);
    expect(late).toHaveLength(2);
  });

  it('never shows an unpublished house or another tenant’s rooms', async () => {
    const html = await search({ participants: '1' });
    expect(html).toContain('2 Räume passen');
    expect(html).not.toContain('verborgen');
    expect(html).not.toContain('fremdes-haus');
  });

  it('names each bad field, keeps every value and searches nothing', async () => {
    const past = addDays(todayLocal(), -1);
    const html = await search({
      participants: 'zwanzig',
      date: past,
      start: '20:00',
      end: '19:00',
      stepFree: 'on',
    });
    expect(html).toContain('class="q-error-summary');
    expect(html).toContain('Personen');
    expect(html).toContain('Bitte eine ganze Zahl von 1 bis 10.000 eingeben.');
    expect(html).toContain('Dieser Tag ist schon vorbei.');
    expect(html).toContain('Das Ende muss nach dem Beginn liegen.');
    expect(html).toContain('value="zwanzig"');
    expect(html).toContain(`value="${past}"`);
    expect(html).toMatch(/name="stepFree"[^>]*checked/);
    expect(html).not.toContain('id="room-results"');
    expect(checkRoomQuery({ participants: '0', date: day, start: '', end: '', stepFree: false })).toEqual({
      participants: 'houses:search.errors.participants',
      start: 'houses:search.errors.start',
      end: 'houses:search.errors.end',
    });
  });

  it('speaks the visitor’s language', async () => {
    expect(await search({ participants: '10' }, 'tr')).toContain('Salon bul');
    const ar = await search({ participants: '10' }, 'ar');
    expect(ar).toContain('ابحث عن قاعة');
    expect(ar).toContain('<html lang="ar" dir="rtl"');
  });
});

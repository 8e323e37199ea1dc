import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { localToInstant } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { bookingRequests, bookings, houses, rooms } from './db/schema.ts';
import { getHouse } from './queries.ts';
import { futureWeekday, makeHouse, requestForm } from './test-helpers.ts';
import {
  approveRequest,
  cancelRequest,
  declineRequest,
  prepareRequest,
  readInput,
  submitRequest,
} from './use-cases/booking.ts';
import { utilisationReport } from './use-cases/report.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof makeTenant>>;
let admin: Agent;
let adminId: string;
let setup: Awaited<ReturnType<typeof makeHouse>>;
const base = '/staff/loeschstadt/houses';
let future: { id: string };
let waiting: { id: string };

async function request(roomId: string, day: string, over: Record<string, string> = {}) {
  const rs = await ctx.services.db
    .select()
    .from(rooms)
    .where(and(eq(rooms.tenantId, tenant.id), eq(rooms.houseId, setup.house.id)));
  const p = await prepareRequest(ctx.services.db, {
    tenantId: tenant.id,
    house: setup.house,
    rooms: rs,
    input: readInput(requestForm(roomId, day, { participants: '5', ...over })),
    mode: 'public',
  });
  return {
    p,
    r: p.ok
      ? await submitRequest(ctx.services, tenant, setup.house, p, { source: 'public', lang: 'de' })
      : null,
  };
}

/** A past rental (June 2025), written directly as it would have been confirmed then. */
async function pastBooking(
  roomId: string,
  day: string,
  start: string,
  end: string,
  category: string,
  group: string,
) {
  const requestId = newId();
  const s = localToInstant(day, start);
  const e = localToInstant(day, end);
  await ctx.services.db.insert(bookingRequests).values({
    tenantId: tenant.id,
    id: requestId,
    houseId: setup.house.id,
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
    feeCents: 1000,
    cancelTokenHash: newId(),
    retentionUntil: '2026-12-31',
  });
  await ctx.services.db.insert(bookings).values({
    tenantId: tenant.id,
    id: newId(),
    houseId: setup.house.id,
    roomId,
    requestId,
    startsAt: s,
    endsAt: e,
    blockedUntil: e,
    category,
    groupKey: group,
    title: group,
  });
}

const pastReport = async () =>
  utilisationReport(
    ctx.services.db,
    tenant.id,
    [(await getHouse(ctx.services.db, tenant.id, setup.house.id))!],
    '2025-06-01',
    '2025-06-30',
  );

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await makeTenant(ctx.services, 'loeschstadt', 'Löschstadt');
  const user = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  adminId = user.id;
  admin = await new Agent(ctx.app).loginAs(ctx.services, user.id);
  setup = await makeHouse(ctx.services, tenant.id, { slug: 'altbau' });
  await pastBooking(setup.hall.id, '2025-06-02', '18:00', '21:00', 'culture', 'g1');
  await pastBooking(setup.seminar.id, '2025-06-03', '10:00', '12:00', 'education', 'g2');
  const f = await request(setup.hall.id, futureWeekday(3), { email: 'future@example.org' });
  future = f.r!;
  await approveRequest(ctx.services, tenant, future.id, adminId);
  waiting = (await request(setup.seminar.id, futureWeekday(4), { email: 'waiting@example.org' })).r!;
});
afterAll(() => ctx.close());

describe('deleting a room', () => {
  it('is refused with the reason while confirmed dates lie ahead or requests wait', async () => {
    const hallUrl = `${base}/${setup.house.id}/rooms/${setup.hall.id}/delete`;
    const page = await admin.get(hallUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Das geht noch nicht');
    expect(html).toContain('Es gibt noch 1 bestätigten Termin, der noch nicht vorbei ist');
    const res = await admin.post(hallUrl, { confirm: 'on' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Bitte sagen Sie diese Termine ab oder verlegen Sie sie');

    const seminarUrl = `${base}/${setup.house.id}/rooms/${setup.seminar.id}/delete`;
    const seminar = await admin.post(seminarUrl, { confirm: 'on' }, { csrfFrom: seminarUrl });
    expect(seminar.status).toBe(409);
    expect(await seminar.text()).toContain('1 Anfrage wartet noch auf eine Entscheidung oder Antwort.');
    const [row] = await ctx.services.db.select().from(rooms).where(eq(rooms.id, setup.seminar.id));
    expect(row.archivedAt).toBeNull();
  });

  it('asks for confirmation, then archives: gone everywhere, past figures unchanged, the name free again', async () => {
    await declineRequest(ctx.services, tenant, waiting.id, adminId, 'Raum wird umgebaut');
    const before = await pastReport();
    const url = `${base}/${setup.house.id}/rooms/${setup.seminar.id}/delete`;
    const unconfirmed = await admin.post(url, {}, { csrfFrom: url });
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('Bitte bestätigen Sie das Löschen mit dem Häkchen.');
    const res = await admin.post(url, { confirm: 'on' }, { csrfFrom: url });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base}/${setup.house.id}?done=roomDeleted`);

    const [row] = await ctx.services.db.select().from(rooms).where(eq(rooms.id, setup.seminar.id));
    expect(row.archivedAt).toBeInstanceOf(Date);
    expect(row.active).toBe(false);
    // Kept, not removed: its bookings and requests still point at it.
    const kept = await ctx.services.db.select().from(bookings).where(eq(bookings.roomId, setup.seminar.id));
    expect(kept).toHaveLength(1);

    const staffPage = await (await admin.get(`${base}/${setup.house.id}?done=roomDeleted`)).text();
    expect(staffPage).toContain('Der Raum wurde gelöscht.');
    expect(staffPage).not.toContain('Seminarraum');
    const publicPage = await (await new Agent(ctx.app).get('/loeschstadt/houses/altbau')).text();
    expect(publicPage).not.toContain('Seminarraum');
    expect((await admin.get(`${base}/${setup.house.id}/rooms/${setup.seminar.id}/edit`)).status).toBe(404);
    const api = (await (await admin.get('/api/v1/tenants/loeschstadt/houses')).json()) as {
      items: { rooms: { id: string }[] }[];
    };
    expect(api.items[0].rooms.map((r) => r.id)).toEqual([setup.hall.id]);
    const { p } = await request(setup.seminar.id, futureWeekday(5));
    expect(p.fields.room).toEqual({ key: 'validation.choice' });

    // The report for June 2025 is exactly what it was.
    const after = await pastReport();
    expect(after.total).toEqual(before.total);
    expect(after.byRoom.map((r) => [r.id, r.openHours, r.bookedHours])).toEqual(
      before.byRoom.map((r) => [r.id, r.openHours, r.bookedHours]),
    );

    // A new room may take the old web name.
    const create = await admin.post(
      `${base}/${setup.house.id}/rooms/new`,
      { name: 'Seminarraum', slug: 'seminar', capacity: '12', active: 'on' },
      { csrfFrom: `${base}/${setup.house.id}/rooms/new` },
    );
    expect(create.status).toBe(303);
  });

  it('an approval for a room deleted meanwhile is refused', async () => {
    const [fresh] = await ctx.services.db
      .select()
      .from(rooms)
      .where(and(eq(rooms.tenantId, tenant.id), eq(rooms.slug, 'seminar')));
    const { r } = await request(fresh.id, futureWeekday(6), { email: 'late@example.org' });
    // As if the deletion had won the race against this approval.
    await ctx.services.db
      .update(rooms)
      .set({ archivedAt: new Date(), active: false })
      .where(eq(rooms.id, fresh.id));
    await expect(approveRequest(ctx.services, tenant, r!.id, adminId)).rejects.toMatchObject({
      status: 409,
      code: 'room_archived',
    });
    await expect(approveRequest(ctx.services, tenant, r!.id, adminId)).rejects.toBeInstanceOf(AppError);
  });
});

describe('deleting a house', () => {
  it('is refused while a booking lies ahead; afterwards archived with its rooms, reports and payments intact', async () => {
    const url = `${base}/${setup.house.id}/delete`;
    const blocked = await admin.post(url, { confirm: 'on' }, { csrfFrom: url });
    expect(blocked.status).toBe(409);
    // The late request of the previous test still waits; decline it, cancel the future booking.
    const open = await ctx.services.db
      .select()
      .from(bookingRequests)
      .where(and(eq(bookingRequests.tenantId, tenant.id), eq(bookingRequests.status, 'pending')));
    for (const o of open) await declineRequest(ctx.services, tenant, o.id, adminId, 'Haus schließt');
    await cancelRequest(ctx.services, tenant, future.id, { actor: adminId });

    const before = await pastReport();
    const page = await (await admin.get(url)).text();
    expect(page).toContain('Das Haus und alle seine Räume verschwinden von der Website');
    const res = await admin.post(url, { confirm: 'on' }, { csrfFrom: url });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base}?done=houseDeleted`);

    const [house] = await ctx.services.db.select().from(houses).where(eq(houses.id, setup.house.id));
    expect(house.archivedAt).toBeInstanceOf(Date);
    expect(house.published).toBe(false);
    const left = await ctx.services.db
      .select()
      .from(rooms)
      .where(and(eq(rooms.houseId, setup.house.id), eq(rooms.active, true)));
    expect(left).toHaveLength(0);

    const list = await (await admin.get(`${base}?done=houseDeleted`)).text();
    expect(list).toContain('Das Haus wurde gelöscht.');
    expect(list).not.toContain('Testhaus altbau');
    expect((await admin.get(`${base}/${setup.house.id}`)).status).toBe(404);
    expect((await new Agent(ctx.app).get('/loeschstadt/houses/altbau')).status).toBe(404);

    const after = await pastReport();
    expect(after.total).toEqual(before.total);
    expect(after.total.bookedHours).toBe(5);
    const report = await (await admin.get(`${base}/utilisation?from=2025-06-01&to=2025-06-30`)).text();
    expect(report).toContain('Testhaus altbau (gelöscht)');
    const payments = await (await admin.get(`${base}/payments?from=2025-06-01&to=2025-06-30`)).text();
    expect(payments).toContain('2 Vermietungen');
    // Old requests stay readable.
    expect((await admin.get(`${base}/requests/${future.id}`)).status).toBe(200);

    // The web name is free for a new house.
    const again = await admin.post(
      `${base}/new`,
      { name: 'Neubau', slug: 'altbau', kind: 'own', published: 'on' },
      { csrfFrom: `${base}/new` },
    );
    expect(again.status).toBe(303);
    expect((await new Agent(ctx.app).get('/loeschstadt/houses/altbau')).status).toBe(200);
  });

  it('only managers may delete', async () => {
    const juror = await makeUser(ctx.services, { tenantId: tenant.id, role: 'jury' });
    const jury = await new Agent(ctx.app).loginAs(ctx.services, juror.id);
    const [house] = await ctx.services.db
      .select()
      .from(houses)
      .where(and(eq(houses.tenantId, tenant.id), eq(houses.slug, 'altbau')));
    expect((await jury.get(`${base}/${house.id}/delete`)).status).toBe(403);
  });
});

/**
 * Staff decisions on booking requests go through use cases that check the acting member against the
 * request's house. A date of a standing slot is cancelled only through its own request: a team member
 * could otherwise cancel another area's booking by putting its id behind a request of their own area.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOfUser, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { bookingsOfRequest } from './queries.ts';
import { futureWeekday, makeHouse, requestForm } from './test-helpers.ts';
import { prepareRequest, readInput, submitRequest } from './use-cases/booking.ts';
import { approveBookingRequest, cancelBookingDate } from './use-cases/staff-requests.ts';

let ctx: TestContext;
/** A tenant with two programme areas, its administrator and a team member of area A. */
let fx: {
  tenant: Awaited<ReturnType<typeof makeTenant>>;
  qmA: string;
  qmB: string;
  admin: { id: string };
  teamA: { id: string };
};

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services, 'staff-requests');
  const { ids } = await upsertAreas(ctx.services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-A', name: 'Quartier A' },
    { kind: 'programme', key: 'QM-B', name: 'Quartier B' },
  ]);
  const qmA = ids.get('QM-A')!;
  fx = {
    tenant,
    qmA,
    qmB: ids.get('QM-B')!,
    admin: await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' }),
    teamA: await makeUser(ctx.services, { tenantId: tenant.id, role: 'team', scopeAreaId: qmA }),
  };
});
afterAll(() => ctx?.close());

/** An approved request for the hall of a new house in `areaId`, and its one booking. */
async function approvedIn(areaId: string, slug: string) {
  const made = await makeHouse(ctx.services, fx.tenant.id, { slug, areaId });
  const p = await prepareRequest(ctx.services.db, {
    tenantId: fx.tenant.id,
    house: made.house,
    rooms: [made.hall, made.seminar],
    input: readInput(requestForm(made.hall.id, futureWeekday(3, 21))),
    mode: 'public',
  });
  if (!p.ok) throw new Error(JSON.stringify(p.fields));
  const tenant = { id: fx.tenant.id, slug: fx.tenant.slug, name: fx.tenant.name, settings: {} };
  const req = await submitRequest(ctx.services, tenant, made.house, p, { source: 'public', lang: 'de' });
  const admin = await actorOfUser(ctx, fx.tenant.id, fx.admin.id);
  await approveBookingRequest(admin, ctx.services, tenant, req.id);
  const [booking] = await bookingsOfRequest(ctx.services.db, fx.tenant.id, req.id);
  return { tenant, requestId: req.id, booking };
}

describe('staff decisions on booking requests', () => {
  it("refuses a booking of another area's request put behind one's own request, and cancels one's own", async () => {
    const a = await approvedIn(fx.qmA, 'haus-im-kiez-a');
    const b = await approvedIn(fx.qmB, 'haus-im-kiez-b');
    const teamA = await actorOfUser(ctx, fx.tenant.id, fx.teamA.id);

    await expect(
      cancelBookingDate(teamA, ctx.services, a.tenant, a.requestId, b.booking.id),
    ).rejects.toMatchObject({ status: 404, code: 'booking_not_found' });
    expect((await bookingsOfRequest(ctx.services.db, fx.tenant.id, b.requestId))[0].status).toBe('confirmed');
    // Nor through the other area's request itself.
    await expect(
      cancelBookingDate(teamA, ctx.services, b.tenant, b.requestId, b.booking.id),
    ).rejects.toMatchObject({ status: 403 });

    await cancelBookingDate(teamA, ctx.services, a.tenant, a.requestId, a.booking.id);
    expect((await bookingsOfRequest(ctx.services.db, fx.tenant.id, a.requestId))[0].status).toBe('cancelled');
  });
});

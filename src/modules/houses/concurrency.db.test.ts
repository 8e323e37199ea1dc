import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import { createTestContext, engine, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { bookings } from './db/schema.ts';
import { countOverlaps } from './queries.ts';
import { futureWeekday, makeHouse, requestForm } from './test-helpers.ts';
import { approveRequest, prepareRequest, readInput, submitRequest } from './use-cases/booking.ts';

// PGlite is a single connection: transactions there run one after another, so a race cannot happen
// and proves nothing. The race is fought on a PostgreSQL server (TEST_DATABASE_URL, project "pg").
const onPostgres = engine() === 'postgres';

const N = 20;

describe.skipIf(!onPostgres)('no double booking under concurrency — PostgreSQL only, project pg', () => {
  let ctx: TestContext;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;
  let setup: Awaited<ReturnType<typeof makeHouse>>;
  let adminId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    tenant = await makeTenant(ctx.services, 'race');
    adminId = (await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' })).id;
    setup = await makeHouse(ctx.services, tenant.id);
  });
  afterAll(() => ctx.close());

  /** N pending requests for the same room and time (overlapping by 30 minutes, not identical). */
  async function pendingRequests(date: string) {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const input = readInput(
        requestForm(setup.hall.id, date, {
          email: `g${i}@example.org`,
          organisation: `Gruppe ${i}`,
          start: i % 2 ? '18:30' : '18:00',
          end: i % 2 ? '20:30' : '20:00',
        }),
      );
      const p = await prepareRequest(ctx.services.db, {
        tenantId: tenant.id,
        house: setup.house,
        rooms: [setup.hall, setup.seminar],
        input,
        mode: 'public',
      });
      expect(p.ok).toBe(true);
      ids.push(
        (await submitRequest(ctx.services, tenant, setup.house, p, { source: 'public', lang: 'de' })).id,
      );
    }
    return ids;
  }

  it(`${N} simultaneous approvals for the same slot: exactly one is confirmed, the others hear "slot taken"`, async () => {
    const ids = await pendingRequests(futureWeekday(2));
    const results = await Promise.allSettled(
      ids.map((id) => approveRequest(ctx.services, tenant, id, adminId)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(N - 1);
    for (const f of failed) {
      expect(f.reason).toBeInstanceOf(AppError);
      expect((f.reason as AppError).code).toBe('slot_taken');
      expect((f.reason as AppError).status).toBe(409);
    }
    const confirmed = await ctx.services.db.select().from(bookings).where(eq(bookings.roomId, setup.hall.id));
    expect(confirmed.filter((b) => b.status === 'confirmed')).toHaveLength(1);
    expect(await countOverlaps(ctx.services.db)).toBe(0);
  });

  it(`${N} simultaneous approvals through the JSON API: one 200, the others 409 slot_taken`, async () => {
    const ids = await pendingRequests(futureWeekday(3));
    const { token } = await createApiToken(ctx.services.db, tenant.id, adminId, 'race');
    const responses = await Promise.all(
      ids.map((id) =>
        ctx.app.request(`/api/v1/tenants/race/booking-requests/${id}/approve`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
    const bodies = await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.json()));
    for (const b of bodies) {
      expect(b.error.code).toBe('slot_taken');
      expect(b.error.message).toBe('Die Zeit ist bereits belegt.');
    }
    expect(await countOverlaps(ctx.services.db)).toBe(0);
  });
});

/**
 * CSV formula injection, end to end: text typed into a form (public where the export holds what
 * the public types, staff forms otherwise) comes out of every CSV export that contains typed text
 * with a leading `'`, so a spreadsheet shows it instead of running it. All exports share the one
 * writer in src/platform/csv (German conventions: BOM, `;`, CRLF).
 */
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsFixture, publishEvent } from '../src/modules/events/test/fixtures.ts';
import { bookingRequests } from '../src/modules/houses/db/schema.ts';
import { futureWeekday, makeHouse, requestForm } from '../src/modules/houses/test-helpers.ts';
import { networkVenues } from '../src/modules/network/db/schema.ts';
import { networkFixture } from '../src/modules/network/test/fixtures.ts';
import { newId } from '../src/platform/db/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

const FORMULA = '=HYPERLINK("http://x","y")';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Reads a CSV download the way a spreadsheet does: BOM, then `;`-separated cells. */
async function readCsv(res: Response): Promise<string[][]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.subarray(3));
  expect(text).toContain('\r\n');
  return parse(text, { delimiter: ';', relax_column_count: true });
}

/** No cell starts with something a spreadsheet would run; the typed formula is there, neutralised. */
function expectNeutralised(rows: string[][], typed = FORMULA) {
  const cells = rows.flat();
  expect(cells.filter((c) => /^\s*[=+@\t\r]/.test(c) || /^-[^\d]/.test(c))).toEqual([]);
  expect(cells).toContain(`'${typed}`);
}

describe('CSV exports neutralise formulas typed into forms', () => {
  it('houses payments.csv: requester and organisation from the public booking form', async () => {
    const tenant = await makeTenant(ctx.services, 'csv-haus');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const { house, hall } = await makeHouse(ctx.services, tenant.id);
    const url = `/${tenant.slug}/houses/${house.slug}/request`;
    const visitor = new Agent(ctx.app);
    const sent = await visitor.post(
      url,
      requestForm(hall.id, futureWeekday(3), {
        name: FORMULA,
        organisation: `@SUM(1+1)`,
        email: 'f@example.org',
      }),
      { csrfFrom: url },
    );
    expect(sent.status).toBe(200);
    const [req] = await ctx.services.db
      .select()
      .from(bookingRequests)
      .where(
        and(eq(bookingRequests.tenantId, tenant.id), eq(bookingRequests.requesterEmail, 'f@example.org')),
      );
    expect(req.requesterName).toBe(FORMULA);
    // The payments list holds approved rentals.
    const staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const page = `/staff/${tenant.slug}/houses/requests/${req.id}`;
    expect((await staff.post(`${page}/approve`, {}, { csrfFrom: page })).status).toBe(303);
    const rows = await readCsv(await staff.get(`/staff/${tenant.slug}/houses/payments.csv`));
    expectNeutralised(rows);
    expect(rows.flat()).toContain(`'@SUM(1+1)`);
  });

  it('houses utilisation.csv: the house name typed on the staff form', async () => {
    const tenant = await makeTenant(ctx.services, 'csv-report');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const base = `/staff/${tenant.slug}/houses`;
    const created = await staff.post(
      `${base}/new`,
      {
        name: FORMULA,
        slug: 'formel',
        kind: 'own',
        street: 'Weg 1',
        postcode: '10115',
        city: 'Berlin',
        hours1: '09:00-13:00',
        published: 'on',
      },
      { csrfFrom: `${base}/new` },
    );
    expect(created.status).toBe(303);
    const rows = await readCsv(await staff.get(`${base}/utilisation.csv?from=2025-06-02&to=2025-06-08`));
    expectNeutralised(rows);
  });

  it('event registrations: name and phone from the public registration form', async () => {
    const fx = await eventsFixture(ctx);
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Formelkurs',
      registrationRequired: true,
      capacity: 10,
    });
    const visitor = new Agent(ctx.app);
    const form = `/${fx.tenant.slug}/events/${e.id}/register`;
    const res = await visitor.post(
      form,
      { name: FORMULA, email: 'reg@example.org', phone: '+49 30 1234567', places: '1' },
      { csrfFrom: form },
    );
    expect(res.status).toBe(200);
    const staff = await fx.agent(fx.admin.id);
    const rows = await readCsv(
      await staff.get(`/staff/${fx.tenant.slug}/events/${e.id}/registrations?format=csv`),
    );
    expect(rows[0]).toEqual(['status', 'name', 'email', 'phone', 'places', 'registered_at', 'date']);
    expectNeutralised(rows);
    expect(rows[1][3]).toBe(`'+49 30 1234567`);
    expect(rows[1][4]).toBe('1');
  });

  it('newsletter subscribers: an address from the public sign-up form that is a formula', async () => {
    const tenant = await makeTenant(ctx.services, 'csv-news');
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const email = '=hyperlink("http://x","y")@example.org';
    const visitor = new Agent(ctx.app);
    const signUp = await visitor.post(
      `/${tenant.slug}/newsletter`,
      { email, language: 'de', consent: 'on' },
      { csrfFrom: `/${tenant.slug}/newsletter` },
    );
    expect(signUp.status).toBe(200);
    const staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const rows = await readCsv(await staff.get(`/staff/${tenant.slug}/newsletter/subscribers?format=csv`));
    expectNeutralised(rows, email);
  });

  it('concern statistics: the venue name typed on the staff form', async () => {
    const fx = await networkFixture(ctx);
    const a = await fx.agent(fx.admin.id);
    const saved = await a.post(
      `${fx.base}/venues`,
      { name: FORMULA, areaId: fx.qmA },
      { csrfFrom: `${fx.base}/venues/new` },
    );
    expect(saved.status).toBe(303);
    const [venue] = await ctx.services.db
      .select()
      .from(networkVenues)
      .where(and(eq(networkVenues.tenantId, fx.tenant.id), eq(networkVenues.name, FORMULA)));
    await a.get(`${fx.base}/concerns/new`);
    const concern = await a.post(`${fx.base}/concerns`, {
      idempotencyKey: newId(),
      topic: 'sgb2',
      language: 'de',
      venueId: venue.id,
    });
    expect(concern.status).toBe(303);
    const rows = await readCsv(await a.get(`${fx.base}/concerns/stats.csv`));
    expectNeutralised(rows);
    expect(rows[1].at(-1)).toBe('1');
  });
});

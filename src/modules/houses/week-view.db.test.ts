import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToInstant, weekdayOf } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { makeHouse } from './test-helpers.ts';

// A Sunday evening in Berlin: the clock of the app is fixed here, never the machine's.
const SUNDAY = '2030-03-10';
const NOW = localToInstant(SUNDAY, '19:30');

let ctx: TestContext;
let setup: Awaited<ReturnType<typeof makeHouse>>;
let token: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.now = () => new Date(NOW);
  const tenant = await makeTenant(ctx.services, 'wochenstadt');
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  token = (await createApiToken(ctx.services.db, tenant.id, admin.id, 'week')).token;
  setup = await makeHouse(ctx.services, tenant.id);
});
afterAll(() => ctx.close());

/** The availability table's rows (one per day), as text, plus the dates that may be asked for. */
async function week(query: string) {
  const res = await new Agent(ctx.app).get(`/wochenstadt/houses/${setup.house.slug}?room=seminar${query}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const table = html.slice(html.indexOf('id="availability"'));
  const body = table.slice(table.indexOf('<tbody'), table.indexOf('</tbody>'));
  const rows = body
    .split('<tr class="kern-table__row">')
    .slice(1)
    .map((r) => ({
      text: r
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
      free: (r.match(/kern-badge--success/g) ?? []).length,
      askDate: r.match(/request\?room=[^&"]+&amp;date=(\d{4}-\d{2}-\d{2})/)?.[1],
    }));
  return rows;
}

describe('public availability of a house on a Sunday evening', () => {
  it('starts the week today, shows tomorrow, and never calls the time before now free', async () => {
    expect(weekdayOf(SUNDAY)).toBe(7);
    const rows = await week('');
    expect(rows).toHaveLength(7);
    // Today first: the day is over until 19:30, free after.
    expect(rows[0].text).toContain('08:00–19:30 vorbei');
    expect(rows[0].text).toContain('19:30–22:00 frei');
    expect(rows[0].askDate).toBe(SUNDAY);
    // Tomorrow (Monday) and the days after are in the view, fully free.
    expect(rows.map((r) => r.askDate)).toEqual([
      '2030-03-10',
      '2030-03-11',
      '2030-03-12',
      '2030-03-13',
      '2030-03-14',
      '2030-03-15',
      '2030-03-16',
    ]);
    expect(rows[1].text).toContain('08:00–22:00 frei');
  });

  it('shows the days before today as past, with nothing free and nothing to ask for', async () => {
    const rows = await week('&view=week&date=2030-03-04');
    expect(rows).toHaveLength(7);
    for (const r of rows.slice(0, 6)) {
      expect(r.text).toContain('08:00–22:00 vorbei');
      expect(r.free).toBe(0);
      expect(r.askDate).toBeUndefined();
    }
    // The seventh day of that view is today.
    expect(rows[6].text).toContain('19:30–22:00 frei');

    const month = await week('&view=month');
    expect(month).toHaveLength(31);
    expect(month.slice(0, 9).every((r) => r.free === 0 && r.text.includes('vorbei'))).toBe(true);
    expect(month[9].text).toContain('08:00–19:30 vorbei');
    expect(month[10].free).toBe(1);
  });

  it('answers the same in the API: the time before now is "past", not "free"', async () => {
    const res = await ctx.app.request(
      `/api/v1/tenants/wochenstadt/rooms/${setup.seminar.id}/availability?days=2`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    const { days } = await res.json();
    expect(days).toEqual([
      {
        date: SUNDAY,
        segments: [
          { from: '08:00', to: '19:30', state: 'past' },
          { from: '19:30', to: '22:00', state: 'free' },
        ],
      },
      { date: '2030-03-11', segments: [{ from: '08:00', to: '22:00', state: 'free' }] },
    ]);
  });
});

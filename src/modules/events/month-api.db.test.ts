// The month as JSON (issue 12): the events API lists a month's events through the time-range index,
// counts the total once (the cursor carries it to the following pages) and writes Berlin times with
// the right offset on both sides of the DST switch. No timing: the query plan and the statements sent.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sqlStatementCount } from '../../platform/db/index.ts';
import { localToInstant } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken, listApiTokens } from '../identity/index.ts';
import { eventInput, eventsFixture } from './test/fixtures.ts';
import { createEvent, staffListQueries } from './use-cases/events.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
let token: string;
const inMonth: string[] = [];

const at = (date: string, time: string) => localToInstant(date, time);

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
  const { db } = ctx.services;
  token = (await createApiToken(db, fx.tenant.id, fx.admin.id, 'month')).token;
  const add = async (title: string, over: Parameters<typeof eventInput>[0], expected: boolean) => {
    const e = await createEvent(db, fx.tenant.id, eventInput({ title, areaId: fx.qmA, ...over }), {
      status: 'published',
      source: 'staff',
    });
    if (expected) inMonth.push(e.id);
  };
  // March 2031: Berlin switches to summer time on the 30th.
  for (let d = 1; d <= 23; d++) {
    const day = `2031-03-${String(d).padStart(2, '0')}`;
    await add(`Treffen ${d}`, { startsAt: at(day, '18:00'), endsAt: at(day, '20:00') }, true);
  }
  await add(
    'Über den Monatswechsel',
    { startsAt: at('2031-02-27', '10:00'), endsAt: at('2031-03-02', '12:00') },
    true,
  );
  await add(
    'Nach der Umstellung',
    { startsAt: at('2031-03-30', '03:30'), endsAt: at('2031-03-30', '05:00') },
    true,
  );
  await add(
    'Spät im Monat',
    { startsAt: at('2031-03-31', '23:30'), endsAt: at('2031-03-31', '23:30') },
    true,
  );
  await add(
    'Wöchentlich, läuft',
    {
      startsAt: at('2031-01-06', '17:00'),
      endsAt: at('2031-01-06', '18:00'),
      rrule: 'FREQ=WEEKLY',
      repeatUntil: '2031-12-29',
    },
    true,
  );
  // Outside March.
  await add('Februar', { startsAt: at('2031-02-28', '18:00'), endsAt: at('2031-02-28', '20:00') }, false);
  await add('April', { startsAt: at('2031-04-01', '00:00'), endsAt: at('2031-04-01', '02:00') }, false);
  await add(
    'Wöchentlich, vorbei',
    {
      startsAt: at('2031-01-06', '17:00'),
      endsAt: at('2031-01-06', '18:00'),
      rrule: 'FREQ=WEEKLY',
      repeatUntil: '2031-02-20',
    },
    false,
  );
  await add(
    'Wöchentlich, ab April',
    {
      startsAt: at('2031-04-07', '17:00'),
      endsAt: at('2031-04-07', '18:00'),
      rrule: 'FREQ=WEEKLY',
      repeatUntil: '2031-06-30',
    },
    false,
  );
});
afterAll(() => ctx?.close());

interface Page {
  items: { id: string; title: string; start: string; end: string }[];
  total: number;
  nextCursor: string | null;
}

async function get(path: string, as = token): Promise<{ page: Page; statements: number }> {
  const before = sqlStatementCount();
  const res = await ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events${path}`, {
    headers: { authorization: `Bearer ${as}`, 'accept-language': 'de' },
  });
  const statements = sqlStatementCount() - before;
  expect(res.status).toBe(200);
  return { page: (await res.json()) as Page, statements };
}

const MONTH = '?from=2031-03-01&to=2031-03-31&limit=10';

describe('the month as JSON', () => {
  it('walks every event of the month once, in order, with the total counted on the first page only', async () => {
    await get(MONTH); // the token's first use is written down (see the last test)
    const pages: { page: Page; statements: number }[] = [];
    let path: string | null = MONTH;
    while (path) {
      const p = await get(path);
      pages.push(p);
      path = p.page.nextCursor ? `${MONTH}&cursor=${encodeURIComponent(p.page.nextCursor)}` : null;
    }
    expect(pages.map((p) => p.page.items.length)).toEqual([10, 10, 7]);
    const ids = pages.flatMap((p) => p.page.items.map((x) => x.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...inMonth].sort());
    const starts = pages.flatMap((p) => p.page.items.map((x) => Date.parse(x.start)));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(pages.map((p) => p.page.total)).toEqual([27, 27, 27]);
    // The count is the only difference between the first page and the following ones.
    expect(pages[0]!.statements - pages[1]!.statements).toBe(1);
    expect(pages[2]!.statements).toBe(pages[1]!.statements);
  });

  it('looks the filtered area up once: it names the events without another query', async () => {
    const { page, statements } = await get(MONTH);
    const areaSlug = fx.areaA.slug;
    const filtered = await get(`${MONTH}&area=${areaSlug}`);
    expect(filtered.page.items.map((x) => x.id)).toEqual(page.items.map((x) => x.id));
    expect(
      (filtered.page.items as unknown as { area: { slug: string } }[]).every((x) => x.area.slug === areaSlug),
    ).toBe(true);
    // The same statements as without the filter: the area read for the filter replaces the one for the answer.
    expect(filtered.statements).toBe(statements);
  });

  it('still accepts a cursor without the total (counting again)', async () => {
    const first = await get(MONTH);
    const last = first.page.items.at(-1)!;
    const old = Buffer.from(`${new Date(last.start).toISOString()}|${last.id}`).toString('base64url');
    const next = await get(`${MONTH}&cursor=${old}`);
    expect(next.page.total).toBe(27);
    expect(next.page.items[0]!.id).toBe(
      first.page.nextCursor
        ? (await get(`${MONTH}&cursor=${encodeURIComponent(first.page.nextCursor)}`)).page.items[0]!.id
        : '',
    );
    expect(next.statements).toBe(first.statements);
    const bad = await ctx.app.request(
      `/api/v1/tenants/${fx.tenant.slug}/events${MONTH}&cursor=${Buffer.from(`${new Date(last.start).toISOString()}|${last.id}|x`).toString('base64url')}`,
      {
        headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
      },
    );
    expect(bad.status).toBe(422);
    expect(
      ((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields.cursor,
    ).toBeTruthy();
  });

  it('writes Berlin times with the offset of their day, before and after the switch', async () => {
    const { page } = await get('?from=2031-03-29&to=2031-03-31&limit=50');
    const byTitle = new Map(page.items.map((x) => [x.title, x]));
    expect(byTitle.get('Nach der Umstellung')?.start).toBe('2031-03-30T03:30:00+02:00');
    expect(byTitle.get('Nach der Umstellung')?.end).toBe('2031-03-30T05:00:00+02:00');
    const { page: early } = await get('?from=2031-03-01&to=2031-03-01&limit=50');
    expect(early.items.find((x) => x.title === 'Treffen 1')?.start).toBe('2031-03-01T18:00:00+01:00');
  });

  it('answers a range that ends before it starts with the field, not an error', async () => {
    const res = await ctx.app.request(
      `/api/v1/tenants/${fx.tenant.slug}/events?from=2031-03-10&to=2031-03-01`,
      {
        headers: { authorization: `Bearer ${token}`, 'accept-language': 'de' },
      },
    );
    expect(res.status).toBe(422);
  });

  it('writes a token’s last use at most once a minute, not on every page', async () => {
    const { db } = ctx.services;
    const fresh = await createApiToken(db, fx.tenant.id, fx.admin.id, 'fresh');
    const first = await get(MONTH, fresh.token);
    const used = (await listApiTokens(db, fx.tenant.id, fx.admin.id)).find((t) => t.id === fresh.id);
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
    const second = await get(MONTH, fresh.token);
    expect(first.statements - second.statements).toBe(1);
    const again = (await listApiTokens(db, fx.tenant.id, fx.admin.id)).find((t) => t.id === fresh.id);
    expect(again?.lastUsedAt?.getTime()).toBe(used?.lastUsedAt?.getTime());
  });

  it('can be served by the time-range index (plan, with sequential scans switched off)', async () => {
    const { db } = ctx.services;
    for (const f of [
      { from: '2031-03-01', to: '2031-03-31' },
      { from: '2031-03-01', to: null },
      { from: null, to: '2031-03-31' },
    ]) {
      const plans = await db.transaction(async (tx) => {
        // Small tables are read sequentially when that is cheaper; switched off, the plan shows
        // whether an index can answer the query at all.
        await tx.execute(sql`set local enable_seqscan = off`);
        const q = staffListQueries(tx, fx.tenant.id, { scope: null, when: 'all', limit: 200, ...f });
        const plan = async (s: { getSQL(): ReturnType<typeof sql> }) =>
          rows<Record<string, string>>(await tx.execute(sql`explain ${s.getSQL()}`))
            .map((r) => Object.values(r)[0])
            .join('\n');
        return [await plan(q.items), await plan(q.count!)];
      });
      for (const plan of plans) {
        expect(plan).toContain('events_events_during_idx');
        expect(plan).not.toMatch(/Seq Scan on events_events/);
      }
    }
  });
});

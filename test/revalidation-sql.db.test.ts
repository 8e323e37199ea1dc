/**
 * A revalidation (If-None-Match → 304) of a public feed or page costs as few SQL statements as the
 * data versions need: the tenant and the category list come from a short per-process memo, and a
 * change made here is seen at once. Counts statements, not time (timing lives in `npm run bench`);
 * the clock is held still so no memo or version expires between the requests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { upsertCategory } from '../src/modules/events/index.ts';
import { eventsFixture } from '../src/modules/events/test/fixtures.ts';
import { saveTenantSettings } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import { sqlStatementCount } from '../src/platform/db/index.ts';
import { Agent, createTestContext, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());
afterEach(() => {
  vi.useRealTimers();
});

/** Statements one conditional GET sends, after a first GET has filled the caches. */
async function statementsOf304(path: string): Promise<number> {
  const a = new Agent(ctx.app);
  const first = await a.get(path);
  expect(first.status, path).toBe(200);
  const etag = first.headers.get('etag')!;
  vi.useFakeTimers({ toFake: ['Date'] });
  const before = sqlStatementCount();
  const res = await a.get(path, { 'if-none-match': etag });
  const n = sqlStatementCount() - before;
  vi.useRealTimers();
  expect(res.status, path).toBe(304);
  return n;
}

describe('revalidating public pages and feeds', () => {
  it('a feed of one area: the area and the version of the public dates, nothing else', async () => {
    // Before the memo: also the tenant and the category list (4 statements).
    expect(
      await statementsOf304(`/${fx.tenant.slug}/events/feed.ics?area=${fx.areaA.slug}`),
    ).toBeLessThanOrEqual(2);
  });

  it('the calendar page and the area page read their versions only', async () => {
    expect(await statementsOf304(`/${fx.tenant.slug}/events?view=month`)).toBeLessThanOrEqual(1);
    expect(await statementsOf304(`/${fx.tenant.slug}/areas/${fx.areaA.slug}`)).toBeLessThanOrEqual(2);
  });

  it('a renamed tenant and a new category show on the next public request of this process', async () => {
    const a = new Agent(ctx.app);
    expect(await (await a.get(`/${fx.tenant.slug}/events`)).text()).not.toContain('Umbenannter Kiez');
    await saveTenantSettings(systemActor(fx.tenant.id), ctx.services.db, {
      name: 'Umbenannter Kiez',
      imprintDe: '',
      imprintEn: '',
      privacyDe: '',
      privacyEn: '',
      contactEmail: '',
      attribution: '',
    });
    await upsertCategory(ctx.services.db, fx.tenant.id, { name: 'Gärtnern im Hof', slug: 'gaertnern' });
    const html = await (await a.get(`/${fx.tenant.slug}/events`)).text();
    expect(html).toContain('Umbenannter Kiez');
    expect(html).toContain('Gärtnern im Hof');
    expect((await a.get(`/${fx.tenant.slug}/events?category=gaertnern`)).status).toBe(200);
  });
});

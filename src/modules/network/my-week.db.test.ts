import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToInstant, weekdayOf } from '../../platform/time/index.ts';
import { actorOfUser, createTestContext, type TestContext } from '../../test/kit.ts';
import { networkFixture } from './test/fixtures.ts';
import { saveOutreach } from './use-cases/outreach.ts';

// A Sunday evening in Berlin, as the app's clock (never the machine's).
const SUNDAY = '2030-03-10';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.services.now = () => localToInstant(SUNDAY, '20:00');
  fx = await networkFixture(ctx);
});
afterAll(() => ctx.close());

const plan = async (plannedOn: string, occasion: string) =>
  saveOutreach(await actorOfUser(ctx, fx.tenant.id, fx.admin.id), ctx.services.db, {
    areaId: fx.qmA,
    targetGroup: 'young_people',
    place: 'Spielplatz Beispielstraße',
    plannedOn,
    occasion,
  });

describe('"my week" on a Sunday', () => {
  it('runs from today for seven days, so tomorrow is in it and last Monday is not', async () => {
    expect(weekdayOf(SUNDAY)).toBe(7);
    await plan('2030-03-04', 'Letzten Montag');
    await plan(SUNDAY, 'Heute am Sonntag');
    await plan('2030-03-11', 'Morgen am Montag');
    await plan('2030-03-16', 'Samstag in sechs Tagen');
    await plan('2030-03-17', 'Sonntag in einer Woche');
    const a = await fx.agent(fx.admin.id);
    const html = await (await a.get(`${fx.base}/week`)).text();
    expect(html).toContain('Heute am Sonntag');
    expect(html).toContain('Morgen am Montag');
    expect(html).toContain('Samstag in sechs Tagen');
    expect(html).not.toContain('Letzten Montag');
    expect(html).not.toContain('Sonntag in einer Woche');

    // The next seven days begin where this view ends.
    const next = await (await a.get(`${fx.base}/week?week=2030-03-17`)).text();
    expect(next).toContain('Sonntag in einer Woche');
    expect(html).toContain(`${fx.base}/week?week=2030-03-17`);
  });
});

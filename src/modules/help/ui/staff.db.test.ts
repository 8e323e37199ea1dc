/**
 * The staff list over HTTP without JavaScript: entries due for a check are flagged and can be
 * listed alone; "checked today" clears the flag; who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../../test/kit.ts';
import { createService, listServices } from '../index.ts';
import { helpFixture } from '../testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let id: string;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const hours = { mode: 'unknown' as const, intervals: [], exceptions: [], note: '' };

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  base = `/staff/${fx.tenant.slug}/help`;
  // Imported entries are not checked yet.
  id = (
    await createService(
      fx.sys,
      ctx.services.db,
      { name: 'Suchtberatung Nord', locations: [{ areaId: fx.qmA, hours }] },
      { checked: false },
    )
  ).id;
  await createService(fx.sys, ctx.services.db, {
    name: 'Sozialberatung Süd',
    locations: [{ areaId: fx.qmB, hours }],
  });
});
afterAll(() => ctx?.close());

describe('staff list of the help directory', () => {
  it('flags the entry due for a check; team A marks it checked; team B and the jury may not', async () => {
    const teamA = await agentOf(fx.users.teamA.id);
    const due = await (await teamA.get(`${base}?due=1`)).text();
    expect(due).toContain('Suchtberatung Nord');
    expect(due).not.toContain('Sozialberatung Süd');
    const teamB = await agentOf(fx.users.teamB.id);
    const refused = await teamB.post(`${base}/${id}/checked`, {}, { csrfFrom: base });
    expect(refused.status).toBe(403);
    const jury = await agentOf(fx.users.jury.id);
    expect((await jury.get(base)).status).toBe(403);
    const ok = await teamA.post(`${base}/${id}/checked`, {}, { csrfFrom: base });
    expect(ok.status).toBe(303);
    const after = (await listServices(fx.actors.teamA, ctx.services.db)).find((s) => s.id === id)!;
    expect(after.reviewDue).toBe(false);
    expect(await (await teamA.get(`${base}?due=1`)).text()).not.toContain('Suchtberatung Nord');
  });
});

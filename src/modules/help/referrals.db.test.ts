/**
 * Referral counts from concerns: per service, how many concerns the teams referred to it over the
 * last twelve months — counts only, in the member's areas, matched by the service's name as typed in
 * the concern (case and spaces aside); none for members who do not see concerns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { recordConcern } from '../network/index.ts';
import { archiveService, concernReferrals, createService } from './index.ts';
import { helpFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof helpFixture>>;
let debt: { id: string; name: string };
let rent: { id: string; name: string };
const hours = { mode: 'unknown' as const, intervals: [], exceptions: [], note: '' };

async function concern(
  tenantId: string,
  areaId: string,
  referralKind: 'service' | 'department',
  referralTarget: string,
  recordedAt?: Date,
) {
  await recordConcern(systemActor(tenantId), ctx.services.db, {
    idempotencyKey: '',
    topic: 'housing_benefit',
    language: 'de',
    areaId,
    referralKind,
    referralTarget,
    recordedAt: recordedAt ?? null,
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await helpFixture(ctx);
  const make = async (name: string) =>
    (await createService(fx.sys, ctx.services.db, { name, locations: [{ areaId: fx.qmA, hours }] })).id;
  debt = { id: await make('Schuldnerberatung im Kiez'), name: 'Schuldnerberatung im Kiez' };
  rent = { id: await make('Mieterberatung Nord'), name: 'Mieterberatung Nord' };
  await concern(fx.tenant.id, fx.qmA, 'service', 'Schuldnerberatung im Kiez');
  await concern(fx.tenant.id, fx.qmA, 'service', '  schuldnerberatung   IM kiez ');
  await concern(fx.tenant.id, fx.qmB, 'service', 'Schuldnerberatung im Kiez');
  // Not to the service: a department of the same name, and one more than twelve months ago.
  await concern(fx.tenant.id, fx.qmA, 'department', 'Schuldnerberatung im Kiez');
  await concern(
    fx.tenant.id,
    fx.qmA,
    'service',
    'Schuldnerberatung im Kiez',
    new Date(Date.now() - 400 * 86_400_000),
  );
  // Another tenant's concern never counts.
  const other = await helpFixture(ctx);
  await concern(other.tenant.id, other.qmA, 'service', 'Schuldnerberatung im Kiez');
});
afterAll(() => ctx?.close());

describe('referral counts from concerns', () => {
  it('counts the concerns referred to a service in the member’s areas only', async () => {
    const of = async (who: keyof typeof fx.actors) =>
      await concernReferrals(fx.actors[who], ctx.services.db, [debt, rent]);
    expect(Object.fromEntries((await of('admin'))!)).toEqual({ [debt.id]: 3, [rent.id]: 0 });
    expect((await of('teamA'))!.get(debt.id)).toBe(2);
    expect((await of('teamB'))!.get(debt.id)).toBe(1);
    // Department staff read the directory but do not see the teams' concerns: no counts at all.
    expect(await of('department')).toBeNull();
    await expect(of('jury')).rejects.toMatchObject({ status: 403 });
  });

  it('shows the count on the staff list and on the service’s page', async () => {
    const teamA = await new Agent(ctx.app).loginAs(ctx.services, fx.users.teamA.id);
    const base = `/staff/${fx.tenant.slug}/help`;
    const list = (await (await teamA.get(base)).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(list).toContain('Verweise (12 Monate)');
    expect(list).toMatch(/Schuldnerberatung im Kiez .*? 2 /);
    const page = await (await teamA.get(`${base}/${debt.id}/edit`)).text();
    expect(page).toContain('2 Anliegen wurden in den letzten zwölf Monaten hierher verwiesen');
    const department = await new Agent(ctx.app).loginAs(ctx.services, fx.users.department.id);
    expect(await (await department.get(base)).text()).not.toContain('Verweise (12 Monate)');
  });

  it('offers the directory’s current services as suggestions on the concern form', async () => {
    const old = await createService(fx.sys, ctx.services.db, {
      name: 'Alte Beratungsstelle',
      locations: [{ areaId: fx.qmA, hours }],
    });
    await archiveService(fx.sys, ctx.services.db, old.id);
    const team = await new Agent(ctx.app).loginAs(ctx.services, fx.users.teamA.id);
    const html = await (await team.get(`/staff/${fx.tenant.slug}/network/concerns/new`)).text();
    const list = /<datalist id="referral-targets">([\s\S]*?)<\/datalist>/.exec(html)?.[1] ?? '';
    expect(html).toContain('list="referral-targets"');
    expect(list).toContain('value="Schuldnerberatung im Kiez"');
    expect(list).toContain('value="Mieterberatung Nord"');
    // An archived service is no longer suggested.
    expect(list).not.toContain('Alte Beratungsstelle');
  });
});

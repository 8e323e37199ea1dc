import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/kit.ts';
import { MODULES } from './modules.ts';
import { DEMO_TENANT, seedDemo } from './seed-demo.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** Rows of the demo tenant in the tables that each module's demo seed fills. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'areas',
    'houses',
    'rooms',
    'network_actors',
    'network_venues',
    'events_events',
    'website_posts',
    'coordination_departments',
    'coordination_needs',
    'coordination_routings',
    'councils_bodies',
    'councils_members',
    'councils_meetings',
    'councils_votes',
    'funds_funds',
    'funds_applications',
    'funds_ledger',
    'help_services',
    'help_locations',
    'volunteering_needs',
    'volunteering_volunteers',
    'volunteering_matches',
    'volunteering_hours',
    'volunteering_initiatives',
    'profiles_indicators',
    'profiles_values',
    'profiles_imports',
    'impact_activities',
    'impact_reports',
  ]) {
    const r = await ctx.services.database.executor.executeSql(
      `select count(*)::int as n from ${table} t join tenants on tenants.id = t.tenant_id where tenants.slug = $1`,
      [DEMO_TENANT],
    );
    out[table] = (r.rows[0] as { n: number }).n;
  }
  return out;
}

describe('demo seed', () => {
  it('runs the demo seed of every module that declares one, in mount order', async () => {
    expect(MODULES.filter((m) => m.seedDemo).map((m) => m.name)).toEqual([
      'houses',
      'network',
      'events',
      'website',
      'coordination',
      'councils',
      'funds',
      'help',
      'volunteering',
      'profiles',
      'impact',
    ]);
    const first = await seedDemo(ctx.services);
    expect(first.created).toBe(true);
    expect(first.loginLink).toMatch(/\/magic\/[A-Za-z0-9_-]+$/);
    const after = await counts();
    for (const [table, n] of Object.entries(after)) expect(n, table).toBeGreaterThan(0);
    // The help module imports the 252 services of the Berlin directory through its use cases.
  }, 120_000);

  it('is idempotent: a second run adds nothing', async () => {
    const before = await counts();
    const again = await seedDemo(ctx.services);
    expect(again.created).toBe(false);
    expect(await counts()).toEqual(before);
  });
});

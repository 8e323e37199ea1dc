/**
 * The funds' demo content: the Aktionsfonds of the demo area with 10,000 € this year, decided by the
 * demo Aktionsfondsjury, with an application in every state from draft to closed and a ledger that
 * adds up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { councilsManifest, listBodiesFor } from '../councils/index.ts';
import { fundFor, fundYearFor, listFundsFor } from './index.ts';
import { seedDemoFunds } from './seed-demo.ts';

let ctx: TestContext;
let tenantId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  tenantId = (await makeTenant(ctx.services)).id;
  await upsertAreas(ctx.services.db, tenantId, 'programme', [
    { kind: 'programme', key: 'QM-DEMO-1', name: 'Beispiel-Quartier' },
  ]);
  // The demo jury comes from the councils' seed.
  await councilsManifest.seedDemo!(ctx.services, tenantId);
  await seedDemoFunds(ctx.services, tenantId);
}, 180_000);
afterAll(() => ctx?.close());

describe('demo funds', () => {
  it('an Aktionsfonds of 10,000 € decided by the demo jury, with an application in every state', async () => {
    const db = ctx.services.db;
    const sys = systemActor(tenantId);
    const [fund] = await listFundsFor(sys, db);
    const jury = (await listBodiesFor(sys, db, { kind: 'aktionsfondsjury' }))[0];
    expect(fund).toMatchObject({ kind: 'action', capCents: 150_000, decidingBodyId: jury.id });
    const { years } = await fundFor(sys, db, fund.id);
    const view = await fundYearFor(sys, db, years[0].id);
    expect(view.fundYear.budgetCents).toBe(1_000_000);
    const states = new Set(view.applications.map((a) => a.status));
    for (const s of [
      'draft',
      'submitted',
      'in_review',
      'changes_requested',
      'on_agenda',
      'granted',
      'refused',
      'settlement',
      'settled',
      'closed',
      'withdrawn',
    ])
      expect(states, s).toContain(s);
    expect(view.balances).toMatchObject({
      committedCents: 48_000 + 30_000 + 20_000 + 50_000,
      paidCents: 15_000 + 20_000 + 54_000,
      returnedCents: 4_000,
      availableCents: 1_000_000 - 148_000,
    });
    expect(view.fundYear.committedCents).toBe(view.balances.committedCents);
  });

  it('is idempotent', async () => {
    await seedDemoFunds(ctx.services, tenantId);
    expect(await listFundsFor(systemActor(tenantId), ctx.services.db)).toHaveLength(1);
  });
});

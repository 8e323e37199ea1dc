/**
 * Who may do what with funds (both engines): the area's team works on its fund; a team of another
 * area finds nothing (404) and changes nothing; the jury reads but does not decide; department staff
 * do not read applicants' data; another tenant's administrator finds nothing — each refused inside
 * the use case, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { addMembership } from '../access/index.ts';
import {
  applicationFor,
  bookEntry,
  closeYear,
  createApplication,
  createFund,
  fundFor,
  fundYearFor,
  listFundsFor,
  putOnAgenda,
  recordDecision,
  setYearBudget,
  updateFund,
} from './index.ts';
import { listLedger } from './queries.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const db = () => ctx.services.db;
const grantInput = {
  outcome: 'granted' as const,
  grantedCents: 50_000,
  vote: { kind: 'open' as const, counts: { yes: 3, no: 0, abstain: 0 } },
};

describe('funds of an area', () => {
  it('are worked on by the area’s team', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    await recordDecision(f.actors.teamA, db(), app.id, grantInput);
    await bookEntry(f.actors.teamA, db(), app.id, {
      kind: 'payment',
      amountCents: 10_000,
      paymentKind: 'advance',
    });
    expect((await listFundsFor(f.actors.teamA, db())).map((x) => x.id)).toEqual([f.fund.id]);
  });

  it('do not exist for the team of another area, which changes nothing', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    const b = f.actors.teamB;
    await expect(fundFor(b, db(), f.fund.id)).rejects.toMatchObject({ status: 404 });
    await expect(fundYearFor(b, db(), f.fundYear.id)).rejects.toMatchObject({ status: 404 });
    await expect(applicationFor(b, db(), app.id)).rejects.toMatchObject({ status: 404 });
    await expect(recordDecision(b, db(), app.id, grantInput)).rejects.toMatchObject({ status: 404 });
    await expect(setYearBudget(b, db(), f.fund.id, { year: f.year, budgetCents: 1 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(createApplication(b, db(), f.fund.id, f.applicationInput())).rejects.toMatchObject({
      status: 404,
    });
    await expect(closeYear(b, db(), f.fundYear.id)).rejects.toMatchObject({ status: 404 });
    // Nor may it make a fund for area A, or move its own into A.
    await expect(createFund(b, db(), { name: 'x', kind: 'action', areaId: f.qmA })).rejects.toMatchObject({
      status: 403,
    });
    const own = await createFund(b, db(), { name: 'Aktionsfonds B', kind: 'action', areaId: f.qmB });
    await expect(
      updateFund(b, db(), own.id, { name: 'x', kind: 'action', areaId: f.qmA }),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect((await listFundsFor(b, db())).map((x) => x.id)).toEqual([own.id]);
    expect((await applicationFor(f.actors.admin, db(), app.id)).application.status).toBe('on_agenda');
    expect(await listLedger(db(), f.tenant.id, f.fundYear.id)).toEqual([]);
  });

  it('are read by the jury, which does not decide, book or change budgets', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    const j = f.actors.jury;
    expect((await applicationFor(j, db(), app.id)).application.id).toBe(app.id);
    await expect(recordDecision(j, db(), app.id, grantInput)).rejects.toMatchObject({ status: 403 });
    await expect(putOnAgenda(j, db(), app.id, {})).rejects.toMatchObject({ status: 403 });
    await expect(setYearBudget(j, db(), f.fund.id, { year: f.year, budgetCents: 1 })).rejects.toMatchObject({
      status: 403,
    });
    expect(await listLedger(db(), f.tenant.id, f.fundYear.id)).toEqual([]);
  });

  it('are refused to a member who reads them but works only in another area', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    // A jury member of the whole tenant who is also on the team of area B.
    await addMembership(db(), {
      tenantId: f.tenant.id,
      userId: f.users.jury.id,
      role: 'team',
      scopeAreaId: f.qmB,
    });
    const both = await f.actorFor(f.users.jury.id);
    expect((await applicationFor(both, db(), app.id)).application.id).toBe(app.id);
    await expect(recordDecision(both, db(), app.id, grantInput)).rejects.toMatchObject({ status: 403 });
    await expect(putOnAgenda(both, db(), app.id, {})).rejects.toMatchObject({ status: 403 });
    await expect(
      setYearBudget(both, db(), f.fund.id, { year: f.year, budgetCents: 1 }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(createApplication(both, db(), f.fund.id, f.applicationInput())).rejects.toMatchObject({
      status: 403,
    });
    expect(await listLedger(db(), f.tenant.id, f.fundYear.id)).toEqual([]);
  });

  it('are not read by department staff (applicants’ personal data)', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    await expect(applicationFor(f.actors.department, db(), app.id)).rejects.toMatchObject({ status: 403 });
    expect(await listFundsFor(f.actors.department, db())).toEqual([]);
  });

  it('do not exist for another tenant’s administrator', async () => {
    const f = await fundsFixture(ctx);
    const other = await fundsFixture(ctx);
    const app = await f.onAgenda();
    const x = other.actors.admin;
    await expect(fundFor(x, db(), f.fund.id)).rejects.toMatchObject({ status: 404 });
    await expect(applicationFor(x, db(), app.id)).rejects.toMatchObject({ status: 404 });
    await expect(recordDecision(x, db(), app.id, grantInput)).rejects.toMatchObject({ status: 404 });
    await expect(fundYearFor(x, db(), f.fundYear.id)).rejects.toMatchObject({ status: 404 });
    expect((await listFundsFor(x, db())).map((y) => y.id)).toEqual([other.fund.id]);
  });

  it('of the whole tenant need a tenant-wide grant', async () => {
    const f = await fundsFixture(ctx);
    await expect(
      createFund(f.actors.teamA, db(), { name: 'Stadtweit', kind: 'initiative' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    const city = await createFund(f.actors.admin, db(), { name: 'Stadtweit', kind: 'initiative' });
    await expect(fundFor(f.actors.teamA, db(), city.id)).rejects.toMatchObject({ status: 404 });
  });
});

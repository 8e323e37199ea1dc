/**
 * The budget of a fund-year is never over-committed (FUND-3) and its ledger always adds up (FUND-4):
 * concurrent decisions, direct SQL that bypasses the use cases, append-only entries, payments and
 * returns, and the year end (lapse or carry-over) — on PGlite and on PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/engine.ts';
import { newId } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { createTestContext, engine, type TestContext } from '../../test/kit.ts';
import { appendProblem, balances, type LedgerEntryFacts } from './domain/ledger.ts';
import { bookEntry, closeYear, createApplication, createFund, fundYearFor, setYearBudget } from './index.ts';
import { getFundYear, listLedger } from './queries.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const db = () => ctx.services.db;
const fieldOf = (err: unknown) => (err instanceof ValidationError ? err.fields : null);

/** Inserts a ledger entry by plain SQL, past every use case. */
const rawEntry = (
  tenantId: string,
  fundYearId: string,
  kind: string,
  amount: number,
  applicationId: string | null,
) =>
  db().execute(sql`insert into funds_ledger (tenant_id, id, fund_year_id, application_id, kind, amount_cents, payment_kind, booked_on)
    values (${tenantId}, ${newId()}, ${fundYearId}, ${applicationId}, ${kind}, ${amount},
            ${kind === 'payment' ? 'advance' : null}, current_date)`);

const cost = (amountCents: number) => ({
  costLines: [{ item: 'Material', costKind: 'material' as const, amountCents }],
});

const stored = async (tenantId: string, fundYearId: string) =>
  (await getFundYear(db(), tenantId, fundYearId))!;

describe('never over-committed', () => {
  it('grants exactly the decisions that fit when 20 land at the same moment, each on its own connection', async () => {
    const f = await fundsFixture(ctx, { budgetCents: 750_000 });
    const apps = [];
    for (let i = 0; i < 20; i++) apps.push(await f.onAgenda({ title: `Projekt ${i + 1}` }));
    const results = await Promise.allSettled(apps.map((a) => f.grant(a.id, 100_000)));
    const granted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(granted).toHaveLength(7);
    expect(refused).toHaveLength(13);
    for (const r of refused)
      expect(fieldOf((r as PromiseRejectedResult).reason)).toEqual({
        grantedCents: 'funds:errors.overCommitted',
      });
    const fy = await stored(f.tenant.id, f.fundYear.id);
    expect(fy.committedCents).toBe(700_000);
    expect(fy.committedCents).toBeLessThanOrEqual(fy.budgetCents);
    // The refused decisions left nothing behind: no vote, no entry, the application still on the agenda.
    const entries = await listLedger(db(), f.tenant.id, f.fundYear.id);
    expect(entries.filter((e) => e.kind === 'commitment')).toHaveLength(7);
    const view = await fundYearFor(f.actors.admin, db(), f.fundYear.id);
    expect(view.applications.filter((a) => a.status === 'granted')).toHaveLength(7);
    expect(view.applications.filter((a) => a.status === 'on_agenda')).toHaveLength(13);
    const votes = rows<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from councils_votes where tenant_id = ${f.tenant.id}`),
    );
    expect(votes[0].n).toBe(7);
  });

  it('refuses the over-committing entry in the database itself, also from 20 connections at once past every use case', async () => {
    const f = await fundsFixture(ctx, { budgetCents: 500_000 });
    const app = await f.onAgenda();
    // Direct SQL, no use case, no lock taken by the app: the database decides.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => rawEntry(f.tenant.id, f.fundYear.id, 'commitment', 100_000, app.id)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(
        String((r as PromiseRejectedResult).reason?.cause?.message ?? (r as PromiseRejectedResult).reason),
      ).toMatch(/funds_fund_years_not_overcommitted/);
    expect((await stored(f.tenant.id, f.fundYear.id)).committedCents).toBe(500_000);
    await expect(rawEntry(f.tenant.id, f.fundYear.id, 'commitment', 1, app.id)).rejects.toThrow();
  });

  it('keeps the balances to the ledger whatever a statement writes into them', async () => {
    const f = await fundsFixture(ctx, { budgetCents: 300_000 });
    const app = await f.onAgenda();
    await f.grant(app.id, 100_000);
    await db().execute(
      sql`update funds_fund_years set committed_cents = 0, paid_cents = 0 where tenant_id = ${f.tenant.id} and id = ${f.fundYear.id}`,
    );
    expect((await stored(f.tenant.id, f.fundYear.id)).committedCents).toBe(100_000);
    // So the freed-looking money cannot be committed twice.
    await expect(rawEntry(f.tenant.id, f.fundYear.id, 'commitment', 200_001, app.id)).rejects.toThrow();
  });

  it('refuses a budget below what is committed', async () => {
    const f = await fundsFixture(ctx, { budgetCents: 300_000 });
    await f.grant((await f.onAgenda(cost(150_000))).id, 150_000);
    const err = await setYearBudget(f.actors.admin, db(), f.fund.id, {
      year: f.year,
      budgetCents: 149_999,
    }).catch((e) => e);
    expect(fieldOf(err)).toEqual({ budgetCents: 'funds:errors.budgetBelowCommitted' });
    const lowered = await setYearBudget(f.actors.admin, db(), f.fund.id, {
      year: f.year,
      budgetCents: 150_000,
      reason: 'Kürzung',
    });
    expect(lowered.budgetCents).toBe(150_000);
    const view = await fundYearFor(f.actors.admin, db(), f.fundYear.id);
    expect(view.budgetChanges.map((c) => [c.previousCents, c.newCents, c.reason])).toEqual([
      [0, 300_000, 'Jahresbudget'],
      [300_000, 150_000, 'Kürzung'],
    ]);
  });
});

describe('the ledger is append-only', () => {
  it('refuses to change or remove an entry, also by plain SQL', async () => {
    const f = await fundsFixture(ctx);
    await f.grant((await f.onAgenda()).id, 100_000);
    await expect(
      db().execute(sql`update funds_ledger set amount_cents = 1 where tenant_id = ${f.tenant.id}`),
    ).rejects.toThrow();
    await expect(
      db().execute(sql`delete from funds_ledger where tenant_id = ${f.tenant.id}`),
    ).rejects.toThrow();
    await expect(
      db().execute(sql`delete from funds_budget_changes where tenant_id = ${f.tenant.id}`),
    ).rejects.toThrow();
    expect(await listLedger(db(), f.tenant.id, f.fundYear.id)).toHaveLength(1);
  });

  it('lets a whole tenant’s rows go only when the transaction says it removes that tenant', async () => {
    const f = await fundsFixture(ctx);
    await f.grant((await f.onAgenda()).id, 100_000);
    const other = await fundsFixture(ctx);
    await other.grant((await other.onAgenda()).id, 100_000);
    await expect(
      db().transaction(async (tx) => {
        await tx.execute(sql`select set_config('quartier.purge_tenant', ${other.tenant.id}, true)`);
        await tx.execute(sql`delete from funds_ledger where tenant_id = ${f.tenant.id}`);
      }),
    ).rejects.toThrow();
    await db().transaction(async (tx) => {
      await tx.execute(sql`select set_config('quartier.purge_tenant', ${f.tenant.id}, true)`);
      await tx.execute(sql`delete from funds_ledger where tenant_id = ${f.tenant.id}`);
    });
    expect(await listLedger(db(), f.tenant.id, f.fundYear.id)).toHaveLength(0);
    expect(await listLedger(db(), other.tenant.id, other.fundYear.id)).toHaveLength(1);
    // The setting ended with its transaction.
    await expect(
      db().execute(sql`delete from funds_ledger where tenant_id = ${other.tenant.id}`),
    ).rejects.toThrow();
  });
});

describe('payments and returns', () => {
  it('pays an advance and the rest in instalments, never more than granted, and takes money back', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda({
      costLines: [{ item: 'Material', costKind: 'material', amountCents: 120_000 }],
    });
    await f.grant(app.id, 120_000);
    const pay = (amountCents: number, paymentKind: 'advance' | 'reimbursement') =>
      bookEntry(f.actors.teamA, db(), app.id, { kind: 'payment', amountCents, paymentKind });
    await pay(60_000, 'advance');
    await pay(40_000, 'reimbursement');
    const over = await pay(20_001, 'reimbursement').catch((e) => e);
    expect(fieldOf(over)).toEqual({ amountCents: 'funds:errors.paidOverCommitted' });
    // Less was spent: 10 € come back, then the grant is corrected down and the money is free again.
    await bookEntry(f.actors.teamA, db(), app.id, { kind: 'return', amountCents: 1_000 });
    await bookEntry(f.actors.teamA, db(), app.id, {
      kind: 'correction',
      amountCents: -21_000,
      note: 'weniger ausgegeben',
    });
    const view = await fundYearFor(f.actors.admin, db(), f.fundYear.id);
    expect(view.balances).toMatchObject({
      committedCents: 99_000,
      paidCents: 100_000,
      returnedCents: 1_000,
      outstandingCents: 0,
      availableCents: 1_000_000 - 99_000,
    });
    // The stored balances are the ledger's sums.
    expect(view.fundYear.committedCents).toBe(view.balances.committedCents);
    expect(view.fundYear.paidCents).toBe(view.balances.paidCents);
    expect(view.applications.find((a) => a.id === app.id)?.status).toBe('settlement');
  });

  it('refuses a payment beyond the grant in the database too', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    await f.grant(app.id, 50_000);
    await expect(rawEntry(f.tenant.id, f.fundYear.id, 'payment', 50_001, app.id)).rejects.toThrow();
    await rawEntry(f.tenant.id, f.fundYear.id, 'payment', 50_000, app.id);
  });

  it('adds up in the database as in the domain for random sequences of entries', async () => {
    const f = await fundsFixture(ctx, { budgetCents: 400_000 });
    const runs = engine() === 'postgres' ? 12 : 6;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom('commitment', 'correction', 'payment', 'return', 'lapse'),
            amount: fc.integer({ min: -150_000, max: 250_000 }),
            app: fc.constantFrom(0, 1),
          }),
          { maxLength: 15 },
        ),
        async (candidates) => {
          // A fresh fund-year and two fresh applications for each run.
          const fund = await createFund(f.actors.admin, db(), { name: 'Lauf', kind: 'free', areaId: f.qmA });
          const fy = await setYearBudget(f.actors.admin, db(), fund.id, {
            year: f.year,
            budgetCents: 400_000,
          });
          const apps = [
            (await createApplication(f.actors.admin, db(), fund.id, f.applicationInput())).id,
            (await createApplication(f.actors.admin, db(), fund.id, f.applicationInput())).id,
          ];
          const accepted: LedgerEntryFacts[] = [];
          for (const c of candidates) {
            const entry: LedgerEntryFacts = {
              kind: c.kind as LedgerEntryFacts['kind'],
              amountCents: c.amount,
              applicationId: c.kind === 'lapse' ? null : apps[c.app],
            };
            const expected = appendProblem(400_000, accepted, entry) === null;
            const ok = await rawEntry(
              f.tenant.id,
              fy.id,
              entry.kind,
              entry.amountCents,
              entry.applicationId ?? null,
            ).then(
              () => true,
              () => false,
            );
            if (ok) accepted.push(entry);
            expect(ok).toBe(expected);
          }
          const row = (await getFundYear(db(), f.tenant.id, fy.id))!;
          const b = balances(400_000, accepted);
          expect([row.committedCents, row.paidCents, row.returnedCents, row.lapsedCents]).toEqual([
            b.committedCents,
            b.paidCents,
            b.returnedCents,
            b.lapsedCents,
          ]);
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('year end', () => {
  it('lets the money not committed lapse and closes the year to new commitments', async () => {
    const f = await fundsFixture(ctx, { budgetCents: 1_000_000 });
    await f.grant((await f.onAgenda(cost(150_000))).id, 150_000);
    const late = await f.onAgenda();
    const { fundYear, nextYear } = await closeYear(f.actors.admin, db(), f.fundYear.id);
    expect(nextYear).toBeNull();
    expect(fundYear.closedAt).not.toBeNull();
    expect(fundYear.lapsedCents).toBe(850_000);
    const view = await fundYearFor(f.actors.admin, db(), f.fundYear.id);
    expect(view.balances.availableCents).toBe(0);
    expect(view.ledger.map((e) => [e.kind, e.amountCents])).toEqual([
      ['commitment', 150_000],
      ['lapse', 850_000],
    ]);
    expect(fieldOf(await f.grant(late.id, 10_000).catch((e) => e))).toEqual({
      grantedCents: 'funds:errors.yearClosed',
    });
    expect(fieldOf(await closeYear(f.actors.admin, db(), f.fundYear.id).catch((e) => e))).toEqual({
      year: 'funds:errors.yearClosed',
    });
  });

  it('carries the money not committed over to next year when the fund says so', async () => {
    const f = await fundsFixture(ctx);
    const carry = await createFund(f.actors.admin, db(), {
      name: 'Verfügungsfonds A',
      kind: 'disposition',
      areaId: f.qmA,
      yearEndRule: 'carry_over',
    });
    const fy = await setYearBudget(f.actors.admin, db(), carry.id, { year: f.year, budgetCents: 500_000 });
    await setYearBudget(f.actors.admin, db(), carry.id, { year: f.year + 1, budgetCents: 200_000 });
    const { fundYear, nextYear } = await closeYear(f.actors.teamA, db(), fy.id);
    expect(fundYear.carriedOutCents).toBe(500_000);
    expect(nextYear?.year).toBe(f.year + 1);
    expect(nextYear?.carriedInCents).toBe(500_000);
    const next = await fundYearFor(f.actors.admin, db(), nextYear!.id);
    expect(next.balances.availableCents).toBe(700_000);
  });
});

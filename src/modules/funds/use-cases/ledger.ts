/**
 * Money after the decision (FUND-4): payments (an advance or a reimbursement, in instalments),
 * returns and corrections of a grant, the settlement (proof of use) and closing of an application,
 * and the year end: money not committed lapses or carries over to next year by the fund's rule.
 * Every entry is appended to the fund-year's ledger under the year's row lock; the database refuses
 * what would not add up.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { text, wholeNumber } from '../../../platform/forms/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { fundYears, ledger } from '../db/schema.ts';
import { appendProblem, balances, yearEndEntries } from '../domain/ledger.ts';
import { hasGrant } from '../domain/status.ts';
import { loadApplication, loadFundYear, MANAGE, PROCESS } from '../policies.ts';
import {
  type Application,
  type FundYear,
  findFundYear,
  type LedgerEntry,
  listLedger,
  lockApplication,
  lockFundYear,
} from '../queries.ts';
import { type BookingInput, bookingInput, parse } from '../schemas.ts';
import { moveStatus } from './applications.ts';
import { audit, ledgerRefusal } from './shared.ts';

/**
 * Books a payment, a return or a correction for a granted application. The first payment moves the
 * application into settlement. Refused: a payment beyond what is committed to it, a return beyond
 * what was paid, a correction that frees money before what was paid beyond it came back, and a
 * correction upwards beyond the year's free money or the fund's cap.
 */
export async function bookEntry(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: BookingInput,
): Promise<LedgerEntry> {
  authorize(actor, PROCESS);
  const { application, fund } = await loadApplication(actor, db, applicationId, PROCESS);
  const v = parse(bookingInput, input);
  if (v.kind === 'payment' && !v.paymentKind)
    throw new ValidationError({ paymentKind: 'validation.required' });
  if (v.kind !== 'payment' && v.paymentKind) throw new ValidationError({ paymentKind: 'validation.choice' });
  try {
    return await db.transaction(async (tx) => {
      const app = (await lockApplication(tx, actor.tenantId, application.id))!;
      if (!hasGrant(app.status) || app.grantedCents === null)
        throw new ValidationError({ kind: `funds:errors.status.${app.status}` });
      const fy = (await lockFundYear(tx, actor.tenantId, app.fundYearId))!;
      const entries = await listLedger(tx, actor.tenantId, fy.id);
      const entry = { kind: v.kind, amountCents: v.amountCents, applicationId: app.id };
      const problem = appendProblem(fy.budgetCents, entries, entry);
      if (problem) throw new ValidationError({ amountCents: problem });
      if (v.kind === 'correction' && v.amountCents > 0 && fy.closedAt)
        throw new ValidationError({ amountCents: 'funds:errors.yearClosed' });
      if (v.kind === 'correction' && fund.capCents !== null) {
        const committed = entries
          .filter((e) => e.applicationId === app.id && (e.kind === 'commitment' || e.kind === 'correction'))
          .reduce((s, e) => s + e.amountCents, 0);
        if (committed + v.amountCents > fund.capCents)
          throw new ValidationError({ amountCents: 'funds:errors.grantOverCap' });
      }
      const [row] = await tx
        .insert(ledger)
        .values({
          tenantId: actor.tenantId,
          id: newId(),
          fundYearId: fy.id,
          ...entry,
          paymentKind: v.kind === 'payment' ? v.paymentKind : null,
          note: v.note,
          bookedOn: v.bookedOn ?? todayLocal(),
          createdBy: actor.userId ?? null,
        })
        .returning();
      if (v.kind === 'payment' && app.status === 'granted')
        await moveStatus(tx, actor, actor.tenantId, app, 'settlement');
      await audit(tx, actor, actor.tenantId, 'create', 'ledger', row.id, {
        kind: row.kind,
        amountCents: row.amountCents,
        applicationId: app.id,
      });
      return row;
    });
  } catch (err) {
    throw ledgerRefusal(err, 'amountCents');
  }
}

export const settlementInput = z.object({
  actualParticipants: wholeNumber(0, 1_000_000, { label: 'funds:fields.participants' })
    .nullable()
    .default(null),
  note: text(5000).default(''),
});

/** The proof of use is in (report, receipts, participants): the application is settled. */
export async function settleApplication(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: z.input<typeof settlementInput>,
): Promise<Application> {
  authorize(actor, PROCESS);
  const { application } = await loadApplication(actor, db, applicationId, PROCESS);
  const v = parse(settlementInput, input);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    return moveStatus(tx, actor, actor.tenantId, app, 'settled', v.note, {
      actualParticipants: v.actualParticipants,
    });
  });
}

/** Closes a settled or refused application (or a grant that was never paid). */
export async function closeApplication(actor: Actor, db: Db, applicationId: string): Promise<Application> {
  authorize(actor, PROCESS);
  const { application } = await loadApplication(actor, db, applicationId, PROCESS);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    return moveStatus(tx, actor, actor.tenantId, app, 'closed');
  });
}

/**
 * The year end of a fund-year: the money not committed lapses, or (by the fund's rule) moves to the
 * fund's next year, which is made when it does not exist yet. The year is closed afterwards: no more
 * commitments; payments of what was committed go on. A year is closed once.
 */
export async function closeYear(
  actor: Actor,
  db: Db,
  fundYearId: string,
): Promise<{ fundYear: FundYear; nextYear: FundYear | null }> {
  authorize(actor, MANAGE);
  const { fund, fundYear } = await loadFundYear(actor, db, fundYearId, MANAGE);
  return db.transaction(async (tx) => {
    const fy = (await lockFundYear(tx, actor.tenantId, fundYear.id))!;
    if (fy.closedAt) throw new ValidationError({ year: 'funds:errors.yearClosed' });
    const b = balances(fy.budgetCents, await listLedger(tx, actor.tenantId, fy.id));
    const { thisYear, nextYear } = yearEndEntries(fund.yearEndRule, b);
    let next: FundYear | null = null;
    if (nextYear) {
      next = (await findFundYear(tx, actor.tenantId, fund.id, fy.year + 1)) ?? null;
      if (!next)
        [next] = await tx
          .insert(fundYears)
          .values({ tenantId: actor.tenantId, id: newId(), fundId: fund.id, year: fy.year + 1 })
          .returning();
      next = (await lockFundYear(tx, actor.tenantId, next.id))!;
    }
    const book = (fundYearId: string, e: { kind: LedgerEntry['kind']; amountCents: number }, note: string) =>
      tx.insert(ledger).values({
        tenantId: actor.tenantId,
        id: newId(),
        fundYearId,
        kind: e.kind,
        amountCents: e.amountCents,
        note,
        bookedOn: todayLocal(),
        createdBy: actor.userId ?? null,
      });
    if (thisYear) await book(fy.id, thisYear, nextYear ? `→ ${fy.year + 1}` : '');
    if (nextYear && next) await book(next.id, nextYear, `← ${fy.year}`);
    const [closed] = await tx
      .update(fundYears)
      .set({ closedAt: new Date(), closedBy: actor.userId ?? null })
      .where(and(ofTenant(fundYears, actor.tenantId), eq(fundYears.id, fy.id)))
      .returning();
    await audit(tx, actor, actor.tenantId, 'update', 'fund_year', fy.id, {
      yearEnd: fund.yearEndRule,
      amountCents: thisYear?.amountCents ?? 0,
    });
    return {
      fundYear: closed,
      nextYear: next ? ((await findFundYear(tx, actor.tenantId, fund.id, fy.year + 1)) ?? null) : null,
    };
  });
}

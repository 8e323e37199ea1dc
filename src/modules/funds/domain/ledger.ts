/**
 * The ledger of a fund-year (FUND-4) as pure functions: the balances it adds up to, and whether an
 * entry may be appended. The database keeps the same rules (migration 0018: the fund-year's checks
 * and the ledger trigger); these let the use cases say what is wrong before they write, and the
 * property tests state the invariants over any sequence of entries.
 */
import type { LedgerKind } from './vocab.ts';

export interface LedgerEntryFacts {
  kind: LedgerKind;
  amountCents: number;
  applicationId?: string | null;
}

export interface Balances {
  /** The year's own budget. */
  budgetCents: number;
  carriedInCents: number;
  /** Granted and not corrected away. */
  committedCents: number;
  paidCents: number;
  returnedCents: number;
  lapsedCents: number;
  carriedOutCents: number;
  /** Free to commit: budget + carried in − committed − lapsed − carried out. */
  availableCents: number;
  /** Committed but not (net) paid yet. */
  outstandingCents: number;
}

export function balances(budgetCents: number, entries: readonly LedgerEntryFacts[]): Balances {
  const sum = (...kinds: LedgerKind[]) =>
    entries.filter((e) => kinds.includes(e.kind)).reduce((s, e) => s + e.amountCents, 0);
  const committedCents = sum('commitment', 'correction');
  const paidCents = sum('payment');
  const returnedCents = sum('return');
  const lapsedCents = sum('lapse');
  const carriedOutCents = sum('carry_over_out');
  const carriedInCents = sum('carry_over_in');
  return {
    budgetCents,
    carriedInCents,
    committedCents,
    paidCents,
    returnedCents,
    lapsedCents,
    carriedOutCents,
    availableCents: budgetCents + carriedInCents - committedCents - lapsedCents - carriedOutCents,
    outstandingCents: committedCents - (paidCents - returnedCents),
  };
}

/** Committed and net paid for one application. */
export function applicationBalance(entries: readonly LedgerEntryFacts[], applicationId: string) {
  let committedCents = 0;
  let paidCents = 0;
  for (const e of entries) {
    if (e.applicationId !== applicationId) continue;
    if (e.kind === 'commitment' || e.kind === 'correction') committedCents += e.amountCents;
    if (e.kind === 'payment') paidCents += e.amountCents;
    if (e.kind === 'return') paidCents -= e.amountCents;
  }
  return { committedCents, paidCents };
}

/**
 * Why the ledger would be wrong with `entry` appended (a translation key), or null when it may be:
 * the year over-committed, a negative commitment, more paid than committed or more returned than
 * paid (for the year and for the application), or an amount of the wrong sign.
 */
export function appendProblem(
  budgetCents: number,
  entries: readonly LedgerEntryFacts[],
  entry: LedgerEntryFacts,
): string | null {
  if (!Number.isInteger(entry.amountCents)) return 'funds:errors.amount';
  if (entry.kind === 'correction' ? entry.amountCents === 0 : entry.amountCents <= 0)
    return 'funds:errors.amount';
  const all = [...entries, entry];
  const b = balances(budgetCents, all);
  if (b.availableCents < 0) return 'funds:errors.overCommitted';
  if (b.committedCents < 0) return 'funds:errors.negativeCommitment';
  if (b.returnedCents > b.paidCents || b.paidCents - b.returnedCents > b.committedCents)
    return 'funds:errors.paidOverCommitted';
  if (entry.applicationId) {
    const a = applicationBalance(all, entry.applicationId);
    if (a.committedCents < 0) return 'funds:errors.negativeCommitment';
    if (a.paidCents < 0 || a.paidCents > a.committedCents) return 'funds:errors.paidOverCommitted';
  }
  return null;
}

/**
 * The year-end entries: the money still free lapses, or moves to next year (an entry on each side).
 * Nothing when nothing is free.
 */
export function yearEndEntries(rule: 'lapse' | 'carry_over', b: Balances) {
  if (b.availableCents <= 0) return { thisYear: null, nextYear: null };
  if (rule === 'lapse')
    return { thisYear: { kind: 'lapse' as const, amountCents: b.availableCents }, nextYear: null };
  return {
    thisYear: { kind: 'carry_over_out' as const, amountCents: b.availableCents },
    nextYear: { kind: 'carry_over_in' as const, amountCents: b.availableCents },
  };
}

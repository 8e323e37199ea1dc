import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendProblem, balances, type LedgerEntryFacts, yearEndEntries } from './ledger.ts';
import { LEDGER_KINDS } from './vocab.ts';

const apps = ['a', 'b', 'c'];
const entryArb: fc.Arbitrary<LedgerEntryFacts> = fc
  .record({
    kind: fc.constantFrom(...LEDGER_KINDS),
    amountCents: fc.integer({ min: -200_000, max: 400_000 }),
    app: fc.constantFrom(...apps),
  })
  .map(({ kind, amountCents, app }) => ({
    kind,
    amountCents,
    applicationId: ['commitment', 'correction', 'payment', 'return'].includes(kind) ? app : null,
  }));

/** Appends every entry the rules allow, as the use cases and the database do. */
function replay(budget: number, candidates: LedgerEntryFacts[]) {
  const accepted: LedgerEntryFacts[] = [];
  for (const e of candidates) if (appendProblem(budget, accepted, e) === null) accepted.push(e);
  return accepted;
}

describe('ledger balances', () => {
  it('add up after any sequence of entries: never over-committed, never more paid than committed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.array(entryArb, { maxLength: 60 }),
        (budget, candidates) => {
          const accepted = replay(budget, candidates);
          const b = balances(budget, accepted);
          expect(b.availableCents).toBeGreaterThanOrEqual(0);
          expect(b.committedCents).toBeGreaterThanOrEqual(0);
          expect(b.availableCents + b.committedCents + b.lapsedCents + b.carriedOutCents).toBe(
            budget + b.carriedInCents,
          );
          expect(b.paidCents - b.returnedCents).toBeGreaterThanOrEqual(0);
          expect(b.paidCents - b.returnedCents).toBeLessThanOrEqual(b.committedCents);
          expect(b.outstandingCents).toBe(b.committedCents - b.paidCents + b.returnedCents);
          // Every prefix was valid too (append-only: no entry is ever taken back).
          for (let i = 1; i <= accepted.length; i++) {
            expect(balances(budget, accepted.slice(0, i)).availableCents).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses exactly the entry that would over-commit the year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 300_000 }), { maxLength: 30 }),
        (budget, grants) => {
          const accepted = replay(
            budget,
            grants.map((amountCents) => ({ kind: 'commitment', amountCents, applicationId: 'a' })),
          );
          const committed = balances(budget, accepted).committedCents;
          expect(committed).toBeLessThanOrEqual(budget);
          // Greedy order: each refused grant did not fit into what was left at its turn.
          let left = budget;
          for (const g of grants) if (g <= left) left -= g;
          expect(committed).toBe(budget - left);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a payment beyond the commitment of its application and a return beyond what was paid', () => {
    const base: LedgerEntryFacts[] = [
      { kind: 'commitment', amountCents: 100_000, applicationId: 'a' },
      { kind: 'commitment', amountCents: 50_000, applicationId: 'b' },
    ];
    expect(appendProblem(200_000, base, { kind: 'payment', amountCents: 100_001, applicationId: 'a' })).toBe(
      'funds:errors.paidOverCommitted',
    );
    expect(
      appendProblem(200_000, base, { kind: 'payment', amountCents: 100_000, applicationId: 'a' }),
    ).toBeNull();
    expect(appendProblem(200_000, base, { kind: 'return', amountCents: 1, applicationId: 'a' })).toBe(
      'funds:errors.paidOverCommitted',
    );
  });

  it('lets a correction free money only after what was paid back', () => {
    const paid: LedgerEntryFacts[] = [
      { kind: 'commitment', amountCents: 100_000, applicationId: 'a' },
      { kind: 'payment', amountCents: 100_000, applicationId: 'a' },
    ];
    const cut: LedgerEntryFacts = { kind: 'correction', amountCents: -20_000, applicationId: 'a' };
    expect(appendProblem(100_000, paid, cut)).toBe('funds:errors.paidOverCommitted');
    const back = [...paid, { kind: 'return' as const, amountCents: 20_000, applicationId: 'a' }];
    expect(appendProblem(100_000, back, cut)).toBeNull();
    expect(balances(100_000, [...back, cut]).availableCents).toBe(20_000);
  });
});

describe('year end', () => {
  const b = balances(1_000_000, [{ kind: 'commitment', amountCents: 600_000, applicationId: 'a' }]);

  it('lets the free money lapse, leaving nothing available', () => {
    const { thisYear, nextYear } = yearEndEntries('lapse', b);
    expect(thisYear).toEqual({ kind: 'lapse', amountCents: 400_000 });
    expect(nextYear).toBeNull();
    expect(
      balances(1_000_000, [{ kind: 'commitment', amountCents: 600_000, applicationId: 'a' }, thisYear!])
        .availableCents,
    ).toBe(0);
  });

  it('carries the free money over with an entry on each side', () => {
    const { thisYear, nextYear } = yearEndEntries('carry_over', b);
    expect(thisYear).toEqual({ kind: 'carry_over_out', amountCents: 400_000 });
    expect(balances(500_000, [nextYear!]).availableCents).toBe(900_000);
  });

  it('books nothing when nothing is free', () => {
    expect(yearEndEntries('lapse', balances(0, []))).toEqual({ thisYear: null, nextYear: null });
  });
});

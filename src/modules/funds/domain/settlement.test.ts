import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genderMismatch, participantTotal, settlementDueOn, settlementSums } from './settlement.ts';

const none = {
  participantsChildren: null,
  participantsYouth: null,
  participantsAdults: null,
  participantsSeniors: null,
  participantsFemale: null,
  participantsMale: null,
  participantsDiverse: null,
};

describe('settlement sums', () => {
  it('claim back what was paid beyond the actual costs less the own money, and free the rest of the grant', () => {
    // Granted 1,000 €, paid 1,000 €, the project cost 700 € of which 100 € own money.
    const s = settlementSums({
      committedCents: 100_000,
      netPaidCents: 100_000,
      ownMoneyCents: 10_000,
      actualCents: [50_000, 20_000],
    });
    expect(s).toEqual({
      actualTotalCents: 70_000,
      fundShareCents: 60_000,
      overPaidCents: 40_000,
      unusedCommitmentCents: 40_000,
    });
  });

  it('never claim back more than was paid, nor give more than the grant when costs ran over', () => {
    const over = settlementSums({
      committedCents: 100_000,
      netPaidCents: 50_000,
      ownMoneyCents: 0,
      actualCents: [200_000],
    });
    expect(over.fundShareCents).toBe(100_000);
    expect(over.overPaidCents).toBe(0);
    expect(over.unusedCommitmentCents).toBe(0);
  });

  it('always leave paid after the claim within the fund share and the share within the commitment', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.nat(1_000_000),
        fc.nat(1_000_000),
        fc.array(fc.option(fc.nat(500_000)), { maxLength: 6 }),
        (committed, paid, own, lines) => {
          const netPaid = Math.min(paid, committed);
          const s = settlementSums({
            committedCents: committed,
            netPaidCents: netPaid,
            ownMoneyCents: own,
            actualCents: lines,
          });
          expect(s.fundShareCents).toBeLessThanOrEqual(committed);
          expect(s.fundShareCents).toBeGreaterThanOrEqual(0);
          expect(netPaid - s.overPaidCents).toBeLessThanOrEqual(s.fundShareCents);
          expect(s.overPaidCents).toBeLessThanOrEqual(netPaid);
          expect(committed - s.unusedCommitmentCents).toBe(s.fundShareCents);
        },
      ),
    );
  });
});

describe('settlement due day and participants', () => {
  it('is due eight weeks after the project ends, else after its start or the decision', () => {
    expect(settlementDueOn({ endsOn: '2026-06-30', startsOn: '2026-06-01', decidedAt: null })).toBe(
      '2026-08-25',
    );
    expect(settlementDueOn({ endsOn: null, startsOn: '2026-06-01', decidedAt: null })).toBe('2026-07-27');
    expect(settlementDueOn({ endsOn: null, startsOn: null, decidedAt: null })).toBeNull();
  });

  it('count the age groups, and genders only when given and adding up to the same', () => {
    expect(participantTotal(none)).toBeNull();
    const p = { ...none, participantsChildren: 12, participantsAdults: 20 };
    expect(participantTotal(p)).toBe(32);
    expect(genderMismatch(p)).toBe(false);
    expect(genderMismatch({ ...p, participantsFemale: 20, participantsMale: 10 })).toBe(true);
    expect(genderMismatch({ ...p, participantsFemale: 20, participantsMale: 12 })).toBe(false);
  });
});

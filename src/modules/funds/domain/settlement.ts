/**
 * The settlement (proof of use, FUND-4) in numbers: what the project really cost, the fund's share of
 * it, what was paid beyond that share (claimed back as a return) and the commitment it no longer
 * needs (freed by a correction), and the day the settlement is due.
 */
import { addDays, localDate } from '../../../platform/time/index.ts';

/** Weeks after the project's end (or the decision, when no end is known) the settlement is due. */
export const SETTLEMENT_WEEKS = 8;
/** The reminder goes out this many days before the due day (once). */
export const REMINDER_DAYS = 14;

export interface SettlementFacts {
  /** What the fund has committed to the application now (commitments and corrections). */
  committedCents: number;
  /** Paid less returned. */
  netPaidCents: number;
  ownMoneyCents: number;
  /** The actual cost of each line of the cost plan (null: not entered). */
  actualCents: (number | null)[];
}

export interface SettlementSums {
  actualTotalCents: number;
  /** The fund's part of the actual costs: the costs less the own money, at most what is committed. */
  fundShareCents: number;
  /** Paid beyond the fund's share: the applicant pays it back. */
  overPaidCents: number;
  /** Committed beyond the fund's share: freed for the fund-year again. */
  unusedCommitmentCents: number;
}

export function settlementSums(f: SettlementFacts): SettlementSums {
  const actualTotalCents = f.actualCents.reduce<number>((s, c) => s + (c ?? 0), 0);
  const fundShareCents = Math.min(Math.max(actualTotalCents - f.ownMoneyCents, 0), f.committedCents);
  return {
    actualTotalCents,
    fundShareCents,
    overPaidCents: Math.max(f.netPaidCents - fundShareCents, 0),
    unusedCommitmentCents: Math.max(f.committedCents - fundShareCents, 0),
  };
}

/** The day the settlement is due: some weeks after the project's end (or its start, or the decision). */
export function settlementDueOn(a: {
  endsOn: string | null;
  startsOn: string | null;
  decidedAt: Date | null;
}): string | null {
  const from = a.endsOn ?? a.startsOn ?? (a.decidedAt ? localDate(a.decidedAt) : null);
  return from ? addDays(from, SETTLEMENT_WEEKS * 7) : null;
}

export interface Participants {
  participantsChildren: number | null;
  participantsYouth: number | null;
  participantsAdults: number | null;
  participantsSeniors: number | null;
  participantsFemale: number | null;
  participantsMale: number | null;
  participantsDiverse: number | null;
}

export const AGE_GROUPS = [
  'participantsChildren',
  'participantsYouth',
  'participantsAdults',
  'participantsSeniors',
] as const;
export const GENDERS = ['participantsFemale', 'participantsMale', 'participantsDiverse'] as const;

/** Everyone who took part (the age groups add up to it); null when no age group was entered. */
export function participantTotal(p: Participants): number | null {
  const given = AGE_GROUPS.map((k) => p[k]).filter((v): v is number => v !== null);
  return given.length ? given.reduce((s, v) => s + v, 0) : null;
}

/** Genders are optional; when any is given, they add up to the same total as the age groups. */
export function genderMismatch(p: Participants): boolean {
  const given = GENDERS.map((k) => p[k]).filter((v): v is number => v !== null);
  if (!given.length) return false;
  return given.reduce((s, v) => s + v, 0) !== (participantTotal(p) ?? 0);
}

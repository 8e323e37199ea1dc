/**
 * Quorum and majority: who counts for a vote on an agenda item, how many must be there, and whether
 * the counts carry the motion. Pure functions; the use cases load the records and store the result.
 */
import { hasVoteOn, type MemberTerm } from './members.ts';
import type {
  AgendaKind,
  AttendanceStatus,
  Choice,
  MajorityRule,
  QuorumRule,
  TieRule,
  VoteKind,
  VoteResult,
} from './vocab.ts';

export interface Counts {
  yes: number;
  no: number;
  abstain: number;
}

/**
 * How many of `entitled` members must take part (be present, or in a circulation vote: vote) for a
 * valid decision — at least one. `entitled` is the number of voting members who may vote on the
 * matter: members with a conflict of interest are not counted (so a jury of 7 with 2 conflicted
 * members needs 3 of the other 5 under "more than half").
 */
export function quorumNeeded(rule: QuorumRule, fixed: number | null, entitled: number): number {
  const n = Math.max(0, entitled);
  const needed =
    rule === 'more_than_half'
      ? Math.floor(n / 2) + 1
      : rule === 'at_least_half'
        ? Math.ceil(n / 2)
        : rule === 'at_least_third'
          ? Math.ceil(n / 3)
          : rule === 'fixed'
            ? Math.min(fixed ?? 1, n)
            : 1;
  return Math.max(1, needed);
}

/** One member's attendance at a meeting (see `councils_attendance`). */
export interface AttendanceEntry {
  memberId: string;
  status: AttendanceStatus;
  fromPosition: number | null;
  untilPosition: number | null;
}

/**
 * Was the member there for the agenda item at `position`? Present, late or left early, and — when
 * the minute-taker noted it — arrived by that item and left no earlier than after it.
 */
export function presentFor(a: AttendanceEntry, position: number): boolean {
  if (a.status !== 'present' && a.status !== 'late' && a.status !== 'left_early') return false;
  return (
    (a.fromPosition === null || a.fromPosition <= position) &&
    (a.untilPosition === null || position <= a.untilPosition)
  );
}

export interface QuorumRules {
  quorumRule: QuorumRule;
  quorumFixed: number | null;
}

export interface ItemQuorum {
  /** Voting members in term on the meeting's date, without those with a conflict on the item. */
  entitled: string[];
  /** Of them, who was there for the item. */
  present: string[];
  /** How many had to be there. */
  needed: number;
  quorate: boolean;
}

/**
 * The quorum of one agenda item: from the voting members in term on the meeting's date, less the
 * members who declared a conflict of interest on the item; present are those of them who were
 * there for the item's position.
 */
export function itemQuorum(o: {
  rules: QuorumRules;
  members: readonly MemberTerm[];
  date: string;
  attendance: readonly AttendanceEntry[];
  conflicted: ReadonlySet<string>;
  position: number;
}): ItemQuorum {
  const entitled = o.members.filter((m) => hasVoteOn(m, o.date) && !o.conflicted.has(m.id)).map((m) => m.id);
  const there = new Set(o.attendance.filter((a) => presentFor(a, o.position)).map((a) => a.memberId));
  const present = entitled.filter((id) => there.has(id));
  const needed = quorumNeeded(o.rules.quorumRule, o.rules.quorumFixed, entitled.length);
  return { entitled, present, needed, quorate: entitled.length > 0 && present.length >= needed };
}

export interface MajorityRules {
  majorityRule: MajorityRule;
  tieRule: TieRule;
}

export type Outcome =
  | { result: VoteResult; tie: boolean; casting: boolean }
  /** A tie under `chair_decides` without the chair's casting vote: the result needs it first. */
  | { result: null; tie: true; casting: false };

/**
 * Whether the counts carry the motion:
 * - simple majority: more yes than no (abstentions do not count);
 * - absolute majority: more yes than no and abstentions together;
 * - two thirds: yes at least two thirds of yes and no.
 * Nothing decided (no yes and no no votes) is rejected. A tie (as many yes as no, under the simple
 * majority) is rejected — a motion needs a majority — unless the body's rule is `chair_decides`:
 * then the chair's casting vote (`casting`, yes or no) decides. Under the absolute and two-thirds
 * majority a motion that misses the threshold is rejected; there is no tie to break.
 */
export function voteOutcome(c: Counts, rules: MajorityRules, casting?: Choice | null): Outcome {
  if (c.yes + c.no === 0) return { result: 'rejected', tie: false, casting: false };
  if (rules.majorityRule === 'absolute')
    return { result: c.yes > c.no + c.abstain ? 'accepted' : 'rejected', tie: false, casting: false };
  if (rules.majorityRule === 'two_thirds')
    return { result: 3 * c.yes >= 2 * (c.yes + c.no) ? 'accepted' : 'rejected', tie: false, casting: false };
  if (c.yes !== c.no) return { result: c.yes > c.no ? 'accepted' : 'rejected', tie: false, casting: false };
  if (rules.tieRule === 'rejected') return { result: 'rejected', tie: true, casting: false };
  if (casting === 'yes' || casting === 'no')
    return { result: casting === 'yes' ? 'accepted' : 'rejected', tie: true, casting: true };
  return { result: null, tie: true, casting: false };
}

export function countBallots(ballots: readonly { choice: Choice }[]): Counts {
  const c: Counts = { yes: 0, no: 0, abstain: 0 };
  for (const b of ballots) c[b.choice]++;
  return c;
}

/** A vote as recorded in a meeting: counts (open, secret) or each member's ballot (by name). */
export interface VoteInput {
  kind: VoteKind;
  counts?: Counts;
  ballots?: { memberId: string; choice: Choice }[];
  chairCasting?: Choice | null;
}

/**
 * Checks a vote against the body's rules and the item's quorum; returns field errors (translation
 * keys) — empty when it may be recorded:
 * - no quorum → refused (`quorum`);
 * - a body that votes by name accepts no open vote, and a secret vote only for an election;
 * - a vote by name takes one ballot per member who was there and has a vote on the item: a ballot
 *   of a member with a conflict of interest, of someone absent or without a vote, or a second
 *   ballot is refused (`ballots`);
 * - counts never exceed the members with a vote who were there (`counts`);
 * - a tie the chair must break needs the casting vote (`chairCasting`).
 */
export function voteErrors(
  input: VoteInput,
  o: {
    itemKind: AgendaKind;
    voteByNameRequired: boolean;
    quorum: ItemQuorum;
    conflicted: ReadonlySet<string>;
    rules: MajorityRules;
  },
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!o.quorum.quorate) errors.quorum = 'councils:errors.noQuorum';
  if (o.voteByNameRequired && input.kind === 'open') errors.kind = 'councils:errors.voteByNameRequired';
  if (o.voteByNameRequired && input.kind === 'secret' && o.itemKind !== 'election')
    errors.kind = 'councils:errors.secretOnlyElections';
  if (o.itemKind === 'information') errors.kind = 'councils:errors.noVoteOnInformation';
  const counts = input.kind === 'by_name' ? countBallots(input.ballots ?? []) : input.counts;
  if (input.kind === 'by_name') {
    const present = new Set(o.quorum.present);
    const seen = new Set<string>();
    for (const b of input.ballots ?? []) {
      if (o.conflicted.has(b.memberId)) errors.ballots = 'councils:errors.ballotConflicted';
      else if (seen.has(b.memberId)) errors.ballots = 'councils:errors.ballotTwice';
      else if (!present.has(b.memberId)) errors.ballots = 'councils:errors.ballotNotPresent';
      seen.add(b.memberId);
    }
    if ((input.ballots ?? []).length === 0) errors.ballots ??= 'councils:errors.noBallots';
  } else if (!counts) {
    errors.counts = 'validation.required';
  }
  if (counts && counts.yes + counts.no + counts.abstain > o.quorum.present.length)
    errors.counts ??= 'councils:errors.moreVotesThanPresent';
  if (counts && !errors.counts && !errors.ballots) {
    const outcome = voteOutcome(counts, o.rules, input.chairCasting);
    if (outcome.result === null) errors.chairCasting = 'councils:errors.castingVoteNeeded';
  }
  return errors;
}

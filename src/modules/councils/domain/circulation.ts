/**
 * Votes by circulation (Umlaufverfahren): when no meeting is possible, each member entitled to vote
 * votes once within a window. Pure rules for when it is over and what it decided.
 */

import type { Choice, CirculationResult, QuorumRule } from './vocab.ts';
import { type Counts, countBallots, type MajorityRules, quorumNeeded, voteOutcome } from './votes.ts';

export interface CirculationState {
  /** Ballots of entitled members, counted. */
  counts: Counts;
  /** How many entitled members voted (abstentions included). */
  voted: number;
  entitled: number;
  /** Participation needed for a valid result (the body's circulation quorum rule). */
  needed: number;
  /** Every entitled member has voted. */
  complete: boolean;
  /** The window has ended. */
  windowOver: boolean;
  /** It may be closed now: the window has ended or everyone has voted. */
  closable: boolean;
  /**
   * The result if it were closed now: `no_quorum` when fewer than `needed` voted, else accepted or
   * rejected by the body's majority rule. A tie is rejected: there is no chair to cast a vote in a
   * circulation, whatever the body's tie rule says for meetings.
   */
  result: CirculationResult;
}

export function circulationState(o: {
  entitled: readonly string[];
  ballots: readonly { memberId: string; choice: Choice }[];
  closesAt: Date;
  now: Date;
  quorumRule: QuorumRule;
  rules: MajorityRules;
}): CirculationState {
  const entitled = new Set(o.entitled);
  const valid = o.ballots.filter((b) => entitled.has(b.memberId));
  const counts = countBallots(valid);
  const voted = new Set(valid.map((b) => b.memberId)).size;
  const needed = quorumNeeded(o.quorumRule, null, entitled.size);
  const complete = entitled.size > 0 && voted >= entitled.size;
  const windowOver = o.now.getTime() >= o.closesAt.getTime();
  const outcome = voteOutcome(counts, { majorityRule: o.rules.majorityRule, tieRule: 'rejected' });
  return {
    counts,
    voted,
    entitled: entitled.size,
    needed,
    complete,
    windowOver,
    closable: complete || windowOver,
    result: entitled.size === 0 || voted < needed ? 'no_quorum' : (outcome.result ?? 'rejected'),
  };
}

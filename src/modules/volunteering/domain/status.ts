/**
 * The path of a match: proposed → accepted or declined or expired; accepted → confirmed; accepted
 * or confirmed → ended. Declined, expired and ended are final. Contact details are exchanged only
 * once both sides agreed: the organisation by proposing, the volunteer by accepting.
 */
import type { MatchStatus } from './vocab.ts';

const NEXT: Record<MatchStatus, readonly MatchStatus[]> = {
  proposed: ['accepted', 'declined', 'expired'],
  accepted: ['confirmed', 'ended'],
  confirmed: ['ended'],
  declined: [],
  expired: [],
  ended: [],
};

export const canMove = (from: MatchStatus, to: MatchStatus): boolean => NEXT[from].includes(to);

/** The one rule for contact details: both sides agreed (and the match has not ended). */
export const contactVisible = (status: MatchStatus): boolean =>
  status === 'accepted' || status === 'confirmed';

/**
 * What the volunteer sees of their matches: open proposals and agreed ones. A declined or expired
 * proposal leaves no trace for the other side, so it is not shown on either side's lists.
 */
export const shownToVolunteer = (status: MatchStatus): boolean =>
  status === 'proposed' || status === 'accepted' || status === 'confirmed' || status === 'ended';

/** What staff see on a need's page: only what is still open or agreed (never a decline). */
export const shownToOrganisation = (status: MatchStatus): boolean =>
  status === 'proposed' || status === 'accepted' || status === 'confirmed' || status === 'ended';

/** Hours can be recorded on an agreed match. */
export const takesHours = (status: MatchStatus): boolean => status === 'accepted' || status === 'confirmed';

/** Days a proposal waits for the volunteer's answer before it expires. */
export const PROPOSAL_DAYS = 14;

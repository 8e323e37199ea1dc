/**
 * Fixed vocabularies of the councils module (BODY-1, BODY-2). Values are stable English codes stored
 * in the database; labels come from i18n (`councils:vocab.<list>.<code>`).
 */

/**
 * Kinds of bodies in neighbourhood work (seeds 002, 003, 004): Quartiersrat, Aktionsfondsjury,
 * AG Gemeinwesenarbeit, Stadtteilkonferenz, Steuerungsrunde (local, district, state level),
 * ämterübergreifende Arbeitsgruppe, Kiezrunde, and any other (free).
 */
export const BODY_KINDS = [
  'quartiersrat',
  'aktionsfondsjury',
  'ag_gwa',
  'stadtteilkonferenz',
  'steering_local',
  'steering_district',
  'steering_state',
  'working_group',
  'kiezrunde',
  'free',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/**
 * How many members with a vote must be present for a decision (Beschlussfähigkeit), counted over
 * the voting members who may vote on the item (members with a conflict of interest do not count):
 * - `more_than_half` — more than half (the default: "mehr als die Hälfte der stimmberechtigten Mitglieder");
 * - `at_least_half` — at least half;
 * - `at_least_third` — at least a third;
 * - `fixed` — at least a fixed number (`quorum_fixed`), at most everyone who may vote;
 * - `none` — no quorum (a working group that only advises, e.g. an AG Gemeinwesenarbeit); one
 *   member with a vote must still be there.
 */
export const QUORUM_RULES = ['more_than_half', 'at_least_half', 'at_least_third', 'fixed', 'none'] as const;
export type QuorumRule = (typeof QUORUM_RULES)[number];

/**
 * Which majority carries a motion:
 * - `simple` — more yes than no; abstentions do not count (einfache Mehrheit);
 * - `absolute` — more yes than no and abstentions together (Mehrheit der abgegebenen Stimmen);
 * - `two_thirds` — at least two thirds of the yes and no votes.
 */
export const MAJORITY_RULES = ['simple', 'absolute', 'two_thirds'] as const;
export type MajorityRule = (typeof MAJORITY_RULES)[number];

/**
 * A tie (as many yes as no) under the simple majority: `rejected` (the default: a motion needs a
 * majority) or `chair_decides` (the chair's casting vote, recorded with the vote).
 */
export const TIE_RULES = ['rejected', 'chair_decides'] as const;
export type TieRule = (typeof TIE_RULES)[number];

/** Composition rules a body checks when its members change: `resident_majority` for a Quartiersrat. */
export const COMPOSITION_RULES = ['none', 'resident_majority'] as const;
export type CompositionRule = (typeof COMPOSITION_RULES)[number];

/**
 * Who a member is: a resident (Bewohner*in), a representative of an organisation (a network actor:
 * Träger, Verein, school, housing company), administration or department staff, or a member of the
 * neighbourhood team (Quartiersmanagement, Stadtteilmanagement).
 */
export const MEMBER_KINDS = ['resident', 'organisation', 'administration', 'team'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** Roles in a body. `advisory` and `guest` never have a vote. */
export const MEMBER_ROLES = [
  'speaker',
  'deputy',
  'moderator',
  'minute_taker',
  'member',
  'advisory',
  'guest',
] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
/** Roles without a vote, whatever the member record says. */
export const NON_VOTING_ROLES: readonly MemberRole[] = ['advisory', 'guest'];
/** The chair of a body: speaker and deputy (Sprecher*in, Stellvertretung; several = Sprecherrat). */
export const CHAIR_ROLES: readonly MemberRole[] = ['speaker', 'deputy'];

/** Why a term ended early or on time. */
export const END_REASONS = ['term_ended', 'resigned', 'removed', 'role_changed'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const MEETING_STATUSES = ['planned', 'invited', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Where a meeting's minutes stand; `draft` and `circulated` await approval at the next meeting. */
export const MINUTES_STATUSES = ['none', 'draft', 'circulated', 'approved'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export const AGENDA_KINDS = [
  'information',
  'discussion',
  'decision',
  'election',
  'approval_of_minutes',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** present; excused (entschuldigt); absent; arrived late; left early. */
export const ATTENDANCE_STATUSES = ['present', 'excused', 'absent', 'late', 'left_early'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Open vote (counts), by name (each member's ballot recorded), secret (counts only). */
export const VOTE_KINDS = ['open', 'by_name', 'secret'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

export const VOTE_RESULTS = ['accepted', 'rejected'] as const;
export type VoteResult = (typeof VOTE_RESULTS)[number];

/** A circulation vote (Umlaufverfahren) ends accepted, rejected, or without the needed participation. */
export const CIRCULATION_RESULTS = ['accepted', 'rejected', 'no_quorum'] as const;
export type CirculationResult = (typeof CIRCULATION_RESULTS)[number];

/** How a circulation ballot came in: through the member's account or their private link. */
export const BALLOT_CHANNELS = ['account', 'link'] as const;
export type BallotChannel = (typeof BALLOT_CHANNELS)[number];

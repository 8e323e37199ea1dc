/**
 * Rules about who belongs to a body on a given day, who has a vote there, and who may hold which
 * role. Pure functions over plain records, so they are tested without a database.
 */
import { withParams } from '../../../platform/i18n/index.ts';
import {
  type BodyKind,
  CHAIR_ROLES,
  type CompositionRule,
  type MemberKind,
  type MemberRole,
  NON_VOTING_ROLES,
} from './vocab.ts';

/** What these rules need of a member record. Dates are local dates (YYYY-MM-DD), both ends included. */
export interface MemberTerm {
  id: string;
  kind: MemberKind;
  role: MemberRole;
  voting: boolean;
  termFrom: string;
  termTo: string | null;
  endedOn: string | null;
}

/** The last day of the term: the earlier of the planned end and the actual end (null = open). */
export function lastDay(m: Pick<MemberTerm, 'termTo' | 'endedOn'>): string | null {
  if (m.termTo && m.endedOn) return m.termTo < m.endedOn ? m.termTo : m.endedOn;
  return m.termTo ?? m.endedOn;
}

/** Is the member a member of the body on this local date? */
export function inTermOn(m: Pick<MemberTerm, 'termFrom' | 'termTo' | 'endedOn'>, date: string): boolean {
  const last = lastDay(m);
  return m.termFrom <= date && (last === null || date <= last);
}

/** Does the member have a vote on this date: in term, a voting member, and not in an advisory role? */
export function hasVoteOn(m: MemberTerm, date: string): boolean {
  return inTermOn(m, date) && m.voting && !NON_VOTING_ROLES.includes(m.role);
}

/** The members with a vote on this date. */
export function votingMembersOn<T extends MemberTerm>(members: readonly T[], date: string): T[] {
  return members.filter((m) => hasVoteOn(m, date));
}

/** A composition rule the body's voting members break; the change is saved, the screen warns. */
export interface CompositionWarning {
  rule: 'resident_majority';
  /** The message: a translation key with its values (`withParams`). */
  message: string;
  residents: number;
  voting: number;
}

/**
 * Warnings for the composition of the voting members (on one date): a Quartiersrat must consist
 * mainly of residents ("überwiegend aus Bewohnerinnen und Bewohnern", seed 002), so residents must be
 * more than half of the voting members. A body without voting members gets no warning yet.
 */
export function compositionWarnings(
  rule: CompositionRule,
  members: readonly MemberTerm[],
  date: string,
): CompositionWarning[] {
  if (rule !== 'resident_majority') return [];
  const voting = votingMembersOn(members, date);
  const residents = voting.filter((m) => m.kind === 'resident').length;
  if (voting.length === 0 || residents * 2 > voting.length) return [];
  return [
    {
      rule: 'resident_majority',
      message: withParams('councils:warnings.residentMajority', { residents, voting: voting.length }),
      residents,
      voting: voting.length,
    },
  ];
}

/**
 * The role rule of seed 003 (Magdeburg, AG Gemeinwesenarbeit): the neighbourhood management
 * (Stadtteilmanagement) cannot be the speaker or a member of the speakers' council of an AG
 * Gemeinwesenarbeit. A member is "of the team" when the record says so (kind `team`) or when their
 * account holds the team role for the body's area (`teamInArea`, found by the caller). Returns the
 * translation key of the refusal, or null when the role is allowed.
 */
export function roleRuleViolation(o: {
  bodyKind: BodyKind;
  role: MemberRole;
  memberKind: MemberKind;
  teamInArea: boolean;
}): string | null {
  if (o.bodyKind !== 'ag_gwa' || !CHAIR_ROLES.includes(o.role)) return null;
  return o.memberKind === 'team' || o.teamInArea ? 'councils:errors.teamCannotChair' : null;
}

/**
 * Do two areas overlap for the role rule? A team grant for `scopeAreaId` (null = the whole tenant)
 * reaches a body whose area lies in it, and a body whose area contains the team's area (a district
 * AG covers the team's programme area). `bodyAreaIds` is the body's area with its ancestors,
 * `scopePath` the grant's area with its ancestors; a body without an area is the whole tenant.
 */
export function teamGrantReaches(
  scopeAreaId: string | null,
  scopePath: readonly string[],
  body: { areaId: string | null; areaIds: readonly string[] },
): boolean {
  if (scopeAreaId === null || body.areaId === null) return true;
  return body.areaIds.includes(scopeAreaId) || scopePath.includes(body.areaId);
}

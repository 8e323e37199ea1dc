// Public surface of the councils module (BODY-1, BODY-2): councils, juries and working groups with
// members, meetings, agendas, attendance, conflicts of interest and votes. Other modules import only
// from here.
export { defaultRules } from './domain/bodies.ts';
export { circulationState } from './domain/circulation.ts';
export { compositionWarnings, roleRuleViolation } from './domain/members.ts';
export {
  AGENDA_KINDS,
  type AgendaKind,
  BODY_KINDS,
  type BodyKind,
  type Choice,
  MEMBER_ROLES,
  type MemberRole,
  type VoteKind,
  type VoteResult,
} from './domain/vocab.ts';
export { itemQuorum, quorumNeeded, voteOutcome } from './domain/votes.ts';
export { councilsManifest } from './manifest.ts';

// Public surface of the councils module (BODY-1, BODY-2): councils, juries and working groups with
// members, meetings, agendas, attendance, conflicts of interest and votes. Other modules import only
// from here. The funds module builds its jury decisions on `recordVote`, `voteFor` and
// `declareConflict` (a jury member does not vote on their own application).

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
export type {
  AgendaItem,
  Body,
  Circulation,
  Conflict,
  Meeting,
  Member,
  PublishedMinutes,
  Vote,
} from './queries.ts';
// The public part of approved minutes, for the public body page (no member asks: public data only).
// A body's meetings by start, for the deadlines of a fund's public call (the funds module shows only
// their dates; no member asks).
export { listMeetings as meetingsOfBody, publishedMinutesFor } from './queries.ts';
export type {
  AgendaItemInput,
  AgendaItemUpdateInput,
  AgendaMoveInput,
  AttendanceInput,
  BodyInput,
  CirculationInput,
  ConflictInput,
  EndTermInput,
  MeetingInput,
  MemberInput,
  MinutesInput,
  ResignInput,
  VoteInputData,
} from './schemas.ts';
export {
  addAgendaItem,
  agendaItemFor,
  moveAgendaItem,
  removeAgendaItem,
  updateAgendaItem,
} from './use-cases/agenda.ts';
export { recordAttendance } from './use-cases/attendance.ts';
// What members do with bodies: each use case takes the acting member first and checks first.
export { bodyFor, createBody, listBodiesFor, updateBody } from './use-cases/bodies.ts';
export {
  type CirculationView,
  castCirculationBallot,
  castCirculationBallotByLink,
  circulationFor,
  circulationsFor,
  closeCirculation,
  closeDueCirculations,
  issueCirculationLink,
  openCirculation,
} from './use-cases/circulation.ts';
export { declareConflict } from './use-cases/conflicts.ts';
// Uploaded papers (PDF) of agenda items, public or closed with the item.
export { addItemFile, itemFileFor, removeItemFile } from './use-cases/item-files.ts';
export {
  type MeetingView,
  meetingFor,
  meetingsFor,
  scheduleMeeting,
  setMeetingStatus,
} from './use-cases/meetings.ts';
export { addMember, endMemberTerm, memberRoster, membersFor, resignMember } from './use-cases/members.ts';
export {
  circulateMinutes,
  draftMinutes,
  meetingPaperFor,
  saveMinutes,
  sendInvitations,
} from './use-cases/minutes.ts';
// Withdrawing members' private links to a meeting's papers (and restoring them).
export { restorePaperLink, withdrawAllPaperLinks, withdrawPaperLink } from './use-cases/paper-links.ts';
// A meeting's papers through a member's private link (no account; signed, checked at every use).
export { paperLinkExpiry, paperLinkUrl, paperPdfByLink, papersByLink } from './use-cases/papers.ts';
// Recommendations of a body to the administration (BODY-3), kept as needs by the coordination module.
export {
  carriedResolutionsFor,
  type RecommendationFields,
  recommendationsFor,
  recommendToAdministration,
  resolutionFor,
} from './use-cases/recommendations.ts';
// What is due in the bodies the member manages (the staff inbox and the due list).
export { dueWorkFor, TERM_NOTICE_DAYS } from './use-cases/reminders.ts';
export { type RecordedVote, recordVote, voteFor } from './use-cases/votes.ts';

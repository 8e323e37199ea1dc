// Public surface of the volunteering module (ENGAGE-1 … ENGAGE-4): needs and calls, volunteers'
// offers without an account, matching with consent on both sides, safeguarding, hours confirmed by
// the volunteer, certificates of engagement, the initiatives directory. Other modules import only from here.

export { type Fit, type Reason, scoreMatch } from './domain/matching.ts';
export { certificateState, safeguardingAllows } from './domain/safeguarding.ts';
export { contactVisible } from './domain/status.ts';
export { volunteeringManifest } from './manifest.ts';
export type { Certificate, HoursEntry, Initiative, Match, Need, Signup, Volunteer } from './queries.ts';
export type { CertificateSeenInput, HoursInput, InitiativeInput, NeedInput, OfferInput } from './schemas.ts';
export { signupsOf } from './use-cases/calls.ts';
export {
  certificateRequestsFor,
  requestCertificateByToken,
  signCertificate,
  thankVolunteer,
} from './use-cases/certificates.ts';
export { formChoices, listChoices } from './use-cases/choices.ts';
export { recordHoursByToken, suggestHours } from './use-cases/hours.ts';
export {
  createInitiative,
  initiativeFor,
  listInitiativesFor,
  updateInitiative,
} from './use-cases/initiatives.ts';
export {
  answerByToken,
  confirmMatch,
  endMatch,
  matchesOfNeed,
  proposeMatch,
  suggestionsFor,
} from './use-cases/matches.ts';
export {
  createNeed,
  exportNeeds,
  listNeedsFor,
  type NeedListFilter,
  needFor,
  setNeedStatus,
  updateNeed,
} from './use-cases/needs.ts';
export {
  exportVolunteers,
  listVolunteersFor,
  offerHelp,
  recordCertificateSeen,
  type VolunteerListFilter,
  volunteerByToken,
  volunteerFor,
  volunteerViewFor,
} from './use-cases/volunteers.ts';

// Public surface of the help module (HELP-1, HELP-2): other modules import only from here.

export type { OpeningHours } from './domain/hours.ts';
export { helpManifest } from './manifest.ts';
export type { LocationInput, SearchInput, ServiceInput, SituationInput } from './schemas.ts';
export {
  type BerlinImportReport,
  importBerlinServices,
  previewBerlinServices,
  readBerlinServices,
} from './use-cases/import-berlin.ts';
export {
  deleteKiosk,
  type Kiosk,
  kioskChoices,
  kioskFor,
  listKiosksFor,
  saveKiosk,
} from './use-cases/kiosks.ts';
export { concernReferrals } from './use-cases/referrals.ts';
export {
  confirmEntry,
  decideProposal,
  lastReviewLink,
  openProposal,
  type Proposal,
  proposeChange,
  type ReviewLink,
  reviewLinkByToken,
  sendReviewLink,
  servicesWithProposals,
} from './use-cases/reviews.ts';
export {
  countSearch,
  type SearchCount,
  type SearchHit,
  type SearchResult,
  searchCounts,
  searchServices,
} from './use-cases/search.ts';
export {
  archiveService,
  createService,
  getService,
  listServices,
  markServiceChecked,
  reviewDue,
  type Service,
  type ServiceListItem,
  updateService,
} from './use-cases/services.ts';
export {
  ensureVocabulary,
  type LifeSituation,
  listSituations,
  listTopics,
  type Topic,
  updateSituation,
} from './use-cases/vocabulary.ts';

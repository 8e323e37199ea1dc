// Public surface of the network module (NET-1…7): other modules import only from here.

export { seedDemoNetwork } from './demo.ts';
export { networkManifest } from './manifest.ts';
export { type Actor, type ActorInput, createActor, getActor, listActors } from './use-cases/actors.ts';
export {
  type ConcernStatRow,
  concernStats,
  mayPlaceConcern,
  recordConcern,
  updateConcernStatus,
} from './use-cases/concerns.ts';
export {
  addExtra,
  addSlot,
  cancelExtra,
  clearException,
  consultationHoursVersion,
  createSeries,
  expandSeries,
  loadSeries,
  type Occurrence,
  removeSlot,
  setException,
  upcoming,
  updateSeries,
} from './use-cases/consultation.ts';
export {
  actorFor,
  createDirectoryActor,
  type DirectoryFilter,
  exportDirectory,
  listDirectory,
  mayPlaceActor,
  updateDirectoryActor,
} from './use-cases/directory.ts';
export { saveOutreach } from './use-cases/outreach.ts';
export { erasePerson, exportPerson } from './use-cases/people.ts';
export {
  POSTER_LANGS,
  type PosterLang,
  type PosterSpec,
  posterDateLine,
  renderPoster,
} from './use-cases/poster.ts';
export {
  createVenue,
  getVenue,
  listVenues,
  updateVenue,
  upsertVenue,
  type Venue,
  type VenueInput,
} from './use-cases/venues.ts';

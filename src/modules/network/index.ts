// Public surface of the network module (NET-1…7): other modules import only from here.

export { seedDemoNetwork } from './demo.ts';
export { networkManifest } from './manifest.ts';
export { type Actor, type ActorInput, createActor, getActor, listActors } from './use-cases/actors.ts';
export { type ConcernStatRow, concernStats } from './use-cases/concerns.ts';
export { expandSeries, loadSeries, type Occurrence, upcoming } from './use-cases/consultation.ts';
export {
  actorFor,
  createDirectoryActor,
  type DirectoryFilter,
  listDirectory,
  mayPlaceActor,
  updateDirectoryActor,
} from './use-cases/directory.ts';
export { erasePerson, exportPerson } from './use-cases/people.ts';
export {
  POSTER_LANGS,
  type PosterLang,
  type PosterSpec,
  posterDateLine,
  renderPoster,
} from './use-cases/poster.ts';
export { createVenue, getVenue, listVenues, type Venue, type VenueInput } from './use-cases/venues.ts';

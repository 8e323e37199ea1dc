// Public surface of the houses module (HOUSE-1..4): community houses, rooms, booking requests,
// standing slots, rental and utilisation. Other modules import only from here.
export { CATEGORIES, type Category } from './domain/categories.ts';
export { RETENTION_YEARS_AFTER_LAST_DATE } from './domain/retention.ts';
export { housesManifest } from './manifest.ts';
export { countOverlaps, getHouse, type House, housesVersion, listHouses, listRoomPhotos } from './queries.ts';
export { approveRequest } from './use-cases/approve-request.ts';
export { photoSrc } from './use-cases/photos.ts';
// A tenant-wide data-protection screen can answer one person for every module.
export { eraseRequester, exportRequester, requestsOfRequester } from './use-cases/privacy.ts';
export { utilisationReport } from './use-cases/report.ts';
export { seedDemoHouses } from './use-cases/seed-demo.ts';
// What staff do with houses, rooms, closures and photos: each takes the acting member first.
export {
  addHouseClosure,
  addPhoto,
  changePhotoAlt,
  createHouse,
  createRoom,
  deleteHouse,
  deletePhoto,
  deleteRoom,
  houseFor,
  removeHouseClosure,
  updateHouse,
  updateRoom,
} from './use-cases/staff.ts';
// What staff decide on booking requests: each takes the acting member first.
export {
  approveBookingRequest,
  bookingRequestFor,
  cancelBookingDate,
  cancelBookingRequest,
  declineBookingRequest,
  listBookingRequestsFor,
  proposeBookingTime,
  setBookingPayment,
} from './use-cases/staff-requests.ts';

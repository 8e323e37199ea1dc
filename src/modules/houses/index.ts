// Public surface of the houses module (HOUSE-1..4): community houses, rooms, booking requests,
// standing slots, rental and utilisation. Other modules import only from here.
export { bookingRequests, bookings, closures as houseClosures, houses, rooms } from './db/schema.ts';
export { CATEGORIES, type Category } from './domain/categories.ts';
export { housesManifest } from './manifest.ts';
export { countOverlaps, listHouses } from './queries.ts';
export { approveRequest } from './use-cases/booking.ts';
export { utilisationReport } from './use-cases/report.ts';
export { seedDemoHouses } from './use-cases/seed-demo.ts';

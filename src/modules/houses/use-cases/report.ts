import type { Db } from '../../../platform/db/index.ts';
import { addDays, localToInstant } from '../../../platform/time/index.ts';
import { computeUtilisation, type UtilisationReport } from '../domain/utilisation.ts';
import { confirmedBookings, type House, listClosures, listRooms } from '../queries.ts';

/** Loads what the utilisation report needs for the houses and period, and computes it. */
export async function utilisationReport(
  db: Db,
  tenantId: string,
  houses: House[],
  from: string,
  to: string,
): Promise<UtilisationReport> {
  const start = localToInstant(from, '00:00');
  const end = localToInstant(addDays(to, 1), '00:00');
  // Deleted houses and rooms count for the time before they were deleted.
  const own = houses.filter((h) => h.kind === 'own' && (!h.archivedAt || h.archivedAt > start));
  const ids = own.map((h) => h.id);
  const [allRooms, closures, bookings] = await Promise.all([
    listRooms(db, tenantId, ids, { includeArchived: true }),
    listClosures(db, tenantId, ids, { from: start, to: end }),
    confirmedBookings(db, tenantId, ids, start, end),
  ]);
  const rooms = allRooms.filter((r) => (r.archivedAt ? r.archivedAt > start : r.active));
  return computeUtilisation({
    from,
    to,
    houses: own.map((h) => ({ id: h.id, name: h.name, openingHours: h.openingHours })),
    rooms: rooms.map((r) => ({ id: r.id, houseId: r.houseId, name: r.name, until: r.archivedAt })),
    closures,
    bookings,
  });
}

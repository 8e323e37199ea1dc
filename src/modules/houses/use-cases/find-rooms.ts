import type { Db } from '../../../platform/db/index.ts';
import {
  isDate,
  isEndTime,
  isTime,
  localToInstant,
  timeToMinutes,
  todayLocal,
} from '../../../platform/time/index.ts';
import { type House, listHouses, listRooms, type Room } from '../queries.ts';
import { checkAvailability } from './check-availability.ts';

/** What a resident asks for across all houses: "a room for 20 on Friday evening, step-free". */
export interface RoomQuery {
  participants: string;
  date: string;
  start: string;
  end: string;
  stepFree: boolean;
}

export interface FoundRoom {
  house: House;
  room: Room;
  /** Free at the asked time (true), taken or closed then (false), or no time asked (null). */
  free: boolean | null;
}

export const MAX_PARTICIPANTS = 10_000;

/** Field errors of a room search, as translation keys per field (nothing asked is no error). */
export function checkRoomQuery(q: RoomQuery, now = new Date()): Record<string, string> {
  const errors: Record<string, string> = {};
  if (q.participants) {
    const n = Number(q.participants);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PARTICIPANTS)
      errors.participants = 'houses:search.errors.participants';
  }
  const timed = !!(q.date || q.start || q.end);
  if (timed) {
    if (!isDate(q.date)) errors.date = 'houses:search.errors.date';
    else if (q.date < todayLocal(now)) errors.date = 'houses:search.errors.past';
    if (!isTime(q.start)) errors.start = 'houses:search.errors.start';
    if (!isEndTime(q.end)) errors.end = 'houses:search.errors.end';
    else if (isTime(q.start) && timeToMinutes(q.end) <= timeToMinutes(q.start))
      errors.end = 'houses:search.errors.order';
  }
  return errors;
}

/**
 * Rooms of the tenant's published houses (its own, which take requests here) that fit the query: big
 * enough for the participants (a room without a known capacity only when nobody counts), step-free
 * when asked, and — with a date and times — free then by the one availability rule of the request
 * form (opening hours, closures, confirmed bookings with their buffers). Largest fitting room last
 * within a house, houses in their list order. The caller checks the query first (checkRoomQuery).
 */
export async function findRooms(
  db: Db,
  tenantId: string,
  q: RoomQuery,
  now = new Date(),
): Promise<FoundRoom[]> {
  const houses = (await listHouses(db, tenantId, { publishedOnly: true })).filter((h) => h.kind === 'own');
  const rooms = await listRooms(
    db,
    tenantId,
    houses.map((h) => h.id),
    { activeOnly: true },
  );
  const participants = q.participants ? Number(q.participants) : 0;
  const byId = new Map(houses.map((h) => [h.id, h]));
  const fitting = rooms.filter(
    (r) => (!participants || r.capacity >= participants) && (!q.stepFree || r.stepFree),
  );
  const timed = q.date && q.start && q.end;
  const found: FoundRoom[] = [];
  for (const room of fitting) {
    const house = byId.get(room.houseId)!;
    let free: boolean | null = null;
    if (timed) {
      const occurrence = {
        date: q.date,
        startsAt: localToInstant(q.date, q.start),
        endsAt: localToInstant(q.date, q.end),
      };
      const [checked] = await checkAvailability(db, tenantId, {
        house,
        room,
        occurrences: [occurrence],
        now,
      });
      free = checked.problems.length === 0;
    }
    found.push({ house, room, free });
  }
  const order = new Map(houses.map((h, i) => [h.id, i]));
  return found.sort(
    (a, b) =>
      Number(b.free === true) - Number(a.free === true) ||
      order.get(a.house.id)! - order.get(b.house.id)! ||
      a.room.capacity - b.room.capacity,
  );
}

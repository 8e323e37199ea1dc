/**
 * What staff do with houses, rooms, closures and photos: one use case per action, each taking the
 * acting member first and checking first (the house's area must be theirs). The screens call
 * these; the functions in manage.ts and photos.ts store without asking who acts (seeds, tests).
 */
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, isUuid } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { MANAGE, requireHouse, scopeAreaIds } from '../policies.ts';
import { getHouse, getRoom, type House, type Room } from '../queries.ts';
import type { FieldErrors } from './booking.ts';
import {
  addClosure,
  archiveHouse,
  archiveRoom,
  deleteClosure,
  type HouseValues,
  type RoomValues,
  saveHouse,
  saveRoom,
  type validateClosure,
} from './manage.ts';
import { addRoomPhoto, deleteRoomPhoto, type PhotoUpload, setPhotoAlt } from './photos.ts';

type ClosureValues = NonNullable<ReturnType<typeof validateClosure>['values']>;

/** A house for a member who wants to do `permission` with it: 404 unknown or deleted, 403 outside their areas. */
export async function houseFor(
  actor: Actor,
  db: Db,
  id: string | undefined,
  permission: string,
): Promise<House> {
  authorize(actor, permission);
  if (!isUuid(id)) throw new AppError(404, 'house_not_found');
  const house = await getHouse(db, actor.tenantId, id);
  // A deleted house is kept for the records only: its screens are gone.
  if (!house || house.archivedAt) throw new AppError(404, 'house_not_found');
  await requireHouse(actor, db, house, permission);
  return house;
}

/** A room of the house (not deleted), or 404. */
async function roomIn(db: Db, house: House, id: string | undefined): Promise<Room> {
  const room = isUuid(id) ? await getRoom(db, house.tenantId, id) : undefined;
  if (!room || room.houseId !== house.id || room.archivedAt) throw new AppError(404, 'room_not_found');
  return room;
}

/** A house goes into one of the member's areas (a tenant-wide grant may leave it without one). */
async function authorizeHouseArea(actor: Actor, db: Db, areaId: string | null): Promise<void> {
  const scope = await scopeAreaIds(actor, db, MANAGE);
  if (scope !== null && (!areaId || !scope.includes(areaId))) throw new AppError(403, 'forbidden');
}

export async function createHouse(actor: Actor, db: Db, values: HouseValues) {
  authorize(actor, MANAGE);
  await authorizeHouseArea(actor, db, values.areaId);
  return saveHouse(db, actor.tenantId, null, values, actor.userId ?? null);
}

export async function updateHouse(actor: Actor, db: Db, houseId: string, values: HouseValues) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  await authorizeHouseArea(actor, db, values.areaId);
  return saveHouse(db, actor.tenantId, house.id, values, actor.userId ?? null);
}

/** Deletes a house with its rooms (refused with the blockers while bookings lie ahead). */
export async function deleteHouse(actor: Actor, db: Db, houseId: string) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  return archiveHouse(db, actor.tenantId, house.id, actor.userId ?? null);
}

export async function createRoom(actor: Actor, db: Db, houseId: string, values: RoomValues) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  return saveRoom(db, actor.tenantId, house.id, null, values, actor.userId ?? null);
}

export async function updateRoom(actor: Actor, db: Db, houseId: string, roomId: string, values: RoomValues) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  const room = await roomIn(db, house, roomId);
  return saveRoom(db, actor.tenantId, house.id, room.id, values, actor.userId ?? null);
}

/** Deletes a room (refused with the blockers while bookings lie ahead or requests wait). */
export async function deleteRoom(actor: Actor, db: Db, houseId: string, roomId: string) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  const room = await roomIn(db, house, roomId);
  return archiveRoom(db, actor.tenantId, house.id, room.id, actor.userId ?? null);
}

export async function addHouseClosure(actor: Actor, db: Db, houseId: string, values: ClosureValues) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  if (values.roomId) await roomIn(db, house, values.roomId);
  return addClosure(db, actor.tenantId, house.id, values, actor.userId ?? null);
}

export async function removeHouseClosure(actor: Actor, db: Db, houseId: string, closureId: string) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  await deleteClosure(db, actor.tenantId, house.id, closureId, actor.userId ?? null);
}

export async function addPhoto(
  actor: Actor,
  db: Db,
  storageDir: string,
  houseId: string,
  roomId: string,
  upload: PhotoUpload,
) {
  const house = await houseFor(actor, db, houseId, MANAGE);
  return addRoomPhoto(db, storageDir, await roomIn(db, house, roomId), upload, actor.userId ?? null);
}

/** Removes a photo; false when it was not there. */
export async function deletePhoto(
  actor: Actor,
  db: Db,
  storageDir: string,
  houseId: string,
  roomId: string,
  photoId: string,
): Promise<boolean> {
  const house = await houseFor(actor, db, houseId, MANAGE);
  return deleteRoomPhoto(db, storageDir, await roomIn(db, house, roomId), photoId, actor.userId ?? null);
}

export async function changePhotoAlt(
  actor: Actor,
  db: Db,
  houseId: string,
  roomId: string,
  photoId: string,
  alt: string,
): Promise<FieldErrors | null> {
  const house = await houseFor(actor, db, houseId, MANAGE);
  return setPhotoAlt(db, await roomIn(db, house, roomId), photoId, alt, actor.userId ?? null);
}

import type { Context } from 'hono';
import { actorOf, scopeOf } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { areaChoices } from '../../areas/index.ts';
import { MANAGE, scopeAreaIds } from '../policies.ts';
import { getRoom, type House, type Room, type RoomPhotoRow } from '../queries.ts';
import { houseFor as houseForMember } from '../use-cases/staff.ts';

export const staffBase = (c: Context<AppEnv>) => `/staff/${c.get('tenant')!.slug}/houses`;

/** Staff see photos through their own route (also those of houses not public yet). */
export const staffPhotoSrc =
  (c: Context<AppEnv>, houseId: string, roomId: string) =>
  (p: RoomPhotoRow): string | null =>
    p.fileId ? `${staffBase(c)}/${houseId}/rooms/${roomId}/photos/${p.id}` : p.sourceUrl;

/** The house of the route for this permission (404 for unknown ids, 403 outside the member's areas). */
export const houseFor = (c: Context<AppEnv>, id: string | undefined, permission: string): Promise<House> =>
  houseForMember(actorOf(c), c.get('services').db, id, permission);

/** A room of the house (not deleted), or 404. */
export async function roomOf(c: Context<AppEnv>, house: House, id: string | undefined): Promise<Room> {
  const room = isUuid(id) ? await getRoom(c.get('services').db, house.tenantId, id) : undefined;
  if (!room || room.houseId !== house.id || room.archivedAt) throw new AppError(404, 'room_not_found');
  return room;
}

/** The areas a house may be placed in by this member, and their scope (null: the whole tenant). */
export async function areaOptions(c: Context<AppEnv>) {
  const db = c.get('services').db;
  const actor = actorOf(c);
  const [scope, choices] = await Promise.all([
    scopeAreaIds(actor, db, MANAGE),
    areaChoices(db, actor.tenantId, scopeOf(actor, MANAGE)),
  ]);
  return { options: choices.map(({ value, label }) => ({ value, label })), scope };
}

/**
 * The directory as members see it: one list and one record lookup for the staff screens and the
 * JSON API, so both show exactly the same actors (and totals) to the same member.
 */
import { type Actor, can } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { actorAccess, canActOnActor, canSeeActor, maySeeDirectory, PERMS, seesPeople } from '../policies.ts';
import {
  type ActorFilter,
  type ActorListItem,
  getActor,
  listActors,
  type Actor as NetworkActor,
} from './actors.ts';

export type DirectoryFilter = Omit<ActorFilter, 'scope' | 'peopleScope' | 'departments'>;

/**
 * Actors of the member's areas and organisations shared with their department; people only where
 * they may see people's data (asking for people without that finds none).
 */
export async function listDirectory(
  actor: Actor,
  db: Db,
  f: DirectoryFilter,
): Promise<{ items: ActorListItem[]; total: number }> {
  if (!maySeeDirectory(actor)) throw new AppError(403, 'forbidden');
  const access = await actorAccess(actor, db);
  const people = seesPeople(access);
  if (f.kind === 'person' && !people) return { items: [], total: 0 };
  return listActors(db, actor.tenantId, {
    ...f,
    kind: people ? f.kind : 'organisation',
    scope: access.scope,
    peopleScope: access.peopleScope,
    departments: access.departments,
  });
}

/**
 * One actor for the member who wants to do `permission` with it: 404 unless they may (so a record
 * of another area is not even confirmed). Reading also covers organisations shared with their
 * department; anything else needs the permission for its areas (for a person also `people`).
 */
export async function actorFor(
  actor: Actor,
  db: Db,
  id: string,
  permission: string = PERMS.read,
): Promise<NetworkActor> {
  if (!(permission === PERMS.read ? maySeeDirectory(actor) : can(actor, permission)))
    throw new AppError(403, 'forbidden');
  const a = /^[0-9a-f-]{36}$/i.test(id) ? await getActor(db, actor.tenantId, id) : undefined;
  if (!a) throw new AppError(404, 'not_found');
  if (permission === PERMS.read && canSeeActor(a, await actorAccess(actor, db))) return a;
  if (!canActOnActor(actor, a, permission)) throw new AppError(404, 'not_found');
  return a;
}

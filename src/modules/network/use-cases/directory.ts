/**
 * The directory as members see it: one list and one record lookup for the staff screens and the
 * JSON API, so both show exactly the same actors (and totals) to the same member.
 */

import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { place } from '../placement.ts';
import {
  actorAccess,
  canActOnActor,
  canPlaceActor,
  canSeeActor,
  maySeeDirectory,
  PERMS,
  seesPeople,
} from '../policies.ts';
import {
  type ActorFilter,
  type ActorInput,
  type ActorListItem,
  createActor,
  getActor,
  listActors,
  type Actor as NetworkActor,
  updateActor,
} from './actors.ts';
import { auditPersonChange, type Who } from './people.ts';

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

/** At most this many records in one download of the directory. */
export const DIRECTORY_CSV_MAX = 10_000;

/**
 * The whole directory as the list's filters find it (every page, up to DIRECTORY_CSV_MAX), for a CSV
 * download: the same records as `listDirectory`. A download that names people is a read of their
 * records and goes to the audit log with their ids (no names in the entry).
 */
export async function exportDirectory(
  actor: Actor,
  db: Db,
  f: Omit<DirectoryFilter, 'limit' | 'offset'>,
): Promise<ActorListItem[]> {
  const items: ActorListItem[] = [];
  for (let offset = 0; offset < DIRECTORY_CSV_MAX; offset += 500) {
    const page = await listDirectory(actor, db, { ...f, limit: 500, offset });
    items.push(...page.items);
    if (page.items.length < 500) break;
  }
  const people = items.filter((a) => a.kind === 'person');
  if (people.length)
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'read',
      entityType: 'network.person',
      entityId: null,
      personal: true,
      details: { view: 'directory.csv', count: people.length, ids: people.map((p) => p.id) },
    });
  return items;
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

/** May the member put this record where its input places it? For the form's field message. */
export async function mayPlaceActor(actor: Actor, db: Db, input: ActorInput): Promise<boolean> {
  return canPlaceActor(actor, input, (await place(db, actor.tenantId, input)).areaIds);
}

/**
 * A new organisation (or, with the people permission, a person) in the member's areas; a person's
 * record is audited in the same transaction.
 */
export async function createDirectoryActor(
  actor: Actor,
  db: Db,
  input: ActorInput,
  o: { who: Who; via?: string },
): Promise<NetworkActor> {
  authorize(actor, input.kind === 'person' ? PERMS.people : PERMS.manage);
  const placement = await place(db, actor.tenantId, input);
  if (!canPlaceActor(actor, input, placement.areaIds)) throw new AppError(403, 'forbidden');
  return db.transaction(async (tx) => {
    const created = await createActor(tx, actor.tenantId, input, actor.userId ?? null, placement);
    if (created.kind === 'person')
      await auditPersonChange(tx, actor.tenantId, created.id, o.who, 'create', {
        legalBasis: created.legalBasis,
        ...(o.via ? { via: o.via } : {}),
      });
    return created;
  });
}

/** Saves a record of the member's areas (moving it only into their areas); a person's change is audited. */
export async function updateDirectoryActor(
  actor: Actor,
  db: Db,
  id: string,
  input: ActorInput,
  o: { who: Who; fields: string[]; via?: string },
): Promise<NetworkActor> {
  const current = await actorFor(actor, db, id, PERMS.manage);
  const placement = await place(db, actor.tenantId, input);
  if (!canPlaceActor(actor, input, placement.areaIds)) throw new AppError(403, 'forbidden');
  return db.transaction(async (tx) => {
    const saved = await updateActor(tx, actor.tenantId, current.id, input, placement);
    if (saved.kind === 'person')
      await auditPersonChange(tx, actor.tenantId, saved.id, o.who, 'update', {
        fields: o.fields,
        ...(o.via ? { via: o.via } : {}),
      });
    return saved;
  });
}

/**
 * The team's activities (IMPACT-3): network work that no other module records. Each use case takes
 * the acting member and checks the area first; outside the member's areas an activity does not exist.
 */
import { and, desc, eq } from 'drizzle-orm';
import { type Actor, authorize, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { areaChoices } from '../../areas/index.ts';
import { getActor, listActors } from '../../network/index.ts';
import { activities } from '../db/schema.ts';
import { authorizeIn, MANAGE, READ } from '../policies.ts';
import { type ActivityInput, activityInput } from '../schemas.ts';
import { audit, pathOf } from './shared.ts';

export type Activity = typeof activities.$inferSelect;

async function checked(db: Db, tenantId: string, input: ActivityInput) {
  const v = parseInput(activityInput, input);
  const partnerActorIds = [...new Set(v.partnerActorIds)];
  for (const id of partnerActorIds) {
    const a = await getActor(db, tenantId, id);
    if (a?.kind !== 'organisation') throw new ValidationError({ partnerActorIds: 'validation.choice' });
  }
  return { ...v, partnerActorIds, areaIds: await pathOf(db, tenantId, v.areaId) };
}

export async function createActivity(actor: Actor, db: Db, input: ActivityInput): Promise<Activity> {
  authorize(actor, MANAGE);
  const v = await checked(db, actor.tenantId, input);
  authorize(actor, MANAGE, v.areaIds);
  const [row] = await db
    .insert(activities)
    .values({ ...v, tenantId: actor.tenantId, id: newId(), createdBy: actor.userId ?? null })
    .returning();
  await audit(db, actor, 'create', 'activity', row.id);
  return row;
}

export async function activityFor(actor: Actor, db: Db, id: string, permission = READ): Promise<Activity> {
  authorize(actor, permission);
  const [row] = await db
    .select()
    .from(activities)
    .where(and(ofTenant(activities, actor.tenantId), eq(activities.id, id)))
    .limit(1);
  if (!row) throw new AppError(404, 'activity_not_found');
  authorizeIn(actor, row.areaIds, permission);
  return row;
}

export async function updateActivity(
  actor: Actor,
  db: Db,
  id: string,
  input: ActivityInput,
): Promise<Activity> {
  const found = await activityFor(actor, db, id, MANAGE);
  const v = await checked(db, actor.tenantId, input);
  authorize(actor, MANAGE, v.areaIds);
  const [row] = await db
    .update(activities)
    .set({ ...v, updatedAt: new Date() })
    .where(and(ofTenant(activities, actor.tenantId), eq(activities.id, found.id)))
    .returning();
  await audit(db, actor, 'update', 'activity', found.id);
  return row;
}

export async function deleteActivity(actor: Actor, db: Db, id: string): Promise<void> {
  const found = await activityFor(actor, db, id, MANAGE);
  await db.delete(activities).where(and(ofTenant(activities, actor.tenantId), eq(activities.id, found.id)));
  await audit(db, actor, 'delete', 'activity', found.id, { title: found.title, heldOn: found.heldOn });
}

/** The activities of the member's areas (optionally of one area and below it), newest first. */
export async function listActivitiesFor(
  actor: Actor,
  db: Db,
  f: { areaId?: string | null; limit?: number; offset?: number } = {},
): Promise<Activity[]> {
  authorize(actor, READ);
  return db
    .select()
    .from(activities)
    .where(
      and(
        ofTenant(activities, actor.tenantId),
        scopeFilter(activities.areaIds, scopeOf(actor, READ)),
        f.areaId ? scopeFilter(activities.areaIds, [f.areaId]) : undefined,
      ),
    )
    .orderBy(desc(activities.heldOn), desc(activities.createdAt))
    .limit(Math.min(f.limit ?? 200, 500))
    .offset(f.offset ?? 0);
}

/** The activity form's choices: the areas the member may record in, the directory's organisations. */
export async function activityFormChoices(actor: Actor, db: Db) {
  authorize(actor, MANAGE);
  const scope = scopeOf(actor, MANAGE);
  const areas = await areaChoices(db, actor.tenantId, scope, [
    'programme',
    'district',
    'stadtteil',
    'planungsraum',
  ]);
  const { items } = await listActors(db, actor.tenantId, { kind: 'organisation', scope, limit: 500 });
  return {
    areas: areas.map((a) => ({ value: a.value, label: a.label })),
    organisations: items
      .map((a) => ({ value: a.id, label: a.name }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}

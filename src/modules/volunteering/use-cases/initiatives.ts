/**
 * The directory of initiatives (ENGAGE-2): network actors (organisations of the type initiative)
 * entered by staff with their activities, when and where they meet and how to join. The public reads
 * never show the initiative's address: its contact form mails the initiative, which answers the sender.
 */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, authorize, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { getActor } from '../../network/index.ts';
import { initiatives } from '../db/schema.ts';
import { authorizeIn, MANAGE, READ } from '../policies.ts';
import { getInitiative, type Initiative } from '../queries.ts';
import { type ContactInput, contactInput, type InitiativeInput, initiativeInput } from '../schemas.ts';
import { mail } from './mails.ts';
import { audit, pathOf } from './shared.ts';

async function checked(db: Db, tenantId: string, input: InitiativeInput) {
  const v = parseInput(initiativeInput, input);
  const actor = await getActor(db, tenantId, v.actorId);
  if (!actor || actor.kind !== 'organisation') throw new ValidationError({ actorId: 'validation.choice' });
  return { ...v, name: actor.name, areaIds: await pathOf(db, tenantId, v.areaId) };
}

export async function createInitiative(actor: Actor, db: Db, input: InitiativeInput): Promise<Initiative> {
  authorize(actor, MANAGE);
  const v = await checked(db, actor.tenantId, input);
  authorize(actor, MANAGE, v.areaIds);
  const [row] = await db
    .insert(initiatives)
    .values({ ...v, tenantId: actor.tenantId, id: newId(), createdBy: actor.userId ?? null })
    .returning();
  await audit(db, actor, actor.tenantId, 'create', 'initiative', row.id);
  return row;
}

export async function initiativeFor(
  actor: Actor,
  db: Db,
  id: string,
  permission: typeof READ | typeof MANAGE = READ,
) {
  authorize(actor, permission);
  const row = await getInitiative(db, actor.tenantId, id);
  if (!row) throw new AppError(404, 'initiative_not_found');
  authorizeIn(actor, row.areaIds, permission);
  return row;
}

export async function updateInitiative(
  actor: Actor,
  db: Db,
  id: string,
  input: InitiativeInput,
): Promise<Initiative> {
  const found = await initiativeFor(actor, db, id, MANAGE);
  const v = await checked(db, actor.tenantId, input);
  authorize(actor, MANAGE, v.areaIds);
  const [row] = await db
    .update(initiatives)
    .set({ ...v, updatedAt: new Date() })
    .where(and(ofTenant(initiatives, actor.tenantId), eq(initiatives.id, found.id)))
    .returning();
  await audit(db, actor, actor.tenantId, 'update', 'initiative', found.id);
  return row;
}

export async function listInitiativesFor(actor: Actor, db: Db): Promise<Initiative[]> {
  authorize(actor, READ);
  return db
    .select()
    .from(initiatives)
    .where(and(ofTenant(initiatives, actor.tenantId), scopeFilter(initiatives.areaIds, scopeOf(actor, READ))))
    .orderBy(asc(initiatives.name));
}

/** The published initiatives, optionally of one area and below it. */
export async function publicInitiatives(
  db: Db,
  tenantId: string,
  f: { areaId?: string } = {},
): Promise<Initiative[]> {
  const where: (SQL | undefined)[] = [ofTenant(initiatives, tenantId), eq(initiatives.published, true)];
  if (f.areaId) where.push(sql`${initiatives.areaIds} @> array[${f.areaId}]::uuid[]`);
  return db
    .select()
    .from(initiatives)
    .where(and(...where))
    .orderBy(asc(initiatives.name))
    .limit(500);
}

export async function publicInitiative(db: Db, tenantId: string, id: string): Promise<Initiative> {
  const row = await getInitiative(db, tenantId, id);
  if (!row || !row.published) throw new AppError(404, 'initiative_not_found');
  return row;
}

/**
 * A message to an initiative through its contact form: mailed to the initiative's address (from the
 * network module) with the sender's address to answer; the initiative's address is never shown.
 */
export async function contactInitiative(
  db: Db,
  tenantId: string,
  id: string,
  input: ContactInput,
): Promise<void> {
  const ini = await publicInitiative(db, tenantId, id);
  if (ini.joinMode !== 'contact') throw new AppError(404, 'initiative_not_found');
  const v = parseInput(contactInput, input);
  const actor = await getActor(db, tenantId, ini.actorId);
  if (!actor?.email) throw new ValidationError({ message: 'volunteering:errors.noContact' });
  await db.transaction(async (tx) => {
    await mail(
      tx,
      tenantId,
      actor.email!,
      'de',
      'contact',
      { initiative: ini.name, name: v.name, email: v.email, message: v.message },
      { replyTo: v.email },
    );
  });
}

/**
 * Bodies (BODY-1): create and change a body with its rules, read one, list those a member may see.
 * Each use case takes the acting member first and checks first.
 */
import { and, eq, ne } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, scopeOf } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { slugify } from '../../../platform/forms/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import { bodies } from '../db/schema.ts';
import { defaultRules } from '../domain/bodies.ts';
import { type CompositionWarning, compositionWarnings, inTermOn } from '../domain/members.ts';
import { loadBody, MANAGE, READ } from '../policies.ts';
import { type Body, listBodies, listMembers, membersOfUser } from '../queries.ts';
import { type BodyInput, bodyInput, parse } from '../schemas.ts';
import { bodyObjects, recordOParlChange } from './oparl-tombstones.ts';

/** The area with its ancestors ([] for the whole tenant); an unknown area is a field error. */
export async function areaIdsFor(db: Db, tenantId: string, areaId: string | null): Promise<string[]> {
  if (!areaId) return [];
  const path = await areaPath(db, tenantId, areaId);
  if (path.length === 0) throw new ValidationError({ areaId: 'validation.choice' });
  return path.map((a) => a.id);
}

/** A free web name for the body: the one asked for (refused when taken), else one made from the name. */
async function freeSlug(db: Db, tenantId: string, wanted: string | undefined, name: string, self?: string) {
  const taken = async (slug: string) =>
    (
      await db
        .select({ id: bodies.id })
        .from(bodies)
        .where(and(ofTenant(bodies, tenantId), eq(bodies.slug, slug), self ? ne(bodies.id, self) : undefined))
        .limit(1)
    ).length > 0;
  if (wanted) {
    if (await taken(wanted)) throw new ValidationError({ slug: 'councils:errors.slugTaken' });
    return wanted;
  }
  const base = slugify(name).slice(0, 50) || 'gremium';
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await taken(slug))) return slug;
  }
}

/**
 * The columns of a body from an input: rules not given keep their current value, or for a new body
 * take the defaults of its kind.
 */
function columnsOf(input: ReturnType<typeof bodyInput.parse>, current?: Body) {
  const rules = current ?? defaultRules(input.kind);
  const quorumRule = input.quorumRule ?? rules.quorumRule;
  const quorumFixed = quorumRule === 'fixed' ? (input.quorumFixed ?? rules.quorumFixed ?? null) : null;
  if (quorumRule === 'fixed' && quorumFixed === null)
    throw new ValidationError({ quorumFixed: 'validation.required' });
  return {
    name: input.name,
    kind: input.kind,
    purpose: input.purpose,
    public: input.public ?? rules.public,
    quorumRule,
    quorumFixed,
    majorityRule: input.majorityRule ?? rules.majorityRule,
    tieRule: input.tieRule ?? rules.tieRule,
    compositionRule: input.compositionRule ?? rules.compositionRule,
    invitationDays: input.invitationDays ?? rules.invitationDays,
    voteByNameRequired: input.voteByNameRequired ?? rules.voteByNameRequired,
    circulationQuorumRule: input.circulationQuorumRule ?? rules.circulationQuorumRule,
    termYears: input.termYears === undefined ? rules.termYears : input.termYears,
  };
}

/**
 * A new body in an area the member manages (a body for the whole tenant needs a tenant-wide grant).
 * Rules not given take the defaults of its kind.
 */
export async function createBody(actor: Actor, db: Db, input: BodyInput): Promise<Body> {
  authorize(actor, MANAGE);
  const values = parse(bodyInput, input);
  const areaIds = await areaIdsFor(db, actor.tenantId, values.areaId);
  authorize(actor, MANAGE, areaIds);
  const columns = columnsOf(values);
  const id = newId();
  const slug = await freeSlug(db, actor.tenantId, values.slug, values.name);
  const [row] = await db
    .insert(bodies)
    .values({
      tenantId: actor.tenantId,
      id,
      slug,
      areaId: values.areaId,
      areaIds,
      createdBy: actor.userId ?? null,
      ...columns,
    })
    .returning();
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'create',
    entityType: 'councils.body',
    entityId: id,
    details: { kind: row.kind, name: row.name },
  });
  return row;
}

/**
 * Changes a body and its rules (the body and its new area must be the member's). Returns the
 * composition warnings the body's voting members now cause (a Quartiersrat without resident majority).
 */
export async function updateBody(
  actor: Actor,
  db: Db,
  bodyId: string,
  input: BodyInput,
): Promise<{ body: Body; warnings: CompositionWarning[] }> {
  authorize(actor, MANAGE);
  const current = await loadBody(actor, db, bodyId, MANAGE);
  const values = parse(bodyInput, input);
  const areaIds = await areaIdsFor(db, actor.tenantId, values.areaId);
  authorize(actor, MANAGE, areaIds);
  const columns = columnsOf(values, current);
  const slug = values.slug
    ? await freeSlug(db, actor.tenantId, values.slug, values.name, current.id)
    : current.slug;
  // A body made closed takes everything it showed out of OParl (listed as deleted), and back again.
  const turns = columns.public !== current.public;
  const before = turns ? await bodyObjects(db, actor.tenantId, current) : [];
  const [body] = await db
    .update(bodies)
    .set({ ...columns, slug, areaId: values.areaId, areaIds, updatedAt: new Date() })
    .where(and(ofTenant(bodies, actor.tenantId), eq(bodies.id, current.id)))
    .returning();
  if (turns)
    await recordOParlChange(db, actor.tenantId, body.id, before, await bodyObjects(db, actor.tenantId, body));
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'update',
    entityType: 'councils.body',
    entityId: body.id,
    details: { name: body.name },
  });
  const members = await listMembers(db, actor.tenantId, body.id);
  return { body, warnings: compositionWarnings(body.compositionRule, members, todayLocal()) };
}

/**
 * One body for a member who may read it (see `canReadBody`), or with `MANAGE` who may change it
 * (the screens' forms).
 */
export async function bodyFor(
  actor: Actor,
  db: Db,
  bodyId: string,
  permission: typeof READ | typeof MANAGE = READ,
): Promise<Body> {
  authorize(actor, permission);
  return loadBody(actor, db, bodyId, permission);
}

/**
 * The bodies a member may see: all bodies of the areas they manage, public bodies of the areas they
 * read, and the bodies they belong to (closed ones too). Never refused: a member without any of these
 * sees an empty list.
 */
export async function listBodiesFor(actor: Actor, db: Db, o: { kind?: string } = {}): Promise<Body[]> {
  const today = todayLocal();
  const own = actor.userId
    ? (await membersOfUser(db, actor.tenantId, actor.userId))
        .filter((m) => inTermOn(m, today))
        .map((m) => m.bodyId)
    : [];
  const managed = scopeOf(actor, MANAGE);
  const readable = scopeOf(actor, READ);
  const [all, pub] = await Promise.all([
    managed !== null && managed.length === 0 && own.length === 0
      ? Promise.resolve([] as Body[])
      : listBodies(db, actor.tenantId, { scope: managed, alsoIds: own, kind: o.kind }),
    readable !== null && readable.length === 0
      ? Promise.resolve([] as Body[])
      : listBodies(db, actor.tenantId, { scope: readable, publicOnlyInScope: true, kind: o.kind }),
  ]);
  const byId = new Map([...all, ...pub].map((b) => [b.id, b]));
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

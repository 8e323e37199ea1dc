/**
 * Needs and calls (ENGAGE-1, ENGAGE-3): posted and changed by staff in their areas, for their team or
 * for a local actor of the network module; closed when filled. The public reads show open needs
 * without their contact (given only to a volunteer who agreed to a match).
 */
import { and, asc, desc, eq, gte, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, authorize, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import { type Db, isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { getActor } from '../../network/index.ts';
import { needs } from '../db/schema.ts';
import type { NeedKind, NeedStatus } from '../domain/vocab.ts';
import { authorizeIn, MANAGE, READ } from '../policies.ts';
import { getNeed, type Need } from '../queries.ts';
import { type NeedInput, needInput } from '../schemas.ts';
import { audit, pathOf } from './shared.ts';

type Parsed = ReturnType<typeof needInput.parse>;

async function checked(db: Db, tenantId: string, input: NeedInput): Promise<Parsed & { areaIds: string[] }> {
  const v = parseInput(needInput, input);
  if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
    throw new ValidationError({ endsOn: 'volunteering:errors.endBeforeStart' });
  // A call is one day with a date: people sign up for it and are reminded the day before.
  if (v.kind === 'call' && !v.startsOn)
    throw new ValidationError({ startsOn: 'volunteering:errors.callDate' });
  if (v.actorId && !(await getActor(db, tenantId, v.actorId)))
    throw new ValidationError({ actorId: 'validation.choice' });
  return {
    ...v,
    schedule: v.kind === 'call' ? 'once' : v.schedule,
    areaIds: await pathOf(db, tenantId, v.areaId),
  };
}

/** Staff post a need or a call in an area they work in. */
export async function createNeed(actor: Actor, db: Db, input: NeedInput): Promise<Need> {
  authorize(actor, MANAGE);
  const v = await checked(db, actor.tenantId, input);
  authorize(actor, MANAGE, v.areaIds);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(needs)
      .values({ ...v, tenantId: actor.tenantId, id: newId(), createdBy: actor.userId ?? null })
      .returning();
    await audit(tx, actor, actor.tenantId, 'create', 'need', row.id, { kind: row.kind });
    return row;
  });
}

/** A need as staff read it (404 outside their areas). */
export async function needFor(
  actor: Actor,
  db: Db,
  id: string,
  permission: typeof READ | typeof MANAGE = READ,
) {
  authorize(actor, permission);
  if (!isUuid(id)) throw new AppError(404, 'need_not_found');
  const need = await getNeed(db, actor.tenantId, id);
  if (!need) throw new AppError(404, 'need_not_found');
  authorizeIn(actor, need.areaIds, permission);
  return need;
}

export async function updateNeed(actor: Actor, db: Db, id: string, input: NeedInput): Promise<Need> {
  const need = await needFor(actor, db, id, MANAGE);
  const v = await checked(db, actor.tenantId, input);
  authorize(actor, MANAGE, v.areaIds);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(needs)
      .set({ ...v, updatedAt: new Date() })
      .where(and(ofTenant(needs, actor.tenantId), eq(needs.id, need.id)))
      .returning();
    await audit(tx, actor, actor.tenantId, 'update', 'need', need.id);
    return row;
  });
}

/** Close a filled need (or open it again): closed needs leave the public page and the suggestions. */
export async function setNeedStatus(
  actor: Actor,
  db: Db,
  id: string,
  status: 'open' | 'closed',
): Promise<Need> {
  const need = await needFor(actor, db, id, MANAGE);
  const [row] = await db
    .update(needs)
    .set({ status, updatedAt: new Date() })
    .where(and(ofTenant(needs, actor.tenantId), eq(needs.id, need.id)))
    .returning();
  await audit(db, actor, actor.tenantId, 'update', 'need', need.id, { status });
  return row;
}

/** What the staff lists filter by (kept in the list's address). */
export interface NeedListFilter {
  /** Words in the title, description, organisation or place. */
  q?: string;
  kind?: NeedKind;
  status?: NeedStatus;
  /** Needs of this area and below it. */
  areaId?: string;
  skill?: string;
}

/** A need in the staff list, with how many volunteers agreed to it (accepted or confirmed). */
export type NeedListItem = Need & { agreed: number };

function listWhere(actor: Actor, f: NeedListFilter): SQL | undefined {
  const where: (SQL | undefined)[] = [
    ofTenant(needs, actor.tenantId),
    scopeFilter(needs.areaIds, scopeOf(actor, READ)),
  ];
  if (f.kind) where.push(eq(needs.kind, f.kind));
  if (f.status) where.push(eq(needs.status, f.status));
  if (f.areaId && isUuid(f.areaId)) where.push(sql`${needs.areaIds} @> array[${f.areaId}]::uuid[]`);
  if (f.skill) where.push(sql`${needs.skills} @> array[${f.skill}]::text[]`);
  const q = f.q?.trim();
  if (q) {
    const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(
      or(
        ilike(needs.title, like),
        ilike(needs.description, like),
        ilike(needs.organisation, like),
        ilike(needs.place, like),
      ),
    );
  }
  return and(...where);
}

/** The needs and calls of the member's areas as the filter finds them, open first, newest first, a page at a time. */
export async function listNeedsFor(
  actor: Actor,
  db: Db,
  f: NeedListFilter & { limit?: number; offset?: number } = {},
): Promise<{ items: NeedListItem[]; total: number }> {
  authorize(actor, READ);
  const where = listWhere(actor, f);
  // Qualified by hand: inside the subquery an unqualified column would be the match's own.
  const agreed = sql<number>`(select count(*)::int from volunteering_matches m where m.tenant_id = volunteering_needs.tenant_id and m.need_id = volunteering_needs.id and m.status in ('accepted', 'confirmed'))`;
  const [items, [{ total }]] = await Promise.all([
    db
      .select({ need: needs, agreed })
      .from(needs)
      .where(where)
      .orderBy(asc(needs.status), desc(needs.createdAt), asc(needs.id))
      .limit(Math.min(f.limit ?? 50, 500))
      .offset(f.offset ?? 0),
    db.select({ total: sql<number>`count(*)::int` }).from(needs).where(where),
  ]);
  return { items: items.map((r) => ({ ...r.need, agreed: Number(r.agreed) })), total: Number(total) };
}

/** At most this many needs in one CSV download. */
export const NEEDS_CSV_MAX = 10_000;

/** Every need the list's filter finds (all pages, up to NEEDS_CSV_MAX), for the CSV download. */
export async function exportNeeds(actor: Actor, db: Db, f: NeedListFilter = {}): Promise<NeedListItem[]> {
  const all: NeedListItem[] = [];
  for (let offset = 0; offset < NEEDS_CSV_MAX; offset += 500) {
    const { items } = await listNeedsFor(actor, db, { ...f, limit: 500, offset });
    all.push(...items);
    if (items.length < 500) break;
  }
  return all;
}

/** What the public sees of a need: everything but its contact. */
export type PublicNeed = Omit<Need, 'contactName' | 'contactEmail' | 'contactPhone' | 'createdBy'>;

export const publicNeedOf = (n: Need): PublicNeed => {
  const { contactName: _n, contactEmail: _e, contactPhone: _p, createdBy: _c, ...rest } = n;
  return rest;
};

export interface PublicNeedFilter {
  /** Needs of this area and below it. */
  areaId?: string;
  skill?: string;
  kind?: NeedKind;
  limit?: number;
  offset?: number;
}

/** Open needs and calls still to come, for the public page and the API (no contact). */
export async function publicNeeds(db: Db, tenantId: string, f: PublicNeedFilter = {}): Promise<PublicNeed[]> {
  const today = todayLocal();
  const where: (SQL | undefined)[] = [
    ofTenant(needs, tenantId),
    eq(needs.status, 'open'),
    // A one-off need or a call whose day has passed is not offered any more.
    or(
      eq(needs.schedule, 'regular'),
      isNull(needs.startsOn),
      gte(sql`coalesce(${needs.endsOn}, ${needs.startsOn})`, today),
    ),
  ];
  if (f.areaId) where.push(sql`${needs.areaIds} @> array[${f.areaId}]::uuid[]`);
  if (f.skill) where.push(sql`${needs.skills} @> array[${f.skill}]::text[]`);
  if (f.kind) where.push(eq(needs.kind, f.kind));
  const list = await db
    .select()
    .from(needs)
    .where(and(...where))
    .orderBy(asc(needs.kind), asc(needs.startsOn), desc(needs.createdAt))
    .limit(Math.min(f.limit ?? 100, 200))
    .offset(f.offset ?? 0);
  return list.map(publicNeedOf);
}

/** One open need for the public (404 when closed or unknown). */
export async function publicNeed(db: Db, tenantId: string, id: string): Promise<PublicNeed> {
  const need = await getNeed(db, tenantId, id);
  if (!need || need.status !== 'open') throw new AppError(404, 'need_not_found');
  return publicNeedOf(need);
}

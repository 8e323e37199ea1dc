import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, can, inScope, type Scope, scopeFilter, scopeOf } from '../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { listMemberships } from '../access/index.ts';
import { networkActors, networkVenues } from './db/schema.ts';

/** Permissions of this module. */
export const PERMS = {
  read: 'network.read',
  manage: 'network.manage',
  people: 'network.people',
  importData: 'network.import',
  erase: 'network.erase',
  concerns: 'network.concerns',
  shared: 'network.shared',
  /** Opens the directory and the concern list; what they show follows `read`/`concerns` scope or sharing. */
  view: 'network.view',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.read]: ['admin', 'coordinator', 'team'],
  [PERMS.manage]: ['admin', 'coordinator', 'team'],
  [PERMS.people]: ['admin', 'coordinator', 'team'],
  [PERMS.concerns]: ['admin', 'coordinator', 'team'],
  [PERMS.importData]: ['admin', 'coordinator'],
  [PERMS.erase]: ['admin', 'coordinator'],
  [PERMS.shared]: ['department'],
  // Opening the directory and the concern list; their content follows the permissions above.
  [PERMS.view]: ['admin', 'coordinator', 'team', 'department'],
};

/** Departments the member belongs to as department staff (for shared actors and concerns). */
export async function departmentsOf(actor: Actor, db: Db): Promise<string[]> {
  if (!actor.userId || !can(actor, PERMS.shared)) return [];
  const list = await listMemberships(db, actor.tenantId);
  return [
    ...new Set(
      list
        .filter((m) => m.userId === actor.userId && m.role === 'department' && m.department)
        .map((m) => m.department as string),
    ),
  ];
}

/** What of the directory a member may see: by area scope, and organisations shared with their departments. */
export interface ActorAccess {
  scope: Scope;
  peopleScope: Scope;
  departments: string[];
}

export async function actorAccess(actor: Actor, db: Db): Promise<ActorAccess> {
  return {
    scope: scopeOf(actor, PERMS.read),
    peopleScope: scopeOf(actor, PERMS.people),
    departments: await departmentsOf(actor, db),
  };
}

/** May the member open the directory at all (their areas' records, or organisations shared with them)? */
export const maySeeDirectory = (actor: Actor): boolean => can(actor, PERMS.read) || can(actor, PERMS.shared);

/** Does the member see people (not only organisations) anywhere? */
export const seesPeople = (x: ActorAccess): boolean => x.peopleScope === null || x.peopleScope.length > 0;

/** Only organisations are ever shared: a person's data stays with the team that holds the legal basis. */
export function sharedWith(
  a: { kind: string; sharedDepartments: readonly string[] },
  departments: readonly string[],
): boolean {
  return a.kind === 'organisation' && a.sharedDepartments.some((d) => departments.includes(d));
}

/**
 * May the member see this actor at all (list, detail, map, API)? A person: in their scope and in
 * their people scope; an organisation: in their scope, or shared with one of their departments.
 */
export function canSeeActor(
  a: { kind: string; areaIds: readonly string[]; sharedDepartments: readonly string[] },
  x: ActorAccess,
): boolean {
  if (a.kind === 'person') return inScope(a.areaIds, x.scope) && inScope(a.areaIds, x.peopleScope);
  return inScope(a.areaIds, x.scope) || sharedWith(a, x.departments);
}

/** The same rule in SQL, for lists and their totals (`peopleScope` undefined: no people limit). */
export function actorVisibleSql(x: {
  scope: Scope;
  peopleScope?: Scope;
  departments?: readonly string[];
}): SQL | undefined {
  const t = networkActors;
  const inArea = scopeFilter(t.areaIds, x.scope);
  const inPeople = x.peopleScope === undefined ? undefined : scopeFilter(t.areaIds, x.peopleScope);
  const shared = x.departments?.length
    ? and(
        eq(t.kind, 'organisation'),
        sql`${t.sharedDepartments} && array[${sql.join(
          x.departments.map((d) => sql`${d}`),
          sql`, `,
        )}]::text[]`,
      )
    : undefined;
  if (!inArea && !inPeople) return undefined;
  const visible = or(
    and(eq(t.kind, 'person'), inArea, inPeople),
    and(eq(t.kind, 'organisation'), inArea),
    shared,
  );
  return visible;
}

/**
 * Where a member may place a record: with a tenant-wide grant anywhere; a team member only in their
 * own areas, and never without an area (`areaIds`: where the record lies, with all ancestors).
 */
export function canPlaceActor(actor: Actor, input: { areaId?: string | null }, areaIds: string[]): boolean {
  const scope = scopeOf(actor, PERMS.manage);
  if (scope !== null && !input.areaId) return false;
  return inScope(areaIds, scope);
}

/** May the member do `permission` with this actor (with a person's data: also the people permission)? */
export const canActOnActor = (
  actor: Actor,
  a: { kind: string; areaIds: string[] },
  permission: string,
): boolean =>
  can(actor, permission, a.areaIds) && (a.kind !== 'person' || can(actor, PERMS.people, a.areaIds));

/**
 * Is this user a member of the tenant who holds `permission` where a record lies (`areaIds`: its
 * area with the ancestors)? A concern is referred and a follow-up assigned only to such a member —
 * never to an account of another tenant, nor to a member of an area the record is not in.
 */
export async function memberWorksOn(
  db: Db,
  tenantId: string,
  userId: string,
  permission: string,
  areaIds: readonly string[],
): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const roles = permissions[permission] ?? [];
  return (await listMemberships(db, tenantId, { userId })).some(
    (m) =>
      (m.role === 'admin' || roles.includes(m.role)) &&
      (m.scopeAreaId === null || areaIds.includes(m.scopeAreaId)),
  );
}

/**
 * A venue a record names must be one of this tenant's and, given the member's scope (undefined: no
 * area limit, for the system and imports), one of their areas' venues: a team cannot put another
 * area's venue on its consultation hours or outreach. A field message (422), named `field`.
 */
export async function requireVenueFor(
  db: Db,
  tenantId: string,
  venueId: string,
  scope?: Scope,
  field = 'venueId',
): Promise<void> {
  const [v] = isUuid(venueId)
    ? await db
        .select({ areaIds: networkVenues.areaIds })
        .from(networkVenues)
        .where(and(ofTenant(networkVenues, tenantId), eq(networkVenues.id, venueId)))
        .limit(1)
    : [];
  if (!v) throw new ValidationError({ [field]: 'validation.choice' });
  if (scope !== undefined && !inScope(v.areaIds, scope))
    throw new ValidationError({ [field]: 'network:errors.venueNotInScope' });
}

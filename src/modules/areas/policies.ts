import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Scope } from '../../platform/authz.ts';
import { type Db, ofTenant, rows } from '../../platform/db/index.ts';
import { type AreaKind, areas } from './db/schema.ts';
import { listAreas } from './queries.ts';

/** Permissions of the areas module. */
export const PERMS = {
  read: 'areas.read',
  manage: 'areas.manage',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.read]: ['admin', 'coordinator', 'team', 'department', 'jury'],
  [PERMS.manage]: ['admin'],
};

/**
 * A scope with everything below its areas: the ids of the scope areas and all their descendants.
 * null (the whole tenant) stays null and [] (nowhere) stays []. For records that store only their
 * own area (houses, area choices in forms); records that store their area with its ancestors use
 * `scopeFilter`/`inScope` on the scope itself.
 */
export async function expandScope(db: Db, tenantId: string, scope: Scope): Promise<Scope> {
  if (scope === null) return null;
  if (scope.length === 0) return [];
  const r = rows<{ id: string }>(
    await db.execute(sql`
      with recursive down as (
        select id, 0 as depth from ${areas}
        where ${ofTenant(areas, tenantId)} and id = any(array[${sql.join(
          scope.map((s) => sql`${s}`),
          sql`, `,
        )}]::uuid[])
        union all
        select a.id, down.depth + 1 from areas a join down on a.parent_id = down.id
        where ${ofTenant(alias(areas, 'a'), tenantId)} and down.depth < 20
      )
      select distinct id from down`),
  );
  return r.map((x) => x.id);
}

/** One choice of a form's area field. */
export interface AreaChoice {
  value: string;
  label: string;
  kind: AreaKind;
}

/** Programme areas and districts: where most records live, and what the staff area switcher offers. */
export const TEAM_AREA_KINDS: readonly AreaKind[] = ['programme', 'district'];

/**
 * The areas a record may be placed in by a member whose scope for the permission is `scope` (null:
 * the whole tenant): the scope's areas and everything below them, of the given kinds, in the order
 * of the area list. The one rule behind every staff form's area field and the area switcher; the use
 * case still decides when the record is saved.
 */
export async function areaChoices(
  db: Db,
  tenantId: string,
  scope: Scope,
  kinds: readonly AreaKind[] = TEAM_AREA_KINDS,
  o: { published?: true } = {},
): Promise<AreaChoice[]> {
  const ids = await expandScope(db, tenantId, scope);
  const list = await listAreas(db, tenantId, {
    kinds: [...kinds],
    ids: ids ?? undefined,
    limit: 1000,
    published: o.published,
  });
  return list.map((a) => ({ value: a.id, label: a.name, kind: a.kind }));
}

/** The areas a public form offers: like `areaChoices`, but only areas shown to the public. */
export const publicAreaChoices = (
  db: Db,
  tenantId: string,
  scope: Scope,
  kinds: readonly AreaKind[] = TEAM_AREA_KINDS,
): Promise<AreaChoice[]> => areaChoices(db, tenantId, scope, kinds, { published: true });

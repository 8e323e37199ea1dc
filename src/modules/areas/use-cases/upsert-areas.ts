import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { slugify } from '../../../platform/forms/index.ts';
import { type AreaGeometry, type AreaKind, areas } from '../db/schema.ts';
import { bboxOf } from '../geo/index.ts';

export interface AreaInput {
  kind: AreaKind;
  key: string;
  name: string;
  parentId?: string | null;
  /** undefined = keep the stored boundary (hierarchy imports); null = none. */
  geometry?: AreaGeometry | null;
  source?: string;
  /** For an area this call creates (default: published); an existing area keeps its state. */
  published?: boolean;
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  /** key → id of every area written or found. */
  ids: Map<string, string>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Creates or updates areas of one kind by key. Re-running with the same input changes nothing
 * (counted as unchanged), which makes every import idempotent. With `dryRun` it only reads and
 * counts what it would do (ids of areas it would create are left out of `ids`).
 */
export async function upsertAreas(
  db: Db,
  tenantId: string,
  kind: AreaKind,
  items: AreaInput[],
  opts: { dryRun?: boolean } = {},
): Promise<UpsertResult> {
  const result: UpsertResult = { created: 0, updated: 0, unchanged: 0, ids: new Map() };
  const keys = items.map((i) => i.key);
  const existing = new Map<string, typeof areas.$inferSelect>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const found = await db
      .select()
      .from(areas)
      .where(and(ofTenant(areas, tenantId), eq(areas.kind, kind), inArray(areas.key, chunk)));
    for (const a of found) existing.set(a.key, a);
  }
  const usedSlugs = new Set(
    (await db.select({ slug: areas.slug }).from(areas).where(ofTenant(areas, tenantId))).map((r) => r.slug),
  );
  for (const item of items) {
    const prev = existing.get(item.key);
    const bbox = item.geometry ? bboxOf(item.geometry) : null;
    const geo =
      item.geometry === undefined
        ? {}
        : {
            geometry: item.geometry,
            minLon: bbox?.[0] ?? null,
            minLat: bbox?.[1] ?? null,
            maxLon: bbox?.[2] ?? null,
            maxLat: bbox?.[3] ?? null,
          };
    if (prev) {
      result.ids.set(item.key, prev.id);
      const changed =
        prev.name !== item.name ||
        (item.parentId !== undefined && (prev.parentId ?? null) !== (item.parentId ?? null)) ||
        (item.geometry !== undefined && !same(prev.geometry, item.geometry));
      if (!changed) {
        result.unchanged++;
        continue;
      }
      if (opts.dryRun) {
        result.updated++;
        continue;
      }
      await db
        .update(areas)
        .set({
          name: item.name,
          ...(item.parentId !== undefined ? { parentId: item.parentId } : {}),
          ...geo,
          ...(item.source ? { source: item.source } : {}),
          updatedAt: new Date(),
        })
        .where(and(ofTenant(areas, tenantId), eq(areas.id, prev.id)));
      result.updated++;
    } else if (opts.dryRun) {
      result.created++;
    } else {
      let slug = slugify(item.name) || slugify(`${kind}-${item.key}`);
      if (usedSlugs.has(slug)) slug = `${slug}-${slugify(item.key)}`;
      if (usedSlugs.has(slug)) slug = `${slug}-${kind}`;
      usedSlugs.add(slug);
      const id = newId();
      await db.insert(areas).values({
        tenantId,
        id,
        kind,
        key: item.key,
        name: item.name,
        slug,
        parentId: item.parentId ?? null,
        source: item.source ?? null,
        published: item.published ?? true,
        ...geo,
      });
      result.ids.set(item.key, id);
      result.created++;
    }
  }
  return result;
}

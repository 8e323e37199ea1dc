import type { Db } from '../../../platform/db/index.ts';
import type { AreaKind } from '../db/schema.ts';
import { upsertAreas } from './upsert-areas.ts';

/** One Planungsraum with its parents (LOR 2021: Planungsraum → Bezirksregion → Prognoseraum → Bezirk). */
export interface LorHierarchyRow {
  plr_key: string;
  plr_name: string;
  bzr_key: string;
  bzr_name: string;
  pgr_key: string;
  pgr_name: string;
  district_name: string;
  district_key: string;
}

export type LevelCounts = Record<
  'district' | 'prognoseraum' | 'bezirksregion' | 'planungsraum',
  { created: number; updated: number; unchanged: number }
>;

/**
 * Writes the Berlin LOR hierarchy so areas without a polygon still sit in the tree. Boundaries
 * already stored are kept (geometry is not touched). Idempotent; all levels in one transaction.
 */
export async function importLorHierarchy(
  outer: Db,
  tenantId: string,
  rows: LorHierarchyRow[],
  source = 'LOR 2021',
): Promise<LevelCounts> {
  return outer.transaction((tx) => writeHierarchy(tx as unknown as Db, tenantId, rows, source));
}

async function writeHierarchy(
  db: Db,
  tenantId: string,
  rows: LorHierarchyRow[],
  source: string,
): Promise<LevelCounts> {
  const unique = <T>(items: T[], key: (t: T) => string) => [
    ...new Map(items.map((i) => [key(i), i])).values(),
  ];
  const counts = {} as LevelCounts;
  const run = async (
    kind: AreaKind & keyof LevelCounts,
    items: { key: string; name: string; parentId?: string | null }[],
  ) => {
    const r = await upsertAreas(
      db,
      tenantId,
      kind,
      items.map((i) => ({ kind, ...i, source })),
    );
    counts[kind] = { created: r.created, updated: r.updated, unchanged: r.unchanged };
    return r.ids;
  };
  const districts = await run(
    'district',
    unique(rows, (r) => r.district_key).map((r) => ({
      key: r.district_key,
      name: r.district_name,
      parentId: null,
    })),
  );
  const pgr = await run(
    'prognoseraum',
    unique(rows, (r) => r.pgr_key).map((r) => ({
      key: r.pgr_key,
      name: r.pgr_name,
      parentId: districts.get(r.district_key),
    })),
  );
  const bzr = await run(
    'bezirksregion',
    unique(rows, (r) => r.bzr_key).map((r) => ({
      key: r.bzr_key,
      name: r.bzr_name,
      parentId: pgr.get(r.pgr_key),
    })),
  );
  await run(
    'planungsraum',
    unique(rows, (r) => r.plr_key).map((r) => ({
      key: r.plr_key,
      name: r.plr_name,
      parentId: bzr.get(r.bzr_key),
    })),
  );
  return counts;
}

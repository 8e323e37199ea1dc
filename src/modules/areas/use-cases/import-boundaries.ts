import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { AREA_KINDS, type AreaKind, areaImports, areas } from '../db/schema.ts';
import {
  type AreaGeometry,
  analyseFeatureCollection,
  type BBox,
  type ParsedArea,
  pointInArea,
  type RejectionCode,
} from '../geo/index.ts';
import { interiorPoint } from '../interior-point.ts';
import { jsonErrorPosition } from '../json-error.ts';
import { type AreaInput, upsertAreas } from './upsert-areas.ts';

/** Codes of the geo library plus the ones only the import knows (the file is not JSON at all). */
export type ImportRejectionCode = RejectionCode | 'invalid_json';

export interface ImportRejection {
  /** Index in the file's `features`; -1 = the whole file was rejected. */
  index: number;
  key?: string;
  code: ImportRejectionCode;
  detail: Record<string, string | number>;
}

export interface BoundaryImportOptions {
  kind: AreaKind;
  fileName: string;
  /** The file's text, or an already parsed GeoJSON object (JSON API). */
  content: string | object;
  keyProperty: string;
  nameProperty: string;
  /** Kind of the parent areas; alone it means "find the parent by point in polygon". */
  parentKind?: AreaKind;
  /** Property holding the key of the parent area (of `parentKind`). */
  parentKeyProperty?: string;
  /** e.g. 'EPSG:25833'; overrides the file's crs member. */
  sourceCrs?: string;
  dryRun?: boolean;
  userId?: string | null;
}

export interface BoundaryImportReport {
  kind: AreaKind;
  fileName: string;
  dryRun: boolean;
  crs: string;
  /** Features that passed validation (created + updated + unchanged). */
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
  parentsAssigned: number;
  parentsMissing: number;
  /** Id of the stored area_imports row (not for a dry run). */
  importId?: string;
}

export interface BoundaryImportRun {
  report: BoundaryImportReport;
  /** The accepted features (WGS84), e.g. for a map preview. */
  features: ParsedArea[];
}

/** True when the file could not be used at all (not JSON, not a FeatureCollection, unknown CRS). */
export const isWholeFileRejection = (report: Pick<BoundaryImportReport, 'rejected'>): boolean =>
  report.rejected.some((r) => r.index === -1);

function checkOptions(o: BoundaryImportOptions): void {
  const fields: Record<string, string> = {};
  const isKind = (k: unknown) => (AREA_KINDS as readonly unknown[]).includes(k);
  if (!isKind(o.kind)) fields.kind = 'validation.choice';
  if (!o.keyProperty?.trim()) fields.keyProperty = 'validation.required';
  if (!o.nameProperty?.trim()) fields.nameProperty = 'validation.required';
  if (o.parentKind !== undefined && (!isKind(o.parentKind) || o.parentKind === o.kind))
    fields.parentKind = 'validation.choice';
  if (o.parentKeyProperty && o.parentKind === undefined) fields.parentKind = 'validation.required';
  if (!o.fileName?.trim()) fields.fileName = 'validation.required';
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

/** What JSON.parse said, and where the text stops being JSON (line and column for an editor). */
function jsonErrorDetail(text: string, err: unknown): Record<string, string | number> {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 200);
  const at = jsonErrorPosition(text);
  return at ? { message, line: at.line, column: at.column } : { message };
}

function parseContent(content: string | object): { input: unknown } | { rejection: ImportRejection } {
  if (typeof content !== 'string') return { input: content };
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.trim() === '')
    return { rejection: { index: -1, code: 'invalid_json', detail: { reason: 'empty' } } };
  try {
    return { input: JSON.parse(text) };
  } catch (err) {
    return { rejection: { index: -1, code: 'invalid_json', detail: jsonErrorDetail(text, err) } };
  }
}

interface ParentCandidate {
  id: string;
  key: string;
  geometry: AreaGeometry | null;
  bbox: BBox | null;
}

async function loadParents(
  db: Db,
  tenantId: string,
  kind: AreaKind,
  needGeometry: boolean,
): Promise<ParentCandidate[]> {
  const r = await db
    .select({
      id: areas.id,
      key: areas.key,
      geometry: areas.geometry,
      minLon: areas.minLon,
      minLat: areas.minLat,
      maxLon: areas.maxLon,
      maxLat: areas.maxLat,
    })
    .from(areas)
    .where(
      and(
        ofTenant(areas, tenantId),
        eq(areas.kind, kind),
        ...(needGeometry ? [isNotNull(areas.geometry)] : []),
      ),
    );
  return r.map((a) => ({
    id: a.id,
    key: a.key,
    geometry: needGeometry ? a.geometry : null,
    bbox:
      a.minLon !== null && a.minLat !== null && a.maxLon !== null && a.maxLat !== null
        ? [a.minLon, a.minLat, a.maxLon, a.maxLat]
        : null,
  }));
}

/** Parent id per feature key: by the key property when given, else by a point inside the child. */
function assignParents(
  features: ParsedArea[],
  parents: ParentCandidate[],
  byKey: boolean,
): Map<string, string> {
  const out = new Map<string, string>();
  if (byKey) {
    const ids = new Map(parents.map((p) => [p.key, p.id]));
    for (const f of features) {
      const id = f.parentKey !== undefined ? ids.get(f.parentKey) : undefined;
      if (id) out.set(f.key, id);
    }
    return out;
  }
  for (const f of features) {
    const point = interiorPoint(f.geometry);
    if (!point) continue;
    const hit = parents.find(
      (p) => p.geometry && pointInArea(point[0], point[1], p.geometry, p.bbox ?? undefined),
    );
    if (hit) out.set(f.key, hit.id);
  }
  return out;
}

/**
 * Imports area boundaries from a GeoJSON file: validates and reprojects every feature, finds the
 * parents, and writes everything in one transaction (all or nothing). A dry run only reads and
 * reports what would happen. Re-importing the same file reports every area as unchanged.
 */
export async function runBoundaryImport(
  db: Db,
  tenantId: string,
  o: BoundaryImportOptions,
): Promise<BoundaryImportRun> {
  checkOptions(o);
  const dryRun = !!o.dryRun;
  const base = {
    kind: o.kind,
    fileName: o.fileName.trim().slice(0, 200),
    dryRun,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    parentsAssigned: 0,
    parentsMissing: 0,
  };
  const parsed = parseContent(o.content);
  const analysis =
    'rejection' in parsed
      ? { crs: 'unknown', features: [], rejections: [parsed.rejection] }
      : analyseFeatureCollection(parsed.input, {
          keyProperty: o.keyProperty.trim(),
          nameProperty: o.nameProperty.trim(),
          parentKeyProperty: o.parentKeyProperty?.trim() || undefined,
          sourceCrs: o.sourceCrs?.trim() || undefined,
        });
  const features = analysis.features;

  const work = async (tx: Db): Promise<BoundaryImportReport> => {
    let parentIds = new Map<string, string>();
    if (o.parentKind && features.length > 0) {
      const byKey = !!o.parentKeyProperty;
      parentIds = assignParents(features, await loadParents(tx, tenantId, o.parentKind, !byKey), byKey);
    }
    const items: AreaInput[] = features.map((f) => ({
      kind: o.kind,
      key: f.key,
      name: f.name.slice(0, 200),
      geometry: f.geometry,
      source: base.fileName,
      // New areas wait for staff to publish them: a file may hold test shapes or areas not yet agreed.
      published: false,
      // Without a found parent the stored one stays (it may have been set by hand).
      ...(parentIds.has(f.key) ? { parentId: parentIds.get(f.key) } : {}),
    }));
    const written = await upsertAreas(tx, tenantId, o.kind, items, { dryRun });
    const report: BoundaryImportReport = {
      ...base,
      crs: analysis.crs,
      accepted: features.length,
      created: written.created,
      updated: written.updated,
      unchanged: written.unchanged,
      rejected: analysis.rejections,
      parentsAssigned: o.parentKind ? parentIds.size : 0,
      parentsMissing: o.parentKind ? features.length - parentIds.size : 0,
    };
    if (!dryRun) {
      report.importId = newId();
      await tx.insert(areaImports).values({
        tenantId,
        id: report.importId,
        kind: o.kind,
        fileName: base.fileName,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected.length,
        report,
        userId: o.userId ?? null,
      });
    }
    return report;
  };

  const report = dryRun ? await work(db) : await db.transaction((tx) => work(tx as unknown as Db));
  return { report, features };
}

export async function importBoundaries(
  db: Db,
  tenantId: string,
  o: BoundaryImportOptions,
): Promise<BoundaryImportReport> {
  return (await runBoundaryImport(db, tenantId, o)).report;
}

import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { networkImports } from '../db/schema.ts';
import { type Placement, place, toWgs84 } from '../placement.ts';
import { FIELDS, LANGUAGES, ORG_TYPES, TARGET_GROUPS } from '../vocab.ts';
import { type ActorInput, createActor, upsertActor } from './actors.ts';
import { createVenue, upsertVenue, type VenueInput } from './venues.ts';

export const IMPORT_TARGETS = ['organisation', 'venue'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

/** Fields a column can be mapped to, per target. */
export const TARGET_FIELDS: Record<ImportTarget, readonly string[]> = {
  organisation: [
    'key',
    'name',
    'orgType',
    'description',
    'fields',
    'targetGroups',
    'languages',
    'email',
    'phone',
    'website',
    'street',
    'houseNumber',
    'postcode',
    'city',
    'lat',
    'lon',
    'x',
    'y',
    'isMultiplier',
    'isSeismograph',
  ],
  venue: [
    'key',
    'name',
    'street',
    'houseNumber',
    'postcode',
    'city',
    'lat',
    'lon',
    'x',
    'y',
    'openingHours',
    'stepFree',
    'accessibleToilet',
    'hearingLoop',
    'accessibilityNotes',
    'phone',
    'email',
    'website',
  ],
};

export interface ImportRow {
  /** Line (CSV, 1 = header) or feature number (GeoJSON, from 1). */
  line: number;
  values: Record<string, string>;
  /** Point geometry of a GeoJSON feature, in the file's CRS. */
  point?: [number, number] | null;
  geometryType?: string | null;
}

export interface ParsedFile {
  format: 'csv' | 'geojson';
  columns: string[];
  rows: ImportRow[];
  /** CRS named in a GeoJSON file (`crs.properties.name`), if any. */
  crs: string | null;
}

/** Just enough of GeoJSON to read a FeatureCollection of points defensively. */
export interface GeoJsonFeature {
  properties?: Record<string, unknown> | null;
  geometry?: { type?: string; coordinates?: unknown[] } | null;
}
export interface GeoJsonDoc {
  type?: string;
  features?: (GeoJsonFeature | null)[];
  crs?: { properties?: { name?: string } };
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 20_000;

/** Reads a CSV (`;` or `,`, BOM tolerated) or GeoJSON FeatureCollection. Throws ValidationError({file}). */
export function parseImportFile(fileName: string, text: string): ParsedFile {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new ValidationError({ file: 'network:import.errors.empty' });
  const looksJson = /\.(geo)?json$/i.test(fileName) || /^\s*[{[]/.test(body);
  if (looksJson) {
    let doc: GeoJsonDoc;
    try {
      doc = JSON.parse(body);
    } catch {
      throw new ValidationError({ file: 'network:import.errors.json' });
    }
    if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features))
      throw new ValidationError({ file: 'network:import.errors.featureCollection' });
    if (doc.features.length > MAX_ROWS) throw new ValidationError({ file: 'network:import.errors.tooMany' });
    const columns = new Set<string>();
    const rows: ImportRow[] = doc.features.map((f: GeoJsonFeature | null, i: number) => {
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(f?.properties ?? {})) {
        columns.add(k);
        values[k] =
          v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      }
      const g = f?.geometry;
      const point =
        g?.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length >= 2
          ? ([Number(g.coordinates[0]), Number(g.coordinates[1])] as [number, number])
          : null;
      return { line: i + 1, values, point, geometryType: g?.type ?? null };
    });
    const crs = typeof doc.crs?.properties?.name === 'string' ? doc.crs.properties.name : null;
    return { format: 'geojson', columns: [...columns], rows, crs };
  }
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch {
    throw new ValidationError({ file: 'network:import.errors.csv' });
  }
  if (records.length < 2) throw new ValidationError({ file: 'network:import.errors.empty' });
  if (records.length > MAX_ROWS + 1) throw new ValidationError({ file: 'network:import.errors.tooMany' });
  const header = records[0].map((h) => h.trim());
  if (new Set(header).size !== header.length || header.some((h) => !h))
    throw new ValidationError({ file: 'network:import.errors.header' });
  const rows = records.slice(1).map((r, i) => {
    const values: Record<string, string> = {};
    header.forEach((h, j) => {
      values[h] = (r[j] ?? '').trim();
    });
    return { line: i + 2, values };
  });
  return { format: 'csv', columns: header, rows, crs: null };
}

const SYNONYMS: Record<string, string[]> = {
  key: ['key', 'id', 'nr', 'e_nr', 'nummer', 'schluessel'],
  name: ['name', 'e_name', 'einrichtung', 'organisation', 'titel', 'bezeichnung'],
  orgType: ['orgtype', 'type', 'typ', 'art', 'traegerart'],
  description: ['description', 'beschreibung', 'ueber_uns', 'über uns'],
  fields: ['fields', 'handlungsfelder', 'arbeitsfelder', 'themen'],
  targetGroups: ['targetgroups', 'zielgruppe', 'zielgruppen'],
  languages: ['languages', 'sprachen'],
  email: ['email', 'e-mail', 'mail'],
  phone: ['phone', 'telefon', 'telefonnummer', 'tel', 'e_tel'],
  website: ['website', 'web', 'url', 'homepage', 'e_web'],
  street: ['street', 'strasse', 'straße', 'e_strasse'],
  houseNumber: ['housenumber', 'hausnummer', 'hnr', 'e_hnr'],
  postcode: ['postcode', 'plz', 'e_plz', 'zip'],
  city: ['city', 'ort', 'stadt', 'e_ort'],
  lat: ['lat', 'latitude', 'breite'],
  lon: ['lon', 'lng', 'long', 'longitude', 'laenge'],
  x: ['x', 'rechtswert'],
  y: ['y', 'hochwert'],
  openingHours: ['openinghours', 'oeffnungszeiten', 'öffnungszeiten'],
};

/** A first guess of the mapping from the column names (the mapping screen lets the user correct it). */
export function guessMapping(target: ImportTarget, columns: string[]): Record<string, string> {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, '');
  const out: Record<string, string> = {};
  for (const field of TARGET_FIELDS[target]) {
    const names = SYNONYMS[field] ?? [field.toLowerCase()];
    const hit =
      columns.find((c) => names.includes(norm(c))) ?? columns.find((c) => norm(c) === field.toLowerCase());
    if (hit) out[field] = hit;
  }
  return out;
}

export interface Rejection {
  line: number;
  name: string;
  reasons: { field: string; code: string; value?: string }[];
}

export interface ImportReport {
  id: string | null;
  target: ImportTarget;
  fileName: string;
  total: number;
  created: number;
  updated: number;
  unplaced: number;
  rejected: Rejection[];
  /** False when nothing was written (rejected rows without "skip", or a dry run). */
  imported: boolean;
  dryRun: boolean;
}

export interface ImportOptions {
  target: ImportTarget;
  mapping: Record<string, string>;
  /** CRS of x/y columns or of GeoJSON points when the file does not say (default EPSG:4326 for lon/lat). */
  crs?: string | null;
  defaultAreaId?: string | null;
  /** Import the valid rows even when some are rejected (default: nothing is imported then). */
  skipRejected?: boolean;
  dryRun?: boolean;
  fileName: string;
  userId?: string | null;
  /** Maps a label (de/en) of a vocabulary value to its code, e.g. "Jugend" → "youth". */
  labelToCode?: (
    list: 'orgType' | 'fields' | 'targetGroups' | 'languages',
    label: string,
  ) => string | undefined;
}

const YES = ['1', 'ja', 'yes', 'true', 'x', 'j', 'y'];
const NO = ['0', 'nein', 'no', 'false', 'n'];

function splitList(v: string): string[] {
  return v
    .split(/[,;|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

interface CheckedRow {
  line: number;
  key: string | null;
  actor?: ActorInput;
  venue?: VenueInput;
  point: [number, number] | null;
}

/** Checks one row against the mapping; returns the record or the reasons it is rejected. */
function checkRow(row: ImportRow, o: ImportOptions, fileCrs: string | null): CheckedRow | Rejection {
  const get = (field: string) => (o.mapping[field] ? (row.values[o.mapping[field]] ?? '').trim() : '');
  const reasons: Rejection['reasons'] = [];
  const name = get('name');
  if (!name) reasons.push({ field: 'name', code: 'required' });
  else if (name.length > 200) reasons.push({ field: 'name', code: 'tooLong' });
  const email = get('email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    reasons.push({ field: 'email', code: 'email', value: email });
  const website = get('website');
  const web = website && !/^https?:\/\//i.test(website) ? `https://${website}` : website;
  if (web && !/^https?:\/\/[^\s]+\.[^\s]+$/i.test(web))
    reasons.push({ field: 'website', code: 'url', value: website });
  const postcode = get('postcode');
  if (postcode && !/^\d{5}$/.test(postcode))
    reasons.push({ field: 'postcode', code: 'postcode', value: postcode });

  // Coordinates: lon/lat (WGS84), x/y in a projected CRS, or the feature's point.
  let point: [number, number] | null = null;
  const num = (s: string) => Number(s.replace(',', '.'));
  const lat = get('lat');
  const lon = get('lon');
  const x = get('x');
  const y = get('y');
  if (lat || lon) {
    if (
      !lat ||
      !lon ||
      !Number.isFinite(num(lat)) ||
      !Number.isFinite(num(lon)) ||
      Math.abs(num(lat)) > 90 ||
      Math.abs(num(lon)) > 180
    )
      reasons.push({ field: 'lat', code: 'coordinates', value: `${lat} ${lon}` });
    else point = [num(lon), num(lat)];
  } else if (x || y) {
    const p = x && y ? toWgs84(num(x), num(y), o.crs || 'EPSG:25833') : null;
    if (!p) reasons.push({ field: 'x', code: 'coordinates', value: `${x} ${y}` });
    else point = p;
  } else if (row.point) {
    const crs = fileCrs || o.crs || 'EPSG:4326';
    const p = toWgs84(row.point[0], row.point[1], crs);
    if (!p) reasons.push({ field: 'geometry', code: 'coordinates', value: row.point.join(' ') });
    else point = p;
  } else if (row.geometryType && row.geometryType !== 'Point') {
    reasons.push({ field: 'geometry', code: 'notPoint', value: row.geometryType });
  }

  const bool = (field: string): boolean | null => {
    const v = get(field).toLowerCase();
    if (!v) return null;
    if (YES.includes(v)) return true;
    if (NO.includes(v)) return false;
    reasons.push({ field, code: 'boolean', value: get(field) });
    return null;
  };
  const codes = (field: 'fields' | 'targetGroups' | 'languages', allowed: readonly string[]): string[] => {
    const out: string[] = [];
    for (const v of splitList(get(field))) {
      const code = allowed.includes(v) ? v : o.labelToCode?.(field, v);
      if (code && allowed.includes(code)) out.push(code);
      else reasons.push({ field, code: 'unknownValue', value: v });
    }
    return [...new Set(out)];
  };

  const base = {
    name,
    street: get('street') || null,
    houseNumber: get('houseNumber') || null,
    postcode: postcode || null,
    city: get('city') || null,
    lon: point?.[0] ?? null,
    lat: point?.[1] ?? null,
    areaId: o.defaultAreaId ?? null,
    email: email ? email.toLowerCase() : null,
    phone: get('phone') || null,
    website: web || null,
  };
  const key = get('key') || null;
  let result: CheckedRow;
  if (o.target === 'organisation') {
    const typeRaw = get('orgType');
    let orgType: string | null = null;
    if (typeRaw) {
      orgType = (ORG_TYPES as readonly string[]).includes(typeRaw)
        ? typeRaw
        : (o.labelToCode?.('orgType', typeRaw) ?? null);
      if (!orgType) reasons.push({ field: 'orgType', code: 'unknownValue', value: typeRaw });
    }
    result = {
      line: row.line,
      key,
      point,
      actor: {
        kind: 'organisation',
        orgType,
        description: get('description') || null,
        fields: codes('fields', FIELDS),
        targetGroups: codes('targetGroups', TARGET_GROUPS),
        languages: codes('languages', LANGUAGES),
        isMultiplier: bool('isMultiplier') ?? false,
        isSeismograph: bool('isSeismograph') ?? false,
        ...base,
      },
    };
  } else {
    result = {
      line: row.line,
      key,
      point,
      venue: {
        ...base,
        openingHours: get('openingHours') || null,
        stepFree: bool('stepFree'),
        accessibleToilet: bool('accessibleToilet'),
        hearingLoop: bool('hearingLoop'),
        accessibilityNotes: get('accessibilityNotes') || null,
      },
    };
  }
  if (reasons.length) return { line: row.line, name: name.slice(0, 200), reasons };
  return result;
}

/**
 * Imports organisations or venues from a parsed file. All rows are checked first; with any
 * rejected row nothing is written unless `skipRejected`. The writing happens in one transaction,
 * so a file is never half imported. A `key` column makes re-imports update instead of duplicate.
 */
export async function runImport(
  db: Db,
  tenantId: string,
  file: ParsedFile,
  o: ImportOptions,
): Promise<ImportReport> {
  if (!o.mapping.name) throw new ValidationError({ 'map.name': 'network:import.errors.nameUnmapped' });
  for (const [field, column] of Object.entries(o.mapping)) {
    if (column && !file.columns.includes(column))
      throw new ValidationError({ [`map.${field}`]: 'validation.choice' });
  }
  const checked: CheckedRow[] = [];
  const rejected: Rejection[] = [];
  const seenKeys = new Map<string, number>();
  for (const row of file.rows) {
    const r = checkRow(row, o, file.crs);
    if ('reasons' in r) rejected.push(r);
    else if (r.key && seenKeys.has(r.key))
      rejected.push({
        line: r.line,
        name: r.actor?.name ?? r.venue?.name ?? '',
        reasons: [{ field: 'key', code: 'duplicateKey', value: r.key }],
      });
    else {
      if (r.key) seenKeys.set(r.key, r.line);
      checked.push(r);
    }
  }
  const report: ImportReport = {
    id: null,
    target: o.target,
    fileName: o.fileName,
    total: file.rows.length,
    created: 0,
    updated: 0,
    unplaced: 0,
    rejected,
    imported: false,
    dryRun: !!o.dryRun,
  };
  const write = !o.dryRun && (rejected.length === 0 || o.skipRejected) && checked.length > 0;
  if (!write) {
    if (o.dryRun) {
      for (const r of checked) {
        const p = await place(db, tenantId, r.actor ?? r.venue ?? {});
        if (p.areaIds.length === 0) report.unplaced++;
      }
    }
    return report;
  }
  await db.transaction(async (txh) => {
    const tx = txh as unknown as Db;
    for (const r of checked) {
      const input = r.actor ?? r.venue!;
      const placement: Placement = await place(tx, tenantId, input);
      if (placement.areaIds.length === 0) report.unplaced++;
      const sourceKey = r.key ? `import:${o.target}:${r.key}` : null;
      let created: boolean;
      if (r.actor) {
        const a = { ...r.actor, source: o.fileName };
        created = sourceKey
          ? (await upsertActor(tx, tenantId, { ...a, sourceKey }, placement, o.userId)).created
          : !!(await createActor(tx, tenantId, a, o.userId, placement));
      } else {
        const v = { ...r.venue!, source: o.fileName };
        created = sourceKey
          ? (await upsertVenue(systemActor(tenantId), tx, { ...v, sourceKey }, placement)).created
          : !!(await createVenue(systemActor(tenantId), tx, v, placement));
      }
      if (created) report.created++;
      else report.updated++;
    }
    report.imported = true;
    report.id = await saveReport(tx, tenantId, report, o.userId);
  });
  return report;
}

export async function saveReport(
  db: Db,
  tenantId: string,
  report: ImportReport,
  userId?: string | null,
): Promise<string> {
  const id = newId();
  await db.insert(networkImports).values({
    tenantId,
    id,
    kind: report.target,
    fileName: report.fileName,
    created: report.created,
    updated: report.updated,
    rejected: report.rejected.length,
    report: { ...report, id },
    userId: userId ?? null,
  });
  return id;
}

export async function listImports(db: Db, tenantId: string) {
  return db
    .select()
    .from(networkImports)
    .where(sql`${networkImports.tenantId} = ${tenantId}`)
    .orderBy(sql`${networkImports.createdAt} desc`)
    .limit(20);
}

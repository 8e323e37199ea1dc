/**
 * Import of an indicator table (AREA-2): the file is read (format detected), its columns mapped to
 * indicators, every value stored once per indicator, area and period (a re-import updates), values of
 * old Berlin LOR planning areas carried over to the 2021 areas, and the higher levels derived. The
 * report lists every row or cell not imported and why.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { listAreas } from '../../areas/index.ts';
import { imports, indicators, values } from '../db/schema.ts';
import { berlinIndicator } from '../demo-data/catalog.ts';
import { loadLorTables } from '../demo-data/index.ts';
import { type AreaNode, deriveUp, nearestPeriod } from '../domain/aggregate.ts';
import { AreaIndex, carryOver, type OldCell, oldPlrMappings } from '../domain/lor.ts';
import {
  extractCells,
  type Mapping,
  normalisePeriod,
  type RawTable,
  readTable,
  suggestMapping,
} from '../domain/parse.ts';
import type { ImportReport, OldKeyMapping } from '../domain/vocab.ts';
import { authorizeManage } from '../policies.ts';
import type { Indicator } from '../queries.ts';

export interface ImportInput {
  fileName: string;
  bytes: Uint8Array;
  /** The mapping chosen on the screen; without one the suggested mapping is used (command line). */
  mapping?: Mapping;
  /** The period of a wide table ('2021', '2022-06-30', '30.06.2022'). */
  period?: string | null;
  /** Indicator keys of the file → definitions for keys the tenant does not have yet (else from the heading). */
  names?: Record<string, string>;
}

export interface ImportResult {
  importId: string;
  report: ImportReport;
}

// Rows per insert statement (8 parameters a row stays far below PostgreSQL's 65,535).
const BATCH = 5000;

/** Reads, maps and stores one file. Needs `profiles.manage` for the whole tenant. */
export async function importIndicatorFile(actor: Actor, db: Db, input: ImportInput): Promise<ImportResult> {
  authorizeManage(actor);
  const table = readTable(input.bytes);
  if (table.header.length < 2 || table.rows.length === 0)
    throw new ValidationError({ file: 'profiles:errors.emptyFile' });
  let period: string | null = null;
  if (input.period) {
    period = normalisePeriod(input.period);
    if (!period) throw new ValidationError({ period: 'profiles:errors.period' });
  }
  const mapping = input.mapping ?? suggestMapping(table, period);
  if (!mapping) throw new ValidationError({ period: 'profiles:errors.periodRequired' });
  if (mapping.layout === 'wide' && !normalisePeriod(mapping.period))
    throw new ValidationError({ period: 'profiles:errors.period' });
  if (mapping.layout === 'wide' && mapping.columns.length === 0)
    throw new ValidationError({ columns: 'profiles:errors.noColumns' });
  return db.transaction((tx) => storeTable(actor, tx as unknown as Db, input, table, mapping));
}

async function storeTable(
  actor: Actor,
  db: Db,
  input: ImportInput,
  table: RawTable,
  mapping: Mapping,
): Promise<ImportResult> {
  const tenantId = actor.tenantId;
  const { cells, skipped } = extractCells(table, mapping);
  const areaRows = await listAreas(db, tenantId, { limit: 100_000 });
  const index = new AreaIndex(areaRows);

  // Resolve areas: the tenant's own keys and names first, then old Berlin planning-area keys.
  type Resolved = { areaId: string; indicatorKey: string; period: string; value: number; line: number };
  const resolved: Resolved[] = [];
  const oldCells: OldCell[] = [];
  let lor: Awaited<ReturnType<typeof loadLorTables>> | undefined;
  let mappings: Map<string, OldKeyMapping> | undefined;
  const unknownLines = new Set<number>();
  for (const c of cells) {
    const found = index.find(c.area);
    if (found === 'ambiguous') {
      if (!unknownLines.has(c.line))
        skipped.push({ line: c.line, area: c.area, column: '', reason: 'ambiguousArea' });
      unknownLines.add(c.line);
      continue;
    }
    if (found) {
      resolved.push({
        areaId: found.id,
        indicatorKey: c.indicatorKey,
        period: c.period,
        value: c.value,
        line: c.line,
      });
      continue;
    }
    const padded = /^\d{7,8}$/.test(c.area) ? c.area.padStart(8, '0') : '';
    if (padded && index.byPlrKey.size > 0) {
      lor ??= await loadLorTables();
      mappings ??= oldPlrMappings(lor.matches, new Set(index.byPlrKey.keys()), lor.surface);
      if (mappings.has(padded)) {
        oldCells.push({
          line: c.line,
          oldKey: padded,
          indicatorKey: c.indicatorKey,
          period: c.period,
          value: c.value,
        });
        continue;
      }
    }
    if (!unknownLines.has(c.line))
      skipped.push({ line: c.line, area: c.area, column: '', reason: 'unknownArea' });
    unknownLines.add(c.line);
  }

  const keys = [...new Set([...resolved, ...oldCells].map((c) => c.indicatorKey))];
  const byKey = await ensureIndicators(db, tenantId, keys, headingsOf(table, mapping, input.names));

  const usedOld = new Map<string, OldKeyMapping>();
  if (oldCells.length && mappings) {
    const carried = carryOver(oldCells, mappings, (k) => byKey.get(k)?.aggregation ?? 'none');
    skipped.push(...carried.skipped);
    for (const c of oldCells) {
      const m = mappings.get(c.oldKey);
      if (m) usedOld.set(c.oldKey, m);
    }
    for (const v of carried.values) {
      const area = index.byPlrKey.get(v.newKey);
      if (area)
        resolved.push({
          areaId: area.id,
          indicatorKey: v.indicatorKey,
          period: v.period,
          value: v.value,
          line: 0,
        });
    }
  }

  // One value per indicator, area and period: a later row of the file wins, the earlier is reported.
  const unique = new Map<string, Resolved>();
  for (const r of resolved) {
    const id = `${r.indicatorKey}\u0000${r.areaId}\u0000${r.period}`;
    const before = unique.get(id);
    if (before && before.line > 0)
      skipped.push({ line: before.line, area: r.areaId, column: r.indicatorKey, reason: 'duplicateRow' });
    unique.set(id, r);
  }

  const importId = newId();
  const report: ImportReport = {
    format: table.format,
    period: mapping.layout === 'wide' ? normalisePeriod(mapping.period) : (mapping.period ?? null),
    indicators: keys,
    rows: table.rows.length,
    imported: 0,
    updated: 0,
    derived: 0,
    skipped: skipped.sort((a, b) => a.line - b.line),
    ...(usedOld.size ? { oldKeys: [...usedOld.values()] } : {}),
  };
  await db.insert(imports).values({
    tenantId,
    id: importId,
    fileName: input.fileName.slice(0, 200),
    report,
    createdBy: actor.userId ?? null,
  });

  const rows = [...unique.values()].map((r) => ({
    tenantId,
    indicatorId: byKey.get(r.indicatorKey)?.id as string,
    areaId: r.areaId,
    period: r.period,
    value: r.value,
    derived: false,
    importId,
  }));
  for (let i = 0; i < rows.length; i += BATCH) {
    const out = await db
      .insert(values)
      .values(rows.slice(i, i + BATCH))
      .onConflictDoUpdate({
        target: [values.tenantId, values.indicatorId, values.areaId, values.period],
        set: {
          value: sql`excluded.value`,
          derived: false,
          importId: sql`excluded.import_id`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    for (const o of out)
      if (o.inserted) report.imported++;
      else report.updated++;
  }

  // Derive the higher levels of every indicator and period the file touched, and of the indicators
  // weighted by one it touched (their weights changed).
  const touched = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = touched.get(r.indicatorId) ?? new Set<string>();
    s.add(r.period);
    touched.set(r.indicatorId, s);
  }
  const nodes: AreaNode[] = areaRows.map((a) => ({ id: a.id, kind: a.kind, parentId: a.parentId }));
  const all = await db.select().from(indicators).where(ofTenant(indicators, tenantId));
  const touchedKeys = new Set(all.filter((i) => touched.has(i.id)).map((i) => i.key));
  for (const ind of all) {
    const periods = new Set(touched.get(ind.id) ?? []);
    const weight =
      ind.aggregation === 'weighted' ? all.find((i) => i.key === ind.weightIndicatorKey) : undefined;
    if (weight && touchedKeys.has(weight.key)) {
      // Only the periods whose weights come from a period this file wrote.
      const weightPeriods = await periodsWith(db, tenantId, weight.id);
      const wrote = touched.get(weight.id) ?? new Set<string>();
      for (const p of await periodsWith(db, tenantId, ind.id)) {
        const wp = nearestPeriod(p, weightPeriods);
        if (wp && wrote.has(wp)) periods.add(p);
      }
    }
    if (periods.size === 0 || ind.aggregation === 'none') continue;
    report.derived += await deriveIndicator(db, tenantId, nodes, ind, all, [...periods], importId);
  }

  await db
    .update(imports)
    .set({
      report,
      imported: report.imported,
      updated: report.updated,
      skipped: skipped.length,
      derived: report.derived,
    })
    .where(and(ofTenant(imports, tenantId), eq(imports.id, importId)));
  await writeAudit(db, {
    tenantId,
    actorUserId: actor.userId ?? null,
    action: 'import',
    entityType: 'profiles.import',
    entityId: importId,
    personal: false,
    details: {
      file: input.fileName,
      imported: report.imported,
      updated: report.updated,
      skipped: skipped.length,
    },
  });
  return { importId, report };
}

/** Headings of the mapped columns, to name indicators the tenant does not have yet. */
function headingsOf(table: RawTable, mapping: Mapping, names: Record<string, string> = {}) {
  const out = new Map<string, string>(Object.entries(names));
  if (mapping.layout === 'wide')
    for (const c of mapping.columns)
      if (!out.has(c.indicatorKey)) out.set(c.indicatorKey, table.header[c.index] ?? c.indicatorKey);
  return out;
}

/** The tenant's indicators for these keys, created (unpublished) where missing: from the Berlin catalogue, else bare. */
async function ensureIndicators(
  db: Db,
  tenantId: string,
  keys: string[],
  headings: Map<string, string>,
): Promise<Map<string, Indicator>> {
  const out = new Map<string, Indicator>();
  if (keys.length === 0) return out;
  const found = await db
    .select()
    .from(indicators)
    .where(and(ofTenant(indicators, tenantId), inArray(indicators.key, keys)));
  for (const i of found) out.set(i.key, i);
  const missing = keys.filter((k) => !out.has(k));
  if (missing.length) {
    const created = await db
      .insert(indicators)
      .values(
        missing.map((key) => {
          const d = berlinIndicator(key);
          return {
            tenantId,
            id: newId(),
            key,
            nameDe: d?.nameDe ?? (headings.get(key) || key).slice(0, 200),
            nameEn: d?.nameEn ?? '',
            unit: d?.unit ?? 'count',
            direction: d?.direction ?? 'neutral',
            aggregation: d?.aggregation ?? 'none',
            weightIndicatorKey: d?.weightIndicatorKey ?? null,
            source: d?.source ?? '',
            licence: d?.licence ?? '',
            description: d?.description ?? '',
          };
        }),
      )
      .returning();
    for (const i of created) out.set(i.key, i);
  }
  return out;
}

async function periodsWith(db: Db, tenantId: string, indicatorId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ period: values.period })
    .from(values)
    .where(and(ofTenant(values, tenantId), eq(values.indicatorId, indicatorId), eq(values.derived, false)));
  return rows.map((r) => r.period);
}

/**
 * Recomputes the derived values of one indicator for some periods: the old derived values go, new
 * ones are computed from the imported values (never replacing one). Returns how many were stored.
 */
export async function deriveIndicator(
  db: Db,
  tenantId: string,
  nodes: AreaNode[],
  ind: Indicator,
  all: Indicator[],
  periods: string[],
  importId: string | null,
): Promise<number> {
  await db
    .delete(values)
    .where(
      and(
        ofTenant(values, tenantId),
        eq(values.indicatorId, ind.id),
        eq(values.derived, true),
        inArray(values.period, periods),
      ),
    );
  const known = await db
    .select({ areaId: values.areaId, period: values.period, value: values.value })
    .from(values)
    .where(and(ofTenant(values, tenantId), eq(values.indicatorId, ind.id), inArray(values.period, periods)));
  const weightInd =
    ind.aggregation === 'weighted' ? all.find((i) => i.key === ind.weightIndicatorKey) : undefined;
  if (ind.aggregation === 'weighted' && !weightInd) return 0;
  const weightPeriods = weightInd ? await periodsWith(db, tenantId, weightInd.id) : [];
  const needed = [...new Set(periods.flatMap((p) => nearestPeriod(p, weightPeriods) ?? []))];
  const weightRows =
    weightInd && needed.length
      ? await db
          .select({ areaId: values.areaId, period: values.period, value: values.value })
          .from(values)
          .where(
            and(
              ofTenant(values, tenantId),
              eq(values.indicatorId, weightInd.id),
              eq(values.derived, false),
              inArray(values.period, needed),
            ),
          )
      : [];
  const rows: (typeof values.$inferInsert)[] = [];
  for (const period of periods) {
    const k = new Map(known.filter((v) => v.period === period).map((v) => [v.areaId, v.value] as const));
    let weights: Map<string, number> | undefined;
    if (weightInd) {
      const wp = nearestPeriod(period, weightPeriods);
      if (!wp) continue;
      weights = new Map(weightRows.filter((w) => w.period === wp).map((w) => [w.areaId, w.value] as const));
    }
    const d = deriveUp({ nodes, rootId: tenantId, known: k, aggregation: ind.aggregation, weights });
    for (const [areaId, value] of d)
      rows.push({ tenantId, indicatorId: ind.id, areaId, period, value, derived: true, importId });
  }
  for (let i = 0; i < rows.length; i += BATCH)
    await db
      .insert(values)
      .values(rows.slice(i, i + BATCH))
      .onConflictDoNothing();
  return rows.length;
}

// Reads of the profiles module's tables, always by tenant (no rules: the use cases and screens decide
// who may see what; public pages show only published indicators).
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, ofTenant, rowsVersion } from '../../platform/db/index.ts';
import { imports, indicators, values } from './db/schema.ts';

export type Indicator = typeof indicators.$inferSelect;
export type IndicatorImport = typeof imports.$inferSelect;

/** One value of an indicator in an area for a period. */
export interface IndicatorValue {
  indicatorId: string;
  areaId: string;
  period: string;
  value: number;
  derived: boolean;
}

/** One point of an area's time series. */
export interface SeriesPoint {
  indicatorId: string;
  period: string;
  value: number;
  derived: boolean;
}

/**
 * A fingerprint of what decides whether an area has a public profile, for pages kept rendered (the
 * area's website): the indicators (published or not, their rules) and the imports (every import
 * writes one, and values change only by an import or an indicator's change).
 */
export const profilesVersion = (tenantId: string): SQL =>
  sql`(${rowsVersion(indicators, tenantId)} || '|' || ${rowsVersion(imports, tenantId)})`;

/** The tenant's indicators, by German name. `publishedOnly` for public pages and the public API. */
export async function listIndicators(
  db: Db,
  tenantId: string,
  o: { publishedOnly?: boolean } = {},
): Promise<Indicator[]> {
  const where: SQL[] = [ofTenant(indicators, tenantId)];
  if (o.publishedOnly) where.push(eq(indicators.published, true));
  return db
    .select()
    .from(indicators)
    .where(and(...where))
    .orderBy(asc(indicators.nameDe), asc(indicators.key));
}

export async function getIndicator(db: Db, tenantId: string, id: string): Promise<Indicator | undefined> {
  const [row] = await db
    .select()
    .from(indicators)
    .where(and(ofTenant(indicators, tenantId), eq(indicators.id, id)));
  return row;
}

export async function getIndicatorByKey(
  db: Db,
  tenantId: string,
  key: string,
): Promise<Indicator | undefined> {
  const [row] = await db
    .select()
    .from(indicators)
    .where(and(ofTenant(indicators, tenantId), eq(indicators.key, key)));
  return row;
}

/** Values of one indicator, optionally only for some areas and periods; ordered by period, then area. */
export async function valuesOf(
  db: Db,
  tenantId: string,
  indicatorId: string,
  o: { areaIds?: readonly string[]; periods?: readonly string[] } = {},
): Promise<IndicatorValue[]> {
  const where: SQL[] = [ofTenant(values, tenantId), eq(values.indicatorId, indicatorId)];
  if (o.areaIds) {
    if (o.areaIds.length === 0) return [];
    where.push(inArray(values.areaId, [...o.areaIds]));
  }
  if (o.periods) {
    if (o.periods.length === 0) return [];
    where.push(inArray(values.period, [...o.periods]));
  }
  return db
    .select({
      indicatorId: values.indicatorId,
      areaId: values.areaId,
      period: values.period,
      value: values.value,
      derived: values.derived,
    })
    .from(values)
    .where(and(...where))
    .orderBy(asc(values.period), asc(values.areaId));
}

/** The time series of one area: every value (of the given indicators, or all), by indicator and period. */
export async function seriesOf(
  db: Db,
  tenantId: string,
  areaId: string,
  indicatorIds?: readonly string[],
): Promise<SeriesPoint[]> {
  const where: SQL[] = [ofTenant(values, tenantId), eq(values.areaId, areaId)];
  if (indicatorIds) {
    if (indicatorIds.length === 0) return [];
    where.push(inArray(values.indicatorId, [...indicatorIds]));
  }
  return db
    .select({
      indicatorId: values.indicatorId,
      period: values.period,
      value: values.value,
      derived: values.derived,
    })
    .from(values)
    .where(and(...where))
    .orderBy(asc(values.indicatorId), asc(values.period));
}

/** The periods an indicator has values for, oldest first ('2013' < '2021' < '2022-06-30'). */
export async function periodsOf(db: Db, tenantId: string, indicatorId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ period: values.period })
    .from(values)
    .where(and(ofTenant(values, tenantId), eq(values.indicatorId, indicatorId)))
    .orderBy(asc(values.period));
  return rows.map((r) => r.period);
}

/** The latest imports with their reports, newest first. */
export async function listImports(db: Db, tenantId: string, limit = 20): Promise<IndicatorImport[]> {
  return db
    .select()
    .from(imports)
    .where(ofTenant(imports, tenantId))
    .orderBy(desc(imports.createdAt))
    .limit(limit);
}

export async function getImport(db: Db, tenantId: string, id: string): Promise<IndicatorImport | undefined> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(ofTenant(imports, tenantId), eq(imports.id, id)));
  return row;
}

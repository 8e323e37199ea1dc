/**
 * The area profile (AREA-3, the "Bezirksregionenprofil" Part I): every indicator of one area over
 * time beside its district and the city, and the choropleth of one indicator over a level's areas.
 * Staff read every indicator; the public only published indicators of published areas.
 */
import { type Actor, authorize } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import {
  type AreaGeometry,
  type AreaKind,
  areaPath,
  boundaries,
  getArea,
  getPublicAreaBySlug,
  listAreas,
} from '../../areas/index.ts';
import { READ } from '../policies.ts';
import { type Indicator, listIndicators, periodsOf, seriesOf, valuesOf } from '../queries.ts';

/** The levels a choropleth can show, finest first. */
export const MAP_LEVELS = ['planungsraum', 'bezirksregion', 'prognoseraum', 'district'] as const;
export type MapLevel = (typeof MAP_LEVELS)[number];

export interface ProfileIndicator {
  indicator: Indicator;
  /** Every period any of the three has a value for, oldest first. */
  periods: string[];
  area: Map<string, number>;
  district: Map<string, number>;
  /** The tenant as a whole (values stored under the tenant's id, derived from the districts). */
  city: Map<string, number>;
  /** Periods whose area value was derived from the areas below. */
  derived: Set<string>;
}

export interface AreaProfile {
  area: { id: string; name: string; slug: string; kind: AreaKind; key: string };
  district: { id: string; name: string } | null;
  indicators: ProfileIndicator[];
}

async function buildProfile(
  db: Db,
  tenantId: string,
  areaId: string,
  publishedOnly: boolean,
): Promise<AreaProfile | null> {
  const path = await areaPath(db, tenantId, areaId);
  const self = path[0];
  if (!self) return null;
  const district = path.find((a) => a.kind === 'district' && a.id !== self.id) ?? null;
  const list = await listIndicators(db, tenantId, { publishedOnly });
  const ids = list.map((i) => i.id);
  const [own, ofDistrict, ofCity] = await Promise.all([
    seriesOf(db, tenantId, self.id, ids),
    district ? seriesOf(db, tenantId, district.id, ids) : Promise.resolve([]),
    seriesOf(db, tenantId, tenantId, ids),
  ]);
  const indicators = list.map((indicator) => {
    const pick = (points: typeof own) =>
      new Map(points.filter((p) => p.indicatorId === indicator.id).map((p) => [p.period, p.value]));
    const area = pick(own);
    const d = pick(ofDistrict);
    const city = pick(ofCity);
    const periods = [...new Set([...area.keys(), ...d.keys(), ...city.keys()])].sort();
    const derived = new Set(
      own.filter((p) => p.indicatorId === indicator.id && p.derived).map((p) => p.period),
    );
    return { indicator, periods, area, district: d, city, derived };
  });
  return {
    area: { id: self.id, name: self.name, slug: self.slug, kind: self.kind, key: self.key },
    district: district ? { id: district.id, name: district.name } : null,
    // An indicator without any value here says nothing about the area.
    indicators: indicators.filter((i) => i.periods.length > 0),
  };
}

/** Staff: the profile of any area of the tenant, every indicator (published or not). */
export async function areaProfile(actor: Actor, db: Db, areaId: string): Promise<AreaProfile> {
  authorize(actor, READ);
  const area = await getArea(db, actor.tenantId, areaId);
  if (!area) throw new AppError(404, 'area_not_found');
  return (await buildProfile(db, actor.tenantId, area.id, false))!;
}

/**
 * The public profile of a published area: published indicators only. Null when the area is not
 * public or the tenant publishes no indicator (then there is no public profile at all).
 */
export async function publicAreaProfile(db: Db, tenantId: string, slug: string): Promise<AreaProfile | null> {
  const area = await getPublicAreaBySlug(db, tenantId, slug);
  if (!area) return null;
  const profile = await buildProfile(db, tenantId, area.id, true);
  return profile && (await listIndicators(db, tenantId, { publishedOnly: true })).length > 0 ? profile : null;
}

/**
 * Whether a published area's public profile shows anything (a published indicator with a value for
 * the area, its district or the city): the area's website links to the profile only then.
 */
export async function hasPublicProfile(db: Db, tenantId: string, slug: string): Promise<boolean> {
  return ((await publicAreaProfile(db, tenantId, slug))?.indicators.length ?? 0) > 0;
}

// ── Choropleth ──────────────────────────────────────────────────────────────────────────────────

export interface ChoroplethQuery {
  indicatorId?: string;
  level?: string;
  period?: string;
}

export interface ChoroplethData {
  indicators: Indicator[];
  indicator: Indicator | null;
  level: MapLevel;
  /** Levels that have areas in this tenant. */
  levels: MapLevel[];
  periods: string[];
  period: string | null;
  areas: {
    id: string;
    name: string;
    slug: string;
    geometry: AreaGeometry | null;
    value: number | null;
    derived: boolean;
  }[];
  programmes: { id: string; name: string; geometry: AreaGeometry }[];
}

async function buildChoropleth(
  db: Db,
  tenantId: string,
  q: ChoroplethQuery,
  publishedOnly: boolean,
): Promise<ChoroplethData> {
  const indicators = await listIndicators(db, tenantId, { publishedOnly });
  const indicator = indicators.find((i) => i.id === q.indicatorId) ?? indicators[0] ?? null;
  const pub = publishedOnly ? { published: true } : {};
  const counts = await Promise.all(
    MAP_LEVELS.map(
      async (kind) => (await listAreas(db, tenantId, { kinds: [kind], limit: 1, ...pub })).length,
    ),
  );
  const levels = MAP_LEVELS.filter((_, i) => counts[i] > 0);
  const level: MapLevel = (levels as readonly string[]).includes(q.level ?? '')
    ? (q.level as MapLevel)
    : (levels[0] ?? 'planungsraum');
  const periods = indicator ? await periodsOf(db, tenantId, indicator.id) : [];
  const period = periods.includes(q.period ?? '') ? q.period! : (periods[periods.length - 1] ?? null);
  const [list, shapes, programmes] = await Promise.all([
    listAreas(db, tenantId, { kinds: [level], limit: 5000, ...pub }),
    boundaries(db, tenantId, { kinds: [level], ...pub }),
    boundaries(db, tenantId, { kinds: ['programme'], ...pub }),
  ]);
  const values =
    indicator && period
      ? await valuesOf(db, tenantId, indicator.id, { periods: [period], areaIds: list.map((a) => a.id) })
      : [];
  const byArea = new Map(values.map((v) => [v.areaId, v]));
  const shapeOf = new Map(shapes.map((s) => [s.id, s.geometry]));
  return {
    indicators,
    indicator,
    level,
    levels,
    periods,
    period,
    areas: list.map((a) => ({
      id: a.id,
      name: a.name,
      slug: a.slug,
      geometry: shapeOf.get(a.id) ?? null,
      value: byArea.get(a.id)?.value ?? null,
      derived: byArea.get(a.id)?.derived ?? false,
    })),
    programmes: programmes.map((p) => ({ id: p.id, name: p.name, geometry: p.geometry })),
  };
}

/** Staff: one indicator (any) over the areas of a level for a period, with the programme areas. */
export async function choropleth(actor: Actor, db: Db, q: ChoroplethQuery): Promise<ChoroplethData> {
  authorize(actor, READ);
  return buildChoropleth(db, actor.tenantId, q, false);
}

/** The public map: published indicators over published areas; null when nothing is published. */
export async function publicChoropleth(
  db: Db,
  tenantId: string,
  q: ChoroplethQuery,
): Promise<ChoroplethData | null> {
  const data = await buildChoropleth(db, tenantId, q, true);
  return data.indicator ? data : null;
}

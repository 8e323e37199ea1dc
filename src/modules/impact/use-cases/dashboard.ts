/**
 * The KPI dashboard (IMPACT-1): every module's figures (their manifests' `figures`, never counted
 * again here) for an area with everything below it, or the whole tenant, in a period against the
 * same period a year before; and the areas side by side. Nothing is cached: records change all day
 * and a dashboard must show them.
 */
import { type Actor, authorize } from '../../../platform/authz.ts';
import type { Services } from '../../../platform/http/context.ts';
import type { FigureDefinition } from '../../../platform/modules.ts';
import { addDays, dayStart } from '../../../platform/time/index.ts';
import { areaChoices, descendantIds, getArea, listAreas } from '../../areas/index.ts';
import { type Change, change, combineAreas, mapLimit } from '../domain/figures.ts';
import { type Period, yearBefore } from '../domain/period.ts';
import { authorizeIn, READ, readScope } from '../policies.ts';
import { pathOf } from './shared.ts';
import { type ReportStatistic, statisticsOf } from './statistics.ts';

/** How many figure questions run at once: enough to overlap round trips, few enough for the pool. */
export const PARALLEL = 6;

export interface FigureInfo {
  key: string;
  module: string;
  /** Translation key (`<module>:…`). */
  label: string;
  unit: FigureDefinition['unit'];
  areas: FigureDefinition['areas'];
  time: FigureDefinition['time'];
}

interface Figure extends FigureInfo {
  def: FigureDefinition;
}

/** Every figure of the running app, in mount order. */
export function allFigures(services: Services): Figure[] {
  return services.modules.flatMap((m) =>
    (m.figures ?? []).map((def) => ({
      key: def.key,
      module: m.name,
      label: def.label,
      unit: def.unit,
      areas: def.areas,
      time: def.time,
      def,
    })),
  );
}

export const figureInfo = ({ def: _def, ...info }: Figure): FigureInfo => info;

interface Question {
  f: Figure;
  areaIds: string[] | null;
  period: Period;
}

/** Asks every question, at most PARALLEL at once, and answers in their order. */
async function ask(services: Services, tenantId: string, questions: readonly Question[]): Promise<number[]> {
  return mapLimit(questions, PARALLEL, ({ f, areaIds, period }) =>
    f.def.compute(services, tenantId, { areaIds, from: dayStart(period.from), to: dayStart(period.to) }),
  );
}

/** Asks each figure once per period; `areaIds` already expanded (null = the whole tenant). */
export async function computeFigures(
  services: Services,
  tenantId: string,
  figures: readonly Figure[],
  areaIds: string[] | null,
  periods: readonly Period[],
): Promise<number[][]> {
  const values = await ask(
    services,
    tenantId,
    figures.flatMap((f) => periods.map((period) => ({ f, areaIds, period }))),
  );
  return figures.map((_f, fi) => periods.map((_p, pi) => values[fi * periods.length + pi]));
}

export interface DashboardRow extends FigureInfo, Change {}

export interface Dashboard {
  /** The chosen area (null: the whole tenant). */
  area: { id: string; name: string; kind: string } | null;
  period: Period;
  previous: Period;
  rows: DashboardRow[];
  /**
   * For an area: its official statistics (the profile's published indicators) up to the period's
   * year, so the neighbourhood's own activity and the statistics stand on one page.
   */
  statistics: ReportStatistic[];
}

/**
 * Checks that the member may read the figures of the area (404 outside their areas) or, without an
 * area, of the whole tenant (a tenant-wide grant), and answers the area with everything below it.
 */
async function areaOfQuestion(actor: Actor, services: Services, areaId: string | null) {
  authorize(actor, READ);
  if (!areaId) {
    authorize(actor, READ, []);
    return { area: null, areaIds: null };
  }
  const path = await pathOf(services.db, actor.tenantId, areaId);
  authorizeIn(actor, path, READ);
  const a = (await getArea(services.db, actor.tenantId, areaId))!;
  return {
    area: { id: a.id, name: a.name, kind: a.kind },
    areaIds: await descendantIds(services.db, actor.tenantId, areaId),
  };
}

/** The figures of an area (with everything below it) or of the tenant: the period and the year before. */
export async function dashboardFor(
  actor: Actor,
  services: Services,
  q: { areaId: string | null; period: Period },
): Promise<Dashboard> {
  const { area, areaIds } = await areaOfQuestion(actor, services, q.areaId);
  const figures = allFigures(services);
  const previous = yearBefore(q.period);
  const values = await computeFigures(services, actor.tenantId, figures, areaIds, [q.period, previous]);
  return {
    area,
    period: q.period,
    previous,
    rows: figures.map((f, i) => ({ ...figureInfo(f), ...change(values[i][0], values[i][1]) })),
    statistics: area
      ? await statisticsOf(services.db, actor.tenantId, area.id, Number(addDays(q.period.to, -1).slice(0, 4)))
      : [],
  };
}

export interface SideBySide {
  /** The area whose parts are compared (null: the member's programme areas). */
  parent: { id: string; name: string } | null;
  period: Period;
  figures: FigureInfo[];
  areas: { id: string; name: string; values: number[] }[];
  /** All areas shown together: summed where a figure adds up, asked again for the union otherwise. */
  total: number[];
}

/**
 * The areas side by side for area coordinators: the parts of an area (its children), or without
 * one the programme areas the member reads, each with every figure of the period.
 */
export async function areasSideBySide(
  actor: Actor,
  services: Services,
  q: { parentId: string | null; period: Period },
): Promise<SideBySide> {
  authorize(actor, READ);
  const { db } = services;
  const scope = readScope(actor);
  let parent: SideBySide['parent'] = null;
  let list: { id: string; name: string }[];
  if (q.parentId) {
    const path = await pathOf(db, actor.tenantId, q.parentId);
    authorizeIn(actor, path, READ);
    const a = (await getArea(db, actor.tenantId, q.parentId))!;
    parent = { id: a.id, name: a.name };
    list = (await listAreas(db, actor.tenantId, { parentId: a.id, limit: 500 })).map((x) => ({
      id: x.id,
      name: x.name,
    }));
  } else {
    list = (await areaChoices(db, actor.tenantId, scope, ['programme'])).map((x) => ({
      id: x.value,
      name: x.label,
    }));
  }
  list = list.slice(0, 500).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const figures = allFigures(services);
  const expanded = await mapLimit(list, PARALLEL, (a) => descendantIds(db, actor.tenantId, a.id));
  // One queue for every area's figures and the totals asked again, so at most PARALLEL run at once.
  // Sibling areas do not overlap, so a figure that adds up over areas adds up over the rows; the
  // others ('recompute': distinct people, shares) are asked again for the union of the rows' areas.
  const union = [...new Set(expanded.flat())];
  const again = figures.filter((f) => f.areas === 'recompute');
  const values = await ask(services, actor.tenantId, [
    ...expanded.flatMap((areaIds) => figures.map((f) => ({ f, areaIds, period: q.period }))),
    ...again.map((f) => ({ f, areaIds: union, period: q.period })),
  ]);
  const n = figures.length;
  const perArea = list.map((_a, i) => values.slice(i * n, (i + 1) * n));
  const recomputed = values.slice(list.length * n);
  const total = figures.map((f, fi) => {
    const summed = combineAreas(
      perArea.map((row) => row[fi]),
      f.areas,
    );
    return summed ?? recomputed[again.indexOf(f)];
  });
  return {
    parent,
    period: q.period,
    figures: figures.map(figureInfo),
    areas: list.map((a, i) => ({ ...a, values: perArea[i] })),
    total,
  };
}

/**
 * The annual report (Sachbericht, IMPACT-2) of an area and a year: the team's texts per section and
 * the year's figures against the year before. A draft shows the figures as they are now; finalising
 * keeps them (the snapshot), so records changed later never rewrite a finalised report.
 */
import { and, desc, eq } from 'drizzle-orm';
import { type Actor, authorize, scopeFilter } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { parseInput } from '../../../platform/forms/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { descendantIds, getArea } from '../../areas/index.ts';
import { reports, type SnapshotFigure } from '../db/schema.ts';
import { change, combineTime } from '../domain/figures.ts';
import { quartersOf, yearPeriod } from '../domain/period.ts';
import { authorizeIn, FINALISE, MANAGE, READ, readScope } from '../policies.ts';
import { REPORT_SECTIONS, type ReportTextsInput, reportTextsInput } from '../schemas.ts';
import { allFigures, computeFigures } from './dashboard.ts';
import { audit, pathOf } from './shared.ts';
import { type ReportStatistic, statisticsOf } from './statistics.ts';

export type Report = typeof reports.$inferSelect;

export const MIN_REPORT_YEAR = 2000;
export const MAX_REPORT_YEAR = 2100;

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < MIN_REPORT_YEAR || year > MAX_REPORT_YEAR)
    throw new ValidationError({ year: 'impact:errors.year' });
}

async function reportRow(db: Db, tenantId: string, areaId: string, year: number) {
  const [row] = await db
    .select()
    .from(reports)
    .where(and(ofTenant(reports, tenantId), eq(reports.areaId, areaId), eq(reports.year, year)))
    .limit(1);
  return row;
}

/** The area checked for the member (404 outside their areas, 403 without the permission there). */
async function checkedArea(actor: Actor, db: Db, areaId: string, permission: string) {
  authorize(actor, permission);
  const path = await pathOf(db, actor.tenantId, areaId);
  authorizeIn(actor, path, permission);
  const area = (await getArea(db, actor.tenantId, areaId))!;
  return { area, path };
}

/**
 * The year's figures of the area (with everything below it): each quarter, the year and the year
 * before. The year comes from the quarters as the figure's `time` says (flows added, stocks the last
 * quarter's); a figure that says 'recompute' is asked for the whole year.
 */
export async function yearFigures(
  services: Services,
  tenantId: string,
  areaId: string,
  year: number,
): Promise<SnapshotFigure[]> {
  const figures = allFigures(services);
  const areaIds = await descendantIds(services.db, tenantId, areaId);
  const periods = [...quartersOf(year), yearPeriod(year - 1)];
  const values = await computeFigures(services, tenantId, figures, areaIds, periods);
  const again = figures.filter((f) => f.time === 'recompute');
  const whole = await computeFigures(services, tenantId, again, areaIds, [yearPeriod(year)]);
  return figures.map((f, i) => {
    const quarters = values[i].slice(0, 4);
    return {
      key: f.key,
      module: f.module,
      label: f.label,
      unit: f.unit,
      quarters,
      current: combineTime(quarters, f.time) ?? whole[again.indexOf(f)][0],
      previous: values[i][4],
    };
  });
}

export interface ReportView {
  area: { id: string; name: string };
  year: number;
  report: Report;
  texts: Record<string, string>;
  final: boolean;
  figures: (SnapshotFigure & ReturnType<typeof change>)[];
  /** The area's official statistics (the profile's published indicators) up to the report's year. */
  statistics: ReportStatistic[];
}

/** The report by its id, checked for the member (404 outside their areas, 403 without the permission). */
async function reportById(actor: Actor, db: Db, id: string, permission: string): Promise<Report> {
  authorize(actor, permission);
  const [row] = await db
    .select()
    .from(reports)
    .where(and(ofTenant(reports, actor.tenantId), eq(reports.id, id)))
    .limit(1);
  if (!row) throw new AppError(404, 'report_not_found');
  authorizeIn(actor, row.areaIds, permission);
  return row;
}

/** The report of an area and a year: the one there is, or a new empty draft. */
export async function openReport(
  actor: Actor,
  db: Db,
  input: { areaId: string; year: number },
): Promise<Report> {
  authorize(actor, MANAGE);
  checkYear(input.year);
  const { area, path } = await checkedArea(actor, db, input.areaId, MANAGE);
  const found = await reportRow(db, actor.tenantId, area.id, input.year);
  if (found) return found;
  const [row] = await db
    .insert(reports)
    .values({
      tenantId: actor.tenantId,
      id: newId(),
      areaId: area.id,
      areaIds: path,
      year: input.year,
      createdBy: actor.userId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (row) await audit(db, actor, 'create', 'report', row.id, { year: input.year });
  return row ?? (await reportRow(db, actor.tenantId, area.id, input.year))!;
}

/** The report as the team sees it: the snapshot once final, else the figures as they are now. */
export async function reportFor(actor: Actor, services: Services, id: string): Promise<ReportView> {
  const report = await reportById(actor, services.db, id, READ);
  const area = await getArea(services.db, actor.tenantId, report.areaId);
  const final = report.status === 'final' && !!report.snapshot;
  const figures = final
    ? report.snapshot!
    : await yearFigures(services, actor.tenantId, report.areaId, report.year);
  return {
    area: { id: report.areaId, name: area?.name ?? '' },
    year: report.year,
    report,
    texts: Object.fromEntries(REPORT_SECTIONS.map((s) => [s, report.texts[s] ?? ''])),
    final,
    figures: figures.map((f) => ({ ...f, ...change(f.current, f.previous) })),
    statistics: await statisticsOf(services.db, actor.tenantId, report.areaId, report.year),
  };
}

/** The team writes the texts of a draft; a finalised report is opened again first. */
export async function saveReportTexts(
  actor: Actor,
  db: Db,
  id: string,
  input: ReportTextsInput,
): Promise<Report> {
  const found = await reportById(actor, db, id, MANAGE);
  const texts = parseInput(reportTextsInput, input);
  if (found.status === 'final') throw new ValidationError({ situation: 'impact:errors.finalised' });
  const [row] = await db
    .update(reports)
    .set({ texts, updatedAt: new Date() })
    .where(and(ofTenant(reports, actor.tenantId), eq(reports.id, found.id)))
    .returning();
  await audit(db, actor, 'update', 'report', row.id, { year: row.year });
  return row;
}

/** Finalises the report: the figures as they are now are kept with it. */
export async function finaliseReport(actor: Actor, services: Services, id: string): Promise<Report> {
  const found = await reportById(actor, services.db, id, FINALISE);
  if (found.status === 'final') throw new AppError(409, 'report_finalised');
  const snapshot = await yearFigures(services, actor.tenantId, found.areaId, found.year);
  const [row] = await services.db
    .update(reports)
    .set({
      status: 'final',
      snapshot,
      finalisedAt: new Date(),
      finalisedBy: actor.userId ?? null,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(reports, actor.tenantId), eq(reports.id, found.id)))
    .returning();
  await audit(services.db, actor, 'finalise', 'report', row.id, { year: row.year });
  return row;
}

/** Opens a finalised report again as a draft: its figures are live again until it is finalised anew. */
export async function reopenReport(actor: Actor, db: Db, id: string): Promise<Report> {
  const found = await reportById(actor, db, id, FINALISE);
  if (found.status !== 'final') throw new AppError(409, 'report_not_final');
  const [row] = await db
    .update(reports)
    .set({ status: 'draft', snapshot: null, finalisedAt: null, finalisedBy: null, updatedAt: new Date() })
    .where(and(ofTenant(reports, actor.tenantId), eq(reports.id, found.id)))
    .returning();
  await audit(db, actor, 'reopen', 'report', row.id, { year: row.year });
  return row;
}

/** The reports of the member's areas, newest year first. */
export async function listReportsFor(actor: Actor, db: Db): Promise<Report[]> {
  authorize(actor, READ);
  return db
    .select()
    .from(reports)
    .where(and(ofTenant(reports, actor.tenantId), scopeFilter(reports.areaIds, readScope(actor))))
    .orderBy(desc(reports.year))
    .limit(500);
}

export type { ReportStatistic };

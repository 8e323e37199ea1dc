/**
 * The public list of funded projects of an area and year (FUND-5, CAL-5): every application granted
 * money in a fund-year of that year whose project lies in the area or below it (or, with no project
 * area, whose fund does), with its title, a short description, the amount, the fund, the area and the
 * photos the applicant allowed to show. Never the applicant, never a receipt. No account asks.
 */
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { expandScope, listAreas } from '../../areas/index.ts';
import { applications, funds, fundYears, settlementFiles } from '../db/schema.ts';

const FUNDED = ['granted', 'settlement', 'settled', 'closed'] as const;
/** How much of a description the list shows. */
export const SHORT = 240;

export interface FundedProject {
  id: string;
  title: string;
  description: string;
  grantedCents: number;
  fundName: string;
  areaId: string | null;
  areaName: string | null;
  photos: { file: string; caption: string }[];
}

const shorten = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > SHORT ? `${one.slice(0, SHORT - 1).trimEnd()}…` : one;
};

/** The funded projects of an area (and the areas below it) in one year, and the years that have any. */
export async function fundedProjectsOf(
  db: Db,
  tenantId: string,
  areaId: string,
  year: number | null,
): Promise<{ year: number | null; years: number[]; projects: FundedProject[] }> {
  const ids = (await expandScope(db, tenantId, [areaId])) ?? [areaId];
  const rows = await db
    .select({
      id: applications.id,
      title: applications.title,
      description: applications.description,
      grantedCents: applications.grantedCents,
      areaId: applications.areaId,
      fundAreaId: funds.areaId,
      fundName: funds.name,
      year: fundYears.year,
    })
    .from(applications)
    .innerJoin(funds, and(eq(funds.tenantId, applications.tenantId), eq(funds.id, applications.fundId)))
    .innerJoin(
      fundYears,
      and(eq(fundYears.tenantId, applications.tenantId), eq(fundYears.id, applications.fundYearId)),
    )
    .where(
      and(
        ofTenant(applications, tenantId),
        inArray(applications.status, [...FUNDED]),
        isNotNull(applications.grantedCents),
      ),
    )
    .orderBy(desc(fundYears.year), asc(applications.title), asc(applications.id));
  const inArea = rows.filter((r) => {
    const where = r.areaId ?? r.fundAreaId;
    return where !== null && ids.includes(where);
  });
  const years = [...new Set(inArea.map((r) => r.year))].sort((a, b) => b - a);
  const chosen = year ?? years[0] ?? null;
  const chosenRows = inArea.filter((r) => r.year === chosen);
  const photos = chosenRows.length
    ? await db
        .select()
        .from(settlementFiles)
        .where(
          and(
            ofTenant(settlementFiles, tenantId),
            eq(settlementFiles.kind, 'photo'),
            eq(settlementFiles.consent, true),
            inArray(
              settlementFiles.applicationId,
              chosenRows.map((r) => r.id),
            ),
          ),
        )
        .orderBy(asc(settlementFiles.createdAt), asc(settlementFiles.id))
    : [];
  const areaIds = [
    ...new Set(chosenRows.map((r) => r.areaId ?? r.fundAreaId).filter((x): x is string => !!x)),
  ];
  const names = new Map(
    areaIds.length
      ? (await listAreas(db, tenantId, { ids: areaIds, limit: 1000 })).map((a) => [a.id, a.name])
      : [],
  );
  return {
    year: chosen,
    years,
    projects: chosenRows.map((r) => {
      const where = r.areaId ?? r.fundAreaId;
      return {
        id: r.id,
        title: r.title,
        description: shorten(r.description),
        grantedCents: r.grantedCents ?? 0,
        fundName: r.fundName,
        areaId: where,
        areaName: where ? (names.get(where) ?? null) : null,
        photos: photos
          .filter((p) => p.applicationId === r.id)
          .map((p) => ({
            file: `${p.id}.${p.contentType === 'image/png' ? 'png' : 'jpeg'}`,
            caption: p.caption,
          })),
      };
    }),
  };
}

/** A published photo: a photo with consent of a funded project (else nothing, and the route is 404). */
export async function publishedPhoto(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ contentType: settlementFiles.contentType, status: applications.status })
    .from(settlementFiles)
    .innerJoin(
      applications,
      and(
        eq(applications.tenantId, settlementFiles.tenantId),
        eq(applications.id, settlementFiles.applicationId),
      ),
    )
    .where(
      and(
        ofTenant(settlementFiles, tenantId),
        eq(settlementFiles.id, id),
        eq(settlementFiles.kind, 'photo'),
        eq(settlementFiles.consent, true),
      ),
    );
  if (!row || !(FUNDED as readonly string[]).includes(row.status)) return undefined;
  return { imageType: row.contentType, status: 'published' };
}

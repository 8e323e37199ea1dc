/**
 * The Prüfsteine self-assessment (COORD-5): once a year district coordination rates each of the ten
 * Prüfsteine of seed 004 for the whole district (tenant), with a comment and evidence (links to pages
 * of Quartier). Everyone who reads coordination reads it, with the trend against earlier years.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, authorizeTenantWide, canTenantWide } from '../../../platform/authz.ts';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { pruefsteinRatings } from '../db/resources.ts';
import {
  type Evidence,
  internalPath,
  PRUEFSTEINE,
  type Pruefstein,
  pruefstein,
  type Trend,
  trendOf,
} from '../domain/pruefsteine.ts';
import { YEAR_MAX, YEAR_MIN } from '../domain/resources.ts';
import { READ, ROUTE } from '../policies.ts';
import { parse } from '../schemas.ts';
import { type RatingInput, ratingInput } from '../schemas-resources.ts';

export type PruefsteinRating = typeof pruefsteinRatings.$inferSelect;

/** The last year an assessment may be made for: next year. Earlier and later years can be read. */
export const lastRatingYear = (): number => Number(todayLocal().slice(0, 4)) + 1;
const checkYear = (year: number, last = YEAR_MAX) => {
  if (!Number.isInteger(year) || year < YEAR_MIN || year > last) throw new AppError(404, 'year_not_found');
};

export interface PruefsteinItem {
  pruefstein: Pruefstein;
  rating: PruefsteinRating | null;
  trend: Trend;
  previous: { year: number; rating: number } | null;
}

export interface Assessment {
  year: number;
  items: PruefsteinItem[];
  /** Rated of the ten this year. */
  rated: number;
  /** The years with ratings (and this one), oldest first, for the trend table. */
  years: number[];
  /** Prüfstein → year → rating. */
  history: Record<number, Record<number, number>>;
  /** May the member rate (district coordination)? */
  mayEdit: boolean;
}

/** The assessment of one year: the ten Prüfsteine with rating, comment, evidence and trend; the trend table. */
export async function assessmentFor(actor: Actor, db: Db, year: number): Promise<Assessment> {
  authorize(actor, READ);
  checkYear(year);
  const all = await db
    .select()
    .from(pruefsteinRatings)
    .where(ofTenant(pruefsteinRatings, actor.tenantId))
    .orderBy(asc(pruefsteinRatings.year), asc(pruefsteinRatings.pruefstein));
  const history: Record<number, Record<number, number>> = {};
  for (const r of all) history[r.pruefstein] = { ...history[r.pruefstein], [r.year]: r.rating };
  const items = PRUEFSTEINE.map((p) => {
    const rating = all.find((r) => r.pruefstein === p.number && r.year === year) ?? null;
    const earlier = all
      .filter((r) => r.pruefstein === p.number)
      .map((r) => ({ year: r.year, rating: r.rating }));
    return { pruefstein: p, rating, ...trendOf(rating?.rating ?? null, earlier, year) };
  });
  return {
    year,
    items,
    rated: items.filter((i) => i.rating).length,
    years: [...new Set([...all.map((r) => r.year), year])].sort((a, b) => a - b),
    history,
    mayEdit: canTenantWide(actor, ROUTE),
  };
}

/** Where the district's pages are: its slug and the installation's address (for evidence links). */
export interface Site {
  slug: string;
  baseUrl: string;
}

/**
 * Rates one Prüfstein for a year (again: the rating, comment and evidence are replaced). Each
 * evidence row needs a label and a link to a page of this tenant in Quartier; a row left empty is
 * dropped. Problems are named at their field (`evidence.2.link`).
 */
export async function ratePruefstein(
  actor: Actor,
  db: Db,
  year: number,
  number: number,
  input: RatingInput,
  site: Site,
): Promise<PruefsteinRating> {
  authorizeTenantWide(actor, ROUTE);
  checkYear(year, lastRatingYear());
  if (!pruefstein(number)) throw new AppError(404, 'pruefstein_not_found');
  const errors: Record<string, string> = {};
  let v: ReturnType<typeof ratingInput.parse> | undefined;
  try {
    v = parse(ratingInput, input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    Object.assign(errors, err.fields);
  }
  const evidence: Evidence[] = [];
  (v?.evidence ?? input.evidence ?? []).forEach((e, i) => {
    const label = (e.label ?? '').trim();
    const link = (e.link ?? '').trim();
    if (!label && !link) return;
    if (!label) errors[`evidence.${i}.label`] ??= 'validation.required';
    if (!link) {
      errors[`evidence.${i}.link`] ??= 'validation.required';
      return;
    }
    const p = internalPath(link, site);
    if ('error' in p) errors[`evidence.${i}.link`] ??= p.error;
    else if (label) evidence.push({ label, ...p });
  });
  if (Object.keys(errors).length > 0 || !v) throw new ValidationError(errors);
  const rating = v;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ rating: pruefsteinRatings.rating })
      .from(pruefsteinRatings)
      .where(
        and(
          ofTenant(pruefsteinRatings, actor.tenantId),
          eq(pruefsteinRatings.year, year),
          eq(pruefsteinRatings.pruefstein, number),
        ),
      );
    const values = {
      rating: rating.rating,
      comment: rating.comment,
      evidence,
      updatedBy: actor.userId ?? null,
    };
    const [row] = await tx
      .insert(pruefsteinRatings)
      .values({ tenantId: actor.tenantId, year, pruefstein: number, ...values })
      .onConflictDoUpdate({
        target: [pruefsteinRatings.tenantId, pruefsteinRatings.year, pruefsteinRatings.pruefstein],
        set: { ...values, updatedAt: sql`now()` },
      })
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: before ? 'update' : 'create',
      entityType: 'coordination_pruefstein',
      entityId: `${year}-${number}`,
      details: {
        year,
        pruefstein: number,
        rating: rating.rating,
        ...(before ? { before: before.rating } : {}),
        evidence: evidence.length,
      },
    });
    return row;
  });
}

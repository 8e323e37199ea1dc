/**
 * The public side of funds (FUND-1, FUND-5): the calls of the funds that take applications now, and
 * one fund's call — its purpose, who may apply, the rules, the next deadlines (derived from the
 * deciding body's sessions: only their dates are shown), what is left of this year's budget where
 * the fund shows it, and the projects funded so far (title, amount, area; never the applicant).
 * No account asks: everything here is public by nature.
 */
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { listAreas } from '../../areas/index.ts';
import { meetingsOfBody } from '../../councils/index.ts';
import { type SessionDeadline, sessionDeadlines } from '../domain/rules.ts';
import {
  type Fund,
  type FundYear,
  findFundYear,
  getFund,
  listChildFunds,
  listFundedProjects,
  listFunds,
  listFundYears,
} from '../queries.ts';

/** Free to commit (the row's balances are kept by the database from the ledger). */
const available = (y: FundYear) =>
  y.budgetCents + y.carriedInCents - y.committedCents - y.lapsedCents - y.carriedOutCents;

/** How many coming deadlines a call lists. */
export const DEADLINES_LISTED = 4;

export interface PublicCall {
  fund: Fund;
  areaName: string | null;
  /** This year's fund-year when it is set up and not closed: the fund takes applications. */
  year: FundYear | null;
  /** What is left of this year's budget; null when the fund does not show it or has no open year. */
  availableCents: number | null;
  /** The coming sessions of the deciding body with the last day to apply for each. */
  deadlines: SessionDeadline[];
  funded: { id: string; title: string; grantedCents: number; areaName: string | null; year: number | null }[];
}

/** The fund's year that takes applications today (none for an archived fund or a split one). */
async function openYear(db: Db, tenantId: string, fund: Fund): Promise<FundYear | null> {
  if (fund.archivedAt) return null;
  // A city-wide fund shared out to working groups takes applications through their funds.
  if ((await listChildFunds(db, tenantId, fund.id)).length > 0) return null;
  const fy = await findFundYear(db, tenantId, fund.id, Number(todayLocal().slice(0, 4)));
  return fy && !fy.closedAt ? fy : null;
}

async function deadlinesOf(db: Db, tenantId: string, fund: Fund): Promise<SessionDeadline[]> {
  if (!fund.decidingBodyId) return [];
  const today = todayLocal();
  const meetings = await meetingsOfBody(db, tenantId, fund.decidingBodyId);
  return sessionDeadlines(
    meetings.map((m) => ({ id: m.id, startsAt: m.startsAt, status: m.status })),
    fund.deadlineDaysBeforeSession,
  )
    .filter((d) => d.deadline >= today)
    .slice(0, DEADLINES_LISTED);
}

async function areaNames(db: Db, tenantId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map<string, string>();
  return new Map((await listAreas(db, tenantId, { ids: wanted })).map((a) => [a.id, a.name]));
}

/** The funds that take applications now, by name, with their next deadline. */
export async function openCalls(db: Db, tenantId: string): Promise<PublicCall[]> {
  const all = await listFunds(db, tenantId, null);
  const calls: PublicCall[] = [];
  for (const fund of all) {
    const year = await openYear(db, tenantId, fund);
    if (!year) continue;
    calls.push({
      fund,
      areaName: null,
      year,
      availableCents: fund.publicBalance ? available(year) : null,
      deadlines: (await deadlinesOf(db, tenantId, fund)).slice(0, 1),
      funded: [],
    });
  }
  const names = await areaNames(
    db,
    tenantId,
    calls.map((c) => c.fund.areaId),
  );
  return calls.map((c) => ({ ...c, areaName: c.fund.areaId ? (names.get(c.fund.areaId) ?? null) : null }));
}

/** One fund's call page (404 for an unknown or archived fund). */
export async function publicCall(db: Db, tenantId: string, fundId: string): Promise<PublicCall> {
  const fund = await getFund(db, tenantId, fundId);
  if (!fund || fund.archivedAt) throw new AppError(404, 'fund_not_found');
  const year = await openYear(db, tenantId, fund);
  const funded = await listFundedProjects(db, tenantId, fund.id);
  const years = new Map((await listFundYears(db, tenantId, fund.id)).map((y) => [y.id, y.year]));
  const names = await areaNames(db, tenantId, [fund.areaId, ...funded.map((f) => f.areaId)]);
  return {
    fund,
    areaName: fund.areaId ? (names.get(fund.areaId) ?? null) : null,
    year,
    availableCents: year && fund.publicBalance ? available(year) : null,
    deadlines: year ? await deadlinesOf(db, tenantId, fund) : [],
    funded: funded.map((f) => ({
      id: f.id,
      title: f.title,
      grantedCents: f.grantedCents ?? 0,
      areaName: f.areaId ? (names.get(f.areaId) ?? null) : null,
      year: years.get(f.fundYearId) ?? null,
    })),
  };
}

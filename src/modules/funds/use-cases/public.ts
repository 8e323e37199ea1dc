/**
 * The public side of funds (FUND-1, FUND-5): the calls of the funds that take applications now, and
 * one fund's call — its purpose, who may apply, the rules, the next deadlines (derived from the
 * deciding body's sessions: only their dates are shown), what is left of this year's budget where
 * the fund shows it, and the projects funded so far (title, amount, area; never the applicant).
 * No account asks: everything here is public by nature.
 */
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formatMoney, withParams } from '../../../platform/i18n/index.ts';
import { formatDate, todayLocal } from '../../../platform/time/index.ts';
import { listAreas } from '../../areas/index.ts';
import { meetingsOfBody } from '../../councils/index.ts';
import { checkRules, nextSessionFor, type SessionDeadline, sessionDeadlines } from '../domain/rules.ts';
import type { CostKind } from '../domain/vocab.ts';
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
import { rulesOf } from './shared.ts';

/** Applications started per client address and per e-mail address (the link goes by mail); form and API. */
export const APPLY_LIMIT = { perIp: 10, perEmail: 5, windowSeconds: 3600 };
/** Private-link pages per client address: enough for an applicant, too few to guess links. */
export const LINK_LIMIT = { perIp: 60, windowSeconds: 600 };

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
  return new Map(
    (await listAreas(db, tenantId, { ids: wanted, published: true })).map((a) => [a.id, a.name]),
  );
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

/** A rule of the fund the applicant's project does not meet yet, at the form's field. */
export interface RuleProblem {
  /** `costLines`, `costLines.N.costKind`, `ownMoneyCents` or `startsOn`. */
  field: string;
  problem: 'overCap' | 'kindNotAllowed' | 'ownTooLow' | 'startTooEarly' | 'startNeeded';
  /** Cents or a date (YYYY-MM-DD) the message names. */
  value?: number | string;
}

/**
 * The fund's rules checked on the applicant's project before it is sent (as the eligibility check
 * will): over the cap, a kind of cost the fund does not pay, too small an own contribution, a start
 * before the session that decides it. Without a coming session the dates are not checked (the call
 * says the applicant may apply now; staff see it in the eligibility check).
 */
export async function applicantRuleProblems(
  db: Db,
  tenantId: string,
  fund: Fund,
  app: {
    costLines: readonly { item: string; costKind: string; amountCents: number }[];
    ownMoneyCents: number;
    volunteerHours: number;
    startsOn: string | null;
  },
): Promise<RuleProblem[]> {
  const meetings = fund.decidingBodyId ? await meetingsOfBody(db, tenantId, fund.decidingBodyId) : [];
  const sessions = meetings.map((m) => ({ id: m.id, startsAt: m.startsAt, status: m.status }));
  const facts = { ...app, costLines: app.costLines.map((l) => ({ ...l, costKind: l.costKind as CostKind })) };
  const checks = checkRules(rulesOf(fund), facts, { day: todayLocal(), sessions });
  const next = nextSessionFor(sessions, fund.deadlineDaysBeforeSession, todayLocal());
  const out: RuleProblem[] = [];
  for (const c of checks) {
    if (c.ok) continue;
    if (c.rule === 'cap') out.push({ field: 'costLines', problem: 'overCap', value: fund.capCents ?? 0 });
    if (c.rule === 'own_contribution')
      out.push({ field: 'ownMoneyCents', problem: 'ownTooLow', value: Number(c.params.required) });
    if (c.rule === 'cost_kinds')
      facts.costLines.forEach((l, i) => {
        if (!fund.allowedCostKinds.includes(l.costKind))
          out.push({ field: `costLines.${i}.costKind`, problem: 'kindNotAllowed' });
      });
    if (c.rule === 'start_date' && next)
      out.push({
        field: 'startsOn',
        problem: app.startsOn ? 'startTooEarly' : 'startNeeded',
        value: next.date,
      });
  }
  return out;
}

/**
 * The problems as messages at the input's fields (translation keys with their parameters; amounts
 * and dates written for the language): the form maps the fields to its own, the API names them.
 */
export function ruleProblemMessages(problems: RuleProblem[], lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    if (p.problem === 'overCap')
      out[p.field] = withParams('funds:errors.overCap', { cap: formatMoney(Number(p.value), lang) });
    else if (p.problem === 'ownTooLow')
      out[p.field] = withParams('funds:errors.ownTooLow', { required: formatMoney(Number(p.value), lang) });
    else if (p.problem === 'kindNotAllowed') out[p.field] = 'funds:errors.kindNotAllowed';
    else
      out[p.field] = withParams(`funds:errors.${p.problem}`, { session: formatDate(String(p.value), lang) });
  }
  return out;
}

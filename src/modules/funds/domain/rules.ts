/**
 * A fund's rules applied to an application (FUND-2): cap per application, allowed cost kinds, own
 * contribution (money, or volunteer hours at the fund's rate), no start before the decision, and the
 * submission deadline N days before each session of the deciding body. Pure functions: the use cases
 * load the fund, the application and the body's meetings and ask here.
 */
import { addDays, localDate } from '../../../platform/time/index.ts';
import type { CostKind, EligibilityRule } from './vocab.ts';

/** Berlin Aktionsfonds: at most 1,500 € per application. */
export const AKTIONSFONDS_CAP_CENTS = 150_000;
/** Berlin Aktionsfonds: 10,000 € per area and year. */
export const AKTIONSFONDS_BUDGET_CENTS = 1_000_000;

export interface FundRules {
  capCents: number | null;
  /** Empty: every kind of cost. */
  allowedCostKinds: readonly CostKind[];
  /** Own contribution as a share of the total costs, 0–100. */
  ownContributionPercent: number;
  /** What one volunteer hour counts as own contribution; null: hours do not count. */
  volunteerHourRateCents: number | null;
  noStartBeforeDecision: boolean;
  /** Applications are due this many days before each session; null: no deadline. */
  deadlineDaysBeforeSession: number | null;
}

/** The defaults of a fund kind (an Aktionsfonds: 1,500 € cap, material costs only, a small own share). */
export function defaultRules(kind: string): FundRules {
  if (kind === 'action')
    return {
      capCents: AKTIONSFONDS_CAP_CENTS,
      allowedCostKinds: ['material'],
      ownContributionPercent: 10,
      volunteerHourRateCents: 1_500,
      noStartBeforeDecision: true,
      deadlineDaysBeforeSession: 7,
    };
  return {
    capCents: null,
    allowedCostKinds: [],
    ownContributionPercent: 0,
    volunteerHourRateCents: null,
    noStartBeforeDecision: true,
    deadlineDaysBeforeSession: null,
  };
}

export interface CostLineInput {
  item: string;
  costKind: CostKind;
  amountCents: number;
}

/** Total of the cost plan, and what the fund is asked for: the total less the own money. */
export function costTotals(lines: readonly CostLineInput[], ownMoneyCents: number) {
  const totalCents = lines.reduce((s, l) => s + l.amountCents, 0);
  return { totalCents, requestedCents: Math.max(0, totalCents - ownMoneyCents) };
}

/** The own contribution required: the fund's share of the total costs, rounded up to the cent. */
export const requiredOwnContribution = (totalCents: number, percent: number): number =>
  Math.ceil((totalCents * percent) / 100);

/** What the applicant brings: own money plus volunteer hours at the fund's rate (none without a rate). */
export const ownContributionValue = (
  ownMoneyCents: number,
  volunteerHours: number,
  rateCents: number | null,
): number => ownMoneyCents + volunteerHours * (rateCents ?? 0);

export interface Session {
  id: string;
  startsAt: Date;
  status: string;
}

export interface SessionDeadline {
  session: Session;
  /** The session's day (Berlin). */
  date: string;
  /** The last day (Berlin) an application for this session may come in. */
  deadline: string;
}

/**
 * Deadlines of the body's sessions: the session's day less the fund's days, for every session that
 * is neither cancelled nor held, in date order. Without a deadline rule the deadline is the day itself.
 */
export function sessionDeadlines(sessions: readonly Session[], days: number | null): SessionDeadline[] {
  return sessions
    .filter((s) => s.status !== 'cancelled' && s.status !== 'held')
    .map((session) => {
      const date = localDate(session.startsAt);
      return { session, date, deadline: addDays(date, -(days ?? 0)) };
    })
    .sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime());
}

/** The first session an application that comes in on `day` can still reach (its deadline not past). */
export function nextSessionFor(
  sessions: readonly Session[],
  days: number | null,
  day: string,
): SessionDeadline | null {
  return sessionDeadlines(sessions, days).find((s) => s.deadline >= day) ?? null;
}

export interface ApplicationFacts {
  costLines: readonly CostLineInput[];
  ownMoneyCents: number;
  volunteerHours: number;
  startsOn: string | null;
}

export interface RuleCheck {
  rule: EligibilityRule;
  ok: boolean;
  /** Translation key (`funds:rules.*`) saying what was found. */
  message: string;
  params: Record<string, string | number>;
}

/**
 * Checks an application against the fund's rules on `day` (the day it comes in or is checked): one
 * result per rule the fund has. `start_date` and `deadline` look at the next session the application
 * can reach; a project must start after that session's day (no funding after the fact).
 */
export function checkRules(
  rules: FundRules,
  app: ApplicationFacts,
  o: { day: string; sessions: readonly Session[] },
): RuleCheck[] {
  const { totalCents, requestedCents } = costTotals(app.costLines, app.ownMoneyCents);
  const out: RuleCheck[] = [];
  if (rules.capCents !== null)
    out.push({
      rule: 'cap',
      ok: requestedCents <= rules.capCents,
      message: requestedCents <= rules.capCents ? 'funds:rules.capOk' : 'funds:rules.capExceeded',
      params: { requested: requestedCents, cap: rules.capCents },
    });
  if (rules.allowedCostKinds.length > 0) {
    const bad = app.costLines.filter((l) => !rules.allowedCostKinds.includes(l.costKind));
    out.push({
      rule: 'cost_kinds',
      ok: bad.length === 0,
      message: bad.length === 0 ? 'funds:rules.costKindsOk' : 'funds:rules.costKindsRefused',
      params: { items: bad.map((l) => l.item).join(', '), allowed: rules.allowedCostKinds.join(', ') },
    });
  }
  if (rules.ownContributionPercent > 0) {
    const required = requiredOwnContribution(totalCents, rules.ownContributionPercent);
    const value = ownContributionValue(app.ownMoneyCents, app.volunteerHours, rules.volunteerHourRateCents);
    out.push({
      rule: 'own_contribution',
      ok: value >= required,
      message: value >= required ? 'funds:rules.ownOk' : 'funds:rules.ownMissing',
      params: { required, value },
    });
  }
  const next = nextSessionFor(o.sessions, rules.deadlineDaysBeforeSession, o.day);
  if (rules.deadlineDaysBeforeSession !== null)
    out.push({
      rule: 'deadline',
      ok: next !== null,
      message: next ? 'funds:rules.deadlineOk' : 'funds:rules.noSession',
      params: next ? { session: next.date, deadline: next.deadline } : {},
    });
  if (rules.noStartBeforeDecision) {
    const ok = !!next && !!app.startsOn && app.startsOn > next.date;
    out.push({
      rule: 'start_date',
      ok,
      message: !next
        ? 'funds:rules.noSession'
        : !app.startsOn
          ? 'funds:rules.startMissing'
          : ok
            ? 'funds:rules.startOk'
            : 'funds:rules.startBeforeDecision',
      params: next ? { session: next.date, start: app.startsOn ?? '' } : {},
    });
  }
  return out;
}

/**
 * What the deciding body may grant: at most what was asked for and at most the fund's cap. Returns
 * the translation key of the problem, or null.
 */
export function grantProblem(grantedCents: number, requestedCents: number, capCents: number | null) {
  if (!Number.isInteger(grantedCents) || grantedCents <= 0) return 'funds:errors.grantPositive';
  if (grantedCents > requestedCents) return 'funds:errors.grantOverRequested';
  if (capCents !== null && grantedCents > capCents) return 'funds:errors.grantOverCap';
  return null;
}

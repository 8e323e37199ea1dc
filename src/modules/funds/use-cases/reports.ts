/**
 * Reports of a fund-year (FUND-5) and its year-end statement (FUND-4). Figures only: counts and
 * amounts per criterion and per target group, and the balances of the fund-year (and of its
 * working groups' shares) — never an applicant's or a group's name, so every reader of the fund
 * (the jury too) may read them and take them into a spreadsheet.
 */
import type { Actor } from '../../../platform/authz.ts';
import { authorize } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { type Balances, balances } from '../domain/ledger.ts';
import { hasGrant } from '../domain/status.ts';
import { loadFundYear, READ } from '../policies.ts';
import {
  type Application,
  type Fund,
  type FundYear,
  findFundYear,
  type LedgerEntry,
  listApplications,
  listChildFunds,
  listLedger,
} from '../queries.ts';

/** One line of a report: what came in under one criterion or target group, and what it got. */
export interface ReportRow {
  /** The criterion or target group as the applications name it; '' for those that name none. */
  key: string;
  /** Applications sent in (drafts never sent are not counted). */
  applications: number;
  granted: number;
  refused: number;
  grantedCents: number;
  /** Paid out less what came back. */
  paidCents: number;
  expectedParticipants: number;
  actualParticipants: number;
}

export interface FundReport {
  fund: Fund;
  fundYear: FundYear;
  byCriterion: ReportRow[];
  byTargetGroup: ReportRow[];
  total: ReportRow;
}

const emptyRow = (key: string): ReportRow => ({
  key,
  applications: 0,
  granted: 0,
  refused: 0,
  grantedCents: 0,
  paidCents: 0,
  expectedParticipants: 0,
  actualParticipants: 0,
});

/** Net paid (payments less returns) per application, from the year's ledger. */
function netPaid(entries: readonly LedgerEntry[]): Map<string, number> {
  const paid = new Map<string, number>();
  for (const e of entries) {
    if (!e.applicationId) continue;
    const sign = e.kind === 'payment' ? 1 : e.kind === 'return' ? -1 : 0;
    if (sign) paid.set(e.applicationId, (paid.get(e.applicationId) ?? 0) + sign * e.amountCents);
  }
  return paid;
}

function add(row: ReportRow, a: Application, paidCents: number): void {
  const granted = hasGrant(a.status) && a.grantedCents !== null;
  row.applications += 1;
  if (granted) row.granted += 1;
  if (a.status === 'refused') row.refused += 1;
  row.grantedCents += granted ? (a.grantedCents ?? 0) : 0;
  row.paidCents += paidCents;
  row.expectedParticipants += a.expectedParticipants ?? 0;
  row.actualParticipants += a.actualParticipants ?? 0;
}

/**
 * Rows per value of one list (criteria or target groups). An application naming two criteria counts
 * under each, so the rows may add up to more than the total; one naming none counts under ''.
 * Order: the fund's own list first (each listed even when no application names it), the rest by
 * name, '' last.
 */
export function reportRows(
  apps: readonly Application[],
  paid: ReadonlyMap<string, number>,
  keysOf: (a: Application) => readonly string[],
  listed: readonly string[] = [],
): ReportRow[] {
  const rows = new Map<string, ReportRow>(listed.map((k) => [k, emptyRow(k)]));
  for (const a of apps) {
    const keys = [...new Set(keysOf(a).map((k) => k.trim()))].filter(Boolean);
    for (const k of keys.length ? keys : ['']) {
      if (!rows.has(k)) rows.set(k, emptyRow(k));
      add(rows.get(k)!, a, paid.get(a.id) ?? 0);
    }
  }
  const rank = (k: string) => (k === '' ? 2 : listed.includes(k) ? 0 : 1);
  return [...rows.values()].sort(
    (x, y) =>
      rank(x.key) - rank(y.key) ||
      (rank(x.key) === 0 ? listed.indexOf(x.key) - listed.indexOf(y.key) : x.key.localeCompare(y.key, 'de')),
  );
}

/** The report of a fund-year: applications, grants, refusals, amounts and participants per criterion and target group. */
export async function fundReportFor(actor: Actor, db: Db, fundYearId: string): Promise<FundReport> {
  authorize(actor, READ);
  const { fund, fundYear } = await loadFundYear(actor, db, fundYearId, READ);
  const apps = (await listApplications(db, actor.tenantId, { fundYearId: fundYear.id })).filter(
    (a) => a.status !== 'draft',
  );
  const paid = netPaid(await listLedger(db, actor.tenantId, fundYear.id));
  const total = emptyRow('');
  for (const a of apps) add(total, a, paid.get(a.id) ?? 0);
  return {
    fund,
    fundYear,
    byCriterion: reportRows(apps, paid, (a) => a.criteria, fund.criteria),
    byTargetGroup: reportRows(apps, paid, (a) => a.targetGroups),
    total,
  };
}

export interface StatementLine {
  fund: Fund;
  fundYear: FundYear;
  balances: Balances;
}

export interface YearStatement {
  fund: Fund;
  fundYear: FundYear;
  /** The fund-year first, then the working groups' shares of a city-wide fund in that year. */
  lines: StatementLine[];
}

/**
 * The year-end statement of a fund-year: budget, carried in, committed, paid, returned, lapsed or
 * carried over and what is left, as its ledger adds them up — for a city-wide fund also each working
 * group's share. Before the year end it is the state of today (the fund-year's `closedAt` says which).
 */
export async function yearStatementFor(actor: Actor, db: Db, fundYearId: string): Promise<YearStatement> {
  authorize(actor, READ);
  const { fund, fundYear } = await loadFundYear(actor, db, fundYearId, READ);
  const line = async (f: Fund, fy: FundYear): Promise<StatementLine> => ({
    fund: f,
    fundYear: fy,
    balances: balances(fy.budgetCents, await listLedger(db, actor.tenantId, fy.id)),
  });
  const lines = [await line(fund, fundYear)];
  for (const child of await listChildFunds(db, actor.tenantId, fund.id)) {
    const fy = await findFundYear(db, actor.tenantId, child.id, fundYear.year);
    if (fy) lines.push(await line(child, fy));
  }
  return { fund, fundYear, lines };
}

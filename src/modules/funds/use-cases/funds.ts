/**
 * Funds and their years (FUND-1): create and change a fund with its rules, set a year's budget,
 * split a city-wide budget across the working groups' funds (each change recorded), read a fund-year
 * with its balances and ledger.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, authorize, scopeOf } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { type AreaChoice, areaChoices, areaPath } from '../../areas/index.ts';
import { bodyFor, listBodiesFor } from '../../councils/index.ts';
import { budgetChanges, funds, fundYears } from '../db/schema.ts';
import { type Balances, balances } from '../domain/ledger.ts';
import { defaultRules } from '../domain/rules.ts';
import { authorizeFund, loadFund, loadFundYear, MANAGE, READ } from '../policies.ts';
import {
  type Application,
  type BudgetChange,
  type Fund,
  type FundYear,
  findFundYear,
  getFund,
  type LedgerEntry,
  listApplications,
  listBudgetChanges,
  listChildFunds,
  listFunds,
  listFundYears,
  listLedger,
  lockFundYear,
} from '../queries.ts';
import {
  type FundInput,
  fundInput,
  parse,
  type SplitInput,
  splitInput,
  type YearBudgetInput,
  yearBudgetInput,
} from '../schemas.ts';
import { audit, refusedBy } from './shared.ts';

async function areaIdsFor(db: Db, tenantId: string, areaId: string | null): Promise<string[]> {
  if (!areaId) return [];
  const path = await areaPath(db, tenantId, areaId);
  if (path.length === 0) throw new ValidationError({ areaId: 'validation.choice' });
  return path.map((a) => a.id);
}

/** A body named by the fund must exist and be readable by the actor (else the field is wrong). */
async function checkBody(actor: Actor, db: Db, bodyId: string | null, field: string) {
  if (!bodyId) return;
  try {
    await bodyFor(actor, db, bodyId);
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 403))
      throw new ValidationError({ [field]: 'validation.choice' });
    throw err;
  }
}

async function checkParent(actor: Actor, db: Db, parentId: string | null, self?: string) {
  if (!parentId) return;
  const parent = await getFund(db, actor.tenantId, parentId);
  if (!parent || parent.id === self || parent.parentFundId)
    throw new ValidationError({ parentFundId: 'validation.choice' });
  authorizeFund(actor, parent, MANAGE);
}

function values(v: ReturnType<typeof fundInput.parse>, areaIds: string[]) {
  const d = defaultRules(v.kind);
  return {
    name: v.name,
    kind: v.kind,
    areaId: v.areaId,
    areaIds,
    workingGroupId: v.workingGroupId,
    decidingBodyId: v.decidingBodyId,
    parentFundId: v.parentFundId,
    fundingSource: v.fundingSource,
    programme: v.programme,
    goals: v.goals,
    criteria: v.criteria,
    targetGroups: v.targetGroups,
    capCents: v.capCents === undefined ? d.capCents : v.capCents,
    allowedCostKinds: v.allowedCostKinds ?? [...d.allowedCostKinds],
    ownContributionPercent: v.ownContributionPercent ?? d.ownContributionPercent,
    volunteerHourRateCents:
      v.volunteerHourRateCents === undefined ? d.volunteerHourRateCents : v.volunteerHourRateCents,
    noStartBeforeDecision: v.noStartBeforeDecision ?? d.noStartBeforeDecision,
    deadlineDaysBeforeSession:
      v.deadlineDaysBeforeSession === undefined ? d.deadlineDaysBeforeSession : v.deadlineDaysBeforeSession,
    yearEndRule: v.yearEndRule,
    publicBalance: v.publicBalance,
  };
}

/** Creates a fund of an area (or of the whole tenant) with its rules; rules left out take the kind's defaults. */
export async function createFund(actor: Actor, db: Db, input: FundInput): Promise<Fund> {
  authorize(actor, MANAGE);
  const v = parse(fundInput, input);
  const areaIds = await areaIdsFor(db, actor.tenantId, v.areaId);
  authorize(actor, MANAGE, areaIds);
  await checkBody(actor, db, v.decidingBodyId, 'decidingBodyId');
  await checkBody(actor, db, v.workingGroupId, 'workingGroupId');
  await checkParent(actor, db, v.parentFundId);
  const [fund] = await db
    .insert(funds)
    .values({ tenantId: actor.tenantId, id: newId(), ...values(v, areaIds), createdBy: actor.userId ?? null })
    .returning();
  await audit(db, actor, actor.tenantId, 'create', 'fund', fund.id, { name: fund.name, kind: fund.kind });
  return fund;
}

/** Changes a fund and its rules (for its area before and after). */
export async function updateFund(actor: Actor, db: Db, fundId: string, input: FundInput): Promise<Fund> {
  authorize(actor, MANAGE);
  const fund = await loadFund(actor, db, fundId, MANAGE);
  const v = parse(fundInput, input);
  const areaIds = await areaIdsFor(db, actor.tenantId, v.areaId);
  authorize(actor, MANAGE, areaIds);
  await checkBody(actor, db, v.decidingBodyId, 'decidingBodyId');
  await checkBody(actor, db, v.workingGroupId, 'workingGroupId');
  await checkParent(actor, db, v.parentFundId, fund.id);
  const [row] = await db
    .update(funds)
    .set({ ...values(v, areaIds), updatedAt: new Date() })
    .where(and(ofTenant(funds, actor.tenantId), eq(funds.id, fund.id)))
    .returning();
  await audit(db, actor, actor.tenantId, 'update', 'fund', row.id, { name: row.name });
  return row;
}

/**
 * What the fund form offers a member who may manage funds: the areas they manage, the bodies they
 * may name (deciding body, working group) and the city-wide funds a working group's fund may share.
 * Refused (403) for anyone who may not manage funds.
 */
export async function fundFormChoices(
  actor: Actor,
  db: Db,
  fundId: string | null = null,
): Promise<{
  areas: AreaChoice[];
  bodies: { id: string; name: string }[];
  parents: Fund[];
  fund: Fund | null;
}> {
  authorize(actor, MANAGE);
  const fund = fundId ? await loadFund(actor, db, fundId, MANAGE) : null;
  const bodies = await listBodiesFor(actor, db);
  const parents = (await listFunds(db, actor.tenantId, scopeOf(actor, MANAGE))).filter(
    (f) => !f.parentFundId && f.id !== fundId,
  );
  return {
    areas: await areaChoices(db, actor.tenantId, scopeOf(actor, MANAGE)),
    bodies: bodies.map((b) => ({ id: b.id, name: b.name })),
    parents,
    fund,
  };
}

/**
 * The funds a member may read, by name (never refused: an empty list for someone without any).
 * Archived funds only when asked for (`archived: true` lists them alone).
 */
export async function listFundsFor(actor: Actor, db: Db, o: { archived?: boolean } = {}): Promise<Fund[]> {
  const all = await listFunds(db, actor.tenantId, scopeOf(actor, READ));
  return all.filter((f) => (f.archivedAt !== null) === (o.archived ?? false));
}

/**
 * Archives a fund (or takes it back): an archived fund leaves the public calls and the staff's list
 * of funds, and keeps its years, applications and ledger. Its form is where a manager does it.
 */
export async function archiveFund(
  actor: Actor,
  db: Db,
  fundId: string,
  input: { archived: boolean },
): Promise<Fund> {
  authorize(actor, MANAGE);
  const fund = await loadFund(actor, db, fundId, MANAGE);
  const archived = input.archived === true;
  if ((fund.archivedAt !== null) === archived) return fund;
  const [row] = await db
    .update(funds)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
    .where(and(ofTenant(funds, actor.tenantId), eq(funds.id, fund.id)))
    .returning();
  await audit(db, actor, actor.tenantId, archived ? 'archive' : 'unarchive', 'fund', fund.id, {
    name: fund.name,
  });
  return row;
}

/** A fund with its years and, for a city-wide fund, the working groups' funds it is split across. */
export async function fundFor(actor: Actor, db: Db, fundId: string) {
  authorize(actor, READ);
  const fund = await loadFund(actor, db, fundId, READ);
  return {
    fund,
    years: await listFundYears(db, actor.tenantId, fund.id),
    children: await listChildFunds(db, actor.tenantId, fund.id),
  };
}

/** Sum of the budgets of a parent fund's shares in one year. */
async function sharesSum(db: Db, tenantId: string, parentId: string, year: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<string>`coalesce(sum(${fundYears.budgetCents}), 0)` })
    .from(fundYears)
    .innerJoin(funds, and(eq(funds.tenantId, fundYears.tenantId), eq(funds.id, fundYears.fundId)))
    .where(and(ofTenant(fundYears, tenantId), eq(funds.parentFundId, parentId), eq(fundYears.year, year)));
  return Number(r.n);
}

/** Sets one fund-year's budget in a transaction, recording the change; the database refuses one below what is committed. */
async function writeBudget(
  tx: Db,
  actor: Actor,
  fund: Fund,
  year: number,
  budgetCents: number,
  reason: string,
  splitOf: string | null,
): Promise<FundYear> {
  let fy = await findFundYear(tx, actor.tenantId, fund.id, year);
  if (!fy) {
    [fy] = await tx
      .insert(fundYears)
      .values({ tenantId: actor.tenantId, id: newId(), fundId: fund.id, year })
      .onConflictDoNothing()
      .returning();
    fy ??= await findFundYear(tx, actor.tenantId, fund.id, year);
  }
  fy = (await lockFundYear(tx, actor.tenantId, fy!.id))!;
  if (fy.budgetCents === budgetCents) return fy;
  const [row] = await tx
    .update(fundYears)
    .set({ budgetCents, updatedAt: new Date() })
    .where(and(ofTenant(fundYears, actor.tenantId), eq(fundYears.id, fy.id)))
    .returning();
  await tx.insert(budgetChanges).values({
    tenantId: actor.tenantId,
    id: newId(),
    fundYearId: fy.id,
    previousCents: fy.budgetCents,
    newCents: budgetCents,
    reason,
    splitOf,
    changedBy: actor.userId ?? null,
  });
  await audit(tx, actor, actor.tenantId, 'update', 'fund_year', fy.id, {
    year,
    previousCents: fy.budgetCents,
    budgetCents,
    splitOf,
  });
  return row;
}

const budgetRefusal = (err: unknown, field: string) =>
  refusedBy(err) === 'funds_fund_years_not_overcommitted'
    ? new ValidationError({ [field]: 'funds:errors.budgetBelowCommitted' })
    : err;

/**
 * Sets a fund's budget for a year (the year is made when it does not exist yet). Never below what is
 * committed already (the database refuses it). A share of a split fund stays within what its parent
 * has left; a parent's budget never drops below the sum of its shares.
 */
export async function setYearBudget(
  actor: Actor,
  db: Db,
  fundId: string,
  input: YearBudgetInput,
): Promise<FundYear> {
  authorize(actor, MANAGE);
  const fund = await loadFund(actor, db, fundId, MANAGE);
  const v = parse(yearBudgetInput, input);
  try {
    return await db.transaction(async (tx) => {
      if (fund.parentFundId) {
        // The parent's year first: one change of a split at a time.
        const parentYear = await findFundYear(tx, actor.tenantId, fund.parentFundId, v.year);
        if (!parentYear) throw new ValidationError({ budgetCents: 'funds:errors.noParentBudget' });
        await lockFundYear(tx, actor.tenantId, parentYear.id);
        const others = await sharesSum(tx, actor.tenantId, fund.parentFundId, v.year);
        const own = (await findFundYear(tx, actor.tenantId, fund.id, v.year))?.budgetCents ?? 0;
        if (others - own + v.budgetCents > parentYear.budgetCents)
          throw new ValidationError({ budgetCents: 'funds:errors.splitOverBudget' });
      } else {
        const current = await findFundYear(tx, actor.tenantId, fund.id, v.year);
        if (current) await lockFundYear(tx, actor.tenantId, current.id);
        if (v.budgetCents < (await sharesSum(tx, actor.tenantId, fund.id, v.year)))
          throw new ValidationError({ budgetCents: 'funds:errors.splitOverBudget' });
      }
      return writeBudget(tx, actor, fund, v.year, v.budgetCents, v.reason, null);
    });
  } catch (err) {
    throw budgetRefusal(err, 'budgetCents');
  }
}

/**
 * Splits a city-wide fund's year budget across its working groups' funds (Magdeburg's Initiativfonds:
 * one council budget, 20–22 working groups). Each share's change is recorded with the parent's year,
 * so the split and every later change of it can be read back. The shares together never exceed the
 * parent's budget, and no share drops below what it has committed.
 */
export async function splitBudget(
  actor: Actor,
  db: Db,
  parentFundYearId: string,
  input: SplitInput,
): Promise<FundYear[]> {
  authorize(actor, MANAGE);
  const { fundYear: parentYear, fund: parent } = await loadFundYear(actor, db, parentFundYearId, MANAGE);
  const v = parse(splitInput, input);
  const children = new Map((await listChildFunds(db, actor.tenantId, parent.id)).map((c) => [c.id, c]));
  const errors: Record<string, string> = {};
  v.shares.forEach((s, i) => {
    if (!children.has(s.fundId)) errors[`shares.${i}.fundId`] = 'validation.choice';
  });
  if (new Set(v.shares.map((s) => s.fundId)).size !== v.shares.length)
    errors.shares = 'funds:errors.shareTwice';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  try {
    return await db.transaction(async (tx) => {
      const locked = (await lockFundYear(tx, actor.tenantId, parentYear.id))!;
      const out: FundYear[] = [];
      for (const s of v.shares)
        out.push(
          await writeBudget(
            tx,
            actor,
            children.get(s.fundId)!,
            locked.year,
            s.budgetCents,
            v.reason,
            locked.id,
          ),
        );
      if ((await sharesSum(tx, actor.tenantId, parent.id, locked.year)) > locked.budgetCents)
        throw new ValidationError({ shares: 'funds:errors.splitOverBudget' });
      return out;
    });
  } catch (err) {
    throw budgetRefusal(err, 'shares');
  }
}

export interface FundYearView {
  fund: Fund;
  fundYear: FundYear;
  balances: Balances;
  ledger: LedgerEntry[];
  budgetChanges: BudgetChange[];
  applications: Application[];
  /** For a parent fund: its shares in this year. */
  shares: { fund: Fund; fundYear: FundYear | null }[];
}

/** A fund-year with its balances (as the ledger adds them up), ledger, budget history and applications. */
export async function fundYearFor(actor: Actor, db: Db, fundYearId: string): Promise<FundYearView> {
  authorize(actor, READ);
  const { fund, fundYear } = await loadFundYear(actor, db, fundYearId, READ);
  const entries = await listLedger(db, actor.tenantId, fundYear.id);
  const shares = [];
  for (const child of await listChildFunds(db, actor.tenantId, fund.id))
    shares.push({
      fund: child,
      fundYear: (await findFundYear(db, actor.tenantId, child.id, fundYear.year)) ?? null,
    });
  return {
    fund,
    fundYear,
    balances: balances(fundYear.budgetCents, entries),
    ledger: entries,
    budgetChanges: await listBudgetChanges(db, actor.tenantId, [fundYear.id]),
    applications: await listApplications(db, actor.tenantId, { fundYearId: fundYear.id }),
    shares,
  };
}

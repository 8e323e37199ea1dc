// Reads of the funds module: every query is scoped to one tenant (ofTenant); no rules here.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { type Scope, scopeFilter } from '../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../platform/db/index.ts';
import {
  applications,
  budgetChanges,
  costLines,
  eligibilityNotes,
  funds,
  fundYears,
  ledger,
  statusChanges,
} from './db/schema.ts';

export type Fund = typeof funds.$inferSelect;
export type FundYear = typeof fundYears.$inferSelect;
export type BudgetChange = typeof budgetChanges.$inferSelect;
export type Application = typeof applications.$inferSelect;
export type CostLine = typeof costLines.$inferSelect;
export type EligibilityNote = typeof eligibilityNotes.$inferSelect;
export type StatusChange = typeof statusChanges.$inferSelect;
export type LedgerEntry = typeof ledger.$inferSelect;

export async function getFund(db: Db, tenantId: string, id: string): Promise<Fund | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(funds)
    .where(and(ofTenant(funds, tenantId), eq(funds.id, id)));
  return row;
}

/** Funds in the scope (null = the whole tenant), by name. */
export async function listFunds(db: Db, tenantId: string, scope: Scope): Promise<Fund[]> {
  return db
    .select()
    .from(funds)
    .where(and(ofTenant(funds, tenantId), scopeFilter(funds.areaIds, scope)))
    .orderBy(asc(funds.name));
}

export async function listChildFunds(db: Db, tenantId: string, parentId: string): Promise<Fund[]> {
  return db
    .select()
    .from(funds)
    .where(and(ofTenant(funds, tenantId), eq(funds.parentFundId, parentId)))
    .orderBy(asc(funds.name));
}

export async function getFundYear(db: Db, tenantId: string, id: string): Promise<FundYear | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(fundYears)
    .where(and(ofTenant(fundYears, tenantId), eq(fundYears.id, id)));
  return row;
}

export async function findFundYear(db: Db, tenantId: string, fundId: string, year: number) {
  const [row] = await db
    .select()
    .from(fundYears)
    .where(and(ofTenant(fundYears, tenantId), eq(fundYears.fundId, fundId), eq(fundYears.year, year)));
  return row as FundYear | undefined;
}

export async function listFundYears(db: Db, tenantId: string, fundId: string): Promise<FundYear[]> {
  return db
    .select()
    .from(fundYears)
    .where(and(ofTenant(fundYears, tenantId), eq(fundYears.fundId, fundId)))
    .orderBy(desc(fundYears.year));
}

/** The fund-year's row, locked until the transaction ends: ledger entries of one year one at a time. */
export async function lockFundYear(db: Db, tenantId: string, id: string): Promise<FundYear | undefined> {
  const [row] = await db
    .select()
    .from(fundYears)
    .where(and(ofTenant(fundYears, tenantId), eq(fundYears.id, id)))
    .for('update');
  return row;
}

export async function listBudgetChanges(db: Db, tenantId: string, fundYearIds: string[]) {
  if (fundYearIds.length === 0) return [];
  return db
    .select()
    .from(budgetChanges)
    .where(and(ofTenant(budgetChanges, tenantId), inArray(budgetChanges.fundYearId, fundYearIds)))
    .orderBy(asc(budgetChanges.createdAt), asc(budgetChanges.id));
}

export async function listLedger(db: Db, tenantId: string, fundYearId: string): Promise<LedgerEntry[]> {
  return db
    .select()
    .from(ledger)
    .where(and(ofTenant(ledger, tenantId), eq(ledger.fundYearId, fundYearId)))
    .orderBy(asc(ledger.createdAt), asc(ledger.id));
}

export async function getApplication(db: Db, tenantId: string, id: string): Promise<Application | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(applications)
    .where(and(ofTenant(applications, tenantId), eq(applications.id, id)));
  return row;
}

export async function lockApplication(
  db: Db,
  tenantId: string,
  id: string,
): Promise<Application | undefined> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(ofTenant(applications, tenantId), eq(applications.id, id)))
    .for('update');
  return row;
}

export async function findApplicationByToken(db: Db, tenantId: string, tokenHash: string) {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(ofTenant(applications, tenantId), eq(applications.tokenHash, tokenHash)));
  return row as Application | undefined;
}

export async function listApplications(
  db: Db,
  tenantId: string,
  o: { fundId?: string; fundYearId?: string } = {},
): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(
      and(
        ofTenant(applications, tenantId),
        o.fundId ? eq(applications.fundId, o.fundId) : undefined,
        o.fundYearId ? eq(applications.fundYearId, o.fundYearId) : undefined,
      ),
    )
    .orderBy(desc(applications.createdAt));
}

export async function listCostLines(db: Db, tenantId: string, applicationId: string): Promise<CostLine[]> {
  return db
    .select()
    .from(costLines)
    .where(and(ofTenant(costLines, tenantId), eq(costLines.applicationId, applicationId)))
    .orderBy(asc(costLines.position));
}

export async function listEligibilityNotes(db: Db, tenantId: string, applicationId: string) {
  return db
    .select()
    .from(eligibilityNotes)
    .where(and(ofTenant(eligibilityNotes, tenantId), eq(eligibilityNotes.applicationId, applicationId)))
    .orderBy(asc(eligibilityNotes.createdAt), asc(eligibilityNotes.id));
}

export async function listStatusChanges(db: Db, tenantId: string, applicationId: string) {
  return db
    .select()
    .from(statusChanges)
    .where(and(ofTenant(statusChanges, tenantId), eq(statusChanges.applicationId, applicationId)))
    .orderBy(asc(statusChanges.createdAt), asc(statusChanges.id));
}

export async function listApplicationLedger(db: Db, tenantId: string, applicationId: string) {
  return db
    .select()
    .from(ledger)
    .where(and(ofTenant(ledger, tenantId), eq(ledger.applicationId, applicationId)))
    .orderBy(asc(ledger.createdAt), asc(ledger.id));
}

/** Decided with money: the fund's funded projects, newest decision first (no applicant data). */
export async function listFundedProjects(db: Db, tenantId: string, fundId: string, limit = 100) {
  return db
    .select({
      id: applications.id,
      title: applications.title,
      grantedCents: applications.grantedCents,
      areaId: applications.areaId,
      decidedAt: applications.decidedAt,
      fundYearId: applications.fundYearId,
    })
    .from(applications)
    .where(
      and(
        ofTenant(applications, tenantId),
        eq(applications.fundId, fundId),
        inArray(applications.status, ['granted', 'settlement', 'settled', 'closed']),
        isNotNull(applications.grantedCents),
      ),
    )
    .orderBy(desc(applications.decidedAt), desc(applications.id))
    .limit(limit);
}

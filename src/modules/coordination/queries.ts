// Reads of the coordination module: every query is scoped to one tenant (ofTenant); no rules here.
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Scope, scopeFilter } from '../../platform/authz.ts';
import { type Db, isUuid, ofTenant, rowsVersion } from '../../platform/db/index.ts';
import {
  departments,
  needs,
  planBudgetYears,
  planFields,
  planGoals,
  planIndicators,
  planMeasures,
  planMilestones,
  planProgress,
  planSteps,
  plans,
  planVersions,
  routings,
} from './db/schema.ts';

export type Department = typeof departments.$inferSelect;
export type Need = typeof needs.$inferSelect;
export type Routing = typeof routings.$inferSelect;
export type Plan = typeof plans.$inferSelect;
export type PlanVersion = typeof planVersions.$inferSelect;
export type PlanField = typeof planFields.$inferSelect;
export type PlanGoal = typeof planGoals.$inferSelect;
export type PlanIndicator = typeof planIndicators.$inferSelect;
export type PlanMeasure = typeof planMeasures.$inferSelect;
export type PlanProgress = typeof planProgress.$inferSelect;
export type PlanMilestone = typeof planMilestones.$inferSelect;
export type PlanStep = typeof planSteps.$inferSelect;
export type PlanBudgetYear = typeof planBudgetYears.$inferSelect;

export async function getDepartment(db: Db, tenantId: string, id: string): Promise<Department | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(departments)
    .where(and(ofTenant(departments, tenantId), eq(departments.id, id)));
  return row;
}

/** The tenant's departments by name (archived ones only when asked). */
export async function listDepartments(
  db: Db,
  tenantId: string,
  o: { archived?: boolean } = {},
): Promise<Department[]> {
  return db
    .select()
    .from(departments)
    .where(and(ofTenant(departments, tenantId), o.archived ? undefined : isNull(departments.archivedAt)))
    .orderBy(asc(departments.name));
}

export async function getNeed(db: Db, tenantId: string, id: string): Promise<Need | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), eq(needs.id, id)));
  return row;
}

/** Needs in the scope (null: the whole tenant), newest first. */
export async function listNeeds(db: Db, tenantId: string, scope: Scope): Promise<Need[]> {
  return db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), scopeFilter(needs.areaIds, scope)))
    .orderBy(desc(needs.createdAt));
}

/** Needs routed to one of the departments, in the scope. */
export async function listNeedsRoutedTo(
  db: Db,
  tenantId: string,
  departmentIds: readonly string[],
  scope: Scope,
): Promise<Need[]> {
  if (departmentIds.length === 0) return [];
  const ids = db
    .select({ id: routings.needId })
    .from(routings)
    .where(and(ofTenant(routings, tenantId), inArray(routings.departmentId, [...departmentIds])));
  return db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), scopeFilter(needs.areaIds, scope), inArray(needs.id, ids)))
    .orderBy(desc(needs.createdAt));
}

/** The needs a body reported (its recommendations), newest first. */
export async function listNeedsOfBody(db: Db, tenantId: string, bodyId: string): Promise<Need[]> {
  if (!isUuid(bodyId)) return [];
  return db
    .select()
    .from(needs)
    .where(and(ofTenant(needs, tenantId), eq(needs.sourceKind, 'body'), eq(needs.sourceBodyId, bodyId)))
    .orderBy(desc(needs.createdAt));
}

export async function getRouting(db: Db, tenantId: string, id: string): Promise<Routing | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), eq(routings.id, id)));
  return row;
}

/** The routing's row, locked until the transaction ends (one status change at a time). */
export async function lockRouting(db: Db, tenantId: string, id: string): Promise<Routing | undefined> {
  const [row] = await db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), eq(routings.id, id)))
    .for('update');
  return row;
}

export async function listRoutings(db: Db, tenantId: string, needId: string): Promise<Routing[]> {
  return db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), eq(routings.needId, needId)))
    .orderBy(asc(routings.createdAt), asc(routings.id));
}

/** The routings of several needs at once (for lists). */
export async function listRoutingsOf(
  db: Db,
  tenantId: string,
  needIds: readonly string[],
): Promise<Routing[]> {
  if (needIds.length === 0) return [];
  return db
    .select()
    .from(routings)
    .where(and(ofTenant(routings, tenantId), inArray(routings.needId, [...needIds])))
    .orderBy(asc(routings.createdAt), asc(routings.id));
}

export async function getPlan(db: Db, tenantId: string, id: string): Promise<Plan | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(plans)
    .where(and(ofTenant(plans, tenantId), eq(plans.id, id)));
  return row;
}

/** Plans in the scope (null: the whole tenant), the latest period first. */
export async function listPlans(db: Db, tenantId: string, scope: Scope): Promise<Plan[]> {
  return db
    .select()
    .from(plans)
    .where(and(ofTenant(plans, tenantId), scopeFilter(plans.areaIds, scope)))
    .orderBy(desc(plans.periodFrom), asc(plans.title));
}

/** Plans with at least one adopted version (public), in the areas given (none: all). */
export async function listAdoptedPlans(db: Db, tenantId: string, scope: Scope): Promise<Plan[]> {
  const adopted = db
    .select({ id: planVersions.planId })
    .from(planVersions)
    .where(ofTenant(planVersions, tenantId));
  return db
    .select()
    .from(plans)
    .where(and(ofTenant(plans, tenantId), inArray(plans.id, adopted), scopeFilter(plans.areaIds, scope)))
    .orderBy(desc(plans.periodFrom), asc(plans.title));
}

/** The parts of a plan as they are now (staff), each in its order. */
export async function planParts(db: Db, tenantId: string, planId: string) {
  const [fields, goals, indicators, measures, progress, versions, milestones, steps, budgetYears] =
    await Promise.all([
      db
        .select()
        .from(planFields)
        .where(and(ofTenant(planFields, tenantId), eq(planFields.planId, planId)))
        .orderBy(asc(planFields.position), asc(planFields.createdAt)),
      db
        .select()
        .from(planGoals)
        .where(and(ofTenant(planGoals, tenantId), eq(planGoals.planId, planId)))
        .orderBy(asc(planGoals.position), asc(planGoals.createdAt)),
      db
        .select()
        .from(planIndicators)
        .where(and(ofTenant(planIndicators, tenantId), eq(planIndicators.planId, planId)))
        .orderBy(asc(planIndicators.createdAt)),
      db
        .select()
        .from(planMeasures)
        .where(and(ofTenant(planMeasures, tenantId), eq(planMeasures.planId, planId)))
        .orderBy(asc(planMeasures.createdAt)),
      progressOf(db, tenantId, planId),
      versionsOf(db, tenantId, planId),
      milestonesOf(db, tenantId, planId),
      db
        .select()
        .from(planSteps)
        .where(and(ofTenant(planSteps, tenantId), eq(planSteps.planId, planId)))
        .orderBy(asc(planSteps.takesPlaceOn), asc(planSteps.createdAt)),
      db
        .select()
        .from(planBudgetYears)
        .where(and(ofTenant(planBudgetYears, tenantId), eq(planBudgetYears.planId, planId)))
        .orderBy(asc(planBudgetYears.year)),
    ]);
  return { fields, goals, indicators, measures, progress, versions, milestones, steps, budgetYears };
}

/** A plan's milestones, the earliest due first. */
export async function milestonesOf(db: Db, tenantId: string, planId: string): Promise<PlanMilestone[]> {
  return db
    .select()
    .from(planMilestones)
    .where(and(ofTenant(planMilestones, tenantId), eq(planMilestones.planId, planId)))
    .orderBy(asc(planMilestones.dueOn), asc(planMilestones.createdAt));
}

/** A plan's progress entries, oldest first. */
export async function progressOf(db: Db, tenantId: string, planId: string): Promise<PlanProgress[]> {
  return db
    .select()
    .from(planProgress)
    .where(and(ofTenant(planProgress, tenantId), eq(planProgress.planId, planId)))
    .orderBy(asc(planProgress.measuredOn), asc(planProgress.createdAt));
}

/** A plan's adopted versions, the newest first. */
export async function versionsOf(db: Db, tenantId: string, planId: string): Promise<PlanVersion[]> {
  return db
    .select()
    .from(planVersions)
    .where(and(ofTenant(planVersions, tenantId), eq(planVersions.planId, planId)))
    .orderBy(desc(planVersions.version));
}

/** The measures' statuses of a plan, by id (the public page joins them with the adopted version). */
export async function measureStatuses(db: Db, tenantId: string, planId: string) {
  return db
    .select({ id: planMeasures.id, status: planMeasures.status })
    .from(planMeasures)
    .where(and(ofTenant(planMeasures, tenantId), eq(planMeasures.planId, planId)));
}

/**
 * Changes whenever a plan is created, adopted, reopened or a version is added (the area page, which
 * links an area's adopted plan, keys its cache on it).
 */
export const plansVersion = (tenantId: string): SQL =>
  sql`(${rowsVersion(plans, tenantId)} || '|' || ${rowsVersion(planVersions, tenantId)})`;

/**
 * Integrated action plans (PLAN-1…3): a plan of an area for a period with fields of action, goals,
 * indicators (baseline → target) and measures (responsible department or actor, budget line,
 * schedule, status). A plan is drafted, adopted by a body (date, body, what changed) and later
 * updated as a new version: the structure changes only in a draft; measures' statuses and measured
 * progress change at any time. Each use case checks the member first; every change is audited.
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can, scopeOf } from '../../../platform/authz.ts';
import { type Db, isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import {
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
} from '../db/schema.ts';
import {
  adoptable,
  latestValues,
  milestoneOverdue,
  type PlanSnapshot,
  planRollUp,
  snapshotOf,
} from '../domain/plans.ts';
import {
  canSetMeasureStatus,
  loadPlan,
  loadPlanToChange,
  ownDepartmentIds,
  PLAN,
  READ,
} from '../policies.ts';
import {
  type Department,
  listDepartments,
  listPlans,
  type Plan,
  type PlanMeasure,
  type PlanMilestone,
  type PlanProgress,
  planParts,
} from '../queries.ts';
import {
  type AdoptInput,
  adoptInput,
  type BudgetYearInput,
  budgetYearInput,
  type FieldInput,
  fieldInput,
  type GoalInput,
  goalInput,
  type IndicatorInput,
  indicatorInput,
  type MeasureInput,
  type MeasureStatusInput,
  type MilestoneDoneInput,
  type MilestoneInput,
  measureInput,
  measureStatusInput,
  milestoneDoneInput,
  milestoneInput,
  type PlanInput,
  type ProgressInput,
  parse,
  planInput,
  progressInput,
  type StepInput,
  stepInput,
} from '../schemas.ts';
import { areaIdsOf } from './shared.ts';

const audit = (
  tx: Db,
  actor: Actor,
  action: 'create' | 'update' | 'delete',
  entityType: string,
  entityId: string,
  details: Record<string, unknown>,
) =>
  writeAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action,
    entityType,
    entityId,
    details,
  });

/** The structure of an adopted plan is fixed: a new version is opened to change it. */
function inDraft(plan: Plan): void {
  if (plan.status !== 'draft') throw new AppError(409, 'plan_adopted');
}

function checkPeriod(v: { periodFrom: string; periodTo: string }): void {
  if (v.periodTo < v.periodFrom) throw new ValidationError({ periodTo: 'coordination:errors.periodOrder' });
}

/** Drafts a new plan for an area the member keeps plans of. */
export async function createPlan(actor: Actor, db: Db, input: PlanInput): Promise<Plan> {
  authorize(actor, PLAN);
  const v = parse(planInput, input);
  const areaIds = await areaIdsOf(db, actor.tenantId, v.areaId);
  authorize(actor, PLAN, areaIds);
  checkPeriod(v);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(plans)
      .values({ tenantId: actor.tenantId, id: newId(), ...v, areaIds, createdBy: actor.userId ?? null })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan', row.id, {
      status: 'draft',
      version: 1,
      areaId: v.areaId,
    });
    return row;
  });
}

/** Changes the plan's title, area, period and texts (in a draft). */
export async function updatePlan(actor: Actor, db: Db, planId: string, input: PlanInput): Promise<Plan> {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const v = parse(planInput, input);
  const areaIds = await areaIdsOf(db, actor.tenantId, v.areaId);
  authorize(actor, PLAN, areaIds);
  checkPeriod(v);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(plans)
      .set({ ...v, areaIds, updatedAt: new Date() })
      .where(and(ofTenant(plans, actor.tenantId), eq(plans.id, plan.id)))
      .returning();
    await audit(tx, actor, 'update', 'coordination_plan', row.id, { title: v.title, areaId: v.areaId });
    return row;
  });
}

/** Adds a field of action to a draft. */
export async function addField(actor: Actor, db: Db, planId: string, input: FieldInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const v = parse(fieldInput, input);
  const { fields } = await planParts(db, actor.tenantId, plan.id);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planFields)
      .values({ tenantId: actor.tenantId, id: newId(), planId: plan.id, ...v, position: fields.length })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan_field', row.id, { planId: plan.id });
    return row;
  });
}

/** Adds a goal to a field of action of a draft. */
export async function addGoal(actor: Actor, db: Db, planId: string, input: GoalInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const v = parse(goalInput, input);
  const { fields, goals } = await planParts(db, actor.tenantId, plan.id);
  if (!fields.some((f) => f.id === v.fieldId)) throw new ValidationError({ fieldId: 'validation.choice' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planGoals)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        planId: plan.id,
        ...v,
        position: goals.filter((g) => g.fieldId === v.fieldId).length,
      })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan_goal', row.id, { planId: plan.id });
    return row;
  });
}

async function goalOfPlan(db: Db, tenantId: string, planId: string, goalId: string) {
  const { goals } = await planParts(db, tenantId, planId);
  if (!goals.some((g) => g.id === goalId)) throw new ValidationError({ goalId: 'validation.choice' });
}

/** The indicator's values checked: its goal in the plan, a target that moves, a measure of that goal. */
async function indicatorValues(db: Db, tenantId: string, planId: string, input: IndicatorInput) {
  const v = parse(indicatorInput, input);
  if (v.target === v.baseline) throw new ValidationError({ target: 'coordination:errors.targetIsBaseline' });
  await goalOfPlan(db, tenantId, planId, v.goalId);
  const measureId = v.measureId || null;
  if (measureId) {
    const { measures } = await planParts(db, tenantId, planId);
    if (!measures.some((m) => m.id === measureId && m.goalId === v.goalId))
      throw new ValidationError({ measureId: 'validation.choice' });
  }
  return { ...v, measureId };
}

/** Adds an indicator to a goal of a draft: what is measured, from which baseline to which target. */
export async function addIndicator(actor: Actor, db: Db, planId: string, input: IndicatorInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const v = await indicatorValues(db, actor.tenantId, plan.id, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planIndicators)
      .values({ tenantId: actor.tenantId, id: newId(), planId: plan.id, ...v })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan_indicator', row.id, { planId: plan.id });
    return row;
  });
}

/** The measure's values checked against the plan: its goal, an active department, the schedule. */
async function measureValues(actor: Actor, db: Db, plan: Plan, input: MeasureInput) {
  const v = parse(measureInput, input);
  await goalOfPlan(db, actor.tenantId, plan.id, v.goalId);
  const departmentId = v.departmentId || null;
  if (departmentId) {
    const d = (await listDepartments(db, actor.tenantId)).find((x) => x.id === departmentId);
    if (!d) throw new ValidationError({ departmentId: 'validation.choice' });
  }
  if (!departmentId && !v.responsible)
    throw new ValidationError({ responsible: 'coordination:errors.responsibleNeeded' });
  if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
    throw new ValidationError({ endsOn: 'coordination:errors.endBeforeStart' });
  return {
    goalId: v.goalId,
    title: v.title,
    description: v.description,
    departmentId,
    responsible: v.responsible,
    budgetLine: v.budgetLine,
    fundingKind: v.fundingKind || null,
    investive: v.investive,
    budgetCents: v.budget ?? null,
    startsOn: v.startsOn ?? null,
    endsOn: v.endsOn ?? null,
    status: v.status,
    continuation: v.continuation,
  };
}

/** Adds a measure to a goal of a draft. */
export async function addMeasure(actor: Actor, db: Db, planId: string, input: MeasureInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const values = await measureValues(actor, db, plan, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planMeasures)
      .values({ tenantId: actor.tenantId, id: newId(), planId: plan.id, ...values })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan_measure', row.id, {
      planId: plan.id,
      status: row.status,
    });
    return row;
  });
}

/** The measure of the plan (404 when the plan has none with this id). */
async function measureOf(db: Db, tenantId: string, planId: string, measureId: string): Promise<PlanMeasure> {
  if (!isUuid(measureId)) throw new AppError(404, 'measure_not_found');
  const [m] = await db
    .select()
    .from(planMeasures)
    .where(
      and(ofTenant(planMeasures, tenantId), eq(planMeasures.planId, planId), eq(planMeasures.id, measureId)),
    );
  if (!m) throw new AppError(404, 'measure_not_found');
  return m;
}

/** Changes a measure of a draft (all its details). */
export async function updateMeasure(
  actor: Actor,
  db: Db,
  planId: string,
  measureId: string,
  input: MeasureInput,
) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const m = await measureOf(db, actor.tenantId, plan.id, measureId);
  const values = await measureValues(actor, db, plan, input);
  if (
    !values.investive &&
    (await planParts(db, actor.tenantId, plan.id)).steps.some((x) => x.measureId === m.id)
  )
    throw new ValidationError({ investive: 'coordination:errors.hasSteps' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(planMeasures)
      .set({ ...values, updatedAt: new Date() })
      .where(and(ofTenant(planMeasures, actor.tenantId), eq(planMeasures.id, m.id)))
      .returning();
    await audit(tx, actor, 'update', 'coordination_plan_measure', row.id, {
      planId: plan.id,
      from: m.status,
      status: row.status,
    });
    return row;
  });
}

/**
 * Sets where a measure stands (planned, running, done, dropped), in a draft or an adopted plan: those
 * who keep the plan, or staff of the measure's responsible department.
 */
export async function setMeasureStatus(
  actor: Actor,
  db: Db,
  planId: string,
  measureId: string,
  input: MeasureStatusInput,
) {
  authorize(actor, READ);
  const plan = await loadPlan(actor, db, planId);
  const m = await measureOf(db, actor.tenantId, plan.id, measureId);
  if (!canSetMeasureStatus(actor, plan, m, await ownDepartmentIds(actor, db)))
    throw new AppError(403, 'forbidden');
  const v = parse(measureStatusInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(planMeasures)
      .set({ status: v.status, updatedAt: new Date() })
      .where(and(ofTenant(planMeasures, actor.tenantId), eq(planMeasures.id, m.id)))
      .returning();
    await audit(tx, actor, 'update', 'coordination_plan_measure', row.id, {
      planId: plan.id,
      from: m.status,
      status: row.status,
    });
    return row;
  });
}

const PARTS = {
  field: planFields,
  goal: planGoals,
  indicator: planIndicators,
  measure: planMeasures,
  milestone: planMilestones,
  step: planSteps,
  budgetYear: planBudgetYears,
} as const;
export type PlanPartKind = keyof typeof PARTS;

/** Removes a field of action, goal, indicator or measure from a draft (with what hangs below it). */
export async function removePlanPart(
  actor: Actor,
  db: Db,
  planId: string,
  kind: PlanPartKind,
  partId: string,
): Promise<void> {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  if (!Object.hasOwn(PARTS, kind) || !isUuid(partId)) throw new AppError(404, 'part_not_found');
  const table = PARTS[kind];
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(table)
      .where(and(ofTenant(table, actor.tenantId), eq(table.planId, plan.id), eq(table.id, partId)))
      .returning({ id: table.id });
    if (gone.length === 0) throw new AppError(404, 'part_not_found');
    // An indicator that measured this measure now measures its goal as a whole.
    if (kind === 'measure')
      await tx
        .update(planIndicators)
        .set({ measureId: null })
        .where(and(ofTenant(planIndicators, actor.tenantId), eq(planIndicators.measureId, partId)));
    await audit(tx, actor, 'delete', `coordination_plan_${kind}`, partId, { planId: plan.id });
  });
}

/** Changes a field of action of a draft in place (its name and description). */
export async function updateField(actor: Actor, db: Db, planId: string, fieldId: string, input: FieldInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const v = parse(fieldInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(planFields)
      .set(v)
      .where(
        and(ofTenant(planFields, actor.tenantId), eq(planFields.planId, plan.id), eq(planFields.id, fieldId)),
      )
      .returning();
    if (!row) throw new AppError(404, 'field_not_found');
    await audit(tx, actor, 'update', 'coordination_plan_field', row.id, { planId: plan.id });
    return row;
  });
}

/** Changes a goal of a draft in place (its title and description; it stays in its field). */
export async function updateGoal(actor: Actor, db: Db, planId: string, goalId: string, input: GoalInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const v = parse(goalInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(planGoals)
      .set({ title: v.title, description: v.description })
      .where(
        and(ofTenant(planGoals, actor.tenantId), eq(planGoals.planId, plan.id), eq(planGoals.id, goalId)),
      )
      .returning();
    if (!row) throw new AppError(404, 'goal_not_found');
    await audit(tx, actor, 'update', 'coordination_plan_goal', row.id, { planId: plan.id });
    return row;
  });
}

/**
 * Changes an indicator of a draft in place: name, unit, baseline, target and the measure it measures
 * (it stays with its goal). Progress recorded so far stays.
 */
export async function updateIndicator(
  actor: Actor,
  db: Db,
  planId: string,
  indicatorId: string,
  input: IndicatorInput,
) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const { indicators } = await planParts(db, actor.tenantId, plan.id);
  const current = indicators.find((i) => i.id === indicatorId);
  if (!current) throw new AppError(404, 'indicator_not_found');
  const v = await indicatorValues(db, actor.tenantId, plan.id, { ...input, goalId: current.goalId });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(planIndicators)
      .set({ name: v.name, unit: v.unit, baseline: v.baseline, target: v.target, measureId: v.measureId })
      .where(and(ofTenant(planIndicators, actor.tenantId), eq(planIndicators.id, current.id)))
      .returning();
    await audit(tx, actor, 'update', 'coordination_plan_indicator', row.id, { planId: plan.id });
    return row;
  });
}

/** Adds a milestone to a measure of a draft. */
export async function addMilestone(
  actor: Actor,
  db: Db,
  planId: string,
  measureId: string,
  input: MilestoneInput,
) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const m = await measureOf(db, actor.tenantId, plan.id, measureId);
  const v = parse(milestoneInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planMilestones)
      .values({ tenantId: actor.tenantId, id: newId(), planId: plan.id, measureId: m.id, ...v })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan_milestone', row.id, {
      planId: plan.id,
      measureId: m.id,
    });
    return row;
  });
}

/**
 * Records the day a milestone was reached (or, with none, opens it again), in a draft or an adopted
 * plan: those who keep the plan, or staff of the measure's responsible department.
 */
export async function setMilestoneDone(
  actor: Actor,
  db: Db,
  planId: string,
  milestoneId: string,
  input: MilestoneDoneInput | { doneOn: null },
): Promise<PlanMilestone> {
  authorize(actor, READ);
  const plan = await loadPlan(actor, db, planId);
  if (!isUuid(milestoneId)) throw new AppError(404, 'milestone_not_found');
  const [ms] = await db
    .select()
    .from(planMilestones)
    .where(
      and(
        ofTenant(planMilestones, actor.tenantId),
        eq(planMilestones.planId, plan.id),
        eq(planMilestones.id, milestoneId),
      ),
    );
  if (!ms) throw new AppError(404, 'milestone_not_found');
  const m = await measureOf(db, actor.tenantId, plan.id, ms.measureId);
  if (!canSetMeasureStatus(actor, plan, m, await ownDepartmentIds(actor, db)))
    throw new AppError(403, 'forbidden');
  const doneOn = input.doneOn === null ? null : parse(milestoneDoneInput, input).doneOn;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(planMilestones)
      .set({ doneOn })
      .where(and(ofTenant(planMilestones, actor.tenantId), eq(planMilestones.id, ms.id)))
      .returning();
    await audit(tx, actor, 'update', 'coordination_plan_milestone', row.id, {
      planId: plan.id,
      from: ms.doneOn,
      doneOn,
    });
    return row;
  });
}

/** Adds a participation step to an investive measure of a draft: what, when, with whom (no names). */
export async function addStep(actor: Actor, db: Db, planId: string, measureId: string, input: StepInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const m = await measureOf(db, actor.tenantId, plan.id, measureId);
  const v = parse(stepInput, input);
  if (!m.investive) throw new ValidationError({ what: 'coordination:errors.notInvestive' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planSteps)
      .values({ tenantId: actor.tenantId, id: newId(), planId: plan.id, measureId: m.id, ...v })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan_step', row.id, { planId: plan.id, measureId: m.id });
    return row;
  });
}

/** Sets a measure's budget in one year of a draft (one row per year: a year given again is refused). */
export async function addBudgetYear(
  actor: Actor,
  db: Db,
  planId: string,
  measureId: string,
  input: BudgetYearInput,
) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  inDraft(plan);
  const m = await measureOf(db, actor.tenantId, plan.id, measureId);
  const v = parse(budgetYearInput, input);
  if (v.amount === null || v.amount === undefined)
    throw new ValidationError({ amount: 'validation.required' });
  const amountCents = v.amount;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planBudgetYears)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        planId: plan.id,
        measureId: m.id,
        year: v.year,
        amountCents,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ValidationError({ year: 'coordination:errors.yearTaken' });
    await audit(tx, actor, 'create', 'coordination_plan_budgetYear', row.id, {
      planId: plan.id,
      measureId: m.id,
      year: v.year,
      amountCents,
    });
    return row;
  });
}

/** Records a measured value of an indicator (progress), in a draft or an adopted plan. */
export async function recordProgress(
  actor: Actor,
  db: Db,
  planId: string,
  indicatorId: string,
  input: ProgressInput,
): Promise<PlanProgress> {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  const { indicators } = await planParts(db, actor.tenantId, plan.id);
  if (!indicators.some((i) => i.id === indicatorId)) throw new AppError(404, 'indicator_not_found');
  const v = parse(progressInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planProgress)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        planId: plan.id,
        indicatorId,
        ...v,
        recordedBy: actor.userId ?? null,
      })
      .returning();
    await audit(tx, actor, 'create', 'coordination_plan_progress', row.id, {
      planId: plan.id,
      indicatorId,
      value: v.value,
      measuredOn: v.measuredOn,
    });
    return row;
  });
}

/** The plan as it stands now, as one tree (what an adoption keeps). */
async function currentSnapshot(db: Db, tenantId: string, plan: Plan): Promise<PlanSnapshot> {
  const parts = await planParts(db, tenantId, plan.id);
  const names = new Map((await listDepartments(db, tenantId, { archived: true })).map((d) => [d.id, d.name]));
  return snapshotOf(plan, parts, (id) => names.get(id) ?? '');
}

/**
 * Adopts the draft: the date, the body that adopted it and — from the second version on — what
 * changed. The plan as it stands is kept with the version; the public page shows it from now on.
 */
export async function adoptPlan(actor: Actor, db: Db, planId: string, input: AdoptInput) {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  const v = parse(adoptInput, input);
  if (plan.version > 1 && !v.changeNote)
    throw new ValidationError({ changeNote: 'coordination:errors.changeNoteNeeded' });
  const snapshot = await currentSnapshot(db, actor.tenantId, plan);
  if (!adoptable(snapshot)) throw new ValidationError({ adoptedBy: 'coordination:errors.nothingToAdopt' });
  return db.transaction(async (tx) => {
    // The plan's row is locked: two adoptions at once cannot both take the draft.
    const [current] = await tx
      .select()
      .from(plans)
      .where(and(ofTenant(plans, actor.tenantId), eq(plans.id, plan.id)))
      .for('update');
    if (current.status !== 'draft') throw new AppError(409, 'plan_adopted');
    const [version] = await tx
      .insert(planVersions)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        planId: plan.id,
        version: current.version,
        adoptedOn: v.adoptedOn,
        adoptedBy: v.adoptedBy,
        changeNote: v.changeNote,
        snapshot,
        recordedBy: actor.userId ?? null,
      })
      .returning();
    await tx
      .update(plans)
      .set({ status: 'adopted', updatedAt: new Date() })
      .where(and(ofTenant(plans, actor.tenantId), eq(plans.id, plan.id)));
    await audit(tx, actor, 'update', 'coordination_plan', plan.id, {
      from: 'draft',
      status: 'adopted',
      version: current.version,
      adoptedBy: v.adoptedBy,
      adoptedOn: v.adoptedOn,
    });
    return version;
  });
}

/**
 * Opens the next version of an adopted plan as a draft, to change its structure. The adopted version
 * stays on the public page until the new one is adopted (with the change recorded).
 */
export async function openNewVersion(actor: Actor, db: Db, planId: string): Promise<Plan> {
  authorize(actor, PLAN);
  const plan = await loadPlanToChange(actor, db, planId);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(plans)
      .where(and(ofTenant(plans, actor.tenantId), eq(plans.id, plan.id)))
      .for('update');
    if (current.status !== 'adopted') throw new AppError(409, 'plan_in_draft');
    const [row] = await tx
      .update(plans)
      .set({ status: 'draft', version: current.version + 1, updatedAt: new Date() })
      .where(and(ofTenant(plans, actor.tenantId), eq(plans.id, plan.id)))
      .returning();
    await audit(tx, actor, 'update', 'coordination_plan', plan.id, {
      from: 'adopted',
      status: 'draft',
      version: row.version,
    });
    return row;
  });
}

/** The plans the member may read (their areas), the latest period first. */
export async function listPlansFor(actor: Actor, db: Db): Promise<Plan[]> {
  authorize(actor, READ);
  const scope = scopeOf(actor, READ);
  if (scope !== null && scope.length === 0) return [];
  return listPlans(db, actor.tenantId, scope);
}

export interface PlanView {
  plan: Plan;
  parts: Awaited<ReturnType<typeof planParts>>;
  departments: Department[];
  latest: ReturnType<typeof latestValues>;
  /** May change the plan (structure in a draft, progress, adoption, a new version). */
  mayEdit: boolean;
  /** The measures whose status the member may set (and whose milestones they mark reached). */
  mayStatus: Set<string>;
  /** Progress per goal, field and plan, from the plan as it stands now. */
  rollup: ReturnType<typeof planRollUp>;
  /** Milestones due before today and not reached, the earliest first. */
  overdue: PlanMilestone[];
  today: string;
}

/** A plan with everything in it (staff); 404 when it does not exist for the member. */
export async function planFor(
  actor: Actor,
  db: Db,
  planId: string,
  o: { today?: string } = {},
): Promise<PlanView> {
  const plan = await loadPlan(actor, db, planId);
  const parts = await planParts(db, actor.tenantId, plan.id);
  const own = await ownDepartmentIds(actor, db);
  const latest = latestValues(parts.progress);
  const today = o.today ?? todayLocal();
  const tree = snapshotOf(plan, parts, () => '');
  return {
    plan,
    parts,
    departments: await listDepartments(db, actor.tenantId, { archived: true }),
    latest,
    rollup: planRollUp(tree.fields, new Map(parts.measures.map((m) => [m.id, m.status])), latest),
    overdue: parts.milestones.filter((m) => milestoneOverdue(m, today)),
    today,
    mayEdit: can(actor, PLAN, plan.areaIds),
    mayStatus: new Set(
      parts.measures.filter((m) => canSetMeasureStatus(actor, plan, m, own)).map((m) => m.id),
    ),
  };
}

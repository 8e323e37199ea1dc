/**
 * Rules of integrated action plans (PLAN-1…3) that need no database: the plan as adopted (the
 * snapshot a version keeps and the public page shows), how far an indicator has come, and the
 * counts the figures and pages show.
 */
import type { FundingKind, MeasureStatus } from './vocab.ts';

export interface SnapshotIndicator {
  id: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
  /** The measure of the goal it measures (none: the goal as a whole; absent in older versions). */
  measureId?: string | null;
}

export interface SnapshotMilestone {
  id: string;
  title: string;
  dueOn: string;
}

export interface SnapshotStep {
  id: string;
  what: string;
  takesPlaceOn: string;
  withWhom: string;
}

export interface SnapshotMeasure {
  id: string;
  title: string;
  description: string;
  /** The responsible department's name as it was at the adoption (none: another actor). */
  department: string;
  responsible: string;
  budgetLine: string;
  budgetCents: number | null;
  startsOn: string | null;
  endsOn: string | null;
  continuation: string;
  // PLAN-2 details; absent in versions adopted before they existed.
  fundingKind?: FundingKind | null;
  investive?: boolean;
  budgetYears?: { year: number; amountCents: number }[];
  milestones?: SnapshotMilestone[];
  steps?: SnapshotStep[];
}

export interface SnapshotGoal {
  id: string;
  title: string;
  description: string;
  indicators: SnapshotIndicator[];
  measures: SnapshotMeasure[];
}

export interface SnapshotField {
  id: string;
  name: string;
  description: string;
  goals: SnapshotGoal[];
}

/** The plan as adopted: what the version decided, kept unchanged while the next version is drafted. */
export interface PlanSnapshot {
  title: string;
  areaId: string;
  periodFrom: string;
  periodTo: string;
  summary: string;
  continuation: string;
  fields: SnapshotField[];
}

interface Parts {
  fields: { id: string; name: string; description: string }[];
  goals: { id: string; fieldId: string; title: string; description: string }[];
  indicators: {
    id: string;
    goalId: string;
    name: string;
    unit: string;
    baseline: number;
    target: number;
    measureId: string | null;
  }[];
  measures: {
    id: string;
    goalId: string;
    title: string;
    description: string;
    departmentId: string | null;
    responsible: string;
    budgetLine: string;
    budgetCents: number | null;
    startsOn: string | null;
    endsOn: string | null;
    continuation: string;
    fundingKind: FundingKind | null;
    investive: boolean;
  }[];
  milestones: { id: string; measureId: string; title: string; dueOn: string }[];
  steps: { id: string; measureId: string; what: string; takesPlaceOn: string; withWhom: string }[];
  budgetYears: { measureId: string; year: number; amountCents: number }[];
}

/** The plan's parts as one tree, in their order (departments named as they are today). */
export function snapshotOf(
  plan: Omit<PlanSnapshot, 'fields'>,
  parts: Parts,
  departmentName: (id: string) => string,
): PlanSnapshot {
  return {
    title: plan.title,
    areaId: plan.areaId,
    periodFrom: plan.periodFrom,
    periodTo: plan.periodTo,
    summary: plan.summary,
    continuation: plan.continuation,
    fields: parts.fields.map((f) => ({
      id: f.id,
      name: f.name,
      description: f.description,
      goals: parts.goals
        .filter((g) => g.fieldId === f.id)
        .map((g) => ({
          id: g.id,
          title: g.title,
          description: g.description,
          indicators: parts.indicators
            .filter((i) => i.goalId === g.id)
            .map(({ id, name, unit, baseline, target, measureId }) => ({
              id,
              name,
              unit,
              baseline,
              target,
              measureId,
            })),
          measures: parts.measures
            .filter((m) => m.goalId === g.id)
            .map((m) => ({
              id: m.id,
              title: m.title,
              description: m.description,
              department: m.departmentId ? departmentName(m.departmentId) : '',
              responsible: m.responsible,
              budgetLine: m.budgetLine,
              budgetCents: m.budgetCents,
              startsOn: m.startsOn,
              endsOn: m.endsOn,
              continuation: m.continuation,
              fundingKind: m.fundingKind,
              investive: m.investive,
              budgetYears: parts.budgetYears
                .filter((b) => b.measureId === m.id)
                .map(({ year, amountCents }) => ({ year, amountCents })),
              milestones: parts.milestones
                .filter((x) => x.measureId === m.id)
                .map(({ id, title, dueOn }) => ({ id, title, dueOn })),
              steps: parts.steps
                .filter((x) => x.measureId === m.id)
                .map(({ id, what, takesPlaceOn, withWhom }) => ({ id, what, takesPlaceOn, withWhom })),
            })),
        })),
    })),
  };
}

/** Can the plan be adopted? At least one field of action with at least one goal. */
export const adoptable = (s: PlanSnapshot): boolean => s.fields.some((f) => f.goals.length > 0);

/**
 * How far an indicator has come from its baseline towards its target, in percent of the way (0 at
 * the baseline, 100 at the target; below 0 when it went the wrong way, above 100 beyond the target).
 * Works for targets below the baseline too (fewer school drop-outs). Null without a measured value.
 */
export function progressPercent(
  i: Pick<SnapshotIndicator, 'baseline' | 'target'>,
  latest: number | null | undefined,
): number | null {
  if (latest === null || latest === undefined || i.target === i.baseline) return null;
  return Math.round(((latest - i.baseline) / (i.target - i.baseline)) * 100);
}

/** The last measured value of each indicator (entries oldest first). */
export function latestValues(
  entries: readonly { indicatorId: string; value: number; measuredOn: string }[],
): Map<string, { value: number; measuredOn: string }> {
  const out = new Map<string, { value: number; measuredOn: string }>();
  for (const e of entries) {
    const seen = out.get(e.indicatorId);
    if (!seen || e.measuredOn >= seen.measuredOn)
      out.set(e.indicatorId, { value: e.value, measuredOn: e.measuredOn });
  }
  return out;
}

/** Measures counted by status (every status present, 0 when none). */
export function countByStatus(measures: readonly { status: MeasureStatus }[]): Record<MeasureStatus, number> {
  const out: Record<MeasureStatus, number> = { planned: 0, running: 0, done: 0, dropped: 0 };
  for (const m of measures) out[m.status] += 1;
  return out;
}

/**
 * How far a part of a plan has come (PLAN-2): the share of its measures that are done (dropped ones
 * do not count) and how far its indicators have come on average (each measured indicator's percent of
 * the way, held between 0 and 100, so one far beyond its target does not hide one that went the wrong
 * way). Null where there is nothing to count.
 */
export interface RollUp {
  /** Measures that count: every measure but the dropped ones. */
  measures: number;
  done: number;
  donePercent: number | null;
  indicators: number;
  /** Indicators with a measured value. */
  measured: number;
  indicatorPercent: number | null;
}

type RollGoal = Pick<SnapshotGoal, 'id'> & {
  measures: readonly { id: string }[];
  indicators: readonly Pick<SnapshotIndicator, 'id' | 'baseline' | 'target'>[];
};

/** The roll-up of some goals together (one goal, the goals of a field, the whole plan). */
export function rollUp(
  goals: readonly RollGoal[],
  statusOf: (measureId: string) => MeasureStatus | undefined,
  latestOf: (indicatorId: string) => number | undefined,
): RollUp {
  let measures = 0;
  let done = 0;
  let indicators = 0;
  let measured = 0;
  let sum = 0;
  for (const g of goals) {
    for (const m of g.measures) {
      const s = statusOf(m.id);
      if (s === 'dropped') continue;
      measures += 1;
      if (s === 'done') done += 1;
    }
    for (const i of g.indicators) {
      indicators += 1;
      const pct = progressPercent(i, latestOf(i.id));
      if (pct === null) continue;
      measured += 1;
      sum += Math.min(100, Math.max(0, pct));
    }
  }
  return {
    measures,
    done,
    donePercent: measures ? Math.round((done / measures) * 100) : null,
    indicators,
    measured,
    indicatorPercent: measured ? Math.round(sum / measured) : null,
  };
}

/** The roll-up of a plan: per goal, per field of action and for the whole plan. */
export function planRollUp(
  fields: readonly (Pick<SnapshotField, 'id'> & { goals: readonly RollGoal[] })[],
  statuses: ReadonlyMap<string, MeasureStatus>,
  latest: ReadonlyMap<string, { value: number }>,
): { plan: RollUp; fields: Map<string, RollUp>; goals: Map<string, RollUp> } {
  const statusOf = (id: string) => statuses.get(id);
  const latestOf = (id: string) => latest.get(id)?.value;
  const goals = new Map<string, RollUp>();
  const byField = new Map<string, RollUp>();
  for (const f of fields) {
    for (const g of f.goals) goals.set(g.id, rollUp([g], statusOf, latestOf));
    byField.set(f.id, rollUp(f.goals, statusOf, latestOf));
  }
  return {
    plan: rollUp(
      fields.flatMap((f) => f.goals),
      statusOf,
      latestOf,
    ),
    fields: byField,
    goals,
  };
}

/** Is the milestone overdue: due before today (Berlin) and not reached? */
export const milestoneOverdue = (m: { dueOn: string; doneOn: string | null }, today: string): boolean =>
  !m.doneOn && m.dueOn < today;

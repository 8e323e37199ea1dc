/**
 * Rules of integrated action plans (PLAN-1…3) that need no database: the plan as adopted (the
 * snapshot a version keeps and the public page shows), how far an indicator has come, and the
 * counts the figures and pages show.
 */
import type { MeasureStatus } from './vocab.ts';

export interface SnapshotIndicator {
  id: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
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
  indicators: { id: string; goalId: string; name: string; unit: string; baseline: number; target: number }[];
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
  }[];
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
            .map(({ id, name, unit, baseline, target }) => ({ id, name, unit, baseline, target })),
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

/**
 * What residents see of integrated action plans (no account): the adopted plans, each as its last
 * adopted version says — the fields of action, goals, indicators with the latest measured value, and
 * measures with where they stand now — and the list of versions with the body and what changed. A draft
 * (the first one, or the next version being worked on) is never shown.
 */
import type { Db } from '../../../platform/db/index.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { latestValues, type PlanSnapshot, type RollUp } from '../domain/plans.ts';
import type { MeasureStatus } from '../domain/vocab.ts';
import {
  getPlan,
  listAdoptedPlans,
  measureStatuses,
  milestonesOf,
  type PlanVersion,
  progressOf,
  versionsOf,
} from '../queries.ts';

export interface PublicPlanSummary {
  id: string;
  title: string;
  areaId: string;
  periodFrom: string;
  periodTo: string;
  version: number;
  adoptedOn: string;
  adoptedBy: string;
}

export interface PublicPlan extends PublicPlanSummary {
  snapshot: PlanSnapshot;
  /** Where each measure stands now (by id; a measure removed in a later draft keeps its last status). */
  statuses: Map<string, MeasureStatus>;
  latest: Map<string, { value: number; measuredOn: string }>;
  /** The day each milestone was reached (by id; open ones are absent). */
  milestonesDone: Map<string, string>;
  versions: Pick<PlanVersion, 'version' | 'adoptedOn' | 'adoptedBy' | 'changeNote'>[];
  /** A next version is being drafted. */
  revising: boolean;
}

const summaryOf = (
  plan: { id: string; areaId: string },
  v: PlanVersion,
  snapshot: PlanSnapshot,
): PublicPlanSummary => ({
  id: plan.id,
  title: snapshot.title,
  areaId: snapshot.areaId,
  periodFrom: snapshot.periodFrom,
  periodTo: snapshot.periodTo,
  version: v.version,
  adoptedOn: v.adoptedOn,
  adoptedBy: v.adoptedBy,
});

/** The adopted plans of the tenant (or of the areas given, with everything below them). */
export async function publicPlans(
  db: Db,
  tenantId: string,
  o: { areaIds?: string[] } = {},
): Promise<PublicPlanSummary[]> {
  const list = await listAdoptedPlans(db, tenantId, o.areaIds ?? null);
  const out: PublicPlanSummary[] = [];
  for (const p of list) {
    const [v] = await versionsOf(db, tenantId, p.id);
    if (v) out.push(summaryOf(p, v, v.snapshot as PlanSnapshot));
  }
  return out;
}

/** One adopted plan as the public sees it; null when there is none (or only a draft). */
export async function publicPlan(db: Db, tenantId: string, planId: string): Promise<PublicPlan | null> {
  const plan = await getPlan(db, tenantId, planId);
  if (!plan) return null;
  const versions = await versionsOf(db, tenantId, plan.id);
  const [v] = versions;
  if (!v) return null;
  const snapshot = v.snapshot as PlanSnapshot;
  const [statuses, progress, milestones] = await Promise.all([
    measureStatuses(db, tenantId, plan.id),
    progressOf(db, tenantId, plan.id),
    milestonesOf(db, tenantId, plan.id),
  ]);
  return {
    ...summaryOf(plan, v, snapshot),
    snapshot,
    statuses: new Map(statuses.map((s) => [s.id, s.status])),
    latest: latestValues(progress),
    milestonesDone: new Map(milestones.filter((m) => m.doneOn).map((m) => [m.id, m.doneOn as string])),
    versions: versions.map(({ version, adoptedOn, adoptedBy, changeNote }) => ({
      version,
      adoptedOn,
      adoptedBy,
      changeNote,
    })),
    revising: plan.status === 'draft',
  };
}

/** The roll-up line of a goal, a field or the plan, as the pages and the PDF show it (public wording). */
export function rollUpText(t: TFunction, r: RollUp | undefined): string {
  if (!r || (r.measures === 0 && r.indicators === 0)) return '';
  const parts = [
    r.donePercent !== null
      ? String(
          t('coordination:public.rollupMeasures', {
            done: r.done,
            total: r.measures,
            percent: r.donePercent,
          }),
        )
      : '',
    r.indicatorPercent !== null
      ? String(
          t('coordination:public.rollupIndicators', {
            percent: r.indicatorPercent,
            measured: r.measured,
            total: r.indicators,
          }),
        )
      : r.indicators > 0
        ? String(t('coordination:public.rollupNotMeasured'))
        : '',
  ].filter(Boolean);
  return `${String(t('coordination:public.progress'))}: ${parts.join(' · ')}`;
}

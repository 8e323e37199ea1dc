// Public surface of the coordination module (COORD-1, COORD-2, BODY-3): the district's departments,
// needs reported from the areas or by bodies, their routing to departments with deadlines, answers,
// overdue reminders and escalation to a steering round. Other modules import only from here; the
// councils module records a body's recommendations through `reportRecommendation` and shows them with
// `recommendationsOfBody` and `publicRecommendations`.

export { type PlanSnapshot, planRollUp, progressPercent, type RollUp, rollUp } from './domain/plans.ts';
export { isOverdue, overallStatus } from './domain/status.ts';
export {
  MEASURE_STATUSES,
  type MeasureStatus,
  NEED_STATUSES,
  type NeedStatus,
  PLAN_STATUSES,
  type PlanStatus,
  ROUTING_STATUSES,
  type RoutingStatus,
  TOPICS,
  type Topic,
  URGENCIES,
  type Urgency,
} from './domain/vocab.ts';
export { coordinationManifest } from './manifest.ts';
export { mayReadNeeds } from './policies.ts';
export {
  type Department,
  type Need,
  type Plan,
  type PlanMeasure,
  type PlanMilestone,
  type PlanVersion,
  plansVersion,
  type Routing,
} from './queries.ts';
export type {
  AdoptInput,
  AnswerInput,
  BudgetYearInput,
  DepartmentInput,
  EscalateInput,
  FieldInput,
  GoalInput,
  IndicatorInput,
  MeasureInput,
  MeasureStatusInput,
  MilestoneDoneInput,
  MilestoneInput,
  NeedInput,
  PlanInput,
  ProgressInput,
  RecommendationInput,
  RouteInput,
  StepInput,
} from './schemas.ts';
// The public area page (website module) shows the area's adopted plan with this section.
export { PlanAreaSection } from './ui/public-plans.tsx';
// What members do with needs: each use case takes the acting member first and checks first.
export { createDepartment, departmentsFor, updateDepartment } from './use-cases/departments.ts';
export { listNeedsFor, type NeedFilter, type NeedView, needFor, reportNeed } from './use-cases/needs.ts';
// Integrated action plans (PLAN-1…3): drafted, adopted by a body, updated as new versions.
export {
  addBudgetYear,
  addField,
  addGoal,
  addIndicator,
  addMeasure,
  addMilestone,
  addStep,
  adoptPlan,
  createPlan,
  listPlansFor,
  openNewVersion,
  type PlanPartKind,
  type PlanView,
  planFor,
  recordProgress,
  removePlanPart,
  setMeasureStatus,
  setMilestoneDone,
  updateField,
  updateGoal,
  updateIndicator,
  updateMeasure,
  updatePlan,
} from './use-cases/plans.ts';
// The Prüfsteine self-assessment (COORD-5): a rating per Prüfstein and year, with evidence and trend.
export { type Assessment, assessmentFor, ratePruefstein } from './use-cases/pruefsteine.ts';
export {
  type PublicPlan,
  type PublicPlanSummary,
  publicPlan,
  publicPlans,
} from './use-cases/public-plans.ts';
export {
  type PublicRecommendation,
  publicRecommendations,
  recommendationsOfBody,
  reportRecommendation,
} from './use-cases/recommendations.ts';
// Resources per area (COORD-3): budget lines per area, year and source; CSV import with a preview.
export {
  budgetFormChoices,
  budgetLineFor,
  deleteBudgetLine,
  importBudgets,
  previewBudgetImport,
  resourcesFor,
  saveBudgetLine,
} from './use-cases/resources.ts';
export { answerRouting, escalateNeed, escalationTargetsFor, routeNeed } from './use-cases/routing.ts';
export { type NeedSummary, type RoutingView, worksIn as departmentWorksIn } from './use-cases/shared.ts';

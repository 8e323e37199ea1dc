// Public surface of the impact module (IMPACT-1 … IMPACT-3): the team's activities, the KPI dashboard
// over every module's figures, the areas side by side and the annual report. Other modules import only from here.

export { change, combineAreas, combineTime } from './domain/figures.ts';
export { type Period, readPeriod, yearBefore } from './domain/period.ts';
export { impactManifest } from './manifest.ts';
export type { ActivityInput, ReportTextsInput } from './schemas.ts';
export {
  type Activity,
  activityFor,
  activityFormChoices,
  createActivity,
  deleteActivity,
  listActivitiesFor,
  updateActivity,
} from './use-cases/activities.ts';
export { areasSideBySide, type Dashboard, dashboardFor, type SideBySide } from './use-cases/dashboard.ts';
export {
  finaliseReport,
  listReportsFor,
  openReport,
  type ReportView,
  reopenReport,
  reportFor,
  saveReportTexts,
} from './use-cases/reports.ts';

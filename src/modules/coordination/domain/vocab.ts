/**
 * Fixed vocabularies of the coordination module (COORD-1, COORD-2, BODY-3). Values are stable English
 * codes stored in the database; labels come from i18n (`coordination:vocab.<list>.<code>`).
 */

/**
 * Topics of a need, for routing and for the overview per area and topic: the fields of action of an
 * integrated action plan (seed 004) and the departments' fields of work.
 */
export const TOPICS = [
  'youth',
  'social',
  'education',
  'health',
  'public_space',
  'environment',
  'culture',
  'housing',
  'mobility',
  'participation',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

/** How soon a need wants an answer, as the reporter sees it. */
export const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * Who reported the need: a member of a neighbourhood team, or a body of the councils module (a
 * recommendation to the administration from a carried resolution, BODY-3). Later: a "seismograph"
 * actor and concerns of the network module.
 */
export const SOURCE_KINDS = ['team', 'body'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * The status of one routing (the need at one department): sent → in progress → answered → closed.
 * A department may answer straight away (sent → answered); closed is final.
 */
export const ROUTING_STATUSES = ['sent', 'in_progress', 'answered', 'closed'] as const;
export type RoutingStatus = (typeof ROUTING_STATUSES)[number];

/**
 * The overall status of a need, derived from its routings (never stored): `reported` before district
 * coordination routes it, then as `domain/status.ts` says.
 */
export const NEED_STATUSES = ['reported', 'sent', 'in_progress', 'answered', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/**
 * An integrated action plan (PLAN-1…3) is drafted, then adopted by a body; a later update opens the
 * next version as a draft again (the adopted one stays public until the new one is adopted).
 */
export const PLAN_STATUSES = ['draft', 'adopted'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Where a measure (Maßnahme) of a plan stands. */
export const MEASURE_STATUSES = ['planned', 'running', 'done', 'dropped'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/**
 * Where a measure's money comes from (PLAN-2): a funding programme (Sozialer Zusammenhalt,
 * Stadtumbau …), a fund (e.g. of the funds module: Aktionsfonds, Projektfonds), the regular budget of
 * a department. The budget line names which one in words.
 */
export const FUNDING_KINDS = ['programme', 'fund', 'regular'] as const;
export type FundingKind = (typeof FUNDING_KINDS)[number];

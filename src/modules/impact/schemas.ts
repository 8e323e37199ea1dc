/**
 * One Zod schema per input of the impact module, built from the platform's builders: the use cases
 * parse with them, the forms read into them (`fromForm`) and the API documents them. Messages are
 * translation keys (`validation.*`, `impact:errors.*`).
 */
import { z } from 'zod';
import type { FormShape } from '../../platform/forms/index.ts';
import { localDate, requiredText, text, uuid, wholeNumber } from '../../platform/forms/index.ts';
import { RECORD } from '../../platform/http/limits.ts';

/** Sections of the annual report (Sachbericht), in order (seed 001: activity level, participation). */
export const REPORT_SECTIONS = ['situation', 'goals', 'activities', 'participation', 'outlook'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** An activity of the team (IMPACT-3): what, when, where, with whom, how many took part. */
export const activityFields = {
  title: requiredText(200),
  heldOn: localDate({ window: RECORD, label: 'impact:fields.heldOn' }),
  areaId: uuid(),
  partners: text(500).default(''),
  partnerActorIds: z.array(uuid()).max(50).default([]),
  participants: wholeNumber(0, 100_000, { label: 'impact:fields.participants' }).default(0),
  note: text(2000).default(''),
};
export const activityInput = z.object(activityFields);
export type ActivityInput = z.input<typeof activityInput>;
export const ACTIVITY_FORM: FormShape = {
  title: 'text',
  heldOn: 'text',
  areaId: 'text',
  partners: 'text',
  partnerActorIds: 'list',
  participants: 'number',
  note: 'text',
};

/** The team's texts of an annual report, one per section. */
export const reportTextFields = Object.fromEntries(
  REPORT_SECTIONS.map((s) => [s, text(20_000).default('')]),
) as Record<ReportSection, z.ZodDefault<ReturnType<typeof text>>>;
export const reportTextsInput = z.object(reportTextFields);
export type ReportTextsInput = z.input<typeof reportTextsInput>;
export const REPORT_FORM: FormShape = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, 'text']));

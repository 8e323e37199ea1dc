/**
 * The inputs of the resources per area (COORD-3) and the Prüfsteine (COORD-5), built like those of
 * schemas.ts from the platform's builders: the use cases parse with them, the staff forms post into
 * them. Messages are translation keys.
 */
import { z } from 'zod';
import { choice, euroCents, requiredText, text, uuid, wholeNumber } from '../../platform/forms/index.ts';
import { MAX_EVIDENCE, RATING_MAX, RATING_MIN } from './domain/pruefsteine.ts';
import { AMOUNT_MAX_EUROS, BUDGET_KINDS, YEAR_MAX, YEAR_MIN } from './domain/resources.ts';

/**
 * One budget line of an area: which source (a department's regular funds, or a funding programme),
 * of which kind, how much in one year (euros as typed, into cents), and the reference.
 */
export const budgetInput = z.object({
  areaId: uuid(),
  year: wholeNumber(YEAR_MIN, YEAR_MAX, { label: 'coordination:budget.year' }),
  source: requiredText(200),
  kind: choice(BUDGET_KINDS),
  amount: euroCents({
    min: 0,
    max: AMOUNT_MAX_EUROS,
    error: 'coordination:errors.euros',
    label: 'coordination:budget.amount',
  })
    .optional()
    .refine((c) => c !== null && c !== undefined, { error: 'validation.required' }),
  reference: text(300).default(''),
});
export type BudgetInput = z.input<typeof budgetInput>;

/**
 * The district's rating of one Prüfstein in a year: 0 not yet … 4 fully, a comment, and evidence as
 * links to pages of Quartier (each checked by the use case: this tenant's pages only).
 */
export const ratingInput = z.object({
  rating: wholeNumber(RATING_MIN, RATING_MAX, { label: 'coordination:pruefstein.rating' }),
  comment: text(5000).default(''),
  evidence: z
    .array(z.object({ label: text(200).default(''), link: text(600).default('') }))
    .max(MAX_EVIDENCE)
    .default([]),
});
export type RatingInput = z.input<typeof ratingInput>;

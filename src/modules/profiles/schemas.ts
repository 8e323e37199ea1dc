/**
 * One Zod schema per input of the profiles module, built from the platform's builders: the use case
 * parses with it, the staff form reads into it (`fromForm`). Messages are translation keys
 * (`validation.*`, `profiles:errors.*`).
 */
import { z } from 'zod';
import { choice, type FormShape, requiredText, text } from '../../platform/forms/index.ts';
import { AGGREGATIONS, DIRECTIONS, UNITS } from './domain/vocab.ts';

/** An indicator's definition as staff edit it (its key stays: imports find the indicator by it). */
export const indicatorFields = {
  nameDe: requiredText(200),
  nameEn: text(200).default(''),
  unit: choice(UNITS),
  direction: choice(DIRECTIONS),
  aggregation: choice(AGGREGATIONS),
  /** The indicator whose values weight a `weighted` one (inhabitants for shares). */
  weightIndicatorKey: text(60).default(''),
  source: text(500).default(''),
  licence: text(200).default(''),
  description: text(2000).default(''),
  published: z.boolean().default(false),
};
/** The rule between fields: a weighted mean needs its weight (checked by the schema and the form alike). */
export const weightProblem = (v: { aggregation?: string; weightIndicatorKey?: string }) =>
  v.aggregation === 'weighted' && !v.weightIndicatorKey ? 'profiles:errors.weightRequired' : undefined;
export const indicatorInput = z.object(indicatorFields).superRefine((v, ctx) => {
  const problem = weightProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', path: ['weightIndicatorKey'], message: problem });
});
export type IndicatorInput = z.input<typeof indicatorInput>;
export const INDICATOR_FORM: FormShape = {
  nameDe: 'text',
  nameEn: 'text',
  unit: 'text',
  direction: 'text',
  aggregation: 'text',
  weightIndicatorKey: 'text',
  source: 'text',
  licence: 'text',
  description: 'text',
  published: 'checkbox',
};

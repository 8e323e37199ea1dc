import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * What residents see of coordination: the adopted integrated action plans (list and page) with the
 * measures' statuses. Translated into Turkish, Arabic and easy German; staff screens stay de/en. A
 * body's recommendations with the answers are shown on the councils module's pages in its own words.
 */
export const publicTranslations: PublicTranslations = {
  keys: { include: ['publicNav', 'public', 'vocab.measure', 'vocab.funding'] },
  sources: ['ui/public-plans.tsx', 'use-cases/plan-pdf.ts', 'use-cases/public-plans.ts'],
};

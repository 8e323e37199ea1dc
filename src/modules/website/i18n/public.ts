import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * The strings of the website module that residents see: an area's start page, news and pages, and
 * the welcome guide (page and PDF). Translated into Turkish, Arabic and easy German; the editing
 * screens stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: ['area', 'guide', 'topics'],
  },
  sources: ['ui/public.tsx'],
  nsSources: ['use-cases/guide-pdf.ts'],
};

import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * The strings of the areas module that residents see: the public list and map of areas and the
 * names of area kinds shown on area pages. Translated into Turkish, Arabic and easy German; the
 * area screens and the boundary import stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: ['kinds', 'kindsPlural', 'home', 'page'],
  },
  sources: ['ui/public.tsx'],
};

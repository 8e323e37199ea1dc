import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * What residents see of the profiles module: the public area profile and map of the indicators
 * (`profile.*`, with its CSV and PDF). The indicator and import screens stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: { include: ['profile'] },
  sources: ['ui/profile-pages.tsx', 'use-cases/profile-export.ts'],
};

import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * The strings of the tenancy module that residents see: the site's start page (the list of
 * tenants), the imprint, privacy and accessibility pages. Translated into Turkish, Arabic and easy
 * German; the settings screen stays de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: ['start', 'imprintMissing', 'privacyMissing', 'accessibilityText', 'contact'],
  },
  sources: ['ui/public.tsx', 'ui/start.tsx'],
};

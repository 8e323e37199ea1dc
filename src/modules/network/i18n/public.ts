import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * The strings of the network module that residents see: the public consultation hours (list, area
 * view, feed links) and the printed posters. Translated into Turkish, Arabic and easy German; the
 * directory, contact log and the other staff screens stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: [
      'publicNav',
      'all',
      'weekdays',
      'series.customRule',
      'series.rhythm',
      'series.nth',
      'occurrence.cancelled',
      'occurrence.changed',
      'venue.stepFree',
      'venue.notStepFree',
      'venue.accessibleToilet',
      'venue.hearingLoop',
      'public',
      'poster',
      'vocab.languages',
    ],
    // "Uhr" after a time: Turkish and Arabic say the time alone.
    mayBeEmpty: ['public.oclock', 'poster.oclock'],
  },
  sources: ['ui/public.tsx', 'use-cases/poster.ts'],
};

import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * The strings of the councils module that residents see: the list of public bodies, a body's public
 * page (members as consented, upcoming meetings, resolutions), a member's private page of a meeting's
 * papers, and the messages of the OParl API.
 * Translated into Turkish, Arabic and easy German; the staff screens stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: [
      'publicNav',
      'public',
      'papers',
      'oparl',
      'vocab.kind',
      'vocab.memberKind',
      'vocab.role',
      'vocab.result',
      'recommendation.public',
    ],
  },
  sources: ['ui/public.tsx', 'ui/public-recommendations.tsx', 'ui/papers.tsx', 'oparl/routes.ts'],
};

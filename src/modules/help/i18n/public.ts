import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/** What residents see of the help module: the public search page, the kiosk and the referral slip. Staff wording stays de/en. */
export const publicTranslations: PublicTranslations = {
  keys: { include: ['public', 'publicNav'] },
  sources: ['ui/public.tsx', 'ui/kiosk.tsx', 'ui/review.tsx'],
};

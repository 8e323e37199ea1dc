import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * The strings of the newsletters module that the public sees: sign-up, confirmation, preferences and
 * unsubscribe pages, the confirmation mails and the frame of every issue (headings, footer links).
 * These are translated into Turkish, Arabic and easy German; staff screens stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: [
      'publicNav',
      'breadcrumb',
      'toStart',
      'statuses',
      'consent',
      'form',
      'errors.consent',
      'signup',
      'confirm',
      'prefs',
      'unsubscribe',
      'mail',
      'render',
    ],
  },
  sources: ['ui/public.tsx'],
  // The mail code translates with the module namespace already chosen: t('mail.confirm.subject').
  nsSources: ['use-cases/subscribers.ts', 'use-cases/issues.ts'],
};

import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * What residents see of volunteering: the "Get involved" pages, the offer form, the volunteer's page
 * behind the private link, the sign-up for a call, the contact form of an initiative, the mails and
 * the certificate of engagement — with the words of the vocabularies, the reasons of a proposal and
 * the messages the forms can show. Staff screens stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: [
      'publicNav',
      'public',
      'form',
      'me',
      'mail',
      'certificate',
      'vocab',
      'reasons',
      'errors',
      'fields.day',
      'fields.hours',
      'fields.note',
    ],
  },
  sources: ['ui/public.tsx', 'use-cases/certificates.ts'],
  nsSources: ['use-cases/mails.ts'],
};

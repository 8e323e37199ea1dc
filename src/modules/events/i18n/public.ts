import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * The strings of the events module that the public sees — the calendar, event pages, the submission
 * form and the submitter's private page, registration pages, and the mails to submitters and
 * registrants. These are translated into Turkish, Arabic and easy German; staff screens stay de/en.
 * A new key in one of these subtrees fails test/public-translations.test.ts until it is translated
 * (or listed in `exclude` because only staff see it).
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: [
      'publicNav',
      'allDay',
      'cancelled',
      'online',
      'recurring',
      'registrationNeeded',
      'waitlistOnly',
      'kinds',
      'statuses',
      'costs',
      'repeat',
      'rhythm',
      'access',
      'vocab.targetGroups',
      'vocab.languages',
      'fields',
      'form',
      'public',
      'feeds',
      'embed',
      'criteria',
      'submit',
      'edit',
      'registration',
      'results.title',
      'results.image',
      'mail',
      // Errors of the public forms (the other errors are staff-only).
      'errors.tooLong',
      'errors.phone',
      'errors.url',
      'errors.date',
      'errors.time',
      'errors.number',
      'errors.numberRange',
      'errors.endBeforeStart',
      'errors.tooLongEvent',
      'errors.past',
      'errors.untilRequired',
      'errors.untilBeforeStart',
      'errors.untilTooFar',
      'errors.location',
      'errors.costNote',
      'errors.criteria',
    ],
    exclude: [
      // Staff-only parts of the shared event form and lists.
      'repeat.custom',
      'fields.kind',
      'fields.exdates',
      'fields.organiserActor',
      'fields.registrationRequired',
      'fields.capacity',
      'fields.waitlistEnabled',
      'form.registration',
      'form.exdatesHint',
      'form.otherOrganiser',
      'registration.statusShort',
      'fields.registrationMode',
      'form.registrationModeHint',
      'registrationModes',
      'registrationModeHints',
      // Goes to the team, in German.
      'mail.newSubmission',
    ],
  },
  sources: ['ui/public.tsx', 'ui/submit.tsx', 'ui/register.tsx', 'ui/common.tsx', 'ui/event-form.tsx'],
  nsSources: ['use-cases/registrations.ts', 'use-cases/moderation.ts'],
};

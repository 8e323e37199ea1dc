import type { PublicTranslations } from '../../../platform/i18n/public.ts';

/**
 * What applicants see of funds: the calls, the application form, the page behind the private link,
 * the mails and the decision letter — with the words of the fund kinds, cost kinds and statuses and
 * the messages the form can show. Translated into Turkish, Arabic and easy German; staff screens
 * stay de/en.
 */
export const publicTranslations: PublicTranslations = {
  keys: {
    include: [
      'publicNav',
      'public',
      'form',
      'status',
      'settlement',
      'projects',
      'mail',
      'letter',
      'vocab.kind',
      'vocab.costKind',
      'vocab.status',
      'fields.amount',
      'fields.hours',
      'fields.ownMoney',
      'fields.participants',
      'errors.date',
      'errors.endBeforeStart',
      'errors.contactNeeded',
      'errors.noCostPlan',
      'errors.noOpenYear',
      'errors.notEditable',
      'errors.status',
      'errors.euros',
      'errors.consent',
      'errors.confirmWithdraw',
      'errors.overCap',
      'errors.ownTooLow',
      'errors.kindNotAllowed',
      'errors.startTooEarly',
      'errors.startNeeded',
      'errors.genderSum',
      'errors.settlementIn',
      'errors.receiptMissing',
      'errors.participantsNeeded',
      'errors.fileEmpty',
      'errors.fileTooLarge',
      'errors.photoType',
      'errors.receiptType',
      'errors.fileTooMany',
    ],
    // The staff part of ui/settlement.tsx (checking a settlement).
    exclude: ['staff.settlement'],
  },
  sources: [
    'ui/public.tsx',
    'ui/public-form.ts',
    'ui/settlement.tsx',
    'ui/funded-projects.tsx',
    'use-cases/documents.ts',
  ],
  nsSources: ['use-cases/mails.ts'],
};

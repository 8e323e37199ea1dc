/**
 * Which translation keys the public sees. Staff screens speak German and English; every page,
 * mail or document a resident sees also speaks Turkish, Arabic and easy German. Each module states
 * its public keys in `i18n/public.ts`; one test (test/public-translations.test.ts) checks them for
 * every module: every key a public source uses is declared public, and every public key is
 * translated into all five languages.
 */
export interface PublicKeys {
  /** Key paths whose whole subtree is shown to the public (pages, mails, documents). */
  include: readonly string[];
  /** Staff-only key paths: inside an included subtree, or used by the staff part of a shared file. */
  exclude?: readonly string[];
  /**
   * Keys a language may leave empty on purpose: a word German needs and others do not, such as
   * "Uhr" after a time.
   */
  mayBeEmpty?: readonly string[];
}

export interface PublicTranslations {
  keys: PublicKeys;
  /**
   * Files of the module (paths relative to the module folder) that render public pages or the
   * parts of them, or write residents' mails and documents: their `'<ns>:key'` literals must be
   * public. Every file that calls `publicPage(` must be listed.
   */
  sources: readonly string[];
  /**
   * Files that translate with the module's namespace already chosen (`services.i18n.t(lang, ns)`,
   * then `t('mail.x.subject')`): their `t('key')` calls must be public too.
   */
  nsSources?: readonly string[];
}

/** The platform's own strings (namespace `common`) on public pages: the frame, errors, form messages. */
export const commonPublicKeys: PublicKeys = {
  include: [
    'skipToContent',
    'language',
    'languageSwitch',
    'footerNav',
    'imprint',
    'privacy',
    'accessibility',
    'staffLogin',
    'mainNav',
    'yes',
    'no',
    'save',
    'errorSummaryTitle',
    'honeypot',
    'notTranslated',
    'errors',
    'validation',
  ],
  // Staff and account screens only (German and English).
  exclude: ['validation.slug'],
};

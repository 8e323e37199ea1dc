import { commonTranslations } from '../../platform/i18n/common.ts';
import { createI18n, type I18n, isLang, type Lang, type TFunction } from '../../platform/i18n/index.ts';
import { accessManifest } from '../access/index.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };

let instance: I18n | undefined;

/**
 * Translations for texts made outside a request (mails of use cases, CLI messages): the same
 * namespaces the app loads, built once on first use.
 */
export function textsFor(lang: string | undefined): TFunction {
  instance ??= createI18n({ common: commonTranslations, identity: { de, en }, access: accessManifest.i18n });
  const l: Lang = isLang(lang) && (lang === 'de' || lang === 'en') ? lang : 'de';
  return instance.t(l);
}

/** Staff and account mails are in German or English only. */
export const mailLang = (lang: string | undefined): 'de' | 'en' => (lang === 'en' ? 'en' : 'de');

import i18next, { type TFunction } from 'i18next';

/** Staff screens: German (default) and English. Public pages add Turkish, Arabic and easy German. */
export const STAFF_LANGS = ['de', 'en'] as const;
export const PUBLIC_LANGS = ['de', 'en', 'tr', 'ar', 'de-x-ls'] as const;
export type Lang = (typeof PUBLIC_LANGS)[number];
export const DEFAULT_LANG: Lang = 'de';

export const LANG_NAMES: Record<Lang, string> = {
  de: 'Deutsch',
  en: 'English',
  tr: 'Türkçe',
  ar: 'العربية',
  'de-x-ls': 'Leichte Sprache',
};

/** BCP 47 tag for the html lang attribute; easy German is German to screen readers. */
export const htmlLang = (lang: Lang): string => (lang === 'de-x-ls' ? 'de' : lang);
export const dirOf = (lang: Lang): 'ltr' | 'rtl' => (lang === 'ar' ? 'rtl' : 'ltr');
export const isLang = (v: unknown): v is Lang =>
  typeof v === 'string' && (PUBLIC_LANGS as readonly string[]).includes(v);

export type Translations = Partial<Record<Lang, Record<string, unknown>>>;
export type { TFunction };

export interface I18n {
  t(lang: Lang, ns?: string): TFunction;
  /** True when the key has a translation in this exact language (no fallback) — for "not translated" notices. */
  has(lang: Lang, key: string, ns: string): boolean;
}

/**
 * One i18next instance for the process; each module contributes one namespace. Fallbacks: easy
 * German → German; Turkish/Arabic → English → German (for strings the team has not translated yet).
 */
export function createI18n(namespaces: Record<string, Translations>): I18n {
  const instance = i18next.createInstance();
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [ns, byLang] of Object.entries(namespaces)) {
    for (const [lang, strings] of Object.entries(byLang)) {
      resources[lang] ??= {};
      resources[lang][ns] = strings as Record<string, unknown>;
    }
  }
  instance.init({
    initAsync: false,
    resources,
    ns: Object.keys(namespaces),
    defaultNS: 'common',
    fallbackNS: 'common',
    supportedLngs: [...PUBLIC_LANGS],
    load: 'currentOnly',
    fallbackLng: { 'de-x-ls': ['de'], tr: ['en', 'de'], ar: ['en', 'de'], en: ['de'], default: ['de'] },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    t: (lang, ns) => instance.getFixedT(lang, ns ?? 'common'),
    has: (lang, key, ns) => instance.exists(key, { lng: lang, ns, fallbackLng: [] }),
  };
}

/** Picks the request language: explicit ?lang=, then the cookie, then Accept-Language, then German. */
export function negotiateLang(opts: {
  query?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
  allowed: readonly Lang[];
}): Lang {
  const { allowed } = opts;
  if (isLang(opts.query) && allowed.includes(opts.query)) return opts.query;
  if (isLang(opts.cookie) && allowed.includes(opts.cookie)) return opts.cookie;
  if (opts.acceptLanguage) {
    const ranked = opts.acceptLanguage
      .split(',')
      .map((part) => {
        const [tag, q] = part.trim().split(';q=');
        return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      const base = tag.split('-')[0] as Lang;
      if (allowed.includes(base)) return base;
    }
  }
  return DEFAULT_LANG;
}

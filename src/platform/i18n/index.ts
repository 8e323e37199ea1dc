import i18next, { type TFunction } from 'i18next';
import { formatDate, intlLocale, isDate } from '../time/index.ts';

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
    t: (lang, ns) => withMessageParams(instance.getFixedT(lang, ns ?? 'common'), lang),
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

/**
 * A message key with its parameters as one string, for the places that carry messages as strings —
 * field errors (`ValidationError.fields`, a form reader's `errors`) pass through many hands before
 * they are shown. Every `t` of this module reads it back: `t(withParams('validation.dateRange',
 * { min: '2020-01-01', max: '2030-12-31', field: 'events:form.date' }))`. Parameters are shown in the
 * reader's language: local dates (YYYY-MM-DD) as dates, numbers with its separators; `field` is a
 * translation key of the field's label, which then leads the message ("Datum: …").
 */
export function withParams(key: string, params: Record<string, string | number>): string {
  return `${key}|${JSON.stringify(params)}`;
}

const PARAMS_SEPARATOR = '|{';

/** Splits what withParams joined; a plain key comes back as it is. */
export function splitParams(key: string): { key: string; params: Record<string, string | number> } {
  const i = key.indexOf(PARAMS_SEPARATOR);
  if (i <= 0) return { key, params: {} };
  try {
    return { key: key.slice(0, i), params: JSON.parse(key.slice(i + 1)) };
  } catch {
    return { key, params: {} };
  }
}

function withMessageParams(t: TFunction, lang: string): TFunction {
  const numbers = new Intl.NumberFormat(intlLocale(lang));
  const wrapped = ((key: unknown, ...rest: unknown[]) => {
    if (typeof key !== 'string' || !key.includes(PARAMS_SEPARATOR)) return (t as any)(key, ...rest);
    const split = splitParams(key);
    const shown: Record<string, string> = {};
    let field = '';
    for (const [name, value] of Object.entries(split.params)) {
      if (name === 'field') field = String((t as any)(String(value)));
      else if (typeof value === 'number') shown[name] = numbers.format(value);
      else if (isDate(value)) shown[name] = formatDate(value, lang, { weekday: undefined });
      else shown[name] = value;
    }
    const options = typeof rest[0] === 'object' && rest[0] !== null ? rest[0] : {};
    const text = String((t as any)(split.key, { ...shown, ...options }));
    return field ? `${field}: ${text}` : text;
  }) as unknown as TFunction;
  return Object.assign(wrapped, t);
}

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** "1.500,00 €": whole cents shown as euros in the reader's language. */
export function formatMoney(cents: number, lang: string): string {
  const locale = intlLocale(lang);
  let f = moneyFormatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    moneyFormatters.set(locale, f);
  }
  return f.format(cents / 100);
}

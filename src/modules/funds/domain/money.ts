import { intlLocale } from '../../../platform/time/index.ts';

const formatters = new Map<string, Intl.NumberFormat>();

/** "1.500,00 €": whole cents shown as euros in the reader's language. */
export function formatMoney(cents: number, lang: string): string {
  const locale = intlLocale(lang);
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    formatters.set(locale, f);
  }
  return f.format(cents / 100);
}

import { z } from 'zod';
import { rangeMessage } from './fields.ts';

/**
 * Euros as typed — "15", "15,5", "1.234,50", "15.50", with or without "€" — into whole cents; null
 * when empty, NaN when it is no amount. A leading minus only where `negative` allows it (a
 * correction in a fund's ledger); elsewhere "-5" is no amount.
 */
export function parseEuroCents(input: string, o: { negative?: boolean } = {}): number | null {
  const raw = input.trim().replace(/\s|€/g, '');
  if (raw === '') return null;
  const minus = o.negative === true && raw.startsWith('-');
  const s = minus ? raw.slice(1) : raw;
  let norm = s;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) norm = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+(,\d{1,2})?$/.test(s)) norm = s.replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(s)) return Number.NaN;
  return (minus ? -1 : 1) * Math.round(Number(norm) * 100);
}

/**
 * An amount in euros as a form posts it (text), read into cents; '' or left out is none (null).
 * Something that is no amount says `error`; an amount outside [min, max] euros states the range.
 */
export const euroCents = (o: { min: number; max: number; error: string; label?: string }) =>
  z.string().transform((s, ctx) => {
    const cents = parseEuroCents(s);
    if (cents === null) return null;
    if (Number.isNaN(cents)) {
      ctx.addIssue({ code: 'custom', message: o.error });
      return z.NEVER;
    }
    if (cents < o.min * 100 || cents > o.max * 100) {
      ctx.addIssue({
        code: 'custom',
        message: rangeMessage('validation.decimalRange', o.min, o.max, o.label),
      });
      return z.NEVER;
    }
    return cents;
  });

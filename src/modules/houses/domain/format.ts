import { formatDate, formatTime } from '../../../platform/time/index.ts';

/**
 * How houses show dates (money: formatMoney of platform/i18n). The time rules are the platform's (src/platform/time); houses
 * only choose the short weekday ("Di., 6. Januar 2026") that fits their tables and mails.
 */
export const formatDay = (d: Date | string, lang: string, opts: Intl.DateTimeFormatOptions = {}): string =>
  formatDate(d, lang, { weekday: 'short', ...opts });

/** "Di., 6. Januar 2026, 18:00–20:00" (a booking until midnight ends at "00:00"). */
export function formatSlot(start: Date, end: Date, lang: string): string {
  return `${formatDay(start, lang)}, ${formatTime(start, lang)}–${formatTime(end, lang)}`;
}

/** Parses "15", "15,5", "15,50", "1.234,50" or "15.50" into cents; null when empty, NaN when invalid. */
export function parseMoney(input: string): number | null {
  const s = input.trim().replace(/\s|€/g, '');
  if (s === '') return null;
  let norm = s;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) norm = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+(,\d{1,2})?$/.test(s)) norm = s.replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(s)) return Number.NaN;
  return Math.round(Number(norm) * 100);
}

export const centsToInput = (cents: number | null | undefined): string =>
  cents === null || cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', ',');

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

export const centsToInput = (cents: number | null | undefined): string =>
  cents === null || cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', ',');

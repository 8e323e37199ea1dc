import { Temporal } from 'temporal-polyfill';
import { TIME_ZONE } from './vocab.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const isDate = (s: string): boolean => {
  if (!DATE.test(s)) return false;
  try {
    return Temporal.PlainDate.from(s, { overflow: 'reject' }).toString() === s;
  } catch {
    return false;
  }
};
export const isTime = (s: string): boolean => TIME.test(s);

/** A local date + wall-clock time in Berlin → the instant (gaps and overlaps resolve as RFC 5545 says). */
export function localToInstant(date: string, time: string, tz = TIME_ZONE): Date {
  const zdt = Temporal.PlainDate.from(date).toZonedDateTime({
    timeZone: tz,
    plainTime: Temporal.PlainTime.from(time),
  });
  return new Date(zdt.epochMilliseconds);
}

export function zoned(d: Date, tz = TIME_ZONE): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(d.getTime()).toZonedDateTimeISO(tz);
}

export function instantToLocal(d: Date, tz = TIME_ZONE): { date: string; time: string } {
  const z = zoned(d, tz);
  return { date: z.toPlainDate().toString(), time: z.toPlainTime().toString({ smallestUnit: 'minute' }) };
}

const ymd = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The local date (YYYY-MM-DD) of an instant; Intl is much faster than Temporal here (listings call it per event). */
export const localDate = (d: Date, tz = TIME_ZONE): string =>
  tz === TIME_ZONE ? ymd.format(d) : zoned(d, tz).toPlainDate().toString();
export const todayLocal = (now = new Date()): string => localDate(now);
export const addDays = (date: string, days: number): string =>
  Temporal.PlainDate.from(date).add({ days }).toString();
export const addMonths = (date: string, months: number): string =>
  Temporal.PlainDate.from(date).add({ months }).toString();
export const monthStart = (date: string): string => `${date.slice(0, 7)}-01`;
/** Start of the local day as an instant. */
export const dayStart = (date: string): Date => localToInstant(date, '00:00');

const locale = (lang: string) => (lang === 'de-x-ls' ? 'de-DE' : lang === 'de' ? 'de-DE' : lang);

// Building an Intl.DateTimeFormat costs far more than using one; a month view formats ~2,000 times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), opts);
    formatters.set(key, f);
  }
  return f;
}

export function formatDate(d: Date, lang: string, opts: Intl.DateTimeFormatOptions = {}): string {
  return formatter(lang, {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...opts,
  }).format(d);
}

export function formatTime(d: Date, lang: string): string {
  // No line break inside a time ("10:00 ص" in Arabic, "06:00 PM"): the space is made non-breaking.
  return formatter(lang, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' })
    .format(d)
    .replace(/ /g, '\u00a0');
}

/** The comma between date and time: Arabic writes its own (،). */
export const listComma = (lang: string): string => (lang === 'ar' ? '، ' : ', ');

/** "Dienstag, 25. März 2025, 18:00–20:00" (or with both dates when it spans days). */
export function formatRange(start: Date, end: Date, lang: string, allDay = false): string {
  const comma = listComma(lang);
  const sameDay = localDate(start) === localDate(allDay ? new Date(end.getTime() - 1) : end);
  if (allDay) {
    return sameDay
      ? formatDate(start, lang)
      : `${formatDate(start, lang)} – ${formatDate(new Date(end.getTime() - 1), lang)}`;
  }
  if (sameDay) return `${formatDate(start, lang)}${comma}${formatTime(start, lang)}–${formatTime(end, lang)}`;
  return `${formatDate(start, lang)}${comma}${formatTime(start, lang)} – ${formatDate(end, lang)}${comma}${formatTime(end, lang)}`;
}

export function formatMonth(month: string, lang: string): string {
  return formatter(lang, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

export function formatDayHeading(date: string, lang: string): string {
  return formatter(lang, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

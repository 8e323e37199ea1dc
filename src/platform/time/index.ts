import { Temporal } from 'temporal-polyfill';

/**
 * Tenant time: every date and clock time a person sees or types is local time in Berlin; the
 * database holds instants (timestamptz). One set of rules for every module — conversion between
 * local date/time and instants, date arithmetic on local dates, and formatting for people.
 *
 * - A local time that does not exist (the hour skipped in March) or exists twice (the hour repeated
 *   in October) resolves as RFC 5545 3.3.5 says ("compatible": later for a gap, earlier for a repeat).
 * - "24:00" is the end of a day (midnight at the start of the next one); only end times may use it.
 * - Formatting: German and easy German as de-DE, English as en-GB (24-hour clock, day before month),
 *   every other language by its own conventions; a time never breaks across lines.
 */
export const TIME_ZONE = 'Europe/Berlin';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A real calendar date "YYYY-MM-DD" (no 31 April). */
export const isDate = (s: string): boolean => {
  if (!DATE_RE.test(s)) return false;
  try {
    Temporal.PlainDate.from(s, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};
/** A clock time "HH:MM" from 00:00 to 23:59. */
export const isTime = (s: string): boolean => TIME_RE.test(s);
/** An end time: a clock time or "24:00" (the end of the day). */
export const isEndTime = (s: string): boolean => s === '24:00' || TIME_RE.test(s);

/** Minutes since local midnight of "HH:MM" ("24:00" = 1440). */
export const timeToMinutes = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
export const minutesToTime = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// ── Local date/time ↔ instant ───────────────────────────────────────────────────────────────

/** The instant of a local date and wall-clock time ("24:00" = midnight at the end of that day). */
export function localToInstant(date: string, time: string, tz = TIME_ZONE): Date {
  let day = Temporal.PlainDate.from(date);
  let t = time;
  if (time === '24:00') {
    day = day.add({ days: 1 });
    t = '00:00';
  }
  const zdt = day.toZonedDateTime({ timeZone: tz, plainTime: Temporal.PlainTime.from(t) });
  return new Date(zdt.epochMilliseconds);
}

export function zoned(d: Date, tz = TIME_ZONE): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(d.getTime()).toZonedDateTimeISO(tz);
}

/** Local date and time (minutes) of an instant. */
export function instantToLocal(d: Date, tz = TIME_ZONE): { date: string; time: string } {
  if (tz === TIME_ZONE) {
    const p = localParts(d);
    return { date: p.date, time: p.time };
  }
  const z = zoned(d, tz);
  return { date: z.toPlainDate().toString(), time: z.toPlainTime().toString({ smallestUnit: 'minute' }) };
}

// Local parts of an instant. The UTC offset is looked up once per hour bucket and memoised: Berlin
// changes offset only on full hours, so this is exact, and fast enough for listings and reports that
// convert thousands of instants (Temporal or a fresh Intl call per instant is far slower).
const offsetFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});
const offsetCache = new Map<number, number>();

/** Offset of Berlin local time from UTC in milliseconds at the instant. */
export function offsetAt(ms: number): number {
  const bucket = Math.floor(ms / 3_600_000);
  const hit = offsetCache.get(bucket);
  if (hit !== undefined) return hit;
  const at = bucket * 3_600_000;
  const p = Object.fromEntries(offsetFormatter.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
  );
  const off = local - at;
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(bucket, off);
  return off;
}

/**
 * An instant as ISO 8601 with the Berlin offset, to the second ("2025-06-14T18:00:00+02:00"): the
 * same text as Temporal's `zoned(d).toString({ timeZoneName: 'never', smallestUnit: 'second' })`,
 * from the memoised offset instead of a Temporal object per instant (lists of thousands of events).
 */
export function isoBerlin(d: Date | number): string {
  const ms = typeof d === 'number' ? d : d.getTime();
  const off = offsetAt(ms);
  const abs = Math.abs(off) / 60_000;
  const sign = off < 0 ? '-' : '+';
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${new Date(ms + off).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

export interface LocalParts {
  date: string;
  time: string;
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  month: string;
}

/** Local date, time, weekday and month of an instant in Berlin. */
export function localParts(d: Date | number): LocalParts {
  const ms = typeof d === 'number' ? d : d.getTime();
  const l = new Date(ms + offsetAt(ms));
  const date = l.toISOString().slice(0, 10);
  const minutes = l.getUTCHours() * 60 + l.getUTCMinutes();
  return {
    date,
    time: minutesToTime(minutes),
    weekday: ((l.getUTCDay() + 6) % 7) + 1,
    minutes,
    month: date.slice(0, 7),
  };
}

/**
 * Instant of local wall-clock milliseconds ("local epoch"), for reports that walk many days. Exact
 * outside the one skipped hour in March; use localToInstant for a time a person typed.
 */
export function localMsToInstant(localMs: number): number {
  const first = localMs - offsetAt(localMs);
  return localMs - offsetAt(first);
}

/** Local epoch milliseconds of midnight at the start of a local date. */
export const localDateMs = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

/** The local date (YYYY-MM-DD) of an instant. */
export const localDate = (d: Date, tz = TIME_ZONE): string =>
  tz === TIME_ZONE ? localParts(d).date : zoned(d, tz).toPlainDate().toString();
export const todayLocal = (now: Date = new Date(), tz = TIME_ZONE): string => localDate(now, tz);
/** Start of a local day as an instant. */
export const dayStart = (date: string, tz = TIME_ZONE): Date => localToInstant(date, '00:00', tz);

// ── Local date arithmetic ───────────────────────────────────────────────────────────────────

export const addDays = (date: string, days: number): string =>
  Temporal.PlainDate.from(date).add({ days }).toString();
export const addMonths = (date: string, months: number): string =>
  Temporal.PlainDate.from(date).add({ months }).toString();
export const monthStart = (date: string): string => `${date.slice(0, 7)}-01`;
/** ISO weekday 1 (Monday) … 7 (Sunday) of a local date. */
export const weekdayOf = (date: string): number => Temporal.PlainDate.from(date).dayOfWeek;
/** Monday of the week containing the date. */
export const weekStart = (date: string): string => addDays(date, 1 - weekdayOf(date));
export const daysBetween = (from: string, to: string): number =>
  Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' }).days;

// ── Formatting ──────────────────────────────────────────────────────────────────────────────

/** The Intl locale of a page language (easy German formats like German, English as in Britain). */
export const intlLocale = (lang: string): string =>
  lang === 'de' || lang === 'de-x-ls' ? 'de-DE' : lang === 'en' ? 'en-GB' : lang;

// Building an Intl.DateTimeFormat costs far more than using one; a month view formats ~2,000 times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(lang), opts);
    formatters.set(key, f);
  }
  return f;
}

/**
 * "Dienstag, 25. März 2025". A string is a local date (YYYY-MM-DD) and shows as that date. Options
 * override the parts, e.g. `{ weekday: 'short' }` or `{ weekday: undefined, year: undefined }`.
 */
export function formatDate(d: Date | string, lang: string, opts: Intl.DateTimeFormatOptions = {}): string {
  const when = typeof d === 'string' ? localToInstant(d, '12:00') : d;
  return formatter(lang, {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...opts,
  }).format(when);
}

/** "18:00" (or the language's own form, e.g. "06:00 م"); the space inside is non-breaking. */
export function formatTime(d: Date, lang: string): string {
  return formatter(lang, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' })
    .format(d)
    .replace(/ /g, '\u00a0');
}

/** "25.03.2025, 18:00" for staff tables. */
export function formatDateTime(d: Date | string, lang: string): string {
  return formatter(lang, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(d),
  );
}

/** The comma between date and time: Arabic writes its own (،). */
export const listComma = (lang: string): string => (lang === 'ar' ? '، ' : ', ');

/**
 * "Dienstag, 25. März 2025, 18:00–20:00" (or with both dates when it spans days); without an end,
 * or with the end at the start (an open end), "Dienstag, 25. März 2025, 18:00".
 */
export function formatRange(
  start: Date,
  end: Date | null,
  lang: string,
  allDay = false,
  opts: Intl.DateTimeFormatOptions = {},
): string {
  const comma = listComma(lang);
  const date = (d: Date) => formatDate(d, lang, opts);
  // No end given, or one at the start itself (an event with an open end): the start alone.
  if (!end || (!allDay && end.getTime() <= start.getTime()))
    return allDay ? date(start) : `${date(start)}${comma}${formatTime(start, lang)}`;
  const lastDay = allDay ? new Date(end.getTime() - 1) : end;
  const sameDay = localDate(start) === localDate(lastDay);
  if (allDay) return sameDay ? date(start) : `${date(start)} – ${date(lastDay)}`;
  if (sameDay) return `${date(start)}${comma}${formatTime(start, lang)}–${formatTime(end, lang)}`;
  return `${date(start)}${comma}${formatTime(start, lang)} – ${date(end)}${comma}${formatTime(end, lang)}`;
}

/** "März 2025" of a month "YYYY-MM". */
export function formatMonth(month: string, lang: string): string {
  return formatter(lang, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

/** "Dienstag, 25. März" of a local date (a heading in a list of days). */
export function formatDayHeading(date: string, lang: string): string {
  return formatter(lang, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** The weekday of an instant in words ("Dienstag"). */
export function formatWeekday(d: Date, lang: string): string {
  return formatter(lang, { timeZone: TIME_ZONE, weekday: 'long' }).format(d);
}

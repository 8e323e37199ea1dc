import { Temporal } from 'temporal-polyfill';

/** Houses are run in local time: every date and clock time a person sees or types is Europe/Berlin. */
export const TZ = 'Europe/Berlin';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const isDate = (s: string): boolean => {
  if (!DATE_RE.test(s)) return false;
  try {
    Temporal.PlainDate.from(s, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};
export const isTime = (s: string): boolean => TIME_RE.test(s);

/** Minutes since local midnight of "HH:MM" ("24:00" = 1440). */
export const timeToMinutes = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
export const minutesToTime = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The instant of a local date and time in Berlin ("24:00" = midnight at the end of that day). */
export function localToInstant(date: string, time: string): Date {
  let d = Temporal.PlainDate.from(date);
  let t = time;
  if (time === '24:00') {
    d = d.add({ days: 1 });
    t = '00:00';
  }
  const zdt = Temporal.PlainDateTime.from(`${d.toString()}T${t}`).toZonedDateTime(TZ, {
    disambiguation: 'compatible',
  });
  return new Date(zdt.epochMilliseconds);
}

export function addDays(date: string, n: number): string {
  return Temporal.PlainDate.from(date).add({ days: n }).toString();
}

export function addMonths(date: string, n: number): string {
  return Temporal.PlainDate.from(date).add({ months: n }).toString();
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a local date. */
export const weekdayOf = (date: string): number => Temporal.PlainDate.from(date).dayOfWeek;

/** Monday of the week containing the date. */
export const weekStart = (date: string): string => addDays(date, 1 - weekdayOf(date));
export const monthStart = (date: string): string => `${date.slice(0, 7)}-01`;
export const daysBetween = (from: string, to: string): number =>
  Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' }).days;

// Local parts of an instant. The UTC offset is looked up once per hour bucket and memoised: Berlin
// changes offset only on full hours, so this is exact and fast enough for reports over years of data.
const offsetFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ,
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

export interface LocalParts {
  date: string;
  time: string;
  /** ISO weekday 1–7. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  month: string;
}

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
 * Instant of local wall-clock milliseconds ("local epoch"). Exact outside the one DST gap hour, which
 * the boundaries used here (midnight, noon, 18:00) never fall into.
 */
export function localMsToInstant(localMs: number): number {
  const first = localMs - offsetAt(localMs);
  return localMs - offsetAt(first);
}

/** Local epoch milliseconds of midnight at the start of a local date. */
export const localDateMs = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

export function todayLocal(now: Date = new Date()): string {
  return localParts(now).date;
}

/** Output language for Intl formatting (easy German formats like German). */
export const intlLocale = (lang: string): string =>
  lang === 'de-x-ls' ? 'de-DE' : lang === 'de' ? 'de-DE' : lang === 'en' ? 'en-GB' : lang;

// Intl formatters are costly to build (tens of µs); a page formats dozens of dates, so reuse them.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormatter(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(opts)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    formatters.set(key, f);
  }
  return f;
}

export function formatDate(d: Date | string, lang: string, opts: Intl.DateTimeFormatOptions = {}): string {
  const when = typeof d === 'string' ? localToInstant(d, '12:00') : d;
  return dateFormatter(intlLocale(lang), {
    timeZone: TZ,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...opts,
  }).format(when);
}

export function formatTime(d: Date, lang: string): string {
  return dateFormatter(intlLocale(lang), {
    timeZone: TZ,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** "Di., 6. Januar 2026, 18:00–20:00" */
export function formatSlot(start: Date, end: Date, lang: string): string {
  return `${formatDate(start, lang)}, ${formatTime(start, lang)}–${formatTime(end, lang)}`;
}

export function formatMoney(cents: number, lang: string): string {
  const locale = intlLocale(lang);
  const key = `n|${locale}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    formatters.set(key, f);
  }
  return f.format(cents / 100);
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

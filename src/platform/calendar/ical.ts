import { Temporal } from 'temporal-polyfill';
import { TIME_ZONE } from '../time/index.ts';
import { untilUtc, utcStamp } from './recurrence.ts';

/**
 * The one strict iCalendar (RFC 5545) writer for everything Quartier publishes — event feeds and
 * files, consultation-hour feeds, booking confirmations: CRLF line ends (the last line too), lines
 * folded at 75 octets without splitting a UTF-8 character, TEXT values escaped, VERSION, PRODID and
 * METHOD, DTSTAMP/CREATED/LAST-MODIFIED and UNTIL in UTC, local times with TZID=Europe/Berlin and the
 * matching VTIMEZONE, all-day events as DATE values. The VTIMEZONE is always written, so a calendar
 * without any date is still a valid one (RFC 5545 wants at least one component), never an empty
 * VCALENDAR. (ical-generator, used before, wrote DTSTAMP and UNTIL as floating times once a calendar
 * time zone was set and an empty VCALENDAR for no dates.)
 */

export interface IcalEvent {
  uid: string;
  sequence: number;
  stamp: Date;
  created?: Date;
  lastModified?: Date;
  start: Date;
  /**
   * null: no end given (an event with an open end). DTEND and DURATION are left out, which RFC 5545
   * (3.6.1) reads as ending when it starts, on that day for an all-day event.
   */
  end: Date | null;
  allDay: boolean;
  /** Stored rule without DTSTART/UNTIL. */
  rrule?: string | null;
  /** Last local date of a series. */
  repeatUntil?: string | null;
  /** Local dates left out of a series. */
  exdates?: string[];
  summary: string;
  description?: string;
  location?: string;
  geo?: { lat: number; lon: number } | null;
  url?: string;
  categories?: string[];
  status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  organizer?: { name: string; email: string } | null;
  /** For an event that is one date of a series published separately. */
  recurrenceId?: Date | null;
}

export interface IcalCalendar {
  /** Which part of Quartier writes it, for PRODID ("-//Quartier//Events//DE"). */
  product: string;
  /**
   * PUBLISH for feeds and files (default); CANCEL (RFC 5546) withdraws earlier published events — their
   * UIDs with STATUS:CANCELLED, a higher SEQUENCE and the ORGANIZER.
   */
  method?: 'PUBLISH' | 'CANCEL';
  name: string;
  description?: string;
  url?: string;
  /** How often clients should refresh (minutes). */
  refreshMinutes?: number;
  events: IcalEvent[];
}

/** Europe/Berlin since 1996 (EU rules): last Sunday of March 02:00 → CEST, last Sunday of October 03:00 → CET. */
export const VTIMEZONE_BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'X-LIC-LOCATION:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19810329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Parameter values with : ; , are quoted; quotes themselves are not allowed and dropped. */
function paramValue(s: string): string {
  const v = s.replace(/"/g, '').replace(/[\r\n]+/g, ' ');
  return /[:;,]/.test(v) ? `"${v}"` : v;
}

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const out: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Step back over continuation bytes (10xxxxxx) so a character is never split.
    while (end < bytes.length && end > start && (bytes[end] & 0xc0) === 0x80) end--;
    out.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space of a continuation line counts
  }
  return out.join('\r\n ');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function localStamp(d: Date): string {
  const z = Temporal.Instant.fromEpochMilliseconds(d.getTime()).toZonedDateTimeISO(TIME_ZONE);
  return `${z.year}${pad(z.month)}${pad(z.day)}T${pad(z.hour)}${pad(z.minute)}${pad(z.second)}`;
}

const dateValue = (isoDate: string) => isoDate.replace(/-/g, '');

function localDateOf(d: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(d.getTime())
    .toZonedDateTimeISO(TIME_ZONE)
    .toPlainDate()
    .toString();
}

function untilValue(e: IcalEvent): string | null {
  if (!e.repeatUntil) return null;
  if (e.allDay) return dateValue(e.repeatUntil);
  return utcStamp(untilUtc(e.repeatUntil));
}

function eventLines(e: IcalEvent): string[] {
  const l: string[] = ['BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${utcStamp(e.stamp)}`];
  if (e.allDay) {
    const startDate = localDateOf(e.start);
    l.push(`DTSTART;VALUE=DATE:${dateValue(startDate)}`);
    if (e.end) {
      // DTEND of an all-day event is the day after the last day (exclusive).
      let endDate = localDateOf(new Date(Math.max(e.end.getTime() - 1, e.start.getTime())));
      endDate = Temporal.PlainDate.from(endDate).add({ days: 1 }).toString();
      l.push(`DTEND;VALUE=DATE:${dateValue(endDate)}`);
    }
  } else {
    l.push(`DTSTART;TZID=${TIME_ZONE}:${localStamp(e.start)}`);
    if (e.end)
      l.push(`DTEND;TZID=${TIME_ZONE}:${localStamp(e.end.getTime() > e.start.getTime() ? e.end : e.start)}`);
  }
  if (e.recurrenceId) l.push(`RECURRENCE-ID;TZID=${TIME_ZONE}:${localStamp(e.recurrenceId)}`);
  if (e.rrule) {
    const until = /(^|;)COUNT=/.test(e.rrule) ? null : untilValue(e);
    l.push(`RRULE:${e.rrule}${until ? `;UNTIL=${until}` : ''}`);
    if (e.exdates?.length) {
      if (e.allDay) l.push(`EXDATE;VALUE=DATE:${e.exdates.map(dateValue).join(',')}`);
      else {
        const time = Temporal.Instant.fromEpochMilliseconds(e.start.getTime())
          .toZonedDateTimeISO(TIME_ZONE)
          .toPlainTime();
        const values = e.exdates.map((d) => {
          const z = Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: TIME_ZONE, plainTime: time });
          return localStamp(new Date(z.epochMilliseconds));
        });
        l.push(`EXDATE;TZID=${TIME_ZONE}:${values.join(',')}`);
      }
    }
  }
  l.push(`SEQUENCE:${Math.max(0, Math.floor(e.sequence))}`);
  if (e.created) l.push(`CREATED:${utcStamp(e.created)}`);
  if (e.lastModified) l.push(`LAST-MODIFIED:${utcStamp(e.lastModified)}`);
  l.push(`SUMMARY:${escapeText(e.summary)}`);
  if (e.description) l.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) l.push(`LOCATION:${escapeText(e.location)}`);
  if (e.geo) l.push(`GEO:${e.geo.lat.toFixed(6)};${e.geo.lon.toFixed(6)}`);
  if (e.categories?.length) l.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  if (e.url) l.push(`URL:${e.url}`);
  if (e.organizer?.email) l.push(`ORGANIZER;CN=${paramValue(e.organizer.name)}:mailto:${e.organizer.email}`);
  l.push(`STATUS:${e.status}`, 'CLASS:PUBLIC', 'TRANSP:OPAQUE', 'END:VEVENT');
  return l;
}

/** The whole calendar as one string with CRLF line ends. */
export function writeCalendar(cal: IcalCalendar): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Quartier//${cal.product.replace(/[^A-Za-z0-9 .-]/g, '')}//DE`,
    'CALSCALE:GREGORIAN',
    `METHOD:${cal.method ?? 'PUBLISH'}`,
    `NAME:${escapeText(cal.name)}`,
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    `X-WR-TIMEZONE:${TIME_ZONE}`,
  ];
  if (cal.description) lines.push(`X-WR-CALDESC:${escapeText(cal.description)}`);
  if (cal.url) lines.push(`URL:${cal.url}`);
  const refresh = cal.refreshMinutes ?? 60;
  lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${refresh}M`, `X-PUBLISHED-TTL:PT${refresh}M`);
  lines.push(...VTIMEZONE_BERLIN);
  for (const e of cal.events) lines.push(...eventLines(e));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

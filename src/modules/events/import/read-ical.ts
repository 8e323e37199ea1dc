import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { normaliseRrule } from '../../../platform/calendar/recurrence.ts';
import { TIME_ZONE } from '../../../platform/time/index.ts';
import type { ImportProblem } from '../db/schema.ts';
import { EVENT_LIMITS } from '../schemas.ts';

/**
 * A lenient reader for partners' calendar files. Real-world files break RFC 5545 in many small ways;
 * this reader takes what can be understood and reports the rest, one problem per event:
 * - encodings: UTF-8 (with or without BOM), else Windows-1252/Latin-1; QUOTED-PRINTABLE values;
 * - line ends: CRLF, LF or CR; folded lines with space or tab;
 * - missing DTSTAMP or UID (a stable UID is derived), missing DTEND (DURATION or none);
 * - floating times (no zone) are read as Berlin time; TZIDs may be IANA names, Outlook names or
 *   vendor prefixes ("/mozilla.org/…/Europe/Berlin"); dates also as 2025-03-25T18:00;
 * - RRULE with UNTIL in any form; rules we cannot expand are dropped (first date only, reported);
 * - RECURRENCE-ID overrides become events of their own, left out of their series.
 * Everything Quartier writes itself stays strict (platform/calendar/ical.ts).
 */

export interface ReadEvent {
  uid: string;
  line: number;
  summary: string;
  description: string;
  location: string;
  url: string | null;
  categories: string[];
  start: Date;
  end: Date;
  allDay: boolean;
  rrule: string | null;
  repeatUntil: string | null;
  exdates: string[];
  cancelled: boolean;
  organiser: string;
  contactEmail: string;
}

export interface ReadResult {
  events: ReadEvent[];
  problems: ImportProblem[];
  /** Calendar name (X-WR-CALNAME / NAME), if any. */
  name: string | null;
}

interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
}
interface Comp {
  name: string;
  line: number;
  props: Prop[];
  children: Comp[];
}

/**
 * Bytes → text: UTF-8 when it is valid UTF-8, else Windows-1252 (a superset of Latin-1 in practice).
 * NUL characters are dropped: they mean nothing in a calendar, and PostgreSQL cannot store them in
 * text, so one in a partner's feed would make every poll of it fail.
 */
export function decode(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '').replaceAll('\u0000', '');
}

function unfold(text: string): { text: string; line: number }[] {
  const physical = text.replace(/\r\n|\r/g, '\n').split('\n');
  const out: { text: string; line: number }[] = [];
  physical.forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && out.length) out[out.length - 1].text += l.slice(1);
    else if (l.trim() !== '') out.push({ text: l, line: i + 1 });
  });
  return out;
}

function parseLine(l: string): Prop | null {
  // NAME *(;PARAM=value) : value — quoted parameter values may contain ; and :
  let i = 0;
  const nameMatch = /^[A-Za-z0-9_-]+/.exec(l);
  if (!nameMatch) return null;
  const name = nameMatch[0].toUpperCase();
  i = name.length;
  const params: Record<string, string> = {};
  while (l[i] === ';') {
    i++;
    const eq = l.indexOf('=', i);
    if (eq < 0) return null;
    const key = l.slice(i, eq).toUpperCase();
    i = eq + 1;
    let value = '';
    if (l[i] === '"') {
      const close = l.indexOf('"', i + 1);
      if (close < 0) return null;
      value = l.slice(i + 1, close);
      i = close + 1;
      while (l[i] === ',') {
        const next = /^,("[^"]*"|[^;:,]*)/.exec(l.slice(i));
        if (!next) break;
        value += `,${next[1].replace(/^"|"$/g, '')}`;
        i += next[0].length;
      }
    } else {
      const m = /^[^;:]*/.exec(l.slice(i))!;
      value = m[0];
      i += value.length;
    }
    params[key] = value;
  }
  if (l[i] !== ':') return null;
  return { name, params, value: l.slice(i + 1) };
}

function parse(text: string): { root: Comp; problems: ImportProblem[] } {
  const root: Comp = { name: 'ROOT', line: 0, props: [], children: [] };
  const stack = [root];
  const problems: ImportProblem[] = [];
  for (const { text: l, line } of unfold(text)) {
    const p = parseLine(l);
    if (!p) {
      problems.push({ line, code: 'badLine', detail: l.slice(0, 80) });
      continue;
    }
    if (p.name === 'BEGIN') {
      const c: Comp = { name: p.value.trim().toUpperCase(), line, props: [], children: [] };
      stack[stack.length - 1].children.push(c);
      stack.push(c);
    } else if (p.name === 'END') {
      const name = p.value.trim().toUpperCase();
      // Tolerate a missing END of an inner component: close up to the matching one.
      const idx = stack.map((c) => c.name).lastIndexOf(name);
      if (idx > 0) stack.length = idx;
    } else stack[stack.length - 1].props.push(p);
  }
  return { root, problems };
}

function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return decode(new Uint8Array(bytes));
}

function textOf(p: Prop | undefined): string {
  if (!p) return '';
  const raw =
    p.params.ENCODING?.toUpperCase() === 'QUOTED-PRINTABLE' ? decodeQuotedPrintable(p.value) : p.value;
  return unescapeText(raw).trim();
}

/** Windows time zone names Outlook and Exchange write, for the zones partners here use. */
const WINDOWS_ZONES: Record<string, string> = {
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'GMT Standard Time': 'Europe/London',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'Turkey Standard Time': 'Europe/Istanbul',
};

/** A TZID as found in the wild → an IANA zone (null when unknown). */
export function zoneOf(tzid: string | undefined): string | null {
  if (!tzid) return null;
  const t = tzid.replace(/^"|"$/g, '').trim();
  if (WINDOWS_ZONES[t]) return WINDOWS_ZONES[t];
  const candidates = [
    t,
    t.replace(/^.*?\/(?=[A-Z][a-z]+\/[A-Za-z_]+$)/, ''),
    /([A-Z][a-z]+\/[A-Za-z_]+)$/.exec(t)?.[1],
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      Temporal.Now.instant().toZonedDateTimeISO(c);
      return c;
    } catch {
      // not an IANA name
    }
  }
  return null;
}

interface When {
  date: Date;
  allDay: boolean;
  localDate: string;
  floating: boolean;
  unknownZone: boolean;
}

/** DATE, DATE-TIME (UTC, zoned, floating), also with dashes/colons and without seconds. */
export function parseWhen(p: Prop | undefined): When | null {
  if (!p) return null;
  const v = p.value.trim().replace(/[-:]/g, '');
  const dateOnly = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (dateOnly || p.params.VALUE?.toUpperCase() === 'DATE') {
    const m = dateOnly ?? /^(\d{4})(\d{2})(\d{2})/.exec(v);
    if (!m) return null;
    try {
      const d = Temporal.PlainDate.from({ year: +m[1], month: +m[2], day: +m[3] }, { overflow: 'reject' });
      const z = d.toZonedDateTime({ timeZone: TIME_ZONE });
      return {
        date: new Date(z.epochMilliseconds),
        allDay: true,
        localDate: d.toString(),
        floating: false,
        unknownZone: false,
      };
    } catch {
      return null;
    }
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z)?$/i.exec(v);
  if (!m) return null;
  try {
    const pdt = Temporal.PlainDateTime.from(
      { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +(m[6] ?? 0) },
      { overflow: 'reject' },
    );
    if (m[7]) {
      const inst = pdt.toZonedDateTime('UTC');
      const local = inst.withTimeZone(TIME_ZONE);
      return {
        date: new Date(inst.epochMilliseconds),
        allDay: false,
        localDate: local.toPlainDate().toString(),
        floating: false,
        unknownZone: false,
      };
    }
    const tz = zoneOf(p.params.TZID);
    const z = pdt.toZonedDateTime(tz ?? TIME_ZONE, { disambiguation: 'compatible' });
    return {
      date: new Date(z.epochMilliseconds),
      allDay: false,
      localDate: z.withTimeZone(TIME_ZONE).toPlainDate().toString(),
      floating: !p.params.TZID,
      unknownZone: !!p.params.TZID && !tz,
    };
  } catch {
    return null;
  }
}

/** ISO 8601 / RFC 5545 duration → milliseconds (weeks, days, hours, minutes, seconds). */
export function parseDuration(s: string): number | null {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(s.trim());
  if (!m || s.trim().length < 3) return null;
  const ms =
    ((+(m[2] ?? 0) * 7 + +(m[3] ?? 0)) * 24 * 3600 + +(m[4] ?? 0) * 3600 + +(m[5] ?? 0) * 60 + +(m[6] ?? 0)) *
    1000;
  return m[1] === '-' ? -ms : ms;
}

const first = (c: Comp, name: string) => c.props.find((p) => p.name === name);
const all = (c: Comp, name: string) => c.props.filter((p) => p.name === name);

function untilOf(rule: string): string | null {
  const u = /(?:^|;)UNTIL=([^;]+)/i.exec(rule)?.[1];
  if (!u) return null;
  const w = parseWhen({ name: 'UNTIL', params: {}, value: u });
  return w ? w.localDate : null;
}

/** Reads a calendar file; never throws for bad content (problems are reported instead). */
export function readCalendar(bytes: Uint8Array, o: { maxEvents?: number } = {}): ReadResult {
  const text = decode(bytes);
  const { root, problems } = parse(text);
  const cals = root.children.filter((c) => c.name === 'VCALENDAR');
  if (cals.length === 0) {
    problems.unshift({ code: 'notCalendar' });
    return { events: [], problems, name: null };
  }
  const name = textOf(first(cals[0], 'X-WR-CALNAME') ?? first(cals[0], 'NAME')) || null;
  const events: ReadEvent[] = [];
  const overrides: { uid: string; recurrence: string }[] = [];
  const max = o.maxEvents ?? 5000;
  for (const cal of cals) {
    for (const v of cal.children.filter((c) => c.name === 'VEVENT')) {
      if (events.length >= max) {
        problems.push({ line: v.line, code: 'tooMany', detail: String(max) });
        break;
      }
      const summary = textOf(first(v, 'SUMMARY'));
      const rawUid = textOf(first(v, 'UID'));
      const start = parseWhen(first(v, 'DTSTART'));
      const base = { line: v.line, uid: rawUid || undefined, summary: summary || undefined };
      if (!summary) {
        problems.push({ ...base, code: 'noSummary' });
        continue;
      }
      if (!start) {
        problems.push({
          ...base,
          code: first(v, 'DTSTART') ? 'badStart' : 'noStart',
          detail: first(v, 'DTSTART')?.value,
        });
        continue;
      }
      if (start.floating) problems.push({ ...base, code: 'floating' });
      if (start.unknownZone)
        problems.push({ ...base, code: 'unknownZone', detail: first(v, 'DTSTART')?.params.TZID });
      let end: Date;
      const endWhen = parseWhen(first(v, 'DTEND'));
      const duration = first(v, 'DURATION') ? parseDuration(first(v, 'DURATION')!.value) : null;
      if (endWhen) end = endWhen.date;
      else if (duration !== null) end = new Date(start.date.getTime() + duration);
      else if (start.allDay) end = new Date(start.date.getTime() + 86_400_000);
      else end = start.date;
      if (end.getTime() < start.date.getTime()) {
        problems.push({ ...base, code: 'endBeforeStart' });
        end = start.date;
      }
      if (start.allDay) {
        // Whole days, in Berlin; DTEND is exclusive.
        const endDate = endWhen?.allDay
          ? endWhen.localDate
          : Temporal.PlainDate.from(start.localDate).add({ days: 1 }).toString();
        end = new Date(
          Temporal.PlainDate.from(endDate).toZonedDateTime({ timeZone: TIME_ZONE }).epochMilliseconds,
        );
        if (end.getTime() <= start.date.getTime()) end = new Date(start.date.getTime() + 86_400_000);
      }
      const uid =
        rawUid ||
        `derived-${createHash('sha256').update(`${summary}|${start.date.toISOString()}`).digest('hex').slice(0, 24)}`;
      const recurrence = parseWhen(first(v, 'RECURRENCE-ID'));
      let rrule: string | null = null;
      let repeatUntil: string | null = null;
      const rr = first(v, 'RRULE');
      if (rr && !recurrence) {
        rrule = normaliseRrule(rr.value);
        if (!rrule) problems.push({ ...base, code: 'rruleIgnored', detail: rr.value.slice(0, 120) });
        else repeatUntil = untilOf(rr.value);
        if (all(v, 'RRULE').length > 1)
          problems.push({ ...base, code: 'rruleIgnored', detail: 'more than one RRULE' });
        if (first(v, 'RDATE')) problems.push({ ...base, code: 'rdateIgnored' });
      }
      const exdates: string[] = [];
      for (const ex of all(v, 'EXDATE'))
        for (const part of ex.value.split(',')) {
          const w = parseWhen({ ...ex, value: part });
          if (w) exdates.push(w.localDate);
        }
      const organizer = first(v, 'ORGANIZER');
      const mail = organizer ? (/mailto:([^\s]+)/i.exec(organizer.value)?.[1] ?? '') : '';
      const descr = textOf(first(v, 'DESCRIPTION'));
      const altDesc = all(v, 'X-ALT-DESC').find((p) => /html/i.test(p.params.FMTTYPE ?? ''));
      const url = textOf(first(v, 'URL'));
      // Texts longer than the event schema allows are shortened to its limits, and the report says so.
      const shortened: string[] = [];
      const within = (text: string, max: number, field: string) => {
        if (text.length <= max) return text;
        shortened.push(field);
        return text.slice(0, max).trimEnd();
      };
      const ev: ReadEvent = {
        uid: recurrence ? `${uid}#${recurrence.localDate}` : uid,
        line: v.line,
        summary: within(summary, EVENT_LIMITS.title, 'SUMMARY'),
        description: within(
          altDesc ? unescapeText(altDesc.value) : descr,
          EVENT_LIMITS.description,
          'DESCRIPTION',
        ),
        location: within(
          textOf(first(v, 'LOCATION')),
          EVENT_LIMITS.locationName + EVENT_LIMITS.locationAddress,
          'LOCATION',
        ),
        // A link too long for the event is left out rather than cut into a wrong one.
        url: /^https?:\/\//i.test(url) && url.length <= EVENT_LIMITS.onlineUrl ? url : null,
        // Split at commas that are not escaped ("Kunst\, Kultur" is one category).
        categories: all(v, 'CATEGORIES')
          .flatMap((p) => p.value.split(/(?<!\\),/).map((part) => textOf({ ...p, value: part })))
          .filter(Boolean),
        start: start.date,
        end,
        allDay: start.allDay,
        rrule,
        repeatUntil,
        exdates: rrule ? [...new Set(exdates)] : [],
        cancelled: textOf(first(v, 'STATUS')).toUpperCase() === 'CANCELLED',
        organiser: within(
          organizer?.params.CN?.replace(/^"|"$/g, '') ?? '',
          EVENT_LIMITS.organiserName,
          'ORGANIZER',
        ),
        contactEmail: /^[^\s@]+@[^\s@]+$/.test(mail) ? mail.toLowerCase() : '',
      };
      if (shortened.length) problems.push({ ...base, code: 'shortened', detail: shortened.join(', ') });
      if (recurrence) overrides.push({ uid, recurrence: recurrence.localDate });
      events.push(ev);
    }
  }
  // A moved or changed date of a series is its own event; the series leaves that date out.
  for (const o2 of overrides) {
    const master = events.find((e) => e.uid === o2.uid && e.rrule);
    if (master && !master.exdates.includes(o2.recurrence)) master.exdates.push(o2.recurrence);
  }
  const seen = new Set<string>();
  const unique: ReadEvent[] = [];
  for (const e of events) {
    if (seen.has(e.uid)) {
      problems.push({ line: e.line, uid: e.uid, summary: e.summary, code: 'duplicateUid' });
      continue;
    }
    seen.add(e.uid);
    unique.push(e);
  }
  return { events: unique, problems, name };
}

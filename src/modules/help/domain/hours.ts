/**
 * Opening hours of a service's location, and "open now" in Berlin time. Wall-clock intervals per
 * weekday are compared with the local time of the instant (platform/time), so a place that opens at
 * 08:00 opens at 08:00 on the days the clocks change too. An interval may run past midnight
 * ("22:00"–"06:00"): its part after midnight belongs to the next day. Exceptions by date (a holiday,
 * a closed week, other hours on one day) replace the week's intervals of that date.
 */
import {
  addDays,
  isEndTime,
  isTime,
  localParts,
  timeToMinutes,
  weekdayOf,
} from '../../../platform/time/index.ts';

export interface Interval {
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  day: number;
  from: string;
  /** "24:00" = to midnight; earlier than `from` = past midnight into the next day. */
  to: string;
}

export interface HoursException {
  date: string;
  /** Closed all day; else open only in `intervals` (their `day` is ignored). */
  closed: boolean;
  intervals?: { from: string; to: string }[];
  note?: string;
}

/**
 * `always`: 24 hours, 7 days. `weekly`: the intervals. `appointment`: by appointment only (never
 * "open now"; the intervals, when given, say when one can call). `unknown`: nothing known.
 */
export interface OpeningHours {
  mode: 'always' | 'weekly' | 'appointment' | 'unknown';
  intervals: Interval[];
  exceptions: HoursException[];
  /** Free text shown beside them (imported "further hours", "by arrangement on Fridays"). */
  note: string;
}

export const UNKNOWN_HOURS: OpeningHours = { mode: 'unknown', intervals: [], exceptions: [], note: '' };

/** Is the interval well formed (times HH:MM, the end "24:00" allowed, not empty)? */
export function validInterval(i: { from: string; to: string }): boolean {
  return isTime(i.from) && isEndTime(i.to) && i.from !== i.to && !(i.from === '00:00' && i.to === '00:00');
}

/** Minutes of the local day [start, end) an interval covers on its own day, and after midnight. */
function spans(from: string, to: string): { today: [number, number]; next: [number, number] | null } {
  const a = timeToMinutes(from);
  const b = to === '24:00' ? 1440 : timeToMinutes(to);
  if (b > a) return { today: [a, b], next: null };
  // Past midnight ("22:00"–"06:00", also "16:00"–"00:00").
  return { today: [a, 1440], next: b > 0 ? [0, b] : null };
}

/** The wall-clock spans [start, end) in minutes that are open on a local date. */
export function openSpansOn(h: OpeningHours, date: string): [number, number][] {
  if (h.mode === 'always') {
    const ex = h.exceptions.find((e) => e.date === date);
    if (!ex) return [[0, 1440]];
  }
  if (h.mode !== 'weekly' && h.mode !== 'always') return [];
  const out: [number, number][] = [];
  const own = (d: string) => {
    const ex = h.exceptions.find((e) => e.date === d);
    if (ex) return ex.closed ? [] : (ex.intervals ?? []).map((i) => ({ day: weekdayOf(d), ...i }));
    return h.mode === 'always'
      ? [{ day: weekdayOf(d), from: '00:00', to: '24:00' }]
      : h.intervals.filter((i) => i.day === weekdayOf(d));
  };
  for (const i of own(date)) out.push(spans(i.from, i.to).today);
  // The previous day's intervals that run past midnight.
  for (const i of own(addDays(date, -1))) {
    const next = spans(i.from, i.to).next;
    if (next) out.push(next);
  }
  return out;
}

/** Open at this instant (Berlin wall-clock time)? Appointment-only and unknown hours never are. */
export function isOpenAt(h: OpeningHours, at: Date): boolean {
  const p = localParts(at);
  return openSpansOn(h, p.date).some(([a, b]) => p.minutes >= a && p.minutes < b);
}

// ── The Berlin file's hours: free text per weekday ─────────────────────────────────────────────

const WEEKDAY_COLUMNS = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];

export { WEEKDAY_COLUMNS };

/** What one weekday cell says: closed, open around the clock, intervals, or nothing usable. */
export type DayText =
  | { kind: 'closed' }
  | { kind: 'all_day' }
  | { kind: 'intervals'; intervals: { from: string; to: string }[] }
  | { kind: 'unknown'; text: string };

const pad = (t: string) => {
  const [h, m = '00'] = t.split(/[:.]/);
  return `${h.padStart(2, '0')}:${m.padEnd(2, '0')}`;
};

/**
 * One weekday cell of the Berlin file: "Geschlossen", "24 Stunden geöffnet", "09:00 - 16:00",
 * "09:00 - 12:30; 13:30 - 15:00", also "9 bis 12 Uhr", "10:00 – 12:00" (en dash, also as the stray
 * Windows-1252 byte \x96). "00:00" as an end is midnight. Empty, "0" and "#WERT!" say nothing.
 */
export function parseDayText(raw: string): DayText {
  const s = raw
    .replace(/[\u0096\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (s === '' || s === '0' || s.startsWith('#')) return { kind: 'unknown', text: raw };
  if (/^geschlossen$/i.test(s)) return { kind: 'closed' };
  if (/24\s*(stunden|std\.?|h)/i.test(s)) return { kind: 'all_day' };
  const parts = s
    .split(/[;,]| und /i)
    .map((p) => p.trim())
    .filter(Boolean);
  const intervals: { from: string; to: string }[] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}(?:[:.]\d{2})?)\s*(?:-|bis)\s*(\d{1,2}(?:[:.]\d{2})?)\s*(?:uhr)?$/i.exec(p);
    if (!m) return { kind: 'unknown', text: raw };
    const from = pad(m[1]);
    let to = pad(m[2]);
    if (to === '00:00') to = '24:00';
    if (!isTime(from) || !isEndTime(to) || from === to) return { kind: 'unknown', text: raw };
    intervals.push({ from, to });
  }
  return intervals.length ? { kind: 'intervals', intervals } : { kind: 'unknown', text: raw };
}

/**
 * The hours of one Berlin row: the seven weekday cells, the "24 h/7 Tage" flag, the way to get an
 * appointment and the further hours as a note. A row with no usable cell and no 24/7 flag is
 * `unknown` (or `appointment` when it asks for one); cells that could not be read go into the note.
 */
export function hoursFromBerlinRow(r: {
  days: string[];
  allWeek: string;
  appointment: string;
  further: string;
}): OpeningHours {
  const notes: string[] = [];
  const intervals: Interval[] = [];
  let known = 0;
  let allDays = 0;
  r.days.forEach((cell, i) => {
    const d = parseDayText(cell ?? '');
    if (d.kind === 'unknown') {
      if (d.text.trim() && d.text.trim() !== '0' && !d.text.startsWith('#'))
        notes.push(`${WEEKDAY_COLUMNS[i]}: ${d.text.trim()}`);
      return;
    }
    known++;
    if (d.kind === 'all_day') {
      allDays++;
      intervals.push({ day: i + 1, from: '00:00', to: '24:00' });
    } else if (d.kind === 'intervals') for (const iv of d.intervals) intervals.push({ day: i + 1, ...iv });
  });
  const further = r.further.replace(/\u0096/g, '–').trim();
  if (further && further !== '0' && !further.startsWith('#')) notes.push(further);
  const note = notes.join('\n');
  if (/^ja$/i.test(r.allWeek.trim()) || allDays === 7)
    return { mode: 'always', intervals: [], exceptions: [], note };
  const appointmentOnly = /^bitte termin/i.test(r.appointment.trim());
  if (known === 0)
    return { mode: appointmentOnly ? 'appointment' : 'unknown', intervals: [], exceptions: [], note };
  return { mode: 'weekly', intervals, exceptions: [], note };
}

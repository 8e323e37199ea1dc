import { isEndTime, isTime, minutesToTime, timeToMinutes } from '../../../platform/time/index.ts';
import type { OpeningHours } from '../db/schema.ts';

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type WeekdayKey = (typeof WEEKDAYS)[number];

/**
 * Parses one weekday's opening hours as typed by staff: "09:00-13:00, 15:00-22:00" (also "9-22",
 * en dash, "–"). Empty = closed. Returns null when the text cannot be read.
 */
export function parseDayHours(text: string): [string, string][] | null {
  const s = text.trim();
  if (s === '') return [];
  const out: [string, string][] = [];
  for (const part of s.split(/[,;]/)) {
    const m = /^\s*(\d{1,2})(?::(\d{2}))?\s*[-–—]\s*(\d{1,2})(?::(\d{2}))?\s*$/.exec(part);
    if (!m) return null;
    const from = `${m[1].padStart(2, '0')}:${m[2] ?? '00'}`;
    const to = `${m[3].padStart(2, '0')}:${m[4] ?? '00'}`;
    if (!isTime(from) || !isEndTime(to) || timeToMinutes(to) <= timeToMinutes(from)) return null;
    out.push([from, to]);
  }
  out.sort((a, b) => timeToMinutes(a[0]) - timeToMinutes(b[0]));
  for (let i = 1; i < out.length; i++)
    if (timeToMinutes(out[i][0]) < timeToMinutes(out[i - 1][1])) return null;
  return out;
}

export const formatDayHours = (intervals: [string, string][] | undefined): string =>
  (intervals ?? []).map(([a, b]) => `${a}–${b}`).join(', ');

/** Opening intervals of a weekday in minutes since midnight. */
export function dayIntervals(hours: OpeningHours, weekday: number): [number, number][] {
  return (hours[String(weekday) as WeekdayKey] ?? []).map(([a, b]) => [timeToMinutes(a), timeToMinutes(b)]);
}

/** Is [start, end) (minutes of one local day) inside one opening interval of that weekday? */
export function withinOpeningHours(
  hours: OpeningHours,
  weekday: number,
  start: number,
  end: number,
): boolean {
  return dayIntervals(hours, weekday).some(([a, b]) => start >= a && end <= b);
}

export const describeDay = (hours: OpeningHours, weekday: number): string =>
  dayIntervals(hours, weekday)
    .map(([a, b]) => `${minutesToTime(a)}–${minutesToTime(b)}`)
    .join(', ');

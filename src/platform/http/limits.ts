import { Temporal } from 'temporal-polyfill';
import { todayLocal } from '../time/index.ts';

/**
 * How far a typed date may lie from today, by what the date is for. Without a window a typo such as
 * 31.12.9999 (or 2.3.20205) was stored as a real event and pushed every list and feed out of shape.
 * The window is wide enough for every real plan and record; docs/input-limits.md lists each field.
 */
export interface DateWindow {
  /** Years before today (whole calendar years on the local date). */
  pastYears: number;
  /** Years after today. */
  futureYears: number;
}

/** Planning data — events, outreach, consultation hours, closures, follow-ups, room requests. */
export const PLANNING: DateWindow = { pastYears: 5, futureYears: 5 };
/** What happened — the contact log, attendance: back five years, never beyond today. */
export const RECORD: DateWindow = { pastYears: 5, futureYears: 0 };
/** How long personal data is kept when a person sets it: from today up to thirty years. */
export const RETENTION: DateWindow = { pastYears: 0, futureYears: 30 };

/** The first and last allowed local date (YYYY-MM-DD) of a window, seen from `now` in Berlin. */
export function dateWindow(w: DateWindow, now: Date = new Date()): { min: string; max: string } {
  const today = Temporal.PlainDate.from(todayLocal(now));
  return {
    min: today.subtract({ years: w.pastYears }).toString(),
    max: today.add({ years: w.futureYears }).toString(),
  };
}

/** Numbers people type, with their bounds (the forms and the API share them). */
export const NUMBER_LIMITS = {
  /** Places, participants and capacities of rooms and events. */
  persons: { min: 1, max: 100_000 },
  /** A rent or fee in euros. */
  euros: { min: 0, max: 100_000 },
  /** A reduction in percent. */
  percent: { min: 0, max: 100 },
} as const;

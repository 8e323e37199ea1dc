import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatDate,
  formatDateTime,
  formatDayHeading,
  formatMonth,
  formatRange,
  formatTime,
  instantToLocal,
  isDate,
  isEndTime,
  isTime,
  localDate,
  localMsToInstant,
  localParts,
  localToInstant,
  todayLocal,
  weekStart,
} from './index.ts';

const NBSP = '\u00a0';

describe('local date and time in Berlin', () => {
  it('accepts real dates and clock times; "24:00" only as an end time', () => {
    expect(isDate('2025-02-28')).toBe(true);
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2025-4-01')).toBe(false);
    expect(isTime('00:00')).toBe(true);
    expect(isTime('23:59')).toBe(true);
    expect(isTime('24:00')).toBe(false);
    expect(isTime('7:00')).toBe(false);
    expect(isEndTime('24:00')).toBe(true);
    expect(isEndTime('24:30')).toBe(false);
  });

  it('converts winter and summer times to the right instant', () => {
    expect(localToInstant('2025-03-25', '18:00').toISOString()).toBe('2025-03-25T17:00:00.000Z');
    expect(localToInstant('2025-07-01', '18:00').toISOString()).toBe('2025-07-01T16:00:00.000Z');
  });

  it('"24:00" is midnight at the end of the day', () => {
    expect(localToInstant('2025-03-25', '24:00').toISOString()).toBe('2025-03-25T23:00:00.000Z');
  });

  it('a time skipped in March moves forward, a time repeated in October takes the first (RFC 5545)', () => {
    expect(localToInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(localToInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads the local date, time and weekday of an instant on both sides of a change', () => {
    expect(localParts(new Date('2026-03-29T00:59:00Z'))).toEqual({
      date: '2026-03-29',
      time: '01:59',
      weekday: 7,
      minutes: 119,
      month: '2026-03',
    });
    expect(localParts(new Date('2026-03-29T01:00:00Z')).time).toBe('03:00');
    expect(instantToLocal(new Date('2026-10-25T00:30:00Z'))).toEqual({ date: '2026-10-25', time: '02:30' });
    expect(instantToLocal(new Date('2026-10-25T01:30:00Z'))).toEqual({ date: '2026-10-25', time: '02:30' });
    // Late evening in UTC is already the next day in Berlin.
    expect(localDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(todayLocal(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01');
    expect(instantToLocal(new Date('2025-06-30T22:30:00Z'), 'Europe/London')).toEqual({
      date: '2025-06-30',
      time: '23:30',
    });
  });

  it('local epoch milliseconds of a report boundary are the same instant as localToInstant', () => {
    const local = Date.UTC(2026, 9, 25, 18, 0);
    expect(localMsToInstant(local)).toBe(localToInstant('2026-10-25', '18:00').getTime());
  });

  it('counts on local dates', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(weekStart('2026-03-29')).toBe('2026-03-23');
  });
});

describe('formatting for people', () => {
  const start = new Date('2025-03-25T17:00:00Z');
  const end = new Date('2025-03-25T19:00:00Z');

  it('German and easy German alike', () => {
    expect(formatDate(start, 'de')).toBe('Dienstag, 25. März 2025');
    expect(formatDate(start, 'de-x-ls')).toBe('Dienstag, 25. März 2025');
    expect(formatDate(start, 'de', { weekday: 'short' })).toBe('Di., 25. März 2025');
    expect(formatRange(start, end, 'de')).toBe('Dienstag, 25. März 2025, 18:00–20:00');
  });

  it('English with the day before the month and the 24-hour clock, as every staff screen shows it', () => {
    // The comma after the weekday depends on the ICU version.
    expect(formatDate(start, 'en')).toMatch(/^Tuesday,? 25 March 2025$/);
    expect(formatTime(start, 'en')).toBe('18:00');
    expect(formatDateTime(start, 'en')).toBe('25 Mar 2025, 18:00');
    expect(formatDateTime(start, 'de')).toBe('25.03.2025, 18:00');
  });

  it('a local date shows as that date in any language', () => {
    expect(formatDate('2025-03-30', 'de')).toBe('Sonntag, 30. März 2025');
    expect(formatDate('2025-10-26', 'en', { weekday: undefined })).toBe('26 October 2025');
    expect(formatDayHeading('2025-03-30', 'de')).toBe('Sonntag, 30. März');
    expect(formatMonth('2025-03', 'de')).toBe('März 2025');
  });

  it('a time never breaks across lines, and Arabic writes its own comma', () => {
    expect(formatTime(start, 'ar')).not.toContain(' ');
    expect(formatRange(start, end, 'ar')).toContain('، ');
  });

  it('an open end shows the start alone', () => {
    expect(formatRange(start, null, 'de')).toBe('Dienstag, 25. März 2025, 18:00');
    expect(formatRange(start, start, 'de')).toBe('Dienstag, 25. März 2025, 18:00');
    expect(formatRange(localToInstant('2025-03-25', '00:00'), null, 'de', true)).toBe(
      'Dienstag, 25. März 2025',
    );
  });

  it('names both dates when a range spans days; an all-day range ends the day before its end', () => {
    expect(formatRange(start, new Date('2025-03-26T09:00:00Z'), 'de')).toBe(
      'Dienstag, 25. März 2025, 18:00 – Mittwoch, 26. März 2025, 10:00',
    );
    const day = localToInstant('2025-03-25', '00:00');
    expect(formatRange(day, localToInstant('2025-03-26', '00:00'), 'de', true)).toBe(
      'Dienstag, 25. März 2025',
    );
    expect(formatRange(day, localToInstant('2025-03-27', '00:00'), 'de', true)).toBe(
      'Dienstag, 25. März 2025 – Mittwoch, 26. März 2025',
    );
    expect(formatTime(start, 'en')).not.toContain(NBSP);
  });
});

describe('isoBerlin', () => {
  it('writes the Berlin offset like Temporal, also across both DST switches', async () => {
    const { isoBerlin, zoned } = await import('./index.ts');
    // Every 7.5 minutes over the days of the switches in 2025 (30 March, 26 October), and a few
    // instants with seconds and milliseconds.
    const starts = [Date.UTC(2025, 2, 29, 12), Date.UTC(2025, 9, 25, 12)];
    let checked = 0;
    for (const start of starts)
      for (let ms = start; ms < start + 48 * 3_600_000; ms += 450_000) {
        const d = new Date(ms + (checked % 7) * 1001);
        expect(isoBerlin(d)).toBe(zoned(d).toString({ timeZoneName: 'never', smallestUnit: 'second' }));
        checked++;
      }
    expect(checked).toBe(768);
    expect(isoBerlin(new Date('2025-03-30T00:59:59Z'))).toBe('2025-03-30T01:59:59+01:00');
    expect(isoBerlin(new Date('2025-03-30T01:00:00Z'))).toBe('2025-03-30T03:00:00+02:00');
    expect(isoBerlin(new Date('2025-10-26T00:59:59Z'))).toBe('2025-10-26T02:59:59+02:00');
    expect(isoBerlin(new Date('2025-10-26T01:00:00Z'))).toBe('2025-10-26T02:00:00+01:00');
    expect(isoBerlin(new Date('2025-06-14T16:00:00.999Z'))).toBe('2025-06-14T18:00:00+02:00');
  });
});

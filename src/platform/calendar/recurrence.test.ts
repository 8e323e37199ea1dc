import { describe, expect, it } from 'vitest';
import { localParts, localToInstant } from '../time/index.ts';
import {
  expandRrule,
  normaliseRrule,
  readSimpleRrule,
  ruleWithStart,
  simpleRrule,
  untilDate,
  untilUtc,
  utcStamp,
  weekdayInMonth,
} from './recurrence.ts';

describe('the rhythms of the forms', () => {
  it('round-trips weekly, fortnightly and monthly rules', () => {
    expect(simpleRrule('weekly', 'TU')).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(simpleRrule('biweekly', 'WE')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE');
    expect(readSimpleRrule(simpleRrule('monthly', 'MO', '-1'))).toEqual({
      repeat: 'monthly',
      day: 'MO',
      nth: '-1',
    });
    expect(readSimpleRrule('FREQ=WEEKLY;BYDAY=TU')).toEqual({ repeat: 'weekly', day: 'TU', nth: null });
    expect(readSimpleRrule('FREQ=DAILY')).toBeNull();
    expect(readSimpleRrule(null)).toBeNull();
  });

  it('knows which weekday of the month a date is, the last one as -1', () => {
    expect(weekdayInMonth(localToInstant('2025-03-11', '18:00'))).toEqual({ day: 'TU', nth: '2' });
    expect(weekdayInMonth(localToInstant('2025-03-28', '18:00'))).toEqual({ day: 'FR', nth: '-1' });
  });
});

describe('rules from outside (forms, imports, the API)', () => {
  it('normalises what can be expanded and published', () => {
    expect(normaliseRrule('rrule:byday=tu;freq=weekly')).toBe('FREQ=WEEKLY;BYDAY=TU');
    // UNTIL belongs to the record's own last date.
    expect(normaliseRrule('FREQ=WEEKLY;UNTIL=20251231T000000Z;BYDAY=TU')).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(normaliseRrule('FREQ=MONTHLY;BYDAY=2TU;COUNT=5')).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=5');
  });

  it('refuses sub-daily rules, unknown parts, injection and rules without any date', () => {
    expect(normaliseRrule('FREQ=HOURLY')).toBeNull();
    expect(normaliseRrule('FREQ=DAILY;BYHOUR=10,14')).toBeNull();
    expect(normaliseRrule('FREQ=WEEKLY;BYDAY=XX')).toBeNull();
    expect(normaliseRrule('FREQ=DAILY\r\nATTENDEE:x')).toBeNull();
    expect(normaliseRrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')).toBeNull();
    expect(normaliseRrule('')).toBeNull();
  });
});

describe('expansion on local wall-clock time', () => {
  it('keeps 18:00 on both sides of the change to summer time', () => {
    const list = expandRrule('FREQ=WEEKLY;BYDAY=TU', localToInstant('2026-03-17', '18:00'), {
      from: localToInstant('2026-03-01', '00:00'),
      to: localToInstant('2026-04-08', '00:00'),
    });
    expect(list.map((o) => o.date)).toEqual(['2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07']);
    expect(list.map((o) => localParts(o.start).time)).toEqual(['18:00', '18:00', '18:00', '18:00']);
    expect(list[1].start.toISOString()).toBe('2026-03-24T17:00:00.000Z');
    expect(list[2].start.toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });

  it('takes a local first date and time, or a rule that carries its own DTSTART', () => {
    const local = expandRrule(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
      { date: '2025-10-15', time: '09:30' },
      { count: 3 },
    );
    expect(local.map((o) => o.start.toISOString())).toEqual([
      '2025-10-15T07:30:00.000Z',
      '2025-10-29T08:30:00.000Z',
      '2025-11-12T08:30:00.000Z',
    ]);
    const whole = ruleWithStart({
      date: '2026-01-06',
      time: '18:00',
      rrule: 'FREQ=WEEKLY',
      until: '2026-06-30',
    });
    expect(whole).toBe(
      'DTSTART;TZID=Europe/Berlin:20260106T180000\nRRULE:FREQ=WEEKLY;UNTIL=20260630T215959Z',
    );
    expect(expandRrule(whole, null, { count: 100 })).toHaveLength(26);
    expect(untilDate(whole)).toBe('2026-06-30');
  });

  it('a rule that cannot be expanded has no dates', () => {
    expect(expandRrule('FREQ=NEVER', new Date(), { count: 3 })).toEqual([]);
  });

  it('UNTIL is the last second of the last local day, in UTC', () => {
    expect(utcStamp(untilUtc('2025-12-31'))).toBe('20251231T225959Z');
    expect(utcStamp(untilUtc('2025-07-31'))).toBe('20250731T215959Z');
  });
});

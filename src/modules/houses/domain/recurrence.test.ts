import { describe, expect, it } from 'vitest';
import { localParts } from '../../../platform/time/index.ts';
import { buildRrule, describeRule, expandPattern, occurrencesOf } from './recurrence.ts';

describe('standing slots across daylight saving time', () => {
  // Every Tuesday 18–20 from January to June 2026; summer time starts on Sunday 29 March.
  const pattern = {
    date: '2026-01-06',
    start: '18:00',
    end: '20:00',
    repeat: 'weekly' as const,
    until: '2026-06-30',
  };

  it('keeps the local time 18:00–20:00 before and after the change to summer time', () => {
    const occ = expandPattern(pattern);
    expect(occ).toHaveLength(26);
    expect(occ[0].date).toBe('2026-01-06');
    expect(occ[25].date).toBe('2026-06-30');
    for (const o of occ) {
      expect(localParts(o.startsAt).time).toBe('18:00');
      expect(localParts(o.endsAt).time).toBe('20:00');
      expect(localParts(o.startsAt).weekday).toBe(2);
      expect(o.endsAt.getTime() - o.startsAt.getTime()).toBe(2 * 3600_000);
    }
    // In UTC the slot moves by an hour: 17:00Z in winter, 16:00Z in summer.
    const march24 = occ.find((o) => o.date === '2026-03-24')!;
    const march31 = occ.find((o) => o.date === '2026-03-31')!;
    expect(march24.startsAt.toISOString()).toBe('2026-03-24T17:00:00.000Z');
    expect(march31.startsAt.toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });

  it('also across the change back to winter time in October', () => {
    const occ = expandPattern({
      date: '2026-10-13',
      start: '09:30',
      end: '11:00',
      repeat: 'weekly',
      until: '2026-11-10',
    });
    expect(occ.map((o) => o.startsAt.toISOString())).toEqual([
      '2026-10-13T07:30:00.000Z',
      '2026-10-20T07:30:00.000Z',
      '2026-10-27T08:30:00.000Z',
      '2026-11-03T08:30:00.000Z',
      '2026-11-10T08:30:00.000Z',
    ]);
  });

  it('leaves out exceptions and supports every other week', () => {
    const occ = expandPattern({ ...pattern, exceptions: ['2026-04-07', '2026-04-14'] });
    expect(occ).toHaveLength(24);
    expect(occ.some((o) => o.date === '2026-04-07')).toBe(false);
    expect(expandPattern({ ...pattern, repeat: 'biweekly' })).toHaveLength(13);
  });

  it('writes an RFC 5545 rule with the Berlin time zone and reads it back', () => {
    const rule = buildRrule(pattern)!;
    expect(rule).toBe('DTSTART;TZID=Europe/Berlin:20260106T180000\nRRULE:FREQ=WEEKLY;UNTIL=20260630T215959Z');
    expect(describeRule(rule)).toEqual({ repeat: 'weekly', until: '2026-06-30' });
    const stored = occurrencesOf({
      startsAt: new Date('2026-01-06T17:00:00Z'),
      endsAt: new Date('2026-01-06T19:00:00Z'),
      rrule: rule,
      exceptions: ['2026-03-31'],
    });
    expect(stored).toHaveLength(25);
    expect(localParts(stored[20].endsAt).time).toBe('20:00');
  });

  it('a one-off pattern has exactly one date', () => {
    const [o, ...rest] = expandPattern({ date: '2026-03-29', start: '10:00', end: '12:00', repeat: 'none' });
    expect(rest).toHaveLength(0);
    expect(o.startsAt.toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });
});

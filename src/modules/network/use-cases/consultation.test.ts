import { describe, expect, it } from 'vitest';
import { simpleRrule } from '../../../platform/calendar/recurrence.ts';
import { localToInstant } from '../../../platform/time/index.ts';
import {
  expandSeries,
  type SeriesException,
  type SeriesExtra,
  type Slot,
  validRrule,
} from './consultation.ts';

const TZ = 'Europe/Berlin';
const slot = (
  id: string,
  rrule: string,
  venueId: string,
  startTime: string,
  endTime: string,
  startsOn = '2025-01-01',
): Slot => ({
  tenantId: 't',
  id,
  seriesId: 's',
  venueId,
  rrule,
  startTime,
  endTime,
  startsOn,
  endsOn: null,
  createdAt: new Date(),
});

const berlin = (d: Date) =>
  new Intl.DateTimeFormat('de-DE', {
    timeZone: TZ,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);

describe('a rotating consultation-hour series across the change to and from summer time', () => {
  // Tuesdays 10–12 at the café, Thursdays 15–17 at the community centre, every first Monday elsewhere.
  const slots = [
    slot('tue', simpleRrule('weekly', 'TU'), 'cafe', '10:00', '12:00'),
    slot('thu', simpleRrule('weekly', 'TH'), 'centre', '15:00', '17:00'),
    slot('mon1', simpleRrule('monthly', 'MO', '1'), 'library', '09:30', '11:00'),
  ];

  it('keeps local times exact on both sides of 30 March 2025 (CET → CEST) and of 26 October 2025 (CEST → CET)', () => {
    const spring = expandSeries({ id: 's', timeZone: TZ }, slots, [], [], '2025-03-24', '2025-04-10');
    expect(spring.map((o) => `${o.date} ${o.startTime}-${o.endTime} ${o.venueId}`)).toEqual([
      '2025-03-25 10:00-12:00 cafe',
      '2025-03-27 15:00-17:00 centre',
      '2025-04-01 10:00-12:00 cafe',
      '2025-04-03 15:00-17:00 centre',
      '2025-04-07 09:30-11:00 library',
      '2025-04-08 10:00-12:00 cafe',
      '2025-04-10 15:00-17:00 centre',
    ]);
    // Before the change Berlin is UTC+1, after it UTC+2: the instants move, the wall clock does not.
    expect(spring[0].start.toISOString()).toBe('2025-03-25T09:00:00.000Z');
    expect(spring[2].start.toISOString()).toBe('2025-04-01T08:00:00.000Z');
    expect(spring[1].end.toISOString()).toBe('2025-03-27T16:00:00.000Z');
    expect(spring[3].end.toISOString()).toBe('2025-04-03T15:00:00.000Z');
    for (const o of spring) expect(berlin(o.start)).toContain(o.startTime);

    const autumn = expandSeries({ id: 's', timeZone: TZ }, slots, [], [], '2025-10-20', '2025-11-04');
    expect(autumn.map((o) => `${o.date} ${o.startTime} ${o.start.toISOString()}`)).toEqual([
      '2025-10-21 10:00 2025-10-21T08:00:00.000Z',
      '2025-10-23 15:00 2025-10-23T13:00:00.000Z',
      '2025-10-28 10:00 2025-10-28T09:00:00.000Z',
      '2025-10-30 15:00 2025-10-30T14:00:00.000Z',
      '2025-11-03 09:30 2025-11-03T08:30:00.000Z',
      '2025-11-04 10:00 2025-11-04T09:00:00.000Z',
    ]);
  });

  it('applies a cancellation, a change of venue and time, and a one-off extra date', () => {
    const exceptions: SeriesException[] = [
      {
        tenantId: 't',
        id: 'e1',
        seriesId: 's',
        slotId: 'tue',
        occurrenceDate: '2025-04-01',
        status: 'cancelled',
        venueId: null,
        startTime: null,
        endTime: null,
        note: 'Krank',
        createdAt: new Date(),
        updatedAt: new Date(),
      },
      {
        tenantId: 't',
        id: 'e2',
        seriesId: 's',
        slotId: 'thu',
        occurrenceDate: '2025-04-03',
        status: 'changed',
        venueId: 'school',
        startTime: '16:00',
        endTime: '18:00',
        note: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    ];
    const extras: SeriesExtra[] = [
      {
        tenantId: 't',
        id: 'x1',
        seriesId: 's',
        venueId: 'market',
        onDate: '2025-03-29',
        startTime: '11:00',
        endTime: '13:00',
        cancelled: false,
        note: 'Marktfest',
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    ];
    const list = expandSeries(
      { id: 's', timeZone: TZ },
      slots,
      exceptions,
      extras,
      '2025-03-28',
      '2025-04-03',
    );
    expect(list.map((o) => `${o.date} ${o.startTime} ${o.venueId} ${o.status}`)).toEqual([
      '2025-03-29 11:00 market scheduled',
      '2025-04-01 10:00 cafe cancelled',
      '2025-04-03 16:00 school changed',
    ]);
    expect(list[1].sequence).toBeGreaterThan(0);
    expect(list[2].start.toISOString()).toBe('2025-04-03T14:00:00.000Z');
  });

  it('respects the first and last day of a slot and a fortnightly rhythm', () => {
    const s = {
      ...slot('bi', simpleRrule('biweekly', 'WE'), 'v', '14:00', '15:00', '2025-03-05'),
      endsOn: '2025-04-16',
    };
    const list = expandSeries({ id: 's', timeZone: TZ }, [s], [], [], '2025-01-01', '2025-12-31');
    expect(list.map((o) => o.date)).toEqual(['2025-03-05', '2025-03-19', '2025-04-02', '2025-04-16']);
  });
});

describe('rules', () => {
  it('takes the rules of the form and rejects unsafe or unbounded ones', () => {
    expect(validRrule(simpleRrule('monthly', 'MO', '-1'))).toBe(true);
    expect(validRrule('FREQ=WEEKLY;BYDAY=TU')).toBe(true);
    expect(validRrule('FREQ=WEEKLY;BYDAY=TU;UNTIL=20251231T225959Z')).toBe(false);
    expect(validRrule('FREQ=WEEKLY;BYDAY=TU;COUNT=3')).toBe(false);
    expect(validRrule('FREQ=WEEKLY;BYDAY=XX')).toBe(false);
    expect(validRrule('DTSTART:2025\nFREQ=DAILY')).toBe(false);
    // Several times a day would give one slot several occurrences with the same key (and feed UID).
    expect(validRrule('FREQ=DAILY;BYHOUR=10,14')).toBe(false);
    // A rule that never produces a date.
    expect(validRrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')).toBe(false);
    expect(localToInstant('2025-03-30', '02:30', TZ).toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });
});

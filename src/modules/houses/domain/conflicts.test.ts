import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../../platform/time/index.ts';
import type { OpeningHours } from '../db/schema.ts';
import { daySegments } from './availability.ts';
import { checkOccurrence } from './conflicts.ts';
import { parseDayHours } from './opening-hours.ts';

const hours: OpeningHours = {
  '2': [['09:00', '22:00']],
  '3': [
    ['09:00', '13:00'],
    ['15:00', '22:00'],
  ],
};
const at = (date: string, start: string, end: string) => ({
  date,
  startsAt: localToInstant(date, start),
  endsAt: localToInstant(date, end),
});
const now = new Date('2026-03-01T00:00:00Z');
// Confirmed: Tuesday 3 March 18:00–20:00, with 30 minutes buffer.
const busy = [
  { startsAt: localToInstant('2026-03-03', '18:00'), blockedUntil: localToInstant('2026-03-03', '20:30') },
];
const ctx = { openingHours: hours, closures: [], busy, bufferMinutes: 30, now };
const codes = (o: ReturnType<typeof at>, c = ctx) => checkOccurrence(o, c).map((p) => p.code);

describe('conflict detection', () => {
  it('refuses overlaps with a confirmed booking, both buffers included', () => {
    expect(codes(at('2026-03-03', '19:00', '21:00'))).toEqual(['booked']);
    // Starts when the other ends, but inside its buffer.
    expect(codes(at('2026-03-03', '20:00', '21:00'))).toEqual(['booked']);
    // Starts after the buffer: fine.
    expect(codes(at('2026-03-03', '20:30', '21:30'))).toEqual([]);
    // Ends at 17:45: its own 30-minute buffer reaches into 18:00.
    expect(codes(at('2026-03-03', '16:00', '17:45'))).toEqual(['booked']);
    expect(codes(at('2026-03-03', '16:00', '17:30'))).toEqual([]);
  });

  it('refuses times outside the opening hours, also in a midday break', () => {
    expect(codes(at('2026-03-03', '08:00', '10:00'))).toEqual(['outside_opening_hours']);
    expect(codes(at('2026-03-03', '21:00', '22:30'))).toEqual(['outside_opening_hours']);
    expect(codes(at('2026-03-04', '12:00', '14:00'))).toEqual(['outside_opening_hours']);
    expect(codes(at('2026-03-04', '15:00', '17:00'))).toEqual([]);
    // Monday: closed all day.
    expect(codes(at('2026-03-02', '10:00', '11:00'))).toEqual(['outside_opening_hours']);
  });

  it('names the closure and refuses the past', () => {
    const closures = [
      {
        startsAt: localToInstant('2026-03-04', '00:00'),
        endsAt: localToInstant('2026-03-05', '00:00'),
        reason: 'Wasserschaden',
        kind: 'maintenance',
        roomId: null,
      },
    ];
    expect(checkOccurrence(at('2026-03-04', '15:00', '16:00'), { ...ctx, closures })).toEqual([
      { code: 'closed', reason: 'Wasserschaden', kind: 'maintenance' },
    ]);
    expect(
      codes(at('2026-03-03', '10:00', '11:00'), { ...ctx, now: new Date('2026-03-10T00:00:00Z') }),
    ).toEqual(['past']);
  });
});

describe('availability of a room-day', () => {
  it('splits the opening hours into free, booked (with buffer) and closed', () => {
    const closures = [
      {
        startsAt: localToInstant('2026-03-03', '09:00'),
        endsAt: localToInstant('2026-03-03', '11:00'),
        reason: 'Reinigung',
      },
    ];
    expect(daySegments('2026-03-03', hours, busy, closures)).toEqual([
      { from: 540, to: 660, state: 'closed', reason: 'Reinigung' },
      { from: 660, to: 1080, state: 'free', reason: undefined },
      { from: 1080, to: 1230, state: 'busy', reason: undefined },
      { from: 1230, to: 1320, state: 'free', reason: undefined },
    ]);
    expect(daySegments('2026-03-02', hours, busy, [])).toEqual([]);
  });

  it('reads opening hours as staff type them', () => {
    expect(parseDayHours('9-13, 15:00–22:00')).toEqual([
      ['09:00', '13:00'],
      ['15:00', '22:00'],
    ]);
    expect(parseDayHours('')).toEqual([]);
    expect(parseDayHours('22-9')).toBeNull();
    expect(parseDayHours('9-14, 13-15')).toBeNull();
    expect(parseDayHours('morgens')).toBeNull();
  });
});

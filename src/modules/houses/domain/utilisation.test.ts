import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../../platform/time/index.ts';
import { computeUtilisation, splitLocal } from './utilisation.ts';

/**
 * A small data set whose answer was worked out by hand (see the comments). Period: Monday 2 and
 * Tuesday 3 March 2026.
 *   House A (Mon, Tue 09–21): rooms A1, A2; A2 closed Tue 09–15.
 *   House B (Mon 10–20, Tue closed): room B1.
 * Open hours: A1 12+12 = 24, A2 12+6 = 18, B1 10 → 52.
 */
const A = 'house-a';
const B = 'house-b';
const d = (date: string, time: string) => localToInstant(date, time);
const booking = (
  houseId: string,
  roomId: string,
  date: string,
  start: string,
  end: string,
  category: string,
  groupKey: string,
) => ({
  houseId,
  roomId,
  startsAt: d(date, start),
  endsAt: d(date, end),
  category,
  groupKey,
});

const report = computeUtilisation({
  from: '2026-03-02',
  to: '2026-03-03',
  houses: [
    { id: A, name: 'A', openingHours: { '1': [['09:00', '21:00']], '2': [['09:00', '21:00']] } },
    { id: B, name: 'B', openingHours: { '1': [['10:00', '20:00']] } },
  ],
  rooms: [
    { id: 'a1', houseId: A, name: 'A1' },
    { id: 'a2', houseId: A, name: 'A2' },
    { id: 'b1', houseId: B, name: 'B1' },
  ],
  closures: [
    { houseId: A, roomId: 'a2', startsAt: d('2026-03-03', '09:00'), endsAt: d('2026-03-03', '15:00') },
  ],
  bookings: [
    booking(A, 'a1', '2026-03-02', '10:00', '12:00', 'culture', 'g1'), // 2 h morning
    booking(A, 'a1', '2026-03-02', '17:00', '20:00', 'education', 'g2'), // 1 h afternoon, 2 h evening
    booking(A, 'a2', '2026-03-02', '18:00', '21:00', 'culture', 'g1'), // 3 h evening
    booking(A, 'a1', '2026-03-03', '09:00', '13:00', 'seniors', 'g3'), // 3 h morning, 1 h afternoon
    booking(B, 'b1', '2026-03-02', '14:00', '18:00', 'youth', 'g4'), // 4 h afternoon
    booking(A, 'a2', '2026-03-03', '19:00', '21:00', 'culture', 'g2'), // 2 h evening
    // Outside the period: ignored.
    booking(A, 'a1', '2026-03-04', '10:00', '12:00', 'other', 'g9'),
  ],
});

describe('utilisation and diversity on a data set with a known answer', () => {
  it('totals: 18 booked of 52 open hours, 7 h after 18:00, 4 groups', () => {
    const t = report.total;
    expect(t.openHours).toBe(52);
    expect(t.bookedHours).toBe(18);
    expect(t.utilisation).toBeCloseTo(18 / 52, 10);
    expect(t.eveningHours).toBe(7);
    expect(t.eveningShare).toBeCloseTo(7 / 18, 10);
    expect(t.groups).toBe(4);
    expect(t.bookings).toBe(6);
  });

  it('diversity: culture 7 h, education 3 h, seniors 4 h, youth 4 h', () => {
    // H = −(7/18·ln 7/18 + 3/18·ln 3/18 + 2·4/18·ln 4/18) = 1.33440; e^H = 3.7977; H/ln 11 = 0.55649.
    const div = report.total.diversity;
    expect(div.shannon).toBeCloseTo(1.3344, 4);
    expect(div.effective).toBeCloseTo(3.7977, 3);
    expect(div.evenness).toBeCloseTo(0.55649, 4);
    // One house used for two purposes in equal parts has exactly two effective kinds of use.
    const two = computeUtilisation({
      from: '2026-03-02',
      to: '2026-03-02',
      houses: [{ id: A, name: 'A', openingHours: {} }],
      rooms: [{ id: 'a1', houseId: A, name: 'A1' }],
      closures: [],
      bookings: [
        booking(A, 'a1', '2026-03-02', '10:00', '11:00', 'culture', 'x'),
        booking(A, 'a1', '2026-03-02', '12:00', '13:00', 'youth', 'y'),
      ],
    });
    expect(two.total.diversity.effective).toBeCloseTo(2, 10);
    expect(two.total.utilisation).toBeNull();
  });

  it('by house and by room', () => {
    const [a, b] = report.byHouse;
    expect([a.openHours, a.bookedHours, a.groups, a.eveningShare]).toEqual([42, 14, 3, 0.5]);
    expect(a.utilisation).toBeCloseTo(1 / 3, 10);
    expect([b.openHours, b.bookedHours, b.groups, b.eveningShare, b.utilisation]).toEqual([10, 4, 1, 0, 0.4]);
    expect(report.byRoom.map((r) => [r.name, r.openHours, r.bookedHours])).toEqual([
      ['A1', 24, 9],
      ['A2', 18, 5],
      ['B1', 10, 4],
    ]);
  });

  it('by weekday and time of day', () => {
    const mon = report.byWeekday[0];
    const tue = report.byWeekday[1];
    expect([mon.openHours, mon.bookedHours]).toEqual([34, 12]);
    expect([tue.openHours, tue.bookedHours]).toEqual([18, 6]);
    expect(report.byWeekday[2].openHours).toBe(0);
    // Morning open: Mon 3+3+2, Tue 3+0 = 11; afternoon: Mon 6+6+6, Tue 6+3 = 27; evening: Mon 3+3+2, Tue 3+3 = 14.
    expect(report.byBand.map((x) => [x.band, x.openHours, x.bookedHours])).toEqual([
      ['morning', 11, 5],
      ['afternoon', 27, 6],
      ['evening', 14, 7],
    ]);
    expect(report.byBand[2].utilisation).toBe(0.5);
  });

  it('by month and by category', () => {
    expect(report.byMonth.map((m) => [m.month, m.openHours, m.bookedHours])).toEqual([['2026-03', 52, 18]]);
    const culture = report.byCategory.find((x) => x.category === 'culture')!;
    expect([culture.bookedHours, culture.bookings, culture.groups]).toEqual([7, 3, 2]);
    expect(culture.share).toBeCloseTo(7 / 18, 10);
    expect(report.byCategory.find((x) => x.category === 'civic')!.bookedHours).toBe(0);
    expect(report.byCategory.reduce((s, x) => s + (x.share ?? 0), 0)).toBeCloseTo(1, 10);
  });

  it('counts real hours on the night summer time starts (a 23-hour day)', () => {
    const r = computeUtilisation({
      from: '2026-03-29',
      to: '2026-03-29',
      houses: [{ id: A, name: 'A', openingHours: { '7': [['00:00', '24:00']] } }],
      rooms: [{ id: 'a1', houseId: A, name: 'A1' }],
      closures: [],
      bookings: [booking(A, 'a1', '2026-03-29', '01:00', '04:00', 'other', 'n')],
    });
    expect(r.total.openHours).toBe(23);
    expect(r.total.bookedHours).toBe(2);
    expect(
      splitLocal(d('2026-03-29', '11:00').getTime(), d('2026-03-29', '19:00').getTime()).map((p) => [
        p.band,
        p.minutes,
      ]),
    ).toEqual([
      ['morning', 60],
      ['afternoon', 360],
      ['evening', 60],
    ]);
  });
});

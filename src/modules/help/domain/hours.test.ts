import { describe, expect, it } from 'vitest';
import { hoursFromBerlinRow, isOpenAt, type OpeningHours, openSpansOn, parseDayText } from './hours.ts';

const weekly = (
  intervals: OpeningHours['intervals'],
  exceptions: OpeningHours['exceptions'] = [],
): OpeningHours => ({
  mode: 'weekly',
  intervals,
  exceptions,
  note: '',
});

describe('open now, in Berlin time', () => {
  // Sunday 29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
  const sunday = weekly([{ day: 7, from: '08:00', to: '16:00' }]);
  it('opens at 08:00 local time on the day summer time starts', () => {
    expect(isOpenAt(sunday, new Date('2026-03-29T06:00:00Z'))).toBe(true); // 08:00 CEST
    expect(isOpenAt(sunday, new Date('2026-03-29T05:59:00Z'))).toBe(false); // 07:59 CEST (06:59 if one counted +1)
    expect(isOpenAt(sunday, new Date('2026-03-29T13:59:00Z'))).toBe(true); // 15:59 CEST
    expect(isOpenAt(sunday, new Date('2026-03-29T14:00:00Z'))).toBe(false); // 16:00 CEST
  });
  it('and on the day it ends (25 October 2026, 03:00 CEST → 02:00 CET)', () => {
    expect(isOpenAt(sunday, new Date('2026-10-25T07:00:00Z'))).toBe(true); // 08:00 CET
    expect(isOpenAt(sunday, new Date('2026-10-25T06:30:00Z'))).toBe(false); // 07:30 CET (08:30 if one counted +2)
    expect(isOpenAt(sunday, new Date('2026-10-25T14:59:00Z'))).toBe(true); // 15:59 CET
    expect(isOpenAt(sunday, new Date('2026-10-25T15:00:00Z'))).toBe(false);
  });
  it('a night line past midnight belongs to the next morning too', () => {
    const night = weekly([{ day: 6, from: '22:00', to: '06:00' }]);
    expect(isOpenAt(night, new Date('2026-03-28T22:30:00Z'))).toBe(true); // Sat 23:30 CET
    expect(isOpenAt(night, new Date('2026-03-29T03:30:00Z'))).toBe(true); // Sun 05:30 CEST
    expect(isOpenAt(night, new Date('2026-03-29T04:00:00Z'))).toBe(false); // Sun 06:00 CEST
    expect(openSpansOn(night, '2026-03-29')).toEqual([[0, 360]]);
  });
  it('"16:00 - 00:00" runs to midnight', () => {
    const evening = weekly([{ day: 1, from: '16:00', to: '24:00' }]);
    expect(isOpenAt(evening, new Date('2026-12-07T22:59:00Z'))).toBe(true); // Mon 23:59
    expect(isOpenAt(evening, new Date('2026-12-07T23:00:00Z'))).toBe(false); // Tue 00:00
  });
  it('24/7 is open at any time except on a closed exception; appointment-only never', () => {
    const always: OpeningHours = {
      mode: 'always',
      intervals: [],
      exceptions: [{ date: '2026-12-24', closed: true }],
      note: '',
    };
    expect(isOpenAt(always, new Date('2026-12-23T03:00:00Z'))).toBe(true);
    expect(isOpenAt(always, new Date('2026-12-24T12:00:00Z'))).toBe(false);
    const appt: OpeningHours = {
      mode: 'appointment',
      intervals: [{ day: 1, from: '00:00', to: '24:00' }],
      exceptions: [],
      note: '',
    };
    expect(isOpenAt(appt, new Date('2026-12-07T10:00:00Z'))).toBe(false);
  });
  it('an exception replaces the week’s hours of its date', () => {
    const h = weekly(
      [{ day: 4, from: '09:00', to: '17:00' }],
      [{ date: '2026-12-24', closed: false, intervals: [{ from: '09:00', to: '12:00' }] }],
    );
    expect(isOpenAt(h, new Date('2026-12-24T10:00:00Z'))).toBe(true); // 11:00
    expect(isOpenAt(h, new Date('2026-12-24T12:00:00Z'))).toBe(false); // 13:00
    expect(isOpenAt(h, new Date('2026-12-17T12:00:00Z'))).toBe(true);
  });
});

describe('the Berlin file’s weekday cells', () => {
  it('reads the forms the file uses', () => {
    expect(parseDayText('Geschlossen')).toEqual({ kind: 'closed' });
    expect(parseDayText('24 Stunden geöffnet')).toEqual({ kind: 'all_day' });
    expect(parseDayText('08:00 - 16:00')).toEqual({
      kind: 'intervals',
      intervals: [{ from: '08:00', to: '16:00' }],
    });
    expect(parseDayText('09:00 - 12:30; 13:30 - 15:00')).toEqual({
      kind: 'intervals',
      intervals: [
        { from: '09:00', to: '12:30' },
        { from: '13:30', to: '15:00' },
      ],
    });
    expect(parseDayText('16:00 - 00:00')).toEqual({
      kind: 'intervals',
      intervals: [{ from: '16:00', to: '24:00' }],
    });
    expect(parseDayText('10:00 \u0096 12:00 Uhr')).toEqual({
      kind: 'intervals',
      intervals: [{ from: '10:00', to: '12:00' }],
    });
    expect(parseDayText('9 bis 12 Uhr')).toEqual({
      kind: 'intervals',
      intervals: [{ from: '09:00', to: '12:00' }],
    });
  });
  it('empty, "0", "#WERT!" and prose say nothing', () => {
    for (const s of ['', '0', '#WERT!', 'nach Vereinbarung', '25:00 - 26:00'])
      expect(parseDayText(s).kind).toBe('unknown');
  });
  it('a row: 24/7 flag, weekly hours, appointment only, prose into the note', () => {
    const days = [
      '08:00 - 16:00',
      '08:00 - 16:00',
      'nach Vereinbarung',
      'Geschlossen',
      '0',
      'Geschlossen',
      'Geschlossen',
    ];
    const h = hoursFromBerlinRow({
      days,
      allWeek: 'nein',
      appointment: 'Keine Anmeldung nötig.',
      further: 'Freitag nach Vereinbarung.',
    });
    expect(h.mode).toBe('weekly');
    expect(h.intervals).toEqual([
      { day: 1, from: '08:00', to: '16:00' },
      { day: 2, from: '08:00', to: '16:00' },
    ]);
    expect(h.note).toBe('Mittwoch: nach Vereinbarung\nFreitag nach Vereinbarung.');
    expect(hoursFromBerlinRow({ days, allWeek: 'ja', appointment: '', further: '' }).mode).toBe('always');
    const none = Array(7).fill('#WERT!');
    expect(
      hoursFromBerlinRow({
        days: none,
        allWeek: '#WERT!',
        appointment: 'Bitte Termin vereinbaren: telefonisch',
        further: '',
      }).mode,
    ).toBe('appointment');
    expect(hoursFromBerlinRow({ days: none, allWeek: 'nein', appointment: '', further: '' }).mode).toBe(
      'unknown',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { type GuideHour, guideHourLine, placeLine } from './guide-pdf.ts';

const hour = (place?: string): GuideHour => ({
  key: 'k',
  seriesId: 's',
  slotId: 'x',
  extraId: null,
  originalDate: '2026-03-03',
  date: '2026-03-03',
  startTime: '10:00',
  endTime: '12:00',
  start: new Date('2026-03-03T09:00:00Z'),
  end: new Date('2026-03-03T11:00:00Z'),
  venueId: 'v',
  status: 'scheduled',
  note: null,
  sequence: 0,
  series: { title: 'Mieterberatung' },
  place,
});
const plain = (s: string) => s.replace(/[\u2066-\u2069]/g, '');

describe('welcome guide: consultation hours', () => {
  it('says where each hour is held, with the address', () => {
    const place = placeLine({
      name: 'Nachbarschaftscafé',
      street: 'Soldiner Str.',
      houseNumber: '12',
      postcode: '13359',
      city: 'Berlin',
    });
    expect(place).toBe('Nachbarschaftscafé, Soldiner Str. 12, 13359 Berlin');
    const line = plain(guideHourLine(hour(place), 'de'));
    expect(line).toContain(
      '10:00–12:00: Mieterberatung (Nachbarschaftscafé, Soldiner Str. 12, 13359 Berlin)',
    );
    expect(line).toMatch(/^Dienstag, 3\. März/);
  });

  it('leaves out what a venue does not have, and the place when there is none', () => {
    expect(
      placeLine({ name: 'Kiezladen', street: null, houseNumber: null, postcode: null, city: 'Berlin' }),
    ).toBe('Kiezladen, Berlin');
    expect(plain(guideHourLine(hour(), 'de'))).toMatch(/Mieterberatung$/);
  });
});

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../platform/i18n/index.ts';
import { localToInstant } from '../../platform/time/index.ts';
import { parseStrict } from '../../test/strict-ical.ts';
import { housesManifest } from './manifest.ts';
import type { BookingRequest, House, Room } from './queries.ts';
import { buildConfirmationPdf, buildIcs } from './use-cases/documents.ts';

/** Every compressed stream of a PDF, inflated (content streams and the fonts' ToUnicode maps). */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /(?<!end)stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not deflated (e.g. an image): irrelevant here
    }
    re.lastIndex = end;
  }
  return out;
}

describe('rental confirmation PDF', () => {
  it('prints Turkish and Arabic names in embedded fonts that map back to the typed letters', async () => {
    const i18n = createI18n({ common: {}, houses: housesManifest.i18n });
    const pdf = await buildConfirmationPdf({
      t: i18n.t('de'),
      lang: 'de',
      tenantName: 'Bezirksamt Test',
      house: {
        name: 'Nachbarschaftshaus',
        street: 'Prinzenallee 1',
        postcode: '13357',
        city: 'Berlin',
      } as House,
      room: { name: 'Saal' } as Room,
      request: {
        id: '0190a0b0-0000-7000-8000-000000000001',
        requesterName: 'Şükrü Yılmaz',
        organisation: 'جمعية الجيران',
        purpose: 'Kulturabend',
        category: 'culture',
        participants: 40,
        tariff: 'standard',
        feeCents: 4500,
        paymentStatus: 'open',
      } as BookingRequest,
      dates: [{ startsAt: new Date('2026-12-03T17:00:00Z'), endsAt: new Date('2026-12-03T20:00:00Z') }],
    });
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    // Not the Latin-1-only standard fonts, but embedded Noto Sans plus the Arabic font for the Arabic name.
    expect(raw).not.toContain('/BaseFont /Helvetica');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic-Regular/);
    // The ToUnicode maps name the letters Ş (U+015E) and ı (U+0131) and Arabic ج (U+062C).
    const maps = streams(pdf)
      .filter((s) => s.includes('beginbfrange') || s.includes('beginbfchar'))
      .join('\n')
      .toLowerCase();
    for (const code of ['015e', '0131', '062c']) expect(maps).toContain(`<${code}>`);
  });
});

describe('booking confirmation as iCalendar', () => {
  const house = {
    name: 'Nachbarschaftshaus am Weddinger Leopoldplatz mit einem sehr langen Namen',
    street: 'Prinzenallee 1',
    postcode: '13357',
    city: 'Berlin',
    contactName: 'Şükrü Yılmaz',
    contactEmail: 'haus@example.org',
  } as House;
  const room = { name: 'Großer Saal (Erdgeschoss, stufenlos)' } as Room;
  const dates = [
    {
      id: 'b1',
      startsAt: localToInstant('2026-03-24', '18:00'),
      endsAt: localToInstant('2026-03-24', '20:00'),
    },
    // After the change to summer time: still 18:00–20:00 local.
    {
      id: 'b2',
      startsAt: localToInstant('2026-03-31', '18:00'),
      endsAt: localToInstant('2026-03-31', '20:00'),
    },
  ];
  const ics = (o: { events?: typeof dates; cancelled?: boolean } = {}) =>
    buildIcs({
      tenantName: 'Bezirksamt Test',
      house,
      room,
      title: 'Saal – Nachbarschaftshaus; Kulturabend, mit Gästen',
      description:
        'Buchung 1A2B3C4D: Kulturabend. Ihre Buchung: https://example.org/hausstadt/houses/requests/abc',
      events: o.events ?? dates,
      url: 'https://example.org/hausstadt/houses/requests/abc',
      cancelled: o.cancelled,
    });

  it('is strict: CRLF to the end, lines of at most 75 octets, METHOD:PUBLISH, and ical.js reads the local times', () => {
    const text = ics();
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const { problems, cal, events } = parseStrict(text);
    expect(problems).toEqual([]);
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//Quartier//Houses//DE');
    expect(events.map((e) => e.uid)).toEqual(['booking-b1@quartier', 'booking-b2@quartier']);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2026-03-24T17:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
    ]);
    expect(events[0].summary).toBe('Saal – Nachbarschaftshaus; Kulturabend, mit Gästen');
    expect(events[0].location).toContain('Prinzenallee 1, 13357 Berlin');
    expect(events[0].organizer).toBe('mailto:haus@example.org');
  });

  it('a cancellation withdraws the same UIDs with METHOD:CANCEL and a higher SEQUENCE', () => {
    const { problems, cal, events } = parseStrict(ics({ cancelled: true }));
    expect(problems).toEqual([]);
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(events.map((e) => e.uid)).toEqual(['booking-b1@quartier', 'booking-b2@quartier']);
    expect(events.every((e) => e.component.getFirstPropertyValue('status') === 'CANCELLED')).toBe(true);
    expect(events[0].sequence).toBeGreaterThan(parseStrict(ics()).events[0].sequence);
  });

  it('without dates it is still a valid calendar (the time zone), never an empty VCALENDAR', () => {
    const { problems, cal } = parseStrict(ics({ events: [] }));
    expect(problems).toEqual([]);
    expect(cal.getAllSubcomponents('vtimezone')).toHaveLength(1);
  });
});

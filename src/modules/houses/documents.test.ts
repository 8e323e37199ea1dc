import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../platform/i18n/index.ts';
import { housesManifest } from './manifest.ts';
import type { BookingRequest, House, Room } from './queries.ts';
import { buildConfirmationPdf } from './use-cases/documents.ts';

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

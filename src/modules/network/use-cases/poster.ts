import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { type Occurrence, rruleToPattern, type Series, type Slot } from './consultation.ts';
import { type Venue, venueAddress } from './venues.ts';

const require = createRequire(import.meta.url);
// Noto Sans from the design system package: covers German, Turkish and the other Latin-script languages.
const FONT_DIR = require
  .resolve('@kern-ux/native/package.json')
  .replace(/package\.json$/, 'dist/fonts/noto-sans/');

/** Languages a poster can carry next to German (Latin script; pdfkit does not shape Arabic). */
export const POSTER_LANGS = ['en', 'tr'] as const;
export type PosterLang = (typeof POSTER_LANGS)[number];

export interface PosterInput {
  /** Heading of the poster (series title or area name). */
  title: string;
  subtitle?: string | null;
  /** The public page the QR code leads to. */
  url: string;
  tenantName: string;
  slots: { slot: Slot; venue: Venue | undefined }[];
  next: (Occurrence & { series?: Series })[];
  venues: Map<string, Venue>;
  contact?: string | null;
  de: TFunction;
  other: TFunction;
  otherLang: PosterLang;
}

function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number) {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c))
        doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.2, cell + 0.2);
    }
  }
  doc.fill().restore();
}

const fmtDate = (date: string, lang: string) =>
  new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : lang, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));

/** Rhythm of a slot in words: "every Tuesday", "every 1st Monday of the month". */
export function rhythm(t: TFunction, slot: Pick<Slot, 'rrule'>): string {
  const p = rruleToPattern(slot.rrule);
  if (!p) return t('network:series.customRule');
  const day = t(`network:weekdays.${p.day}`);
  if (p.pattern === 'weekly') return t('network:series.rhythm.weekly', { day });
  if (p.pattern === 'biweekly') return t('network:series.rhythm.biweekly', { day });
  return t('network:series.rhythm.monthly', { day, nth: t(`network:series.nth.${p.nth}`) });
}

/**
 * A4 poster/flyer as PDF: bilingual (German + one more language), the rhythm of each slot with its
 * venue, the next dates (cancellations marked), and a QR code to the always-current public page.
 */
export async function posterPdf(o: PosterInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: o.title, Author: o.tenantName },
    lang: 'de-DE',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.registerFont('Body', `${FONT_DIR}NotoSans-Regular.woff`);
  doc.registerFont('Bold', `${FONT_DIR}NotoSans-Bold.woff`);
  const W = doc.page.width - 96;
  const accent = '#0b4f8a';

  doc.rect(0, 0, doc.page.width, 110).fill(accent);
  doc
    .fillColor('#ffffff')
    .font('Bold')
    .fontSize(30)
    .text(o.de('network:poster.heading'), 48, 30, { width: W });
  doc
    .font('Body')
    .fontSize(16)
    .text(`${o.other('network:poster.heading')} · ${o.tenantName}`, { width: W });
  doc.fillColor('#000000').moveDown(2);
  doc.y = 135;
  doc.font('Bold').fontSize(24).text(o.title, 48, doc.y, { width: W });
  if (o.subtitle)
    doc.font('Body').fontSize(13).fillColor('#333333').text(o.subtitle, { width: W }).fillColor('#000000');
  doc.moveDown(0.8);

  for (const { slot, venue } of o.slots) {
    doc
      .font('Bold')
      .fontSize(15)
      .text(`${rhythm(o.de, slot)}, ${slot.startTime}–${slot.endTime} ${o.de('network:poster.oclock')}`, {
        width: W,
      });
    doc
      .font('Body')
      .fontSize(11)
      .fillColor('#333333')
      .text(`${rhythm(o.other, slot)}, ${slot.startTime}–${slot.endTime}`, { width: W })
      .fillColor('#000000');
    if (venue) {
      doc
        .font('Body')
        .fontSize(13)
        .text([venue.name, venueAddress(venue)].filter(Boolean).join(', '), { width: W });
      if (venue.stepFree)
        doc
          .fontSize(10)
          .text(`${o.de('network:venue.stepFree')} / ${o.other('network:venue.stepFree')}`, { width: W });
    }
    doc.moveDown(0.6);
  }

  if (o.next.length) {
    doc
      .moveDown(0.4)
      .font('Bold')
      .fontSize(14)
      .text(`${o.de('network:poster.nextDates')} / ${o.other('network:poster.nextDates')}`, { width: W });
    doc.font('Body').fontSize(11);
    for (const occ of o.next.slice(0, 8)) {
      const v = o.venues.get(occ.venueId);
      const cancelled = occ.status === 'cancelled';
      const line = `${fmtDate(occ.date, 'de')}, ${occ.startTime}–${occ.endTime}${v ? ` · ${v.name}` : ''}${cancelled ? ` — ${o.de('network:occurrence.cancelled')} / ${o.other('network:occurrence.cancelled')}` : ''}`;
      doc.fillColor(cancelled ? '#a00000' : '#000000').text(line, { width: W });
    }
    doc.fillColor('#000000');
  }

  // QR code and address of the public page at the bottom.
  const qrSize = 130;
  const bottom = doc.page.height - 48 - qrSize;
  drawQr(doc, o.url, 48, bottom, qrSize);
  doc
    .font('Bold')
    .fontSize(13)
    .text(o.de('network:poster.scan'), 48 + qrSize + 16, bottom + 10, { width: W - qrSize - 16 });
  doc
    .font('Body')
    .fontSize(11)
    .text(o.other('network:poster.scan'), { width: W - qrSize - 16 });
  doc
    .moveDown(0.4)
    .fontSize(10)
    .fillColor(accent)
    .text(o.url, { width: W - qrSize - 16, link: o.url, underline: true })
    .fillColor('#000000');
  if (o.contact)
    doc
      .moveDown(0.4)
      .fontSize(10)
      .text(o.contact, { width: W - qrSize - 16 });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

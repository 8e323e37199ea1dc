import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Services } from '../../../platform/http/context.ts';
import { dirOf, type Lang } from '../../../platform/i18n/index.ts';
import { isolate, registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { plainText } from '../../../platform/richtext/index.ts';
import { formatDayHeading } from '../../../platform/time/index.ts';
import type { Occurrence } from '../../network/index.ts';
import { type PageWithTexts, pickText } from './content.ts';

export interface GuideInput {
  services: Services;
  lang: Lang;
  tenantName: string;
  areaName: string;
  url: string;
  chapters: PageWithTexts[];
  /** The next consultation hours, each with the place it is held (name and address), if known. */
  hours: GuideHour[];
}

export type GuideHour = Occurrence & { series: { title: string }; place?: string };

/** A venue as one line: "Nachbarschaftscafé, Soldiner Str. 12, 13359 Berlin". */
export function placeLine(v: {
  name: string;
  street: string | null;
  houseNumber: string | null;
  postcode: string | null;
  city: string | null;
}): string {
  const street = [v.street, v.houseNumber].filter(Boolean).join(' ');
  const town = [v.postcode, v.city].filter(Boolean).join(' ');
  return [v.name, street, town].filter(Boolean).join(', ');
}

/** One consultation hour in the guide: when, what, and where — a resident must find the door. */
export function guideHourLine(o: GuideHour, lang: Lang): string {
  const rtl = dirOf(lang) === 'rtl';
  const comma = rtl ? '،' : ',';
  const where = o.place ? ` (${isolate(o.place)})` : '';
  return `${formatDayHeading(o.date, lang)}${comma} ${o.startTime}–${o.endTime}: ${isolate(o.series.title)}${where}`;
}

function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number) {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 4);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(r, col)) doc.rect(x + (col + 2) * cell, y + (r + 2) * cell, cell, cell).fill();
  doc.restore();
}

/**
 * The printable welcome guide in every public language (Arabic right to left, see platform/pdf):
 * title, chapters in order, next consultation hours, a QR code to the online version.
 */
export async function guidePdf(g: GuideInput): Promise<Buffer> {
  const lang = g.lang;
  const rtl = dirOf(lang) === 'rtl';
  const t = g.services.i18n.t(lang, 'website');
  // A stable creation date (the last change), so the same content gives the same bytes and ETag.
  const changed = g.chapters.reduce(
    (m, p) => Math.max(m, p.updatedAt.getTime(), ...p.texts.map((x) => x.updatedAt.getTime())),
    0,
  );
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: t('guide.titleArea', { area: g.areaName }),
      Author: g.tenantName,
      CreationDate: new Date(changed || 0),
    },
    lang: lang === 'de-x-ls' ? 'de' : lang,
    pdfVersion: '1.7',
    tagged: true,
  });
  registerPdfFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const W = doc.page.width - 112;
  /** Text in the guide's language, or (`rtl`) a chapter's own language when it is shown in another. */
  type Put = { bold?: boolean; rtl?: boolean; color?: string; paragraphGap?: number };
  const put = (text: string, size: number, o: Put = {}) => {
    doc.fillColor(o.color ?? '#000000');
    writeText(doc, text, { size, width: W, rtl, ...o });
    doc.fillColor('#000000');
  };

  put(t('guide.titleArea', { area: g.areaName }), 24, { bold: true });
  doc.moveDown(0.3);
  put(g.tenantName, 12, { color: '#333333' });
  doc.moveDown(0.6);
  put(t('guide.intro'), 11);

  for (const p of g.chapters) {
    const picked = pickText(p.texts, lang);
    if (!picked) continue;
    const own = dirOf(picked.lang as Lang) === 'rtl';
    doc.moveDown(1);
    put(picked.text.title, 15, { bold: true, rtl: own });
    if (picked.fallback) put(t('guide.fallbackNote'), 8, { color: '#555555' });
    doc.moveDown(0.3);
    // One paragraph per line with a gap of its own: plainText's blank lines would add a whole empty
    // line, more space between two paragraphs than before the next chapter's title.
    put(plainText(picked.text.bodyHtml).replace(/\n{2,}/g, '\n'), 11, { rtl: own, paragraphGap: 6 });
  }

  if (g.hours.length) {
    doc.moveDown(1);
    put(t('guide.hours'), 15, { bold: true });
    for (const o of g.hours) put(guideHourLine(o, lang), 11);
  }

  // The link beside the QR code; the code on the left in right-to-left documents.
  doc.moveDown(1.2);
  const textX = rtl ? 56 + 110 : 56;
  writeText(doc, t('guide.online'), { size: 12, bold: true, x: textX, width: W - 110, rtl });
  writeText(doc, g.url, { size: 10, width: W - 110, link: g.url, rtl });
  drawQr(doc, g.url, rtl ? 56 : doc.page.width - 56 - 100, doc.y - 40, 100);
  doc.end();
  return done;
}

import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Services } from '../../../platform/http/context.ts';
import type { Lang } from '../../../platform/i18n/index.ts';
import { formatDayHeading, plainText } from '../../events/index.ts';
import type { Occurrence } from '../../network/index.ts';
import { type PageWithTexts, pickText } from './content.ts';

const require = createRequire(import.meta.url);
// Noto Sans from the design system package: German, English, Turkish and the other Latin-script languages.
const FONT_DIR = require
  .resolve('@kern-ux/native/package.json')
  .replace(/package\.json$/, 'dist/fonts/noto-sans/');

/**
 * pdfkit does not lay out right-to-left text, so the printed guide comes in the Latin-script
 * languages; an Arabic visitor gets the German print version (the online guide is in Arabic where
 * written).
 */
export const PDF_LANGS: readonly Lang[] = ['de', 'en', 'tr', 'de-x-ls'];

export interface GuideInput {
  services: Services;
  lang: Lang;
  tenantName: string;
  areaName: string;
  url: string;
  chapters: PageWithTexts[];
  hours: (Occurrence & { series: { title: string } })[];
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

/** The printable welcome guide: title, chapters in order, next consultation hours, a QR code to the online version. */
export async function guidePdf(g: GuideInput): Promise<Buffer> {
  const lang: Lang = PDF_LANGS.includes(g.lang) ? g.lang : 'de';
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
  doc.registerFont('Body', `${FONT_DIR}NotoSans-Regular.woff`);
  doc.registerFont('Bold', `${FONT_DIR}NotoSans-Bold.woff`);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const W = doc.page.width - 112;

  doc
    .font('Bold')
    .fontSize(24)
    .text(t('guide.titleArea', { area: g.areaName }), { width: W });
  doc
    .moveDown(0.3)
    .font('Body')
    .fontSize(12)
    .fillColor('#333333')
    .text(g.tenantName, { width: W })
    .fillColor('#000000');
  doc.moveDown(0.6).fontSize(11).text(t('guide.intro'), { width: W });
  if (lang !== g.lang)
    doc
      .moveDown(0.4)
      .fontSize(9)
      .fillColor('#555555')
      .text(t('guide.pdfLanguage'), { width: W })
      .fillColor('#000000');

  for (const p of g.chapters) {
    const picked = pickText(p.texts, lang);
    if (!picked) continue;
    doc.moveDown(1).font('Bold').fontSize(15).text(picked.text.title, { width: W });
    if (picked.fallback)
      doc
        .font('Body')
        .fontSize(8)
        .fillColor('#555555')
        .text(t('guide.fallbackNote'), { width: W })
        .fillColor('#000000');
    doc
      .moveDown(0.3)
      .font('Body')
      .fontSize(11)
      .text(plainText(picked.text.bodyHtml), { width: W, paragraphGap: 4 });
  }

  if (g.hours.length) {
    doc.moveDown(1).font('Bold').fontSize(15).text(t('guide.hours'), { width: W });
    doc.font('Body').fontSize(11);
    for (const o of g.hours)
      doc.text(`${formatDayHeading(o.date, lang)}, ${o.startTime}–${o.endTime}: ${o.series.title}`, {
        width: W,
      });
  }

  doc
    .moveDown(1.2)
    .font('Bold')
    .fontSize(12)
    .text(t('guide.online'), { width: W - 110 });
  doc
    .font('Body')
    .fontSize(10)
    .text(g.url, { width: W - 110, link: g.url });
  drawQr(doc, g.url, doc.page.width - 56 - 100, doc.y - 40, 100);
  doc.end();
  return done;
}

/**
 * The referral slip as PDF (A4), in the resident's language (pdfkit with the platform's fonts and
 * right-to-left text, platform/pdf, as the funds' decision letter): the service, each place's
 * address with every weekday's hours, exceptions and the note, contact, costs, who can come, when it
 * was last checked, the slip's address and a QR code to it, and for each place with a known point a
 * small map drawn on the server (its area's outline and the place) — no tiles, no outside request.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { isolate, registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import type { AreaGeometry } from '../../areas/index.ts';
import type { OpeningHours } from '../domain/hours.ts';
import type { Service } from './services.ts';

export interface SlipPdf {
  t: TFunction;
  lang: string;
  tenantName: string;
  service: Service;
  /** The slip's web address (printed and as QR code). */
  url: string;
  /** The outline of each place's area, by area id, for the map. */
  areas: Map<string, AreaGeometry>;
  /** false: uncompressed page content (tests read the drawing). */
  compress?: boolean;
}

const ARABIC = /[\u0600-\u06FF]/;
const MAP_W = 220;
const MAP_H = 150;

function weekday(d: number, lang: string): string {
  return formatDate(`2024-01-0${d}`, lang === 'de-x-ls' ? 'de' : lang, {
    weekday: 'long',
    day: undefined,
    month: undefined,
    year: undefined,
  });
}

function hoursLines(t: TFunction, lang: string, h: OpeningHours): string[] {
  if (h.mode === 'always') return [String(t('help:public.always'))];
  if (h.mode === 'appointment') return [String(t('help:public.appointmentOnly'))];
  if (h.mode === 'unknown') return [String(t('help:public.hoursUnknown'))];
  return [1, 2, 3, 4, 5, 6, 7].map((d) => {
    const spans = h.intervals.filter((i) => i.day === d);
    return `${weekday(d, lang)}: ${
      spans.length ? spans.map((i) => `${i.from}–${i.to}`).join(', ') : t('help:public.slip.closed')
    }`;
  });
}

/** Every ring of an area's outline. */
const rings = (g: AreaGeometry): number[][][] =>
  g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();

/**
 * A small map: the area's outline (or only a frame) with the place as a dot, in a box at (x, y).
 * Longitude is shortened by the cosine of the latitude so the shape is not stretched.
 */
function drawMap(
  doc: PDFKit.PDFDocument,
  x: number,
  y: number,
  point: { lon: number; lat: number },
  area: AreaGeometry | undefined,
) {
  const all = area ? rings(area).flat() : [];
  const lons = [point.lon, ...all.map((p) => p[0])];
  const lats = [point.lat, ...all.map((p) => p[1])];
  const k = Math.cos((point.lat * Math.PI) / 180);
  // At least about 600 m around the place, so a dot alone is not a whole-page blur.
  const pad = 0.003;
  const minX = Math.min(...lons) * k - pad;
  const maxX = Math.max(...lons) * k + pad;
  const minY = Math.min(...lats) - pad;
  const maxY = Math.max(...lats) + pad;
  const scale = Math.min(MAP_W / (maxX - minX), MAP_H / (maxY - minY));
  const ox = x + (MAP_W - (maxX - minX) * scale) / 2;
  const oy = y + (MAP_H - (maxY - minY) * scale) / 2;
  const at = (lon: number, lat: number): [number, number] => [
    ox + (lon * k - minX) * scale,
    oy + (maxY - lat) * scale,
  ];
  doc.save();
  doc.rect(x, y, MAP_W, MAP_H).lineWidth(0.5).strokeColor('#888888').stroke();
  if (area)
    for (const ring of rings(area)) {
      ring.forEach(([lon, lat], i) => {
        const [px, py] = at(lon, lat);
        if (i === 0) doc.moveTo(px, py);
        else doc.lineTo(px, py);
      });
      doc.closePath();
      doc.fillOpacity(0.12).fillAndStroke('#1d4f91', '#1d4f91');
    }
  const [px, py] = at(point.lon, point.lat);
  doc.fillOpacity(1).circle(px, py, 5).fill('#c0392b');
  doc.circle(px, py, 5).lineWidth(1.5).strokeColor('#ffffff').stroke();
  doc.restore();
}

export async function referralSlipPdf(o: SlipPdf): Promise<Buffer> {
  const { t, lang, service: s } = o;
  const rtl = lang === 'ar';
  const title = String(t('help:public.slip.title', { name: s.name }));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    compress: o.compress ?? true,
    tagged: true,
    lang: lang === 'de-x-ls' ? 'de' : lang,
    displayTitle: true,
    info: { Title: title, Author: o.tenantName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  registerPdfFonts(doc);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  const text = (value: string, size = 11, st: { bold?: boolean; gap?: number; typed?: boolean } = {}) =>
    // The directory's own texts (German) keep their direction inside a right-to-left slip.
    writeText(
      doc,
      st.typed && rtl && !ARABIC.test(value) ? value.split('\n').map(isolate).join('\n') : value,
      { size, width, x, rtl, bold: st.bold, paragraphGap: st.gap ?? 0 },
    );
  const room = (h: number) => {
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };

  text(o.tenantName, 9, { gap: 2, typed: true });
  text(String(t('help:public.slip.kicker')), 10, { gap: 8 });
  text(s.name, 18, { bold: true, gap: 4, typed: true });
  if (s.providerName) text(s.providerName, 11, { gap: 8, typed: true });
  const about = lang === 'de-x-ls' && s.descriptionEasy ? s.descriptionEasy : s.description;
  if (about) text(about.length > 900 ? `${about.slice(0, 897)}…` : about, 10, { gap: 10, typed: true });

  for (const l of s.locations) {
    const address = [
      l.name,
      [l.street, l.houseNumber].filter(Boolean).join(' '),
      [l.postcode, l.city].filter(Boolean).join(' '),
    ]
      .filter(Boolean)
      .join(', ');
    room(MAP_H + 40);
    text(address || String(t('help:public.slip.place')), 12, { bold: true, gap: 4, typed: true });
    const top = doc.y;
    const point = l.lat != null && l.lon != null ? { lon: l.lon, lat: l.lat } : null;
    if (point) {
      // The map beside the hours: on the right, or on the left in a right-to-left slip.
      drawMap(doc, rtl ? x : x + width - MAP_W, top, point, l.areaId ? o.areas.get(l.areaId) : undefined);
    }
    const textWidth = point ? width - MAP_W - 16 : width;
    const textX = point && rtl ? x + MAP_W + 16 : x;
    for (const line of [
      String(t('help:public.slip.hours')),
      ...hoursLines(t, lang, l.hours),
      ...l.hours.exceptions.map(
        (e) =>
          `${formatDate(e.date, lang === 'de-x-ls' ? 'de' : lang)}: ${
            e.closed
              ? t('help:public.slip.closed')
              : (e.intervals ?? []).map((i) => `${i.from}–${i.to}`).join(', ')
          }${e.note ? ` (${e.note})` : ''}`,
      ),
    ])
      writeText(doc, line, { size: 10, width: textWidth, x: textX, rtl, paragraphGap: 1 });
    if (l.hours.note)
      writeText(doc, rtl && !ARABIC.test(l.hours.note) ? isolate(l.hours.note) : l.hours.note, {
        size: 10,
        width: textWidth,
        x: textX,
        rtl,
        paragraphGap: 1,
      });
    if (l.stepFree)
      writeText(doc, String(t('help:public.stepFree')), { size: 10, width: textWidth, x: textX, rtl });
    doc.y = Math.max(doc.y, point ? top + MAP_H : 0) + 12;
  }

  room(120);
  text(String(t('help:public.slip.contact')), 12, { bold: true, gap: 2 });
  const contact = [
    s.phone ? `${t('help:public.phone')}: ${s.phone}` : '',
    s.email ?? '',
    s.website ?? '',
  ].filter(Boolean);
  text(contact.length ? contact.join('\n') : '–', 10, { gap: 8, typed: true });
  if (s.cost === 'free') text(String(t('help:public.free')), 10, { gap: 2 });
  if (s.costNote) text(s.costNote, 10, { gap: 8, typed: true });
  if (s.eligibility) {
    text(String(t('help:public.slip.who')), 12, { bold: true, gap: 2 });
    text(s.eligibility, 10, { gap: 8, typed: true });
  }
  if (s.languages.length) text(`${t('help:public.languages')}: ${s.languages.join(', ')}`, 10, { gap: 8 });

  room(110);
  const qr = await QRCode.toBuffer(o.url, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const qrTop = doc.y + 4;
  doc.image(qr, rtl ? x + width - 80 : x, qrTop, { width: 80, height: 80 });
  const footX = rtl ? x : x + 96;
  writeText(
    doc,
    s.reviewedAt
      ? String(
          t('help:public.slip.checked', { date: formatDate(s.reviewedAt, lang === 'de-x-ls' ? 'de' : lang) }),
        )
      : String(t('help:public.slip.notChecked')),
    { size: 9, width: width - 96, x: footX, y: qrTop, rtl, paragraphGap: 4 },
  );
  writeText(doc, o.url, { size: 8, width: width - 96, x: footX, rtl: false, link: o.url });
  doc.end();
  return done;
}

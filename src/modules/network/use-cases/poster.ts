import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { readSimpleRrule } from '../../../platform/calendar/recurrence.ts';
import type { Db } from '../../../platform/db/index.ts';
import { dirOf, type I18n, type TFunction } from '../../../platform/i18n/index.ts';
import { isolate, registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatDate, formatTime } from '../../../platform/time/index.ts';
import { loadSeries, type Occurrence, type Series, type Slot, upcoming } from './consultation.ts';
import { type Venue, venueAddress, venuesByIds } from './venues.ts';

/** Languages a poster can carry next to German (Arabic right-to-left, see platform/pdf). */
export const POSTER_LANGS = ['en', 'tr', 'ar'] as const;
export type PosterLang = (typeof POSTER_LANGS)[number];

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

const fmtDate = (date: string, lang: string) => formatDate(date, lang, { weekday: 'short', year: undefined });

/** Rhythm of a slot in words: "every Tuesday", "every 1st Monday of the month". */
export function rhythm(t: TFunction, slot: Pick<Slot, 'rrule'>): string {
  const p = readSimpleRrule(slot.rrule);
  if (!p) return t('network:series.customRule');
  const day = t(`network:weekdays.${p.day}`);
  if (p.repeat === 'weekly') return t('network:series.rhythm.weekly', { day });
  if (p.repeat === 'biweekly') return t('network:series.rhythm.biweekly', { day });
  return t('network:series.rhythm.monthly', { day, nth: t(`network:series.nth.${p.nth}`) });
}

/** What a poster shows, already in words; the layout is the same for every kind of poster. */
interface PosterLayout {
  /** Banner: what this is, in German and in the second language. */
  heading: { de: string; other: string };
  tenantName: string;
  title: string;
  subtitle?: string | null;
  /** Main facts (a rhythm and its venue, or the date and place of an event). */
  blocks: { main: string; other?: string | null; detail?: string | null; small?: string | null }[];
  list?: { heading: string; items: { text: string; cancelled?: boolean }[]; empty: string };
  url: string;
  scan: { de: string; other: string };
  contact?: string | null;
  /** The second language is written right to left (Arabic): its lines are right-aligned. */
  rtl?: boolean;
}

const ACCENT = '#0b4f8a';

async function drawPoster(l: PosterLayout): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: l.title, Author: l.tenantName },
    lang: 'de-DE',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  registerPdfFonts(doc);
  const W = doc.page.width - 96;
  // German lines left to right; lines in the second language right to left when it is Arabic.
  type At = { bold?: boolean; x?: number; y?: number; width?: number };
  const put = (text: string, size: number, o: At & { rtl?: boolean }, color?: string) => {
    if (color) doc.fillColor(color);
    writeText(doc, text, { size, width: W, ...o });
    if (color) doc.fillColor('#000000');
  };
  const de = (text: string, size: number, o: At = {}, color?: string) => put(text, size, o, color);
  const other = (text: string, size: number, o: At = {}, color?: string) =>
    put(text, size, { ...o, rtl: l.rtl }, color);
  const qrSize = 130;
  // Everything above the QR code must end before it (one page, always).
  const bottom = doc.page.height - 48 - qrSize;
  const fits = (h: number) => doc.y + h < bottom - 12;

  doc.rect(0, 0, doc.page.width, 110).fill(ACCENT);
  doc.fillColor('#ffffff');
  de(l.heading.de, 30, { bold: true, x: 48, y: 30 });
  other(`${l.heading.other} · ${l.tenantName}`, 16);
  doc.fillColor('#000000');
  de(l.title, 24, { bold: true, x: 48, y: 135 });
  if (l.subtitle) de(l.subtitle, 13, {}, '#333333');
  doc.moveDown(0.8);

  for (const b of l.blocks) {
    if (!fits(60)) break;
    de(b.main, 15, { bold: true });
    if (b.other) other(b.other, 11, {}, '#333333');
    if (b.detail) de(b.detail, 13);
    if (b.small) de(b.small, 10);
    doc.moveDown(0.6);
  }

  if (l.list && fits(40)) {
    doc.moveDown(0.4);
    de(l.list.heading, 14, { bold: true });
    if (l.list.items.length === 0) de(l.list.empty, 11);
    for (const item of l.list.items) {
      if (!fits(16)) break;
      doc.fillColor(item.cancelled ? '#a00000' : '#000000');
      de(item.text, 11);
    }
    doc.fillColor('#000000');
  }

  // QR code and address of the always-current page at the bottom.
  drawQr(doc, l.url, 48, bottom, qrSize);
  const textX = 48 + qrSize + 16;
  const textW = W - qrSize - 16;
  de(l.scan.de, 13, { bold: true, x: textX, y: bottom + 10, width: textW });
  other(l.scan.other, 11, { width: textW });
  doc.moveDown(0.4).fillColor(ACCENT);
  writeText(doc, l.url, { size: 10, width: textW, link: l.url, underline: true });
  doc.fillColor('#000000');
  if (l.contact) {
    doc.moveDown(0.4);
    de(l.contact, 10, { width: textW });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

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
  /** 'series' (one consultation hour) or 'area' (all consultation hours of an area). */
  kind?: 'series' | 'area';
}

/**
 * A4 poster/flyer for consultation hours as PDF: bilingual (German + one more language), the
 * rhythm of each slot with its venue, the next dates (cancellations marked), and a QR code to the
 * always-current public page (the series page, or the area page for an area poster).
 */
export async function posterPdf(o: PosterInput): Promise<Buffer> {
  // The second language inside a German line is isolated, so Arabic keeps its own order there.
  const both = (key: string) => `${o.de(key)} / ${isolate(o.other(key))}`;
  const headingKey = o.kind === 'area' ? 'network:poster.areaHeading' : 'network:poster.heading';
  return drawPoster({
    heading: { de: o.de(headingKey), other: o.other(headingKey) },
    tenantName: o.tenantName,
    title: o.title,
    subtitle: o.subtitle,
    blocks: o.slots.map(({ slot, venue }) => ({
      main: `${rhythm(o.de, slot)}, ${slot.startTime}–${slot.endTime} ${o.de('network:poster.oclock')}`.trim(),
      other: `${rhythm(o.other, slot)}${dirOf(o.otherLang) === 'rtl' ? '،' : ','} ${slot.startTime}–${slot.endTime}`,
      detail: venue ? [venue.name, venueAddress(venue)].filter(Boolean).join(', ') : null,
      small: venue?.stepFree ? both('network:venue.stepFree') : null,
    })),
    list: {
      heading: both('network:poster.nextDates'),
      empty: both('network:poster.noDates'),
      items: o.next.slice(0, 8).map((occ) => {
        const v = o.venues.get(occ.venueId);
        const cancelled = occ.status === 'cancelled';
        const title = o.kind === 'area' && occ.series ? ` · ${occ.series.title}` : '';
        return {
          cancelled,
          text: `${fmtDate(occ.date, 'de')} (${isolate(fmtDate(occ.date, o.otherLang))}), ${occ.startTime}–${occ.endTime}${title}${v ? ` · ${v.name}` : ''}${cancelled ? ` — ${both('network:occurrence.cancelled')}` : ''}`,
        };
      }),
    },
    url: o.url,
    scan: { de: o.de('network:poster.scan'), other: o.other('network:poster.scan') },
    contact: o.contact,
    rtl: dirOf(o.otherLang) === 'rtl',
  });
}

/**
 * The area poster: the area's name, every published consultation hour in the area with its venue,
 * the next dates (six weeks), and a QR code to the public area page `/:tenant/areas/:slug`.
 */
export async function areaPosterPdf(
  deps: { db: Db; i18n: I18n; baseUrl: string },
  tenant: { id: string; slug: string; name: string },
  area: { id: string; slug: string; name: string },
  lang: PosterLang,
  now = new Date(),
): Promise<Buffer> {
  const bundles = await loadSeries(deps.db, tenant.id, { publishedOnly: true, areaId: area.id });
  const venues = await venuesByIds(
    deps.db,
    tenant.id,
    bundles.flatMap((b) => [
      ...b.slots.map((x) => x.venueId),
      ...b.extras.map((x) => x.venueId),
      ...b.exceptions.map((x) => x.venueId).filter((x): x is string => !!x),
    ]),
  );
  return posterPdf({
    kind: 'area',
    title: area.name,
    subtitle: deps.i18n.t('de', 'network')('poster.areaSubtitle'),
    url: `${deps.baseUrl}/${tenant.slug}/areas/${area.slug}`,
    tenantName: tenant.name,
    slots: bundles.flatMap((b) => b.slots.map((slot) => ({ slot, venue: venues.get(slot.venueId) }))),
    next: upcoming(bundles, now, 42),
    venues,
    de: deps.i18n.t('de'),
    other: deps.i18n.t(lang),
    otherLang: lang,
  });
}

// ── Reusable poster for a single date (events) ───────────────────────────────────────────────

/** A poster for one date, e.g. an event (NET-7). Everything is plain text the caller has chosen. */
export interface PosterSpec {
  title: string;
  /**
   * When it takes place, e.g. "Samstag, 14. Juni 2025, 15:00–18:00 Uhr". A plain string is shown as
   * is; `{ de, other }` shows both languages. `posterDateLine()` makes both from two instants.
   */
  dateLine: string | { de: string; other: string };
  /** Where: venue name and address in one line. */
  place?: string | null;
  /** The public page the QR code leads to (absolute URL). */
  url: string;
  /** The second language next to German. */
  lang: PosterLang;
  tenantName: string;
  description?: string | null;
  /** Banner text; default "Veranstaltung" / "Event" / "Etkinlik" / "فعالية". */
  heading?: { de: string; other: string };
  /** Extra small lines under the place (accessibility, "free of charge", …). */
  notes?: string[];
  contact?: string | null;
}

/** "Sa., 14. Juni 2025, 15:00–18:00 Uhr" in German and the second language (Europe/Berlin). */
export function posterDateLine(
  i18n: I18n,
  lang: PosterLang,
  start: Date,
  end?: Date | null,
): { de: string; other: string } {
  const line = (l: 'de' | PosterLang) => {
    const day = formatDate(start, l);
    // Clock times as on German posters in every language ("15:00 Uhr").
    const time = (d: Date) => formatTime(d, 'de');
    const oclock = i18n.t(l, 'network')('poster.oclock');
    const comma = dirOf(l) === 'rtl' ? '،' : ',';
    return `${day}${comma} ${time(start)}${end ? `–${time(end)}` : ''}${oclock ? ` ${oclock}` : ''}`;
  };
  return { de: line('de'), other: line(lang) };
}

/**
 * Renders a one-page A4 poster (PDF) for a single date — title, date line, place, QR code to the
 * public page — in German and one more language (`lang`: English, Turkish or Arabic). Made for the events
 * module: `renderPoster(services.i18n, { title, dateLine: posterDateLine(services.i18n, 'en', start,
 * end), place, url, lang: 'en', tenantName })`.
 */
export async function renderPoster(i18n: I18n, spec: PosterSpec): Promise<Buffer> {
  if (!(POSTER_LANGS as readonly string[]).includes(spec.lang))
    throw new Error(`poster language ${spec.lang}`);
  const de = i18n.t('de', 'network');
  const other = i18n.t(spec.lang, 'network');
  const when = typeof spec.dateLine === 'string' ? { de: spec.dateLine, other: '' } : spec.dateLine;
  return drawPoster({
    heading: spec.heading ?? { de: de('poster.eventHeading'), other: other('poster.eventHeading') },
    tenantName: spec.tenantName,
    title: spec.title,
    subtitle: spec.description,
    blocks: [
      {
        main: when.de,
        other: when.other && when.other !== when.de ? when.other : null,
        detail: spec.place ?? null,
        small: spec.notes?.length ? spec.notes.join(' · ') : null,
      },
    ],
    url: spec.url,
    scan: { de: de('poster.scanEvent'), other: other('poster.scanEvent') },
    contact: spec.contact,
    rtl: dirOf(spec.lang) === 'rtl',
  });
}

import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Db } from '../../../platform/db/index.ts';
import type { I18n, TFunction } from '../../../platform/i18n/index.ts';
import { TIME_ZONE } from '../vocab.ts';
import {
  loadSeries,
  type Occurrence,
  rruleToPattern,
  type Series,
  type Slot,
  upcoming,
} from './consultation.ts';
import { type Venue, venueAddress, venuesByIds } from './venues.ts';

const require = createRequire(import.meta.url);
// Noto Sans from the design system package: covers German, Turkish and the other Latin-script languages.
const FONT_DIR = require
  .resolve('@kern-ux/native/package.json')
  .replace(/package\.json$/, 'dist/fonts/noto-sans/');

/** Languages a poster can carry next to German (Latin script; pdfkit does not shape Arabic). */
export const POSTER_LANGS = ['en', 'tr'] as const;
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

const locale = (lang: string) => (lang === 'de' ? 'de-DE' : lang === 'en' ? 'en-GB' : lang);

const fmtDate = (date: string, lang: string) =>
  new Intl.DateTimeFormat(locale(lang), {
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
  doc.registerFont('Body', `${FONT_DIR}NotoSans-Regular.woff`);
  doc.registerFont('Bold', `${FONT_DIR}NotoSans-Bold.woff`);
  const W = doc.page.width - 96;
  const qrSize = 130;
  // Everything above the QR code must end before it (one page, always).
  const bottom = doc.page.height - 48 - qrSize;
  const fits = (h: number) => doc.y + h < bottom - 12;

  doc.rect(0, 0, doc.page.width, 110).fill(ACCENT);
  doc.fillColor('#ffffff').font('Bold').fontSize(30).text(l.heading.de, 48, 30, { width: W });
  doc.font('Body').fontSize(16).text(`${l.heading.other} · ${l.tenantName}`, { width: W });
  doc.fillColor('#000000');
  doc.y = 135;
  doc.font('Bold').fontSize(24).text(l.title, 48, doc.y, { width: W });
  if (l.subtitle)
    doc.font('Body').fontSize(13).fillColor('#333333').text(l.subtitle, { width: W }).fillColor('#000000');
  doc.moveDown(0.8);

  for (const b of l.blocks) {
    if (!fits(60)) break;
    doc.font('Bold').fontSize(15).text(b.main, { width: W });
    if (b.other)
      doc.font('Body').fontSize(11).fillColor('#333333').text(b.other, { width: W }).fillColor('#000000');
    if (b.detail) doc.font('Body').fontSize(13).text(b.detail, { width: W });
    if (b.small) doc.font('Body').fontSize(10).text(b.small, { width: W });
    doc.moveDown(0.6);
  }

  if (l.list && fits(40)) {
    doc.moveDown(0.4).font('Bold').fontSize(14).text(l.list.heading, { width: W });
    doc.font('Body').fontSize(11);
    if (l.list.items.length === 0) doc.text(l.list.empty, { width: W });
    for (const item of l.list.items) {
      if (!fits(16)) break;
      doc.fillColor(item.cancelled ? '#a00000' : '#000000').text(item.text, { width: W });
    }
    doc.fillColor('#000000');
  }

  // QR code and address of the always-current page at the bottom.
  drawQr(doc, l.url, 48, bottom, qrSize);
  const textX = 48 + qrSize + 16;
  const textW = W - qrSize - 16;
  doc
    .font('Bold')
    .fontSize(13)
    .text(l.scan.de, textX, bottom + 10, { width: textW });
  doc.font('Body').fontSize(11).text(l.scan.other, { width: textW });
  doc
    .moveDown(0.4)
    .fontSize(10)
    .fillColor(ACCENT)
    .text(l.url, { width: textW, link: l.url, underline: true })
    .fillColor('#000000');
  if (l.contact) doc.moveDown(0.4).fontSize(10).text(l.contact, { width: textW });
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
  const both = (key: string) => `${o.de(key)} / ${o.other(key)}`;
  const headingKey = o.kind === 'area' ? 'network:poster.areaHeading' : 'network:poster.heading';
  return drawPoster({
    heading: { de: o.de(headingKey), other: o.other(headingKey) },
    tenantName: o.tenantName,
    title: o.title,
    subtitle: o.subtitle,
    blocks: o.slots.map(({ slot, venue }) => ({
      main: `${rhythm(o.de, slot)}, ${slot.startTime}–${slot.endTime} ${o.de('network:poster.oclock')}`.trim(),
      other: `${rhythm(o.other, slot)}, ${slot.startTime}–${slot.endTime}`,
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
          text: `${fmtDate(occ.date, 'de')} (${fmtDate(occ.date, o.otherLang)}), ${occ.startTime}–${occ.endTime}${title}${v ? ` · ${v.name}` : ''}${cancelled ? ` — ${both('network:occurrence.cancelled')}` : ''}`,
        };
      }),
    },
    url: o.url,
    scan: { de: o.de('network:poster.scan'), other: o.other('network:poster.scan') },
    contact: o.contact,
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
  /** Banner text; default "Veranstaltung" / "Event" / "Etkinlik". */
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
    const day = new Intl.DateTimeFormat(locale(l), {
      timeZone: TIME_ZONE,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(start);
    const time = (d: Date) =>
      new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(d);
    const oclock = i18n.t(l, 'network')('poster.oclock');
    return `${day}, ${time(start)}${end ? `–${time(end)}` : ''}${oclock ? ` ${oclock}` : ''}`;
  };
  return { de: line('de'), other: line(lang) };
}

/**
 * Renders a one-page A4 poster (PDF) for a single date — title, date line, place, QR code to the
 * public page — in German and one more language (`lang`: English or Turkish). Made for the events
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
  });
}

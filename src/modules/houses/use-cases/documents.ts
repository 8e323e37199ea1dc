import PDFDocument from 'pdfkit';
import { writeCalendar } from '../../../platform/calendar/ical.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { registerPdfFonts, writeText } from '../../../platform/pdf/index.ts';
import { formatTime } from '../../../platform/time/index.ts';
import { formatDay } from '../domain/format.ts';
import type { BookingRequest, House, Room } from '../queries.ts';

export interface IcsEvent {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

export const addressLine = (h: Pick<House, 'street' | 'postcode' | 'city'>): string =>
  [h.street, [h.postcode, h.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');

/**
 * The confirmation as iCalendar (RFC 5545, the platform's strict writer): one VEVENT per confirmed
 * date in Berlin local time with its VTIMEZONE, stable UIDs, METHOD:PUBLISH. A cancellation withdraws
 * the same UIDs with METHOD:CANCEL, STATUS:CANCELLED and a higher SEQUENCE (RFC 5546), so calendars
 * that took the confirmation remove the dates.
 */
export function buildIcs(o: {
  tenantName: string;
  house: House;
  room: Room;
  title: string;
  description: string;
  events: IcsEvent[];
  url?: string;
  cancelled?: boolean;
}): string {
  const stamp = new Date();
  const organizer = o.house.contactEmail
    ? { name: o.house.contactName || o.tenantName, email: o.house.contactEmail }
    : null;
  return writeCalendar({
    product: 'Houses',
    method: o.cancelled ? 'CANCEL' : 'PUBLISH',
    name: `${o.room.name} – ${o.house.name}`,
    events: o.events.map((e) => ({
      uid: `booking-${e.id}@quartier`,
      sequence: o.cancelled ? 1 : 0,
      stamp,
      start: e.startsAt,
      end: e.endsAt,
      allDay: false,
      summary: o.title,
      description: o.description || undefined,
      location: [o.room.name, o.house.name, addressLine(o.house)].filter(Boolean).join(', '),
      url: o.url,
      organizer,
      status: o.cancelled ? 'CANCELLED' : 'CONFIRMED',
    })),
  });
}

/**
 * The rental confirmation (PDF, tagged, in the requester's language): who rents what when, the fee and
 * payment status, house rules and key handover as the terms.
 */
export async function buildConfirmationPdf(o: {
  t: TFunction;
  lang: string;
  tenantName: string;
  house: House;
  room: Room;
  request: BookingRequest;
  dates: { startsAt: Date; endsAt: Date }[];
}): Promise<Buffer> {
  const { t, lang, house, room, request } = o;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: lang === 'en' ? 'en' : 'de',
    displayTitle: true,
    info: { Title: t('houses:pdf.title'), Author: o.tenantName, Subject: `${room.name} – ${house.name}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  // Noto Sans (+ Arabic through writeText): names and addresses in Turkish, Polish or Arabic print
  // as typed — pdfkit's built-in Helvetica knows only Latin-1.
  registerPdfFonts(doc);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  const text = (value: string, size = 11, o: { bold?: boolean; gap?: number } = {}) =>
    writeText(doc, value, { size, width, x, bold: o.bold, paragraphGap: o.gap ?? 0 });
  text(t('houses:pdf.title'), 18, { bold: true, gap: 4 });
  doc.fillColor('#444');
  text(`${o.tenantName} · ${t('houses:pdf.reference')} ${reference(request.id)}`, 10, { gap: 12 });
  doc.fillColor('black');
  const row = (label: string, value: string) => {
    text(label, 9, { bold: true });
    text(value, 11, { gap: 6 });
  };
  row(t('houses:pdf.house'), `${house.name}, ${addressLine(house)}`);
  row(t('houses:pdf.room'), room.name);
  row(t('houses:pdf.renter'), [request.requesterName, request.organisation].filter(Boolean).join(', '));
  row(t('houses:pdf.purpose'), `${request.purpose} (${t(`houses:categories.${request.category}`)})`);
  row(t('houses:pdf.participants'), String(request.participants));
  row(t('houses:pdf.tariff'), t(`houses:tariffs.${request.tariff}`));
  row(t('houses:pdf.fee'), formatMoney(request.feeCents, lang));
  row(t('houses:pdf.payment'), t(`houses:payment.${request.paymentStatus}`));
  doc.moveDown();
  text(t('houses:pdf.dates', { count: o.dates.length }), 13, { bold: true, gap: 4 });
  for (const d of o.dates)
    text(`• ${formatDay(d.startsAt, lang)}, ${formatTime(d.startsAt, lang)}–${formatTime(d.endsAt, lang)}`);
  doc.moveDown();
  text(t('houses:pdf.terms'), 13, { bold: true, gap: 4 });
  if (house.houseRules) text(house.houseRules, 11, { gap: 6 });
  if (house.keyHandover) text(`${t('houses:pdf.keys')}: ${house.keyHandover}`, 11, { gap: 6 });
  text(t('houses:pdf.standardTerms'), 11, { gap: 6 });
  if (house.contactEmail || house.contactPhone) {
    doc.moveDown();
    text(
      `${t('houses:pdf.contact')}: ${[house.contactName, house.contactEmail, house.contactPhone].filter(Boolean).join(' · ')}`,
    );
  }
  doc.end();
  return done;
}

/** Short, human-readable request number (last 8 hex digits of the UUIDv7: unique enough per tenant to quote on the phone). */
export const reference = (id: string): string => id.replace(/-/g, '').slice(-8).toUpperCase();

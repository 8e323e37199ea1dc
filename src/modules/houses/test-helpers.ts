// Shared set-up for the houses tests (not part of the app).
import { and, eq } from 'drizzle-orm';
import type { Services } from '../../platform/http/context.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays, todayLocal, weekdayOf } from './domain/time.ts';
import { getHouse, getRoom } from './queries.ts';
import {
  houseToForm,
  roomToForm,
  saveHouse,
  saveRoom,
  validateHouse,
  validateRoom,
} from './use-cases/manage.ts';

/** The local date of the given ISO weekday, at least `minDays` from today. */
export function futureWeekday(weekday: number, minDays = 14): string {
  const start = addDays(todayLocal(), minDays);
  return addDays(start, (weekday - weekdayOf(start) + 7) % 7);
}

/** A house open every day 08:00–22:00 with two rooms (hall with a 30-minute buffer, seminar room without). */
export async function makeHouse(
  services: Services,
  tenantId: string,
  o: { slug?: string; areaId?: string | null; contactEmail?: string } = {},
) {
  const form = houseToForm();
  Object.assign(form, {
    name: `Testhaus ${o.slug ?? 'eins'}`,
    slug: o.slug ?? 'testhaus',
    street: 'Teststraße 1',
    postcode: '10000',
    city: 'Berlin',
    houseRules: 'Bitte sauber hinterlassen.',
    contactEmail: o.contactEmail ?? '',
    areaId: o.areaId ?? '',
    published: 'on',
  });
  for (let d = 1; d <= 7; d++) form[`hours${d}`] = '08:00-22:00';
  const h = validateHouse(form, null);
  if (Object.keys(h.errors).length) throw new Error(JSON.stringify(h.errors));
  const { id } = await saveHouse(services.db, tenantId, null, h.values, null);
  const hall = roomToForm();
  Object.assign(hall, {
    name: 'Saal',
    slug: 'saal',
    capacity: '50',
    feeHour: '20',
    feeHalfDay: '60',
    feeDay: '100',
    nonprofitPct: '50',
    residentPct: '25',
    bufferMinutes: '30',
  });
  const seminar = roomToForm();
  Object.assign(seminar, {
    name: 'Seminarraum',
    slug: 'seminar',
    capacity: '12',
    feeHour: '10',
    bufferMinutes: '0',
  });
  const hallId = (await saveRoom(services.db, tenantId, id!, null, validateRoom(hall).values, null)).id!;
  const seminarId = (await saveRoom(services.db, tenantId, id!, null, validateRoom(seminar).values, null))
    .id!;
  return {
    house: (await getHouse(services.db, tenantId, id!))!,
    hall: (await getRoom(services.db, tenantId, hallId))!,
    seminar: (await getRoom(services.db, tenantId, seminarId))!,
  };
}

export async function outbox(services: Services, tenantId: string, to?: string) {
  const rows = await services.db
    .select()
    .from(mailOutbox)
    .where(
      to ? and(eq(mailOutbox.tenantId, tenantId), eq(mailOutbox.to, to)) : eq(mailOutbox.tenantId, tenantId),
    )
    .orderBy(mailOutbox.createdAt);
  return rows;
}

/** The private link path (/<tenant>/houses/requests/<token>) in a mail text. */
export const linkIn = (text: string): string => {
  const m = /https?:\/\/[^/\s]+(\/[^\s]+\/houses\/requests\/[A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no link in mail: ${text}`);
  return m[1];
};

/** A complete public request form for the given room and date. */
export function requestForm(
  roomId: string,
  date: string,
  over: Record<string, string> = {},
): Record<string, string> {
  return {
    room: roomId,
    date,
    start: '18:00',
    end: '20:00',
    repeat: 'none',
    until: '',
    name: 'Rosa Beispiel',
    email: 'rosa@example.org',
    phone: '',
    organisation: 'Chor Beispielkiez e.V.',
    tariff: 'nonprofit',
    purpose: 'Chorprobe',
    category: 'culture',
    participants: '20',
    rules: 'on',
    website: '',
    intent: 'send',
    ...over,
  };
}

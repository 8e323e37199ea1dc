// Shared set-up for the houses tests (not part of the app).
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { ofTenant } from '../../platform/db/index.ts';
import type { Services } from '../../platform/http/context.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays, todayLocal, weekdayOf } from '../../platform/time/index.ts';
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
    .where(to ? and(ofTenant(mailOutbox, tenantId), eq(mailOutbox.to, to)) : ofTenant(mailOutbox, tenantId))
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

/** A picture drawn by a browser canvas (64 × 48 px): room.jpg, room.png or room.webp in test-fixtures/. */
export const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url)));

/** A PNG of the given size (one grey row repeated), built here so its size can be anything. */
export function makePng(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0x80)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** Posts a multipart form (a file upload) like a browser, with the CSRF token of `csrfFrom`. */
export async function postUpload(
  agent: {
    get(path: string): Promise<Response>;
    csrfToken(): string | undefined;
    request(path: string, init: RequestInit): Promise<Response>;
  },
  path: string,
  o: {
    csrfFrom: string;
    fields?: Record<string, string>;
    file?: { name: string; type: string; bytes: Uint8Array } | null;
  },
): Promise<Response> {
  await agent.get(o.csrfFrom);
  const form = new FormData();
  form.append('_csrf', agent.csrfToken() ?? '');
  for (const [k, v] of Object.entries(o.fields ?? {})) form.append(k, v);
  if (o.file)
    form.append(
      'photo',
      new File([o.file.bytes as Uint8Array<ArrayBuffer>], o.file.name, { type: o.file.type }),
    );
  else form.append('photo', new File([], '', { type: 'application/octet-stream' }));
  return agent.request(path, { method: 'POST', body: form });
}

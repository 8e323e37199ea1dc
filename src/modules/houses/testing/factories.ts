// Test factory of the houses module (see TestFactoryContext): a house with a room, a photo, a
// closure, a confirmed request with its booking and the requester's private link.

import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { hashToken } from '../../../platform/http/security.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { bookingRequests, bookings, closures, houses, roomPhotos, rooms } from '../db/schema.ts';
import { reference } from '../use-cases/documents.ts';
import { groupKeyFor } from '../use-cases/privacy.ts';

export async function createHouseTestEntities({ services, tenant, marker, params }: TestFactoryContext) {
  const { db } = services;
  const areaId = params['areas/:id']?.[0]?.value ?? null;
  const houseId = newId();
  const roomId = newId();
  const photoId = newId();
  const closureId = newId();
  const requestId = newId();
  const bookingId = newId();
  const token = randomBytes(24).toString('base64url');
  const slug = `haus-${tenant.slug}`.slice(0, 40);
  const day = new Date(Date.now() + 30 * 86_400_000);
  day.setUTCHours(9, 0, 0, 0);
  const startsAt = day;
  const endsAt = new Date(day.getTime() + 2 * 3_600_000);
  await db.insert(houses).values({
    tenantId: tenant.id,
    id: houseId,
    slug,
    name: `${marker} house`,
    areaId,
    contactName: `${marker} contact`,
    published: true,
  });
  await db.insert(rooms).values({
    tenantId: tenant.id,
    id: roomId,
    houseId,
    slug: 'saal',
    name: `${marker} room`,
    capacity: 20,
  });
  await db.insert(roomPhotos).values({
    tenantId: tenant.id,
    id: photoId,
    roomId,
    sourceUrl: 'https://example.org/room.jpg',
    alt: `${marker} photo`,
  });
  await db.insert(closures).values({
    tenantId: tenant.id,
    id: closureId,
    houseId,
    kind: 'holiday',
    startsAt: new Date(day.getTime() + 7 * 86_400_000),
    endsAt: new Date(day.getTime() + 8 * 86_400_000),
    reason: `${marker} closure`,
  });
  await db.insert(bookingRequests).values({
    tenantId: tenant.id,
    id: requestId,
    houseId,
    roomId,
    status: 'approved',
    source: 'public',
    requesterName: `${marker} requester`,
    requesterEmail: `requester-${tenant.slug}@example.org`,
    groupKey: `group-${tenant.slug}`,
    purpose: `${marker} purpose`,
    category: 'meeting',
    participants: 10,
    startsAt,
    endsAt,
    cancelTokenHash: hashToken(token),
    retentionUntil: '2099-12-31',
  });
  await db.insert(bookings).values({
    tenantId: tenant.id,
    id: bookingId,
    houseId,
    roomId,
    requestId,
    startsAt,
    endsAt,
    blockedUntil: endsAt,
    category: 'meeting',
    groupKey: `group-${tenant.slug}`,
    title: `${marker} booking`,
    participants: 10,
  });
  const p: TestParams = {
    'houses/:id': [{ value: houseId, table: 'houses' }],
    'houses/:slug': [{ value: slug, table: 'houses' }],
    'rooms/:roomId': [{ value: roomId, table: 'rooms' }],
    'rooms/:id': [{ value: roomId, table: 'rooms' }],
    'photos/:photoId': [{ value: photoId, table: 'room_photos' }],
    'closures/:cid': [{ value: closureId, table: 'house_closures' }],
    'requests/:id': [{ value: requestId, table: 'booking_requests' }],
    'booking-requests/:id': [{ value: requestId, table: 'booking_requests' }],
    'requests/:token': [{ value: token, table: 'booking_requests' }],
    'bookings/:bookingId': [{ value: bookingId, table: 'bookings' }],
  };
  return p;
}

/**
 * The person in the houses (data-subject test): a rental that is over (approved, one booked date in
 * the past, so nothing still runs) with name, e-mail, phone, group and purpose, and the confirmation
 * mail to them that carries the request's reference.
 */
export async function createHouseTestPerson(
  { services, tenant, params }: TestFactoryContext,
  person: { email: string; name: string; phone: string },
) {
  const { db } = services;
  const houseId = params['houses/:id']?.[0]?.value;
  const roomId = params['rooms/:roomId']?.[0]?.value;
  if (!houseId || !roomId) throw new Error('the houses test factory runs first');
  const earlier = await db.$count(bookings, and(ofTenant(bookings, tenant.id), eq(bookings.roomId, roomId)));
  const requestId = newId();
  const day = new Date(Date.now() - (3 + 2 * earlier) * 86_400_000);
  day.setUTCHours(15, 0, 0, 0);
  const startsAt = day;
  const endsAt = new Date(day.getTime() + 2 * 3_600_000);
  const organisation = `Chor ${person.name}`;
  const groupKey = await groupKeyFor(db, tenant.id, organisation, person.email);
  await db.insert(bookingRequests).values({
    tenantId: tenant.id,
    id: requestId,
    houseId,
    roomId,
    status: 'approved',
    source: 'public',
    requesterName: person.name,
    requesterEmail: person.email,
    requesterPhone: person.phone,
    organisation,
    groupKey,
    purpose: `Probe mit ${person.name}`,
    category: 'culture',
    participants: 12,
    startsAt,
    endsAt,
    cancelTokenHash: hashToken(randomBytes(24).toString('base64url')),
    retentionUntil: `${new Date().getUTCFullYear() + 1}-12-31`,
  });
  await db.insert(bookings).values({
    tenantId: tenant.id,
    id: newId(),
    houseId,
    roomId,
    requestId,
    startsAt,
    endsAt,
    blockedUntil: endsAt,
    category: 'culture',
    groupKey,
    title: organisation,
    participants: 12,
  });
  await queueMail(db, {
    tenantId: tenant.id,
    to: person.email,
    subject: `Ihre Raumanfrage ${reference(requestId)} ist bestätigt`,
    text: `Hallo ${person.name},\n\nIhr Termin ist bestätigt.`,
  });
}

import { and, eq, max } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { deleteFile, saveFile, stripImageMetadata } from '../../../platform/files/index.ts';
import { roomPhotos } from '../db/schema.ts';
import { inspectImage, MAX_PHOTO_BYTES } from '../domain/images.ts';
import { listRoomPhotos, type Room, type RoomPhotoRow } from '../queries.ts';
import type { FieldErrors } from './booking.ts';

/** More would make the room card heavy on a phone; pick the best ones. */
export const MAX_PHOTOS_PER_ROOM = 8;
export const MAX_ALT_LENGTH = 300;

export interface PhotoUpload {
  /** The file as the browser sent it (name and type are ignored), or nothing. */
  file: { size: number; arrayBuffer(): Promise<ArrayBuffer> } | null;
  alt: string;
}

/**
 * Checks and stores an uploaded room photo: JPEG, PNG or WebP by its bytes, at most 5 MB, with a
 * text alternative. Field errors (keys in the houses namespace) when something is wrong.
 */
export async function addRoomPhoto(
  db: Db,
  storageDir: string,
  room: Room,
  upload: PhotoUpload,
  actor: string | null,
): Promise<{ errors: FieldErrors } | { photo: RoomPhotoRow }> {
  const errors: FieldErrors = {};
  const alt = upload.alt.trim().replace(/\s+/g, ' ');
  if (!alt) errors.alt = { key: 'houses:photos.errors.altRequired' };
  else if (alt.length > MAX_ALT_LENGTH)
    errors.alt = { key: 'validation.tooLong', params: { max: MAX_ALT_LENGTH } };
  const existing = await listRoomPhotos(db, room.tenantId, [room.id]);
  let bytes: Uint8Array | null = null;
  if (existing.length >= MAX_PHOTOS_PER_ROOM)
    errors.photo = { key: 'houses:photos.errors.tooMany', params: { max: MAX_PHOTOS_PER_ROOM } };
  else if (!upload.file || upload.file.size === 0) errors.photo = { key: 'houses:photos.errors.empty' };
  // Checked before reading, so an oversized upload is not copied around again.
  else if (upload.file.size > MAX_PHOTO_BYTES)
    errors.photo = { key: 'houses:photos.errors.tooLarge', params: { mb: MAX_PHOTO_BYTES / 1024 / 1024 } };
  else bytes = new Uint8Array(await upload.file.arrayBuffer());
  const info = bytes ? inspectImage(bytes) : null;
  if (info && 'problem' in info)
    errors.photo = {
      // The pixel limit is the platform's, with its message in every language.
      key:
        info.problem === 'tooManyPixels' ? 'validation.imagePixels' : `houses:photos.errors.${info.problem}`,
      params: { mb: MAX_PHOTO_BYTES / 1024 / 1024 },
    };
  if (Object.keys(errors).length || !bytes || !info || 'problem' in info) return { errors };
  // Stored without camera metadata (GPS position, device); the orientation stays.
  const clean = stripImageMetadata(bytes, info.type);
  if (!clean) return { errors: { photo: { key: 'houses:photos.errors.unreadable', params: {} } } };
  bytes = clean;

  const fileId = newId();
  await saveFile(storageDir, room.tenantId, fileId, bytes);
  try {
    const photo = await db.transaction(async (tx) => {
      const [{ last }] = await tx
        .select({ last: max(roomPhotos.sort) })
        .from(roomPhotos)
        .where(and(ofTenant(roomPhotos, room.tenantId), eq(roomPhotos.roomId, room.id)));
      const [row] = await tx
        .insert(roomPhotos)
        .values({
          tenantId: room.tenantId,
          id: newId(),
          roomId: room.id,
          fileId,
          contentType: info.type,
          bytes: bytes.length,
          width: info.width,
          height: info.height,
          alt,
          sort: (last ?? -1) + 1,
          createdBy: actor,
        })
        .returning();
      await writeAudit(tx, {
        tenantId: room.tenantId,
        actorUserId: actor,
        action: 'create',
        entityType: 'room_photo',
        entityId: row.id,
        details: { roomId: room.id, type: info.type, bytes: bytes.length },
      });
      return row;
    });
    return { photo };
  } catch (err) {
    // No row, no file: do not leave bytes nobody can reach.
    await deleteFile(storageDir, room.tenantId, fileId).catch(() => undefined);
    throw err;
  }
}

/** Removes a photo of a room, and its file. False when the room has no such photo. */
export async function deleteRoomPhoto(
  db: Db,
  storageDir: string,
  room: Room,
  photoId: string,
  actor: string | null,
): Promise<boolean> {
  const gone = await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(roomPhotos)
      .where(
        and(ofTenant(roomPhotos, room.tenantId), eq(roomPhotos.roomId, room.id), eq(roomPhotos.id, photoId)),
      )
      .returning();
    if (!row) return null;
    await writeAudit(tx, {
      tenantId: room.tenantId,
      actorUserId: actor,
      action: 'delete',
      entityType: 'room_photo',
      entityId: row.id,
      details: { roomId: room.id },
    });
    return row;
  });
  if (!gone) return false;
  // The row is gone first: a file without a row is only wasted space, a row without a file a broken image.
  if (gone.fileId) await deleteFile(storageDir, room.tenantId, gone.fileId);
  return true;
}

/** Changes the text alternative of a photo. */
export async function setPhotoAlt(
  db: Db,
  room: Room,
  photoId: string,
  altText: string,
  actor: string | null,
): Promise<FieldErrors | null> {
  const alt = altText.trim().replace(/\s+/g, ' ');
  if (!alt) return { alt: { key: 'houses:photos.errors.altRequired' } };
  if (alt.length > MAX_ALT_LENGTH)
    return { alt: { key: 'validation.tooLong', params: { max: MAX_ALT_LENGTH } } };
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(roomPhotos)
      .set({ alt })
      .where(
        and(ofTenant(roomPhotos, room.tenantId), eq(roomPhotos.roomId, room.id), eq(roomPhotos.id, photoId)),
      )
      .returning({ id: roomPhotos.id });
    if (!row) return;
    await writeAudit(tx, {
      tenantId: room.tenantId,
      actorUserId: actor,
      action: 'update',
      entityType: 'room_photo',
      entityId: row.id,
    });
  });
  return null;
}

/** Where a photo is shown: uploaded ones through the app, legacy ones at their own address. */
export function photoSrc(tenantSlug: string, p: RoomPhotoRow): string | null {
  if (p.fileId) return `/${tenantSlug}/houses/photos/${p.id}`;
  return p.sourceUrl;
}

/**
 * Legacy addresses on other sites cannot be shown as images (Content-Security-Policy: img-src 'self');
 * "//host/…" is another site too.
 */
export const isExternal = (p: RoomPhotoRow): boolean =>
  !p.fileId && !!p.sourceUrl && !(p.sourceUrl.startsWith('/') && !p.sourceUrl.startsWith('//'));

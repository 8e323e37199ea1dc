import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'hono';
import { isUuid } from '../db/ids.ts';
import { imageSize, tooManyPixels } from './dimensions.ts';
import { stripImageMetadata } from './metadata.ts';

export {
  type ImageSize,
  imageSize,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  tooManyPixels,
} from './dimensions.ts';
export { stripImageMetadata } from './metadata.ts';

/**
 * Uploaded files on a local folder (config.storageDir), keyed by tenant and a UUID; the owning module
 * keeps name, type and size in its own table. Several app instances need a shared folder (see
 * docs/operations.md); the bytes are never interpreted here.
 */

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
/** Types a public file route may serve (everything else is refused, so nothing is sniffed into HTML). */
export const SERVABLE_TYPES = [...IMAGE_TYPES, 'application/pdf'] as const;
export type ServableType = (typeof SERVABLE_TYPES)[number];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The real type of an upload from its first bytes (never from the name or the browser's claim). */
export function detectType(bytes: Uint8Array): ServableType | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'image/png';
  if (
    b.length >= 12 &&
    String.fromCharCode(b[0], b[1], b[2], b[3]) === 'RIFF' &&
    String.fromCharCode(b[8], b[9], b[10], b[11]) === 'WEBP'
  )
    return 'image/webp';
  if (b.length >= 5 && String.fromCharCode(b[0], b[1], b[2], b[3], b[4]) === '%PDF-')
    return 'application/pdf';
  return null;
}

export const isImageType = (t: string | null | undefined): t is ImageType =>
  !!t && (IMAGE_TYPES as readonly string[]).includes(t);

export type ImageCheck =
  | { ok: true; type: ImageType; bytes: Uint8Array; width: number; height: number }
  | { ok: false; reason: 'too_large' | 'too_many_pixels' | 'wrong_type' | 'empty' };

/**
 * Checks an uploaded image: at most 5 MB, JPEG, PNG or WebP by its magic bytes, with a pixel size
 * its header declares readably and within MAX_IMAGE_SIDE / MAX_IMAGE_PIXELS (`too_many_pixels`;
 * forms say so with the common `validation.imagePixels`).
 */
export async function checkImage(file: File, maxBytes = MAX_IMAGE_BYTES): Promise<ImageCheck> {
  if (file.size === 0) return { ok: false, reason: 'empty' };
  if (file.size > maxBytes) return { ok: false, reason: 'too_large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = detectType(bytes);
  if (!isImageType(type)) return { ok: false, reason: 'wrong_type' };
  const size = imageSize(bytes, type);
  if (!size) return { ok: false, reason: 'wrong_type' };
  if (tooManyPixels(size)) return { ok: false, reason: 'too_many_pixels' };
  // Stored without camera metadata (GPS position, device); a file that cannot be walked is refused.
  const clean = stripImageMetadata(bytes, type);
  if (!clean) return { ok: false, reason: 'wrong_type' };
  return { ok: true, type, bytes: clean, ...size };
}

function pathOf(storageDir: string, tenantId: string, id: string): string {
  // Both parts are UUIDs, so no path can leave the storage folder.
  if (!isUuid(tenantId) || !isUuid(id)) throw new Error('file keys must be UUIDs');
  return join(storageDir, tenantId, id);
}

export async function saveFile(storageDir: string, tenantId: string, id: string, bytes: Uint8Array) {
  const path = pathOf(storageDir, tenantId, id);
  await mkdir(join(storageDir, tenantId), { recursive: true });
  await writeFile(path, bytes);
}

export async function readStoredFile(
  storageDir: string,
  tenantId: string,
  id: string,
): Promise<Buffer | null> {
  try {
    return await readFile(pathOf(storageDir, tenantId, id));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** An image in the store: its id and its real type. */
export interface StoredImage {
  id: string;
  type: ImageType;
}

const PENDING_IMAGE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(jpeg|png|webp)$/;

/** The hidden field's value that carries an uploaded image across a form shown again with messages. */
export const pendingImageValue = (image: { id: string; type: string }): string =>
  `${image.id}.${image.type.slice('image/'.length)}`;

/**
 * The image uploaded with an earlier attempt of the same form (it came back with messages and
 * carries the image in a hidden field, so nobody has to upload it again). Taken only when it is an
 * image in the tenant's store that no record uses yet (`inUse` asks the module): a forged value can
 * neither point at a missing file nor make a form adopt — and later delete — another record's image.
 */
export async function keptImage(
  storageDir: string,
  tenantId: string,
  value: string,
  inUse: (id: string) => Promise<boolean>,
): Promise<StoredImage | null> {
  const m = PENDING_IMAGE.exec(value.trim());
  if (!m) return null;
  const bytes = await readStoredFile(storageDir, tenantId, m[1]);
  const type = bytes ? detectType(bytes) : null;
  if (!isImageType(type) || (await inUse(m[1]))) return null;
  return { id: m[1], type };
}

export async function deleteFile(storageDir: string, tenantId: string, id: string): Promise<void> {
  await rm(pathOf(storageDir, tenantId, id), { force: true });
}

/** Ids of every file a tenant has in the store, sorted (a tenant's backup carries them all). */
export async function listStoredFiles(storageDir: string, tenantId: string): Promise<string[]> {
  if (!isUuid(tenantId)) throw new Error('file keys must be UUIDs');
  try {
    return (await readdir(join(storageDir, tenantId))).filter((name) => isUuid(name)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Moves the files of `fromDir` (each named by its id) into the tenant's folder, replacing a file of
 * the same id (an id never gets other bytes, so that is the same file). Returns the ids moved.
 */
export async function moveFilesIntoStore(
  storageDir: string,
  tenantId: string,
  fromDir: string,
): Promise<string[]> {
  const ids = (await readdir(fromDir)).filter((name) => isUuid(name));
  if (ids.length) await mkdir(join(storageDir, tenantId), { recursive: true });
  for (const id of ids) {
    const to = pathOf(storageDir, tenantId, id);
    try {
      await rename(join(fromDir, id), to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(join(fromDir, id), to);
      await rm(join(fromDir, id), { force: true });
    }
  }
  return ids;
}

/** Deletes a tenant's stored files other than `keep` (all of them when `keep` is empty). */
export async function deleteStoredFilesExcept(
  storageDir: string,
  tenantId: string,
  keep: ReadonlySet<string>,
): Promise<number> {
  let deleted = 0;
  for (const id of await listStoredFiles(storageDir, tenantId)) {
    if (keep.has(id)) continue;
    await deleteFile(storageDir, tenantId, id);
    deleted++;
  }
  return deleted;
}

/**
 * Answers with a stored file: Content-Type only from the whitelist, nosniff, a long cache (the id
 * never gets other bytes), and as a download for anything that is not an image.
 */
export async function serveStoredFile(
  c: Context,
  o: { storageDir: string; tenantId: string; id: string; contentType: string; filename?: string },
): Promise<Response | null> {
  if (!(SERVABLE_TYPES as readonly string[]).includes(o.contentType)) return null;
  const bytes = await readStoredFile(o.storageDir, o.tenantId, o.id);
  if (!bytes) return null;
  const etag = `"${o.id}"`;
  const headers: Record<string, string> = {
    'Content-Type': o.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'public, max-age=86400',
    ETag: etag,
  };
  if (!isImageType(o.contentType)) {
    const name = (o.filename ?? 'file').replace(/[^\w.-]+/g, '_');
    headers['Content-Disposition'] = `attachment; filename="${name}"`;
  }
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}

/**
 * Serves a public image by its file name `<uuid>.<jpeg|png|webp>`: only when the owner lookup finds
 * it with that very type and published — a stored image id alone is not enough. Null means 404.
 */
export async function servePublishedImage(
  c: Context,
  o: {
    storageDir: string;
    tenantId: string;
    file: string;
    owner: (id: string) => Promise<{ imageType: string | null; status: string } | undefined>;
  },
): Promise<Response | null> {
  const m = /^([0-9a-f-]{36})\.(jpeg|png|webp)$/.exec(o.file);
  if (!m) return null;
  const row = await o.owner(m[1]);
  if (!row?.imageType || row.imageType !== `image/${m[2]}` || row.status !== 'published') return null;
  return serveStoredFile(c, {
    storageDir: o.storageDir,
    tenantId: o.tenantId,
    id: m[1],
    contentType: row.imageType,
  });
}

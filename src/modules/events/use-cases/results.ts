import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { deleteFile, detectType, saveFile } from '../../../platform/files/index.ts';
import { richText } from '../../../platform/richtext/index.ts';
import { eventSources, events, resultFiles } from '../db/schema.ts';
import { eventsChanged } from './listing.ts';

export type ResultFile = typeof resultFiles.$inferSelect;

export const MAX_RESULT_FILE_BYTES = 10 * 1024 * 1024;

/** Publishes (or updates) the documented results of a forum or meeting (CAL-8). */
export async function saveResults(db: Db, tenantId: string, eventId: string, text: string, publish: boolean) {
  await db
    .update(events)
    .set({
      resultsHtml: richText(text),
      resultsPublishedAt: publish ? new Date() : null,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(events, tenantId), eq(events.id, eventId)));
  eventsChanged(tenantId);
}

export type FileCheck =
  | { ok: true; type: string; bytes: Uint8Array }
  | { ok: false; reason: 'too_large' | 'wrong_type' };

/** Result documents: PDF or images, recognised by their bytes, at most 10 MB. */
export async function checkResultFile(file: File): Promise<FileCheck> {
  if (file.size > MAX_RESULT_FILE_BYTES) return { ok: false, reason: 'too_large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = detectType(bytes);
  if (!type) return { ok: false, reason: 'wrong_type' };
  return { ok: true, type, bytes };
}

export async function addResultFile(
  db: Db,
  storageDir: string,
  tenantId: string,
  eventId: string,
  f: { title: string; filename: string; type: string; bytes: Uint8Array },
): Promise<ResultFile> {
  const id = newId();
  await saveFile(storageDir, tenantId, id, f.bytes);
  const [row] = await db
    .insert(resultFiles)
    .values({
      tenantId,
      id,
      eventId,
      title: f.title,
      filename: f.filename.slice(0, 200),
      contentType: f.type,
      size: f.bytes.length,
    })
    .returning();
  return row;
}

export async function removeResultFile(
  db: Db,
  storageDir: string,
  tenantId: string,
  eventId: string,
  id: string,
) {
  const r = await db
    .delete(resultFiles)
    .where(and(ofTenant(resultFiles, tenantId), eq(resultFiles.eventId, eventId), eq(resultFiles.id, id)))
    .returning({ id: resultFiles.id });
  if (r.length) await deleteFile(storageDir, tenantId, id);
}

export async function listResultFiles(db: Db, tenantId: string, eventId: string): Promise<ResultFile[]> {
  return db
    .select()
    .from(resultFiles)
    .where(and(ofTenant(resultFiles, tenantId), eq(resultFiles.eventId, eventId)))
    .orderBy(asc(resultFiles.createdAt));
}

/** A result document is public once the event is published and its results are. */
export async function resultFileForPublic(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ contentType: resultFiles.contentType, filename: resultFiles.filename })
    .from(resultFiles)
    .innerJoin(events, and(eq(events.tenantId, resultFiles.tenantId), eq(events.id, resultFiles.eventId)))
    .where(
      and(
        ofTenant(resultFiles, tenantId),
        eq(resultFiles.id, id),
        eq(events.status, 'published'),
        isNotNull(events.resultsPublishedAt),
      ),
    )
    .limit(1);
  return row;
}

export async function imageOwner(db: Db, tenantId: string, imageId: string) {
  const [row] = await db
    .select({ imageType: events.imageType, status: events.status })
    .from(events)
    .where(and(ofTenant(events, tenantId), eq(events.imageId, imageId)))
    .limit(1);
  return row;
}

export async function sourceAttribution(db: Db, tenantId: string, sourceId: string) {
  const [row] = await db
    .select({
      name: eventSources.name,
      attribution: eventSources.attribution,
      attributionUrl: eventSources.attributionUrl,
    })
    .from(eventSources)
    .where(and(ofTenant(eventSources, tenantId), eq(eventSources.id, sourceId)))
    .limit(1);
  return row;
}

/**
 * Uploaded papers of agenda items (BODY-1: "papers as uploads and texts, public or closed"): PDF
 * files, checked by their bytes (`detectType`), at most 20 MB and 20 per item, stored in the file
 * storage under the row's id. A file is public or closed with its item: the staff who manage the body
 * and its members read every one (closed reads audited, `paper-reads.ts`), a member without an
 * account through their private link (audited with the member record, `papers.ts`), the public only
 * the files of public items of public meetings of public bodies (`public-reads.ts`).
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { deleteFile, detectType, readStoredFile, saveFile } from '../../../platform/files/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { itemFiles } from '../db/schema.ts';
import { isMember, loadItem, MANAGE, READ } from '../policies.ts';
import { getItemFile, type ItemFile, listItemFiles } from '../queries.ts';
import { itemObjects, recordOParlChange } from './oparl-tombstones.ts';
import { auditPaperRead, type PaperRead } from './paper-reads.ts';

export const MAX_PAPER_BYTES = 20 * 1024 * 1024;
export const MAX_FILES_PER_ITEM = 20;
const MAX_NAME = 200;

/** The uploader's file name, cleaned for showing and for the download's name (always `.pdf`). */
export function paperFileName(name: string | undefined): string {
  const base = (name ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.pdf$/i, '')
    .slice(0, MAX_NAME - 4)
    .trim();
  return `${base || 'Unterlage'}.pdf`;
}

/** Adds a PDF to an agenda item (staff who manage the body). Field `file` names what is wrong. */
export async function addItemFile(
  actor: Actor,
  services: { db: Db; config: { storageDir: string } },
  itemId: string,
  upload: { file: File | null },
): Promise<ItemFile> {
  authorize(actor, MANAGE);
  const { db } = services;
  const { item } = await loadItem(actor, db, itemId, MANAGE);
  const file = upload.file;
  if (!file || file.size === 0) throw new ValidationError({ file: 'councils:errors.fileEmpty' });
  if (file.size > MAX_PAPER_BYTES) throw new ValidationError({ file: 'councils:errors.fileTooLarge' });
  if ((await listItemFiles(db, actor.tenantId, [item.id])).length >= MAX_FILES_PER_ITEM)
    throw new ValidationError({ file: 'councils:errors.fileTooMany' });
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (detectType(bytes) !== 'application/pdf')
    throw new ValidationError({ file: 'councils:errors.fileNotPdf' });
  const id = newId();
  await saveFile(services.config.storageDir, actor.tenantId, id, bytes);
  try {
    const [row] = await db
      .insert(itemFiles)
      .values({
        tenantId: actor.tenantId,
        id,
        agendaItemId: item.id,
        name: paperFileName(file.name),
        contentType: 'application/pdf',
        size: bytes.length,
        createdBy: actor.userId ?? null,
      })
      .returning();
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'create',
      entityType: 'councils.item_file',
      entityId: id,
      details: { agendaItemId: item.id, meetingId: item.meetingId, name: row.name, size: row.size },
    });
    return row;
  } catch (err) {
    await deleteFile(services.config.storageDir, actor.tenantId, id).catch(() => undefined);
    throw err;
  }
}

/** Removes an uploaded paper (staff who manage the body): the row, then the bytes. */
export async function removeItemFile(
  actor: Actor,
  services: { db: Db; config: { storageDir: string } },
  fileId: string,
): Promise<ItemFile> {
  authorize(actor, MANAGE);
  const { db } = services;
  const row = await getItemFile(db, actor.tenantId, fileId);
  if (!row) throw new AppError(404, 'file_not_found');
  const { item, meeting, body } = await loadItem(actor, db, row.agendaItemId, MANAGE);
  await db.delete(itemFiles).where(and(ofTenant(itemFiles, actor.tenantId), eq(itemFiles.id, row.id)));
  // A public file removed stays in OParl as deleted.
  await recordOParlChange(
    db,
    actor.tenantId,
    body.id,
    itemObjects(body, meeting, item, [row]).filter((o) => o.id === row.id),
    [],
  );
  await deleteFile(services.config.storageDir, actor.tenantId, row.id);
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'delete',
    entityType: 'councils.item_file',
    entityId: row.id,
    details: { agendaItemId: row.agendaItemId, name: row.name },
  });
  return row;
}

/**
 * An uploaded paper for a signed-in reader: the staff who manage the body and its members read every
 * one, others (department staff of a public body) only the files of public items of public meetings.
 * A closed one read is in the audit log.
 */
export async function itemFileFor(
  actor: Actor,
  services: { db: Db; config: { storageDir: string } },
  fileId: string,
  read: PaperRead = { via: 'item_file' },
): Promise<{ file: ItemFile; bytes: Buffer }> {
  authorize(actor, READ);
  const { db } = services;
  const row = await getItemFile(db, actor.tenantId, fileId);
  if (!row) throw new AppError(404, 'file_not_found');
  const { item, meeting, body } = await loadItem(actor, db, row.agendaItemId, READ);
  const inner = can(actor, MANAGE, body.areaIds) || (await isMember(actor, db, body.id));
  if (!inner && (!item.public || !meeting.public)) throw new AppError(403, 'forbidden');
  const bytes = await readStoredFile(services.config.storageDir, actor.tenantId, row.id);
  if (!bytes) throw new AppError(404, 'file_not_found');
  await auditPaperRead(db, actor, {
    read,
    meeting,
    items: [{ ...item, files: [row] }],
    entity: { type: 'councils.item_file', id: row.id },
  });
  return { file: row, bytes };
}

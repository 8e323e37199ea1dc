/**
 * The settlement (proof of use, FUND-4). The applicant writes it through the private link once the
 * project is granted: the actual cost of each cost-plan line with its receipts (PDF, JPEG or PNG,
 * checked by their bytes), how many took part by age group (and optionally gender), a short report,
 * photos with a consent to publish them; saved as a draft and submitted. Staff accept it (the
 * application is settled), ask for corrections (a mail to the applicant in their language), or claim
 * back what was not spent: a return of what was paid beyond the fund's share and a correction that
 * frees the commitment it no longer needs, both through `bookEntry`. A reminder goes out before the
 * due day (job `funds.settlement-reminders`).
 */
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import {
  checkImage,
  deleteFile,
  detectType,
  readStoredFile,
  saveFile,
} from '../../../platform/files/index.ts';
import { text, uuid, wholeNumber } from '../../../platform/forms/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hashToken } from '../../../platform/http/security.ts';
import { withParams } from '../../../platform/i18n/index.ts';
import { addDays, todayLocal } from '../../../platform/time/index.ts';
import { listTenants } from '../../tenancy/index.ts';
import { applications, costLines, settlementFiles, settlements } from '../db/schema.ts';
import {
  genderMismatch,
  participantTotal,
  REMINDER_DAYS,
  type SettlementSums,
  settlementDueOn,
  settlementSums,
} from '../domain/settlement.ts';
import type { SettlementFileKind } from '../domain/vocab.ts';
import { loadApplication, PROCESS, READ } from '../policies.ts';
import {
  type Application,
  type CostLine,
  findApplicationByToken,
  listApplicationLedger,
  listCostLines,
  lockApplication,
} from '../queries.ts';
import { parse } from '../schemas.ts';
import { moveStatus } from './applications.ts';
import { bookEntry } from './ledger.ts';
import { mailApplicant } from './mails.ts';
import { audit } from './shared.ts';

export type Settlement = typeof settlements.$inferSelect;
export type SettlementFile = typeof settlementFiles.$inferSelect;

/** Receipts up to 10 MB, photos up to 5 MB, at most 40 files per settlement, 10 of them photos. */
export const SETTLEMENT_LIMITS = {
  receiptBytes: 10 * 1024 * 1024,
  photoBytes: 5 * 1024 * 1024,
  files: 40,
  photos: 10,
};

const count = wholeNumber(0, 1_000_000, { label: 'funds:fields.participants' }).nullable().default(null);
const MAX_CENTS = 10_000_000_000;

/** What the applicant writes: the actual cost per cost line, the participants and the report. */
export const settlementInput = z.object({
  actualCosts: z
    .array(
      z.object({
        costLineId: uuid(),
        actualCents: wholeNumber(0, MAX_CENTS, { label: 'funds:fields.amount' }).nullable(),
      }),
    )
    .max(100)
    .default([]),
  report: text(10_000).default(''),
  participantsChildren: count,
  participantsYouth: count,
  participantsAdults: count,
  participantsSeniors: count,
  participantsFemale: count,
  participantsMale: count,
  participantsDiverse: count,
});
export type SettlementInput = z.input<typeof settlementInput>;

/** Before the settlement: a grant, and not settled yet. */
const settleable = (a: Application) => a.status === 'granted' || a.status === 'settlement';
/** The applicant may write while no settlement is in, or staff asked for corrections. */
const writable = (s: Settlement | undefined) => !s || s.status === 'draft' || s.status === 'corrections';

async function getSettlement(db: Db, tenantId: string, applicationId: string) {
  const [row] = await db
    .select()
    .from(settlements)
    .where(and(ofTenant(settlements, tenantId), eq(settlements.applicationId, applicationId)));
  return row as Settlement | undefined;
}

async function listFiles(db: Db, tenantId: string, applicationId: string): Promise<SettlementFile[]> {
  return db
    .select()
    .from(settlementFiles)
    .where(and(ofTenant(settlementFiles, tenantId), eq(settlementFiles.applicationId, applicationId)))
    .orderBy(settlementFiles.createdAt, settlementFiles.id);
}

/** The row of an application's settlement, made as a draft when there is none (in the caller's transaction). */
async function ensureSettlement(tx: Db, tenantId: string, applicationId: string): Promise<Settlement> {
  await tx
    .insert(settlements)
    .values({ tenantId, id: newId(), applicationId })
    .onConflictDoNothing({ target: [settlements.tenantId, settlements.applicationId] });
  return (await getSettlement(tx, tenantId, applicationId))!;
}

/** The sums of a settlement from the application's ledger and its cost lines' actual costs. */
async function sumsOf(
  db: Db,
  tenantId: string,
  app: Application,
  lines: CostLine[],
): Promise<SettlementSums> {
  const entries = await listApplicationLedger(db, tenantId, app.id);
  const sum = (kinds: string[]) =>
    entries.filter((e) => kinds.includes(e.kind)).reduce((s, e) => s + e.amountCents, 0);
  return settlementSums({
    committedCents: sum(['commitment', 'correction']),
    netPaidCents: sum(['payment']) - sum(['return']),
    ownMoneyCents: app.ownMoneyCents,
    actualCents: lines.map((l) => l.actualCents),
  });
}

export interface SettlementView {
  application: Application;
  settlement: Settlement | null;
  costLines: CostLine[];
  files: SettlementFile[];
  sums: SettlementSums;
  dueOn: string | null;
  /** The applicant may still write and submit it. */
  writable: boolean;
}

async function viewOf(db: Db, tenantId: string, app: Application): Promise<SettlementView> {
  const lines = await listCostLines(db, tenantId, app.id);
  const settlement = (await getSettlement(db, tenantId, app.id)) ?? null;
  return {
    application: app,
    settlement,
    costLines: lines,
    files: await listFiles(db, tenantId, app.id),
    sums: await sumsOf(db, tenantId, app, lines),
    dueOn: settlementDueOn(app),
    writable: settleable(app) && writable(settlement ?? undefined),
  };
}

async function byToken(db: Db, tenantId: string, token: string): Promise<Application> {
  const app = token ? await findApplicationByToken(db, tenantId, hashToken(token)) : undefined;
  if (!app) throw new AppError(404, 'application_not_found');
  return app;
}

/** The settlement through the private link: only once the project is granted. */
export async function settlementByToken(db: Db, tenantId: string, token: string): Promise<SettlementView> {
  const app = await byToken(db, tenantId, token);
  if (!settleable(app) && app.status !== 'settled' && app.status !== 'closed')
    throw new AppError(404, 'settlement_not_found');
  return viewOf(db, tenantId, app);
}

/**
 * The applicant saves the settlement (and submits it with `submit`). Submitting needs the actual cost
 * of every line, a receipt for every line that cost something, the participants and the report.
 */
export async function saveSettlementByToken(
  db: Db,
  tenantId: string,
  token: string,
  input: SettlementInput,
  o: { submit?: boolean } = {},
): Promise<Settlement> {
  const found = await byToken(db, tenantId, token);
  const v = parse(settlementInput, input);
  if (genderMismatch(v)) throw new ValidationError({ participantsFemale: 'funds:errors.genderSum' });
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, tenantId, found.id))!;
    if (!settleable(app)) throw new ValidationError({ status: `funds:errors.status.${app.status}` });
    const current = await ensureSettlement(tx, tenantId, app.id);
    if (!writable(current)) throw new ValidationError({ status: 'funds:errors.settlementIn' });
    const lines = await listCostLines(tx, tenantId, app.id);
    const ids = new Set(lines.map((l) => l.id));
    for (const [i, c] of v.actualCosts.entries()) {
      // A line of another application (a forged form) is not this settlement's.
      if (!ids.has(c.costLineId))
        throw new ValidationError({ [`actualCosts.${i}.costLineId`]: 'validation.choice' });
      await tx
        .update(costLines)
        .set({ actualCents: c.actualCents })
        .where(and(ofTenant(costLines, tenantId), eq(costLines.id, c.costLineId)));
    }
    const [row] = await tx
      .update(settlements)
      .set({
        report: v.report,
        participantsChildren: v.participantsChildren,
        participantsYouth: v.participantsYouth,
        participantsAdults: v.participantsAdults,
        participantsSeniors: v.participantsSeniors,
        participantsFemale: v.participantsFemale,
        participantsMale: v.participantsMale,
        participantsDiverse: v.participantsDiverse,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(settlements, tenantId), eq(settlements.id, current.id)))
      .returning();
    if (!o.submit) {
      await audit(tx, null, tenantId, 'update', 'application', app.id, {
        settlement: 'saved',
        by: 'applicant',
      });
      return row;
    }
    const saved = await listCostLines(tx, tenantId, app.id);
    const files = await listFiles(tx, tenantId, app.id);
    const errors: Record<string, string> = {};
    saved.forEach((l, i) => {
      if (l.actualCents === null) errors[`actualCosts.${i}.actualCents`] = 'validation.required';
      else if (l.actualCents > 0 && !files.some((f) => f.kind === 'receipt' && f.costLineId === l.id))
        errors[`receipt.${i}`] = withParams('funds:errors.receiptMissing', { item: l.item });
    });
    if (participantTotal(row) === null) errors.participantsChildren = 'funds:errors.participantsNeeded';
    if (!row.report.trim()) errors.report = 'validation.required';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const [submitted] = await tx
      .update(settlements)
      .set({ status: 'submitted', submittedAt: new Date(), updatedAt: new Date() })
      .where(and(ofTenant(settlements, tenantId), eq(settlements.id, row.id)))
      .returning();
    await audit(tx, null, tenantId, 'update', 'application', app.id, {
      settlement: 'submitted',
      by: 'applicant',
    });
    await mailApplicant(tx, tenantId, app, 'settlementReceived');
    return submitted;
  });
}

export interface SettlementUpload {
  file: File | null;
  kind: string;
  /** The cost line a receipt belongs to. */
  costLineId?: string | null;
  /** A photo may be shown on the public list of funded projects. */
  consent?: boolean;
  caption?: string;
}

/** A clean file name to show and offer as the download's name. */
function fileName(name: string | undefined, type: string): string {
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  const base = (name ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.(pdf|png|jpe?g)$/i, '')
    .slice(0, 150)
    .trim();
  return `${base || 'beleg'}.${ext}`;
}

/** Checks an upload by its bytes: receipts PDF, JPEG or PNG; photos JPEG or PNG (metadata removed). */
async function checkUpload(
  file: File | null,
  kind: SettlementFileKind,
): Promise<{ bytes: Uint8Array; type: 'application/pdf' | 'image/jpeg' | 'image/png' }> {
  if (!file || file.size === 0) throw new ValidationError({ file: 'funds:errors.fileEmpty' });
  const max = kind === 'photo' ? SETTLEMENT_LIMITS.photoBytes : SETTLEMENT_LIMITS.receiptBytes;
  if (file.size > max)
    throw new ValidationError({ file: withParams('funds:errors.fileTooLarge', { mb: max / 1024 / 1024 }) });
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  if (kind === 'receipt' && detectType(head) === 'application/pdf')
    return { bytes: new Uint8Array(await file.arrayBuffer()), type: 'application/pdf' };
  const image = await checkImage(file, max);
  if (!image.ok || (image.type !== 'image/jpeg' && image.type !== 'image/png'))
    throw new ValidationError({
      file:
        !image.ok && image.reason === 'too_many_pixels'
          ? 'validation.imagePixels'
          : kind === 'photo'
            ? 'funds:errors.photoType'
            : 'funds:errors.receiptType',
    });
  return { bytes: image.bytes, type: image.type };
}

/** The applicant adds a receipt or a photo to the settlement through the private link. */
export async function addSettlementFileByToken(
  services: { db: Db; config: { storageDir: string } },
  tenantId: string,
  token: string,
  upload: SettlementUpload,
): Promise<SettlementFile> {
  const { db } = services;
  const found = await byToken(db, tenantId, token);
  const kind = upload.kind === 'photo' ? 'photo' : upload.kind === 'receipt' ? 'receipt' : null;
  if (!kind) throw new ValidationError({ kind: 'validation.choice' });
  const lines = await listCostLines(db, tenantId, found.id);
  const line = kind === 'receipt' ? lines.find((l) => l.id === upload.costLineId) : undefined;
  if (kind === 'receipt' && !line) throw new ValidationError({ costLineId: 'validation.choice' });
  const caption = String(upload.caption ?? '')
    .trim()
    .slice(0, 300);
  const { bytes, type } = await checkUpload(upload.file, kind);
  const id = newId();
  await saveFile(services.config.storageDir, tenantId, id, bytes);
  try {
    return await db.transaction(async (tx) => {
      const app = (await lockApplication(tx, tenantId, found.id))!;
      if (!settleable(app)) throw new ValidationError({ status: `funds:errors.status.${app.status}` });
      const s = await ensureSettlement(tx, tenantId, app.id);
      if (!writable(s)) throw new ValidationError({ status: 'funds:errors.settlementIn' });
      const files = await listFiles(tx, tenantId, app.id);
      if (
        files.length >= SETTLEMENT_LIMITS.files ||
        (kind === 'photo' && files.filter((f) => f.kind === 'photo').length >= SETTLEMENT_LIMITS.photos)
      )
        throw new ValidationError({ file: 'funds:errors.fileTooMany' });
      const [row] = await tx
        .insert(settlementFiles)
        .values({
          tenantId,
          id,
          applicationId: app.id,
          kind,
          costLineId: line?.id ?? null,
          name: fileName(upload.file?.name, type),
          contentType: type,
          size: bytes.length,
          consent: kind === 'photo' && upload.consent === true,
          caption,
        })
        .returning();
      await audit(tx, null, tenantId, 'create', 'settlement_file', id, {
        applicationId: app.id,
        kind,
        by: 'applicant',
      });
      return row;
    });
  } catch (err) {
    await deleteFile(services.config.storageDir, tenantId, id).catch(() => undefined);
    throw err;
  }
}

/** The applicant removes a file of a settlement they may still change: the row, then the bytes. */
export async function removeSettlementFileByToken(
  services: { db: Db; config: { storageDir: string } },
  tenantId: string,
  token: string,
  fileId: string,
): Promise<void> {
  const { db } = services;
  const found = await byToken(db, tenantId, token);
  await db.transaction(async (tx) => {
    const app = (await lockApplication(tx, tenantId, found.id))!;
    const file = (await listFiles(tx, tenantId, app.id)).find((f) => f.id === fileId);
    if (!file) throw new AppError(404, 'file_not_found');
    if (!settleable(app) || !writable(await getSettlement(tx, tenantId, app.id)))
      throw new ValidationError({ status: 'funds:errors.settlementIn' });
    await tx
      .delete(settlementFiles)
      .where(and(ofTenant(settlementFiles, tenantId), eq(settlementFiles.id, file.id)));
    await audit(tx, null, tenantId, 'delete', 'settlement_file', file.id, {
      applicationId: app.id,
      by: 'applicant',
    });
  });
  await deleteFile(services.config.storageDir, tenantId, fileId);
}

/** One of the settlement's files through the private link (the applicant's own). */
export async function settlementFileByToken(
  services: { db: Db; config: { storageDir: string } },
  tenantId: string,
  token: string,
  fileId: string,
): Promise<{ file: SettlementFile; bytes: Buffer }> {
  const app = await byToken(services.db, tenantId, token);
  const file = (await listFiles(services.db, tenantId, app.id)).find((f) => f.id === fileId);
  const bytes = file && (await readStoredFile(services.config.storageDir, tenantId, file.id));
  if (!file || !bytes) throw new AppError(404, 'file_not_found');
  return { file, bytes };
}

// ── Staff ──────────────────────────────────────────────────────────────────────────────────────

/** The settlement of an application for staff and the jury (read with the application). */
export async function settlementFor(
  actor: Actor,
  db: Db,
  applicationId: string,
): Promise<SettlementView & { canProcess: boolean }> {
  authorize(actor, READ);
  const { application, fund } = await loadApplication(actor, db, applicationId, READ);
  return {
    ...(await viewOf(db, actor.tenantId, application)),
    canProcess: can(actor, PROCESS, fund.areaIds),
  };
}

/** A receipt or photo for staff (its reading is in the audit log: receipts may name people). */
export async function settlementFileFor(
  actor: Actor,
  services: { db: Db; config: { storageDir: string } },
  applicationId: string,
  fileId: string,
): Promise<{ file: SettlementFile; bytes: Buffer }> {
  authorize(actor, READ);
  const { application } = await loadApplication(actor, services.db, applicationId, READ);
  const file = (await listFiles(services.db, actor.tenantId, application.id)).find((f) => f.id === fileId);
  const bytes = file && (await readStoredFile(services.config.storageDir, actor.tenantId, file.id));
  if (!file || !bytes) throw new AppError(404, 'file_not_found');
  await audit(services.db, actor, actor.tenantId, 'read', 'application', application.id, {
    settlementFile: file.id,
  });
  return { file, bytes };
}

const noteInput = z.object({ note: text(5000).default('') });

async function decide(
  actor: Actor,
  db: Db,
  applicationId: string,
  step: (tx: Db, app: Application, s: Settlement, note: string) => Promise<Settlement>,
  input: { note?: string },
): Promise<Settlement> {
  authorize(actor, PROCESS);
  const { application } = await loadApplication(actor, db, applicationId, PROCESS);
  const { note } = parse(noteInput, input);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    const s = await getSettlement(tx, actor.tenantId, app.id);
    if (s?.status !== 'submitted') throw new ValidationError({ note: 'funds:errors.settlementNotIn' });
    return step(tx, app, s, note);
  });
}

async function setStatus(tx: Db, actor: Actor, s: Settlement, status: Settlement['status'], note: string) {
  const [row] = await tx
    .update(settlements)
    .set({
      status,
      staffNote: note,
      decidedAt: new Date(),
      decidedBy: actor.userId ?? null,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(settlements, actor.tenantId), eq(settlements.id, s.id)))
    .returning();
  await audit(tx, actor, actor.tenantId, 'update', 'application', s.applicationId, { settlement: status });
  return row;
}

/** Staff accept the settlement: the application is settled with the number who took part. */
export async function acceptSettlement(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: { note?: string } = {},
): Promise<Settlement> {
  return decide(
    actor,
    db,
    applicationId,
    async (tx, app, s, note) => {
      const row = await setStatus(tx, actor, s, 'accepted', note);
      await moveStatus(tx, actor, actor.tenantId, app, 'settled', note, {
        actualParticipants: participantTotal(s),
      });
      await mailApplicant(tx, actor.tenantId, app, 'settlementAccepted', { note });
      return row;
    },
    input,
  );
}

/** Staff ask for corrections: the applicant gets the note by mail and may change and submit again. */
export async function requestSettlementCorrections(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: { note?: string },
): Promise<Settlement> {
  return decide(
    actor,
    db,
    applicationId,
    async (tx, app, s, note) => {
      if (!note.trim()) throw new ValidationError({ note: 'validation.required' });
      const row = await setStatus(tx, actor, s, 'corrections', note);
      await mailApplicant(tx, actor.tenantId, app, 'settlementCorrections', { note });
      return row;
    },
    input,
  );
}

/**
 * Staff claim back what was not spent, once, from a settlement that is in or accepted: a return of
 * what was paid beyond the fund's share of the actual costs, and a correction that frees the
 * commitment beyond that share — both through `bookEntry` (its checks and the ledger's guards), in
 * one transaction with the settlement's note and the mail to the applicant.
 */
export async function claimBackUnspent(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: { note?: string } = {},
): Promise<{ settlement: Settlement; returnedCents: number; freedCents: number }> {
  authorize(actor, PROCESS);
  const { application } = await loadApplication(actor, db, applicationId, PROCESS);
  const { note } = parse(noteInput, input);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    const s = await getSettlement(tx, actor.tenantId, app.id);
    if (!s || (s.status !== 'submitted' && s.status !== 'accepted'))
      throw new ValidationError({ note: 'funds:errors.settlementNotIn' });
    if (s.claimedBackCents !== null) throw new ValidationError({ note: 'funds:errors.claimedAlready' });
    const sums = await sumsOf(tx, actor.tenantId, app, await listCostLines(tx, actor.tenantId, app.id));
    if (sums.overPaidCents === 0 && sums.unusedCommitmentCents === 0)
      throw new ValidationError({ note: 'funds:errors.nothingToClaim' });
    const text = note || 'Rückforderung nicht verbrauchter Mittel';
    if (sums.overPaidCents > 0)
      await bookEntry(actor, tx, app.id, { kind: 'return', amountCents: sums.overPaidCents, note: text });
    if (sums.unusedCommitmentCents > 0)
      await bookEntry(actor, tx, app.id, {
        kind: 'correction',
        amountCents: -sums.unusedCommitmentCents,
        note: text,
      });
    const [row] = await tx
      .update(settlements)
      .set({ claimedBackCents: sums.overPaidCents, updatedAt: new Date() })
      .where(and(ofTenant(settlements, actor.tenantId), eq(settlements.id, s.id)))
      .returning();
    // The applicant hears of it when they have money to pay back (a freed commitment asks nothing of them).
    if (sums.overPaidCents > 0)
      await mailApplicant(tx, actor.tenantId, { ...app, grantedCents: sums.overPaidCents }, 'claimBack', {
        note,
      });
    return { settlement: row, returnedCents: sums.overPaidCents, freedCents: sums.unusedCommitmentCents };
  });
}

// ── Reminder ───────────────────────────────────────────────────────────────────────────────────

/**
 * Mails applicants whose settlement is due within REMINDER_DAYS (or overdue) and not in yet, once per
 * settlement (`reminded_at`, set in the transaction of the mail). Returns how many were queued.
 */
export async function sendSettlementReminders(
  services: Pick<Services, 'db'>,
  now: Date = new Date(),
  o: { tenantId?: string } = {},
): Promise<number> {
  const { db } = services;
  const today = todayLocal(now);
  let queued = 0;
  const tenants = o.tenantId ? [{ id: o.tenantId }] : await listTenants(db);
  for (const tenant of tenants) {
    const due = await db
      .select({ application: applications })
      .from(applications)
      .leftJoin(
        settlements,
        and(eq(settlements.tenantId, applications.tenantId), eq(settlements.applicationId, applications.id)),
      )
      .where(
        and(
          ofTenant(applications, tenant.id),
          inArray(applications.status, ['granted', 'settlement']),
          or(
            isNull(settlements.id),
            and(inArray(settlements.status, ['draft', 'corrections']), isNull(settlements.remindedAt)),
          ),
        ),
      );
    for (const { application } of due) {
      const dueOn = settlementDueOn(application);
      if (!dueOn || addDays(today, REMINDER_DAYS) < dueOn || !application.email) continue;
      await db.transaction(async (tx) => {
        const s = await ensureSettlement(tx, tenant.id, application.id);
        // Claimed by this run only (two runs at once: the second finds it set).
        const claimed = await tx
          .update(settlements)
          .set({ remindedAt: now })
          .where(
            and(ofTenant(settlements, tenant.id), eq(settlements.id, s.id), isNull(settlements.remindedAt)),
          )
          .returning({ id: settlements.id });
        if (!claimed.length) return;
        await mailApplicant(tx, tenant.id, application, 'settlementReminder', { dueOn });
        queued++;
      });
    }
  }
  return queued;
}

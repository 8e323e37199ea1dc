import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import { type Db, isUuid } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import {
  getOutboxMail,
  listOutbox,
  type OutboxMail,
  type OutboxStatus,
  retryMail,
} from '../../../platform/mail/index.ts';
import { PERMS } from '../policies.ts';

/**
 * Sends a failed mail of the outbox again (for the whole tenant: the outbox holds every module's
 * mail). False when the mail is not failed (nothing to retry); audited when it is queued again.
 */
export async function retryOutboxMail(
  actor: Actor,
  services: Services,
  id: string,
  meta: { ip?: string | null } = {},
): Promise<boolean> {
  authorizeTenantWide(actor, PERMS.retryMail);
  if (!isUuid(id) || !(await getOutboxMail(services.db, actor.tenantId, id)))
    throw new AppError(404, 'not_found');
  const retried = await retryMail(services.db, actor.tenantId, id);
  if (!retried) return false;
  await writeAudit(services.db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'update',
    entityType: 'mail',
    entityId: id,
    details: { retry: true },
    ip: meta.ip ?? null,
  });
  await services.jobs.send('mail.deliver', {});
  return true;
}

/**
 * A page of the outbox (every module's mail, for the whole tenant). Recipients' addresses and
 * subjects are personal data: the look is audited, one entry per page naming the mails shown.
 */
export async function listOutboxFor(
  actor: Actor,
  db: Db,
  f: { status?: OutboxStatus; before?: string; limit: number },
  meta: { ip?: string | null } = {},
): Promise<OutboxMail[]> {
  authorizeTenantWide(actor, PERMS.read);
  const list = await listOutbox(db, actor.tenantId, f);
  if (list.length)
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'read',
      entityType: 'mail',
      personal: true,
      details: { view: 'list', count: list.length, ids: list.map((m) => m.id) },
      ip: meta.ip ?? null,
    });
  return list;
}

/** One mail of the outbox with its text (maybe a sign-in link): 404 when unknown; the look is audited. */
export async function outboxMailFor(
  actor: Actor,
  db: Db,
  id: string,
  meta: { ip?: string | null } = {},
): Promise<OutboxMail> {
  authorizeTenantWide(actor, PERMS.read);
  const mail = isUuid(id) ? await getOutboxMail(db, actor.tenantId, id) : undefined;
  if (!mail) throw new AppError(404, 'not_found');
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'read',
    entityType: 'mail',
    entityId: mail.id,
    personal: true,
    ip: meta.ip ?? null,
  });
  return mail;
}

/** At most this many mails in one CSV download. */
export const OUTBOX_CSV_MAX = 10_000;

/**
 * Every mail of the outbox with this status (all when none), newest first, for the CSV download:
 * for the whole tenant like the list; one audit entry for the download, naming the mails.
 */
export async function exportOutboxFor(
  actor: Actor,
  db: Db,
  f: { status?: OutboxStatus },
  meta: { ip?: string | null } = {},
): Promise<OutboxMail[]> {
  authorizeTenantWide(actor, PERMS.read);
  const all: OutboxMail[] = [];
  let before: string | undefined;
  while (all.length < OUTBOX_CSV_MAX) {
    const page = await listOutbox(db, actor.tenantId, { status: f.status, before, limit: 500 });
    all.push(...page);
    if (page.length < 500) break;
    before = page[page.length - 1].id;
  }
  const list = all.slice(0, OUTBOX_CSV_MAX);
  if (list.length)
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'read',
      entityType: 'mail',
      personal: true,
      details: { view: 'csv', count: list.length, ids: list.map((m) => m.id) },
      ip: meta.ip ?? null,
    });
  return list;
}

/**
 * The outbox's part in data-subject requests: mails of the tenant to the person's address, and
 * mails that name the address in their subject or text (a notice to staff about the person). The
 * outbox is a platform table without a module of its own; the admin module, which shows it,
 * answers for it. Account mails (no tenant) are not a tenant's data and are not touched.
 */
import { and, asc, inArray, or, type SQL, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { mailOutbox } from '../../../platform/mail/index.ts';
import type {
  DataSubject,
  PrivacyErasure,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { normaliseEmail } from '../../../platform/privacy/index.ts';
import { PERMS } from '../policies.ts';

/** To the address, or naming it (plain substring: an address may contain % or _). */
const mailsMatch = (subject: DataSubject): SQL => {
  const email = normaliseEmail(subject.email);
  return or(
    sql`lower(trim(${mailOutbox.to})) = ${email}`,
    sql`strpos(lower(${mailOutbox.subject}), ${email}) > 0`,
    sql`strpos(lower(${mailOutbox.text}), ${email}) > 0`,
    sql`strpos(lower(coalesce(${mailOutbox.html}, '')), ${email}) > 0`,
  )!;
};

async function mailsOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select()
    .from(mailOutbox)
    .where(and(ofTenant(mailOutbox, tenantId), mailsMatch(subject)))
    .orderBy(asc(mailOutbox.createdAt));
}

const CATEGORY = 'admin.mails';

export async function findPersonInOutbox(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyRecord[]> {
  authorizeTenantWide(actor, PERMS.privacy);
  const list = await mailsOf(services.db, actor.tenantId, subject);
  if (list.length === 0) return [];
  return [
    {
      category: CATEGORY,
      label: 'admin:dataSubject.mails',
      description: 'admin:dataSubject.mailsDescription',
      count: list.length,
      legalBasis: ['legitimate_interests'],
      retention: 'admin:dataSubject.mailsRetention',
      retentionUntil: null,
    },
  ];
}

export async function exportPersonFromOutbox(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  authorizeTenantWide(actor, PERMS.privacy);
  const list = await mailsOf(services.db, actor.tenantId, subject);
  if (list.length === 0) return [];
  return [
    {
      category: CATEGORY,
      label: 'admin:dataSubject.mails',
      legalBasis: ['legitimate_interests'],
      retentionUntil: null,
      records: list.map((m) => ({
        createdAt: m.createdAt,
        status: m.status,
        sentAt: m.sentAt,
        to: m.to,
        subject: m.subject,
        text: m.text,
        attachments: m.attachments.map((a) => a.filename),
      })),
    },
  ];
}

/** Deletes the mails (also those still waiting to be sent), one audit entry each, in one transaction. */
export async function erasePersonFromOutbox(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyErasure> {
  authorizeTenantWide(actor, PERMS.privacy);
  const tenantId = actor.tenantId;
  return services.db.transaction(async (tx) => {
    const list = await mailsOf(tx, tenantId, subject);
    const ids = list.map((m) => m.id);
    if (ids.length)
      await tx.delete(mailOutbox).where(and(ofTenant(mailOutbox, tenantId), inArray(mailOutbox.id, ids)));
    for (const id of ids)
      await writeAudit(tx, {
        tenantId,
        actorUserId: actor.userId ?? null,
        action: 'erase',
        entityType: 'mail',
        entityId: id,
        personal: true,
        details: { reason: 'request' },
      });
    return { erased: ids.length, details: { [CATEGORY]: ids.length } };
  });
}

export const outboxPrivacy: PrivacyHook = {
  find: findPersonInOutbox,
  export: exportPersonFromOutbox,
  erase: erasePersonFromOutbox,
};

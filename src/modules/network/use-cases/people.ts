import { and, asc, eq, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { listAudit, writeAudit } from '../../../platform/audit/index.ts';
import { scopeFilter } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { eraseMailsTo } from '../../../platform/mail/index.ts';
import {
  networkActors,
  networkConcerns,
  networkContacts,
  networkTasks,
  networkVenues,
} from '../db/schema.ts';
import { type Actor, getActor, relationsOf } from './actors.ts';

export interface Who {
  userId: string;
  label?: string | null;
  ip?: string | null;
}

/** Every read of a person record goes to the audit log (no personal data in the entry itself). */
export async function auditPersonRead(
  db: Db,
  tenantId: string,
  actor: Actor,
  who: Who,
  what = 'detail',
): Promise<void> {
  if (actor.kind !== 'person') return;
  await writeAudit(db, {
    tenantId,
    actorUserId: who.userId,
    actorLabel: who.label ?? null,
    action: 'read',
    entityType: 'network.person',
    entityId: actor.id,
    personal: true,
    details: { view: what },
    ip: who.ip ?? null,
  });
}

export async function auditPersonChange(
  db: Db,
  tenantId: string,
  actorId: string,
  who: Who,
  action: 'create' | 'update' | 'delete' | 'export' | 'erase',
  details: Record<string, unknown> = {},
): Promise<void> {
  await writeAudit(db, {
    tenantId,
    actorUserId: who.userId,
    actorLabel: who.label ?? null,
    action,
    entityType: 'network.person',
    entityId: actorId,
    personal: true,
    details,
    ip: who.ip ?? null,
  });
}

const concernsOfPerson = (p: Actor): SQL | undefined => {
  const parts: SQL[] = [];
  if (p.email) parts.push(sql`lower(${networkConcerns.contactEmail}) = lower(${p.email})`);
  if (p.phone)
    parts.push(
      sql`regexp_replace(${networkConcerns.contactPhone}, '[^0-9+]', '', 'g') = ${p.phone.replace(/[^0-9+]/g, '')}`,
    );
  return parts.length ? or(...parts) : undefined;
};

/** Everything stored about one person (GDPR Art. 15), as plain data for JSON and the readable page. */
export async function exportPerson(db: Db, tenantId: string, id: string) {
  const person = await getActor(db, tenantId, id);
  if (person?.kind !== 'person') throw new AppError(404, 'not_found');
  const match = concernsOfPerson(person);
  const [relations, contacts, tasks, concerns, audit] = await Promise.all([
    relationsOf(db, tenantId, id),
    db
      .select()
      .from(networkContacts)
      .where(and(ofTenant(networkContacts, tenantId), eq(networkContacts.actorId, id)))
      .orderBy(asc(networkContacts.happenedAt)),
    db
      .select()
      .from(networkTasks)
      .where(and(ofTenant(networkTasks, tenantId), eq(networkTasks.actorId, id)))
      .orderBy(asc(networkTasks.dueOn)),
    match
      ? db
          .select()
          .from(networkConcerns)
          .where(and(ofTenant(networkConcerns, tenantId), match))
      : Promise.resolve([]),
    listAudit(db, tenantId, { entityType: 'network.person', entityId: id, limit: 500 }),
  ]);
  const { search: _search, ...record } = person;
  return {
    exportedAt: new Date().toISOString(),
    person: record,
    relations: relations.map((r) => ({ type: r.type, direction: r.direction, with: r.otherName })),
    contacts: contacts.map((c) => ({
      kind: c.kind,
      at: c.happenedAt,
      by: c.authorName,
      summary: c.summary,
      notes: c.notes,
    })),
    followUps: tasks.map((t) => ({ title: t.title, dueOn: t.dueOn, done: !!t.doneAt })),
    concerns: concerns.map((c) => ({
      recordedAt: c.recordedAt,
      topic: c.topic,
      language: c.language,
      status: c.status,
      note: c.note,
      contactName: c.contactName,
      contactPhone: c.contactPhone,
      contactEmail: c.contactEmail,
      legalBasis: c.legalBasis,
      consentTextVersion: c.consentTextVersion,
      consentAt: c.consentAt,
      retentionUntil: c.retentionUntil,
    })),
    accessLog: audit.map((a) => ({ at: a.at, action: a.action, by: a.actorLabel ?? a.actorUserId })),
  };
}

export type PersonExport = Awaited<ReturnType<typeof exportPerson>>;

/**
 * Erases a person everywhere: the record (and with it the search vector and relations), their
 * follow-ups, the notes and the link of their contact-log entries (kind, time and area stay, for
 * anonymous counts), the contact data and notes of concerns they gave their e-mail or phone for,
 * venues they were named as operator of, and mails to them still in the outbox. One transaction.
 */
export async function erasePerson(
  db: Db,
  tenantId: string,
  id: string,
  who: Who,
): Promise<{ contactsAnonymised: number; concernsAnonymised: number; mailsDeleted: number }> {
  return db.transaction(async (txh) => {
    const tx = txh as unknown as Db;
    const person = await getActor(tx, tenantId, id);
    if (person?.kind !== 'person') throw new AppError(404, 'not_found');
    const now = new Date();
    const contacts = await tx
      .update(networkContacts)
      .set({ actorId: null, summary: null, notes: null, anonymisedAt: now })
      .where(and(ofTenant(networkContacts, tenantId), eq(networkContacts.actorId, id)))
      .returning({ id: networkContacts.id });
    await tx.delete(networkTasks).where(and(ofTenant(networkTasks, tenantId), eq(networkTasks.actorId, id)));
    await tx
      .update(networkVenues)
      .set({ actorId: null })
      .where(and(ofTenant(networkVenues, tenantId), eq(networkVenues.actorId, id)));
    const match = concernsOfPerson(person);
    const concerns = match
      ? await tx
          .update(networkConcerns)
          .set({
            contactName: null,
            contactPhone: null,
            contactEmail: null,
            note: null,
            legalBasis: null,
            consentTextVersion: null,
            consentAt: null,
            retentionUntil: null,
            updatedAt: now,
          })
          .where(and(ofTenant(networkConcerns, tenantId), match))
          .returning({ id: networkConcerns.id })
      : [];
    await tx.delete(networkActors).where(and(ofTenant(networkActors, tenantId), eq(networkActors.id, id)));
    const mailsDeleted = person.email ? await eraseMailsTo(tx, tenantId, person.email) : 0;
    const result = { contactsAnonymised: contacts.length, concernsAnonymised: concerns.length, mailsDeleted };
    await auditPersonChange(tx, tenantId, id, who, 'erase', result);
    return result;
  });
}

/** Person records past their retention date (flagged for review and erasure). */
export async function expiredPeople(
  db: Db,
  tenantId: string,
  scope: string[] | null,
  today = new Date().toISOString().slice(0, 10),
) {
  const where: (SQL | undefined)[] = [
    ofTenant(networkActors, tenantId),
    eq(networkActors.kind, 'person'),
    lt(networkActors.retentionUntil, today),
    scopeFilter(networkActors.areaIds, scope),
  ];
  return db
    .select({
      id: networkActors.id,
      name: networkActors.name,
      retentionUntil: networkActors.retentionUntil,
      legalBasis: networkActors.legalBasis,
    })
    .from(networkActors)
    .where(and(...where.filter((x): x is SQL => !!x)))
    .orderBy(asc(networkActors.retentionUntil));
}

/** Concerns whose contact data is past its retention date. */
export async function expiredConcernContacts(
  db: Db,
  tenantId: string,
  scope: string[] | null,
  today = new Date().toISOString().slice(0, 10),
) {
  const where: (SQL | undefined)[] = [
    ofTenant(networkConcerns, tenantId),
    isNotNull(networkConcerns.retentionUntil),
    lt(networkConcerns.retentionUntil, today),
    scopeFilter(networkConcerns.areaIds, scope),
  ];
  return db
    .select({
      id: networkConcerns.id,
      topic: networkConcerns.topic,
      recordedAt: networkConcerns.recordedAt,
      retentionUntil: networkConcerns.retentionUntil,
    })
    .from(networkConcerns)
    .where(and(...where.filter((x): x is SQL => !!x)));
}

/** Removes the contact data of one concern (the anonymous concern stays for statistics). */
export async function eraseConcernContact(
  db: Db,
  tenantId: string,
  concernId: string,
  who: Who,
): Promise<void> {
  await db.transaction(async (txh) => {
    const tx = txh as unknown as Db;
    const [c] = await tx
      .select()
      .from(networkConcerns)
      .where(and(ofTenant(networkConcerns, tenantId), eq(networkConcerns.id, concernId)));
    if (!c) throw new AppError(404, 'not_found');
    await tx
      .update(networkConcerns)
      .set({
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        note: null,
        legalBasis: null,
        consentTextVersion: null,
        consentAt: null,
        retentionUntil: null,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(networkConcerns, tenantId), eq(networkConcerns.id, concernId)));
    if (c.contactEmail) await eraseMailsTo(tx, tenantId, c.contactEmail);
    await writeAudit(tx, {
      tenantId,
      actorUserId: who.userId,
      action: 'erase',
      entityType: 'network.concern',
      entityId: concernId,
      personal: true,
      details: {},
    });
  });
}

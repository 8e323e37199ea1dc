/**
 * The network module's part in data-subject requests (GDPR Art. 15/17) and retention. A person is
 * found by e-mail address or phone number: person records of the directory (with their relations,
 * contact log and follow-ups) and concerns that carry their contact data. Export and erasure are the
 * module's own `exportPerson` and `erasePerson` per record, plus `eraseConcernContact` for concerns
 * that name the person without a person record.
 */
import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type {
  DataSubject,
  LegalBasis,
  PrivacyErasure,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { laterDate, sameEmail, samePhone } from '../../../platform/privacy/index.ts';
import { networkActors, networkConcerns, networkContacts, networkTasks } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import {
  auditPersonChange,
  eraseConcernContact,
  erasePerson,
  expiredConcernContacts,
  expiredPeople,
  exportPerson,
  type Who,
} from './people.ts';

const who = (actor: Actor): Who => ({ userId: actor.userId ?? 'system' });

const personMatch = (subject: DataSubject): SQL =>
  or(sameEmail(networkActors.email, subject), samePhone(networkActors.phone, subject))!;

const concernMatch = (subject: DataSubject): SQL =>
  or(sameEmail(networkConcerns.contactEmail, subject), samePhone(networkConcerns.contactPhone, subject))!;

async function peopleOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select({
      id: networkActors.id,
      legalBasis: networkActors.legalBasis,
      retentionUntil: networkActors.retentionUntil,
    })
    .from(networkActors)
    .where(and(ofTenant(networkActors, tenantId), eq(networkActors.kind, 'person'), personMatch(subject)))
    .orderBy(asc(networkActors.id));
}

async function concernsOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select()
    .from(networkConcerns)
    .where(and(ofTenant(networkConcerns, tenantId), concernMatch(subject)))
    .orderBy(asc(networkConcerns.recordedAt));
}

const basesOf = (list: { legalBasis: LegalBasis | null }[]): LegalBasis[] => [
  ...new Set(list.map((x) => x.legalBasis).filter((x): x is LegalBasis => !!x)),
];

const latest = (list: { retentionUntil: string | null }[]): string | null =>
  list.reduce<string | null>((a, x) => laterDate(a, x.retentionUntil), null);

export async function findPersonInNetwork(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyRecord[]> {
  authorizeTenantWide(actor, PERMS.erase);
  const db = services.db;
  const tenantId = actor.tenantId;
  const [people, concerns] = await Promise.all([
    peopleOf(db, tenantId, subject),
    concernsOf(db, tenantId, subject),
  ]);
  const ids = people.map((p) => p.id);
  const [contacts, tasks] = ids.length
    ? await Promise.all([
        db
          .select({ id: networkContacts.id })
          .from(networkContacts)
          .where(and(ofTenant(networkContacts, tenantId), inArray(networkContacts.actorId, ids))),
        db
          .select({ id: networkTasks.id })
          .from(networkTasks)
          .where(and(ofTenant(networkTasks, tenantId), inArray(networkTasks.actorId, ids))),
      ])
    : [[], []];
  const out: PrivacyRecord[] = [];
  const personBases = basesOf(people);
  const personUntil = latest(people);
  if (people.length)
    out.push({
      category: 'network.people',
      label: 'network:dataSubject.people',
      description: 'network:dataSubject.peopleDescription',
      count: people.length,
      legalBasis: personBases,
      retention: 'network:dataSubject.peopleRetention',
      retentionUntil: personUntil,
    });
  if (contacts.length)
    out.push({
      category: 'network.contacts',
      label: 'network:dataSubject.contacts',
      description: 'network:dataSubject.contactsDescription',
      count: contacts.length,
      legalBasis: personBases,
      retention: 'network:dataSubject.withPerson',
      retentionUntil: personUntil,
    });
  if (tasks.length)
    out.push({
      category: 'network.followUps',
      label: 'network:dataSubject.followUps',
      description: 'network:dataSubject.followUpsDescription',
      count: tasks.length,
      legalBasis: personBases,
      retention: 'network:dataSubject.withPerson',
      retentionUntil: personUntil,
    });
  if (concerns.length)
    out.push({
      category: 'network.concerns',
      label: 'network:dataSubject.concerns',
      description: 'network:dataSubject.concernsDescription',
      count: concerns.length,
      legalBasis: basesOf(concerns),
      retention: 'network:dataSubject.concernsRetention',
      retentionUntil: latest(concerns),
    });
  return out;
}

export async function exportPersonFromNetwork(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  authorizeTenantWide(actor, PERMS.erase);
  const db = services.db;
  const tenantId = actor.tenantId;
  const [people, concerns] = await Promise.all([
    peopleOf(db, tenantId, subject),
    concernsOf(db, tenantId, subject),
  ]);
  const out: PrivacyExportSection[] = [];
  if (people.length) {
    const records = [];
    for (const p of people) {
      // Concerns are a section of their own (also those without a person record).
      const { concerns: _c, ...rest } = await exportPerson(db, tenantId, p.id);
      records.push(rest);
      await auditPersonChange(db, tenantId, p.id, who(actor), 'export', { request: 'data-subject' });
    }
    out.push({
      category: 'network.people',
      label: 'network:dataSubject.people',
      legalBasis: basesOf(people),
      retentionUntil: latest(people),
      records,
    });
  }
  if (concerns.length)
    out.push({
      category: 'network.concerns',
      label: 'network:dataSubject.concerns',
      legalBasis: basesOf(concerns),
      retentionUntil: latest(concerns),
      records: concerns.map((c) => ({
        recordedAt: c.recordedAt,
        topic: c.topic,
        language: c.language,
        status: c.status,
        referral: c.referralKind ? { kind: c.referralKind, target: c.referralTarget } : null,
        note: c.note,
        contactName: c.contactName,
        contactPhone: c.contactPhone,
        contactEmail: c.contactEmail,
        legalBasis: c.legalBasis,
        consentTextVersion: c.consentTextVersion,
        consentAt: c.consentAt,
        retentionUntil: c.retentionUntil,
      })),
    });
  return out;
}

/**
 * In one transaction: `erasePerson` for each person record (the record, relations, follow-ups, the
 * notes and link of their contact-log entries, concerns with their address or phone, their mails in
 * the outbox), then `eraseConcernContact` for concerns that name the person's address or phone
 * without a record. Contacts keep kind, time and area and concerns stay, for anonymous statistics.
 */
export async function erasePersonFromNetwork(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyErasure> {
  authorizeTenantWide(actor, PERMS.erase);
  const tenantId = actor.tenantId;
  return services.db.transaction(async (txh) => {
    const tx = txh as unknown as Db;
    const people = await peopleOf(tx, tenantId, subject);
    let contacts = 0;
    let concerns = 0;
    for (const p of people) {
      const r = await erasePerson(tx, tenantId, p.id, who(actor));
      contacts += r.contactsAnonymised;
      concerns += r.concernsAnonymised;
    }
    for (const c of await concernsOf(tx, tenantId, subject)) {
      await eraseConcernContact(tx, tenantId, c.id, who(actor));
      concerns++;
    }
    return {
      erased: people.length + contacts + concerns,
      details: {
        'network.people': people.length,
        'network.contacts': contacts,
        'network.concerns': concerns,
      },
    };
  });
}

/**
 * Records past their retention date wait on the retention review (`/staff/:tenant/network/privacy`),
 * where staff confirm each erasure: nothing is erased here.
 */
export async function networkRetention(
  services: Services,
  tenantId: string,
  now: Date,
): Promise<{ due: number; erased: number }> {
  const today = now.toISOString().slice(0, 10);
  const [people, concerns] = await Promise.all([
    expiredPeople(services.db, tenantId, null, today),
    expiredConcernContacts(services.db, tenantId, null, today),
  ]);
  return { due: people.length + concerns.length, erased: 0 };
}

export const networkPrivacy: PrivacyHook = {
  find: findPersonInNetwork,
  export: exportPersonFromNetwork,
  erase: erasePersonFromNetwork,
  retention: networkRetention,
};

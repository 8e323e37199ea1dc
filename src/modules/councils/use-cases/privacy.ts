/**
 * The councils module's part in data-subject requests (GDPR Art. 15 and 17): member records found
 * by their e-mail address (papers and private links go there). Erasure removes the name, the
 * address, the consent to publish the name and the account link; the record itself stays without
 * them, so terms, attendance, quorum counts and votes by name remain correct ("a resident member").
 * No automatic deletion: the records are the body's history (public task, Art. 6(1)(e)).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../../platform/authz.ts';
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
import { sameEmail } from '../../../platform/privacy/index.ts';
import { bodies, members } from '../db/schema.ts';
import { PRIVACY } from '../policies.ts';

const CATEGORY = 'councils.members';

async function recordsOf(services: Services, tenantId: string, subject: DataSubject) {
  return services.db
    .select({ member: members, bodyName: bodies.name, bodyKind: bodies.kind })
    .from(members)
    .innerJoin(bodies, and(eq(bodies.tenantId, members.tenantId), eq(bodies.id, members.bodyId)))
    .where(and(ofTenant(members, tenantId), sameEmail(members.email, subject)))
    .orderBy(asc(members.termFrom), asc(members.id));
}

/** Membership is a public task; a published name rests on the person's consent as well. */
const basesOf = (list: { member: { publishName: boolean } }[]): LegalBasis[] =>
  list.some((r) => r.member.publishName) ? ['public_task', 'consent'] : ['public_task'];

async function find(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyRecord[]> {
  authorizeTenantWide(actor, PRIVACY);
  const list = await recordsOf(services, actor.tenantId, subject);
  if (list.length === 0) return [];
  return [
    {
      category: CATEGORY,
      label: 'councils:dataSubject.members',
      description: 'councils:dataSubject.membersDescription',
      count: list.length,
      legalBasis: basesOf(list),
      retention: 'councils:dataSubject.membersRetention',
      retentionUntil: null,
    },
  ];
}

async function exportData(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  authorizeTenantWide(actor, PRIVACY);
  const list = await recordsOf(services, actor.tenantId, subject);
  if (list.length === 0) return [];
  await writeAudit(services.db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'export',
    entityType: 'councils.member',
    personal: true,
    details: { records: list.map((r) => r.member.id) },
  });
  return [
    {
      category: CATEGORY,
      label: 'councils:dataSubject.members',
      legalBasis: basesOf(list),
      retentionUntil: null,
      records: list.map(({ member: m, bodyName, bodyKind }) => ({
        body: bodyName,
        bodyKind,
        kind: m.kind,
        name: m.name,
        email: m.email,
        publishName: m.publishName,
        publishNameConsentAt: m.publishNameConsentAt,
        organisation: m.organisation,
        department: m.department,
        role: m.role,
        voting: m.voting,
        termFrom: m.termFrom,
        termTo: m.termTo,
        electedOn: m.electedOn,
        endedOn: m.endedOn,
        endReason: m.endReason,
        accountLinked: m.userId !== null,
      })),
    },
  ];
}

async function erase(services: Services, actor: Actor, subject: DataSubject): Promise<PrivacyErasure> {
  authorizeTenantWide(actor, PRIVACY);
  const list = await recordsOf(services, actor.tenantId, subject);
  if (list.length === 0) return { erased: 0, details: {} };
  const ids = list.map((r) => r.member.id);
  await services.db.transaction(async (tx) => {
    await tx
      .update(members)
      .set({
        name: '',
        email: '',
        publishName: false,
        publishNameConsentAt: null,
        userId: null,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(members, actor.tenantId), inArray(members.id, ids)));
    for (const id of ids)
      await writeAudit(tx, {
        tenantId: actor.tenantId,
        actorUserId: actor.userId ?? null,
        action: 'erase',
        entityType: 'councils.member',
        entityId: id,
        personal: true,
        details: { category: CATEGORY },
      });
  });
  return { erased: ids.length, details: { [CATEGORY]: ids.length } };
}

export const councilsPrivacy: PrivacyHook = { find, export: exportData, erase };

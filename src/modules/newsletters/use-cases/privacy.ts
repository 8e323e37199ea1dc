/**
 * The newsletters module's part in data-subject requests (GDPR Art. 15/17): the subscription (the
 * address, its choices and the consent as given), the issues sent to it and the bounces recorded for
 * it. Erasure is `eraseSubscriber`: the row goes, its deliveries and bounces with it (the issues'
 * recipient counts stay).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import type {
  DataSubject,
  PrivacyErasure,
  PrivacyExportSection,
  PrivacyHook,
  PrivacyRecord,
} from '../../../platform/modules.ts';
import { normaliseEmail } from '../../../platform/privacy/index.ts';
import { bounces, deliveries, issues, subscribers } from '../db/schema.ts';
import { authorizeSubscribers } from '../policies.ts';
import { eraseSubscriber } from './subscribers.ts';

/** The subscription of the address (one per tenant; stored in lower case). */
async function subscriptionsOf(db: Db, tenantId: string, subject: DataSubject) {
  return db
    .select()
    .from(subscribers)
    .where(and(ofTenant(subscribers, tenantId), eq(subscribers.email, normaliseEmail(subject.email))));
}

async function deliveriesOf(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      issue: issues.subject,
      status: deliveries.status,
      sentAt: deliveries.sentAt,
      attempts: deliveries.attempts,
      lastError: deliveries.lastError,
      unsubscribedAt: deliveries.unsubscribedAt,
    })
    .from(deliveries)
    .innerJoin(issues, and(eq(issues.tenantId, deliveries.tenantId), eq(issues.id, deliveries.issueId)))
    .where(and(ofTenant(deliveries, tenantId), inArray(deliveries.subscriberId, ids)))
    .orderBy(asc(deliveries.sentAt));
}

async function bouncesOf(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      kind: bounces.kind,
      status: bounces.status,
      action: bounces.action,
      diagnostic: bounces.diagnostic,
      outcome: bounces.outcome,
      source: bounces.source,
      reportedAt: bounces.reportedAt,
    })
    .from(bounces)
    .where(and(ofTenant(bounces, tenantId), inArray(bounces.subscriberId, ids)))
    .orderBy(asc(bounces.reportedAt));
}

async function gather(db: Db, tenantId: string, subject: DataSubject) {
  const subs = await subscriptionsOf(db, tenantId, subject);
  const ids = subs.map((s) => s.id);
  const [sent, bounced] = await Promise.all([deliveriesOf(db, tenantId, ids), bouncesOf(db, tenantId, ids)]);
  return { subs, sent, bounced };
}

export async function findPersonInNewsletters(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyRecord[]> {
  authorizeSubscribers(actor);
  const { subs, sent, bounced } = await gather(services.db, actor.tenantId, subject);
  const out: PrivacyRecord[] = [];
  if (subs.length)
    out.push({
      category: 'newsletters.subscription',
      label: 'newsletters:dataSubject.subscription',
      description: 'newsletters:dataSubject.subscriptionDescription',
      count: subs.length,
      legalBasis: ['consent'],
      retention: 'newsletters:dataSubject.subscriptionRetention',
      retentionUntil: null,
    });
  if (sent.length)
    out.push({
      category: 'newsletters.deliveries',
      label: 'newsletters:dataSubject.deliveries',
      description: 'newsletters:dataSubject.deliveriesDescription',
      count: sent.length,
      legalBasis: ['consent'],
      retention: 'newsletters:dataSubject.withSubscription',
      retentionUntil: null,
    });
  if (bounced.length)
    out.push({
      category: 'newsletters.bounces',
      label: 'newsletters:dataSubject.bounces',
      description: 'newsletters:dataSubject.bouncesDescription',
      count: bounced.length,
      legalBasis: ['legitimate_interests'],
      retention: 'newsletters:dataSubject.withSubscription',
      retentionUntil: null,
    });
  return out;
}

export async function exportPersonFromNewsletters(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyExportSection[]> {
  authorizeSubscribers(actor);
  const { subs, sent, bounced } = await gather(services.db, actor.tenantId, subject);
  const out: PrivacyExportSection[] = [];
  if (subs.length)
    out.push({
      category: 'newsletters.subscription',
      label: 'newsletters:dataSubject.subscription',
      legalBasis: ['consent'],
      retentionUntil: null,
      // Tokens and the bounce key are hashes and random keys, not data about the person.
      records: subs.map((s) => ({
        email: s.email,
        status: s.status,
        language: s.lang,
        areaIds: s.areaIds,
        topics: s.topics,
        consentText: s.consentText,
        consentVersion: s.consentVersion,
        consentAt: s.consentAt,
        confirmedAt: s.confirmedAt,
        unsubscribedAt: s.unsubscribedAt,
        bouncedAt: s.bouncedAt,
        bounceCount: s.bounceCount,
        lastBounce: s.lastBounce,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      })),
    });
  if (sent.length)
    out.push({
      category: 'newsletters.deliveries',
      label: 'newsletters:dataSubject.deliveries',
      legalBasis: ['consent'],
      retentionUntil: null,
      records: sent,
    });
  if (bounced.length)
    out.push({
      category: 'newsletters.bounces',
      label: 'newsletters:dataSubject.bounces',
      legalBasis: ['legitimate_interests'],
      retentionUntil: null,
      records: bounced,
    });
  return out;
}

/** Each subscription of the address through `eraseSubscriber` (its transaction, its audit entry). */
export async function erasePersonFromNewsletters(
  services: Services,
  actor: Actor,
  subject: DataSubject,
): Promise<PrivacyErasure> {
  authorizeSubscribers(actor);
  const { subs, sent, bounced } = await gather(services.db, actor.tenantId, subject);
  for (const s of subs) await eraseSubscriber(actor, services.db, s.id);
  return {
    erased: subs.length + sent.length + bounced.length,
    details: {
      'newsletters.subscription': subs.length,
      'newsletters.deliveries': sent.length,
      'newsletters.bounces': bounced.length,
    },
  };
}

export const newslettersPrivacy: PrivacyHook = {
  find: findPersonInNewsletters,
  export: exportPersonFromNewsletters,
  erase: erasePersonFromNewsletters,
};

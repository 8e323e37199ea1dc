import { and, asc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant, rows } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { isLang, type Lang } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { listAreas } from '../../areas/index.ts';
import { deliveries, type SubscriberStatus, subscribers } from '../db/schema.ts';
import { authorizeSubscribers } from '../policies.ts';

export type Subscriber = typeof subscribers.$inferSelect;

/** Version of the consent text (i18n `newsletters:consent.text`); bump it when the wording changes. */
export const CONSENT_VERSION = '2025-01';

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

export const manageLink = (services: Services, tenant: Pick<RequestTenant, 'slug'>, token: string) =>
  `${services.config.baseUrl}/${tenant.slug}/newsletter/s/${token}`;
export const unsubscribeLink = (services: Services, tenant: Pick<RequestTenant, 'slug'>, token: string) =>
  `${services.config.baseUrl}/${tenant.slug}/newsletter/unsubscribe/${token}`;

export interface SignUpInput {
  email: string;
  lang: Lang;
  areaIds: string[];
  topics: string[];
  /** The consent text exactly as shown to the person. */
  consentText: string;
}

async function getByEmail(db: Db, tenantId: string, email: string) {
  const [s] = await db
    .select()
    .from(subscribers)
    .where(and(ofTenant(subscribers, tenantId), eq(subscribers.email, email.trim().toLowerCase())))
    .limit(1);
  return s;
}

/** The areas a reader may follow: the tenant's programme areas, as the sign-up form offers them. */
export async function newsletterAreaChoices(db: Db, tenantId: string) {
  return listAreas(db, tenantId, { kinds: ['programme'], published: true });
}

/**
 * Only areas the form offers: an id of another tenant's area, of a district or of nothing is a field
 * message (422), whoever posts it — the form checks too, this is the rule.
 */
async function checkAreaChoice(db: Db, tenantId: string, areaIds: string[]): Promise<void> {
  if (!areaIds.length) return;
  const offered = new Set((await newsletterAreaChoices(db, tenantId)).map((a) => a.id));
  if (areaIds.some((id) => !offered.has(id))) throw new ValidationError({ areas: 'validation.choice' });
}

/**
 * Sign-up, first step of the double opt-in: stores the choice and the consent (text, version, time)
 * as 'pending' and mails a confirmation link. Someone already subscribed gets their preferences link
 * instead — the answer on the page is the same either way, so the form does not reveal who reads.
 */
export async function signUp(services: Services, tenant: RequestTenant, i: SignUpInput): Promise<void> {
  const email = i.email.trim().toLowerCase();
  await checkAreaChoice(services.db, tenant.id, i.areaIds);
  const t = services.i18n.t(i.lang, 'newsletters');
  await services.db.transaction(async (tx) => {
    const existing = await getByEmail(tx, tenant.id, email);
    if (existing?.status === 'active') {
      const token = randomToken(24);
      await tx
        .update(subscribers)
        .set({ manageTokenHash: hashToken(token), updatedAt: new Date() })
        .where(and(ofTenant(subscribers, tenant.id), eq(subscribers.id, existing.id)));
      await queueMail(tx, {
        tenantId: tenant.id,
        to: email,
        subject: t('mail.already.subject', { tenant: tenant.name }),
        text: t('mail.already.body', { tenant: tenant.name, link: manageLink(services, tenant, token) }),
      });
      return;
    }
    const token = randomToken(24);
    const values = {
      lang: i.lang,
      areaIds: i.areaIds,
      topics: i.topics,
      status: 'pending' as const,
      confirmTokenHash: hashToken(token),
      consentText: i.consentText,
      consentVersion: CONSENT_VERSION,
      consentAt: new Date(),
      unsubscribedAt: null,
      updatedAt: new Date(),
    };
    if (existing)
      await tx
        .update(subscribers)
        .set(values)
        .where(and(ofTenant(subscribers, tenant.id), eq(subscribers.id, existing.id)));
    else await tx.insert(subscribers).values({ tenantId: tenant.id, id: newId(), email, ...values });
    await queueMail(tx, {
      tenantId: tenant.id,
      to: email,
      subject: t('mail.confirm.subject', { tenant: tenant.name }),
      text: t('mail.confirm.body', {
        tenant: tenant.name,
        link: `${services.config.baseUrl}/${tenant.slug}/newsletter/confirm/${token}`,
      }),
    });
  });
}

/** Second step: the link from the mail. Returns a fresh preferences token, or null for an unknown link. */
export async function confirm(db: Db, tenantId: string, token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const manage = randomToken(24);
  const r = await db
    .update(subscribers)
    .set({
      status: 'active',
      confirmedAt: new Date(),
      confirmTokenHash: null,
      manageTokenHash: hashToken(manage),
      bouncedAt: null,
      bounceCount: 0,
      updatedAt: new Date(),
    })
    .where(
      and(
        ofTenant(subscribers, tenantId),
        eq(subscribers.confirmTokenHash, hashToken(token)),
        eq(subscribers.status, 'pending'),
      ),
    )
    .returning({ id: subscribers.id });
  return r.length ? manage : null;
}

export interface TokenOwner {
  subscriber: Subscriber;
  /** The issue the link came from (a newsletter's own link), if any. */
  issueId: string | null;
}

/** Resolves a preferences/unsubscribe token: one from a newsletter mail, or the subscriber's own. */
export async function byToken(db: Db, tenantId: string, token: string): Promise<TokenOwner | null> {
  if (!TOKEN.test(token)) return null;
  const h = hashToken(token);
  const [d] = await db
    .select({ subscriber: subscribers, issueId: deliveries.issueId })
    .from(deliveries)
    .innerJoin(
      subscribers,
      and(eq(subscribers.tenantId, deliveries.tenantId), eq(subscribers.id, deliveries.subscriberId)),
    )
    .where(and(ofTenant(deliveries, tenantId), eq(deliveries.tokenHash, h)))
    .limit(1);
  if (d) return d;
  const [s] = await db
    .select()
    .from(subscribers)
    .where(and(ofTenant(subscribers, tenantId), eq(subscribers.manageTokenHash, h)))
    .limit(1);
  return s ? { subscriber: s, issueId: null } : null;
}

/** Unsubscribes (idempotent); the issue the link came from counts the unsubscription. */
export async function unsubscribe(db: Db, tenantId: string, owner: TokenOwner): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(subscribers)
      .set({ status: 'unsubscribed', unsubscribedAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          ofTenant(subscribers, tenantId),
          eq(subscribers.id, owner.subscriber.id),
          inArray(subscribers.status, ['active', 'pending']),
        ),
      );
    if (owner.issueId)
      await tx
        .update(deliveries)
        .set({ unsubscribedAt: sql`coalesce(${deliveries.unsubscribedAt}, now())` })
        .where(
          and(
            ofTenant(deliveries, tenantId),
            eq(deliveries.issueId, owner.issueId),
            eq(deliveries.subscriberId, owner.subscriber.id),
          ),
        );
  });
}

export async function updatePreferences(
  db: Db,
  tenantId: string,
  id: string,
  p: { lang: Lang; areaIds: string[]; topics: string[]; resubscribe?: boolean },
): Promise<void> {
  await checkAreaChoice(db, tenantId, p.areaIds);
  await db
    .update(subscribers)
    .set({
      lang: p.lang,
      areaIds: p.areaIds,
      topics: p.topics,
      ...(p.resubscribe ? { status: 'active' as const, unsubscribedAt: null } : {}),
      updatedAt: new Date(),
    })
    .where(and(ofTenant(subscribers, tenantId), eq(subscribers.id, id)));
}

/** Marks addresses as bounced (from a bounce report); they get no more issues until they sign up again. */
export async function markBounced(
  db: Db,
  tenantId: string,
  emails: string[],
  reason: string,
): Promise<number> {
  const list = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (list.length === 0) return 0;
  const r = await db
    .update(subscribers)
    .set({
      status: 'bounced',
      bouncedAt: new Date(),
      bounceCount: sql`${subscribers.bounceCount} + 1`,
      lastBounce: reason.slice(0, 500),
      updatedAt: new Date(),
    })
    .where(and(ofTenant(subscribers, tenantId), inArray(subscribers.email, list)))
    .returning({ id: subscribers.id });
  return r.length;
}

/** Staff or the API report bounced addresses (whole-tenant members only, as the subscriber list). */
export async function reportBounces(actor: Actor, db: Db, emails: string[], reason: string): Promise<number> {
  authorizeSubscribers(actor);
  return markBounced(db, actor.tenantId, emails, reason);
}

export async function subscriberCounts(db: Db, tenantId: string): Promise<Record<SubscriberStatus, number>> {
  const r = rows<{ status: SubscriberStatus; n: number }>(
    await db.execute(
      sql`select status, count(*)::int as n from ${subscribers} where ${ofTenant(subscribers, tenantId)} group by status`,
    ),
  );
  const out: Record<SubscriberStatus, number> = { pending: 0, active: 0, unsubscribed: 0, bounced: 0 };
  for (const x of r) out[x.status] = Number(x.n);
  return out;
}

/** The subscriber list (personal data: whole-tenant members only; every look is audited). */
/** More subscribers than a neighbourhood newsletter has; the export is never cut below it. */
const MAX_EXPORT = 1_000_000;

export async function listSubscribers(
  actor: Actor,
  db: Db,
  f: { q?: string; status?: SubscriberStatus; limit?: number; offset?: number; export?: boolean } = {},
): Promise<{ items: Subscriber[]; total: number }> {
  authorizeSubscribers(actor);
  const tenantId = actor.tenantId;
  await writeAudit(db, {
    tenantId,
    actorUserId: actor.userId ?? null,
    action: f.export ? 'export' : 'read',
    entityType: 'newsletter_subscribers',
    personal: true,
  });
  const where: SQL[] = [ofTenant(subscribers, tenantId)];
  if (f.status) where.push(eq(subscribers.status, f.status));
  if (f.q)
    where.push(
      ilike(
        subscribers.email,
        `%${f.q
          .trim()
          .toLowerCase()
          .replace(/[%_\\]/g, '\\$&')}%`,
      ),
    );
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(subscribers)
      .where(and(...where))
      .orderBy(asc(subscribers.email))
      // An export holds every match; a screen shows a page of at most 500.
      .limit(f.export ? MAX_EXPORT : Math.min(f.limit ?? 100, 500))
      .offset(f.offset ?? 0),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(subscribers)
      .where(and(...where)),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

/** GDPR erasure: the subscriber with their delivery rows, and the audit entry, in one transaction. */
export async function eraseSubscriber(actor: Actor, db: Db, id: string): Promise<void> {
  authorizeSubscribers(actor);
  const tenantId = actor.tenantId;
  await db.transaction(async (tx) => {
    await tx.delete(subscribers).where(and(ofTenant(subscribers, tenantId), eq(subscribers.id, id)));
    await writeAudit(tx, {
      tenantId,
      actorUserId: actor.userId ?? null,
      action: 'erase',
      entityType: 'newsletter_subscriber',
      entityId: id,
      personal: true,
    });
  });
}

export const langOf = (v: string): Lang => (isLang(v) ? v : 'de');

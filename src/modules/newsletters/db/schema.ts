import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';

const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);
const tstz = (name: string) => timestamp(name, { withTimezone: true });

export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed', 'bounced'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/**
 * A newsletter subscriber (double opt-in). The e-mail address is stored lower-case, once per tenant.
 * Tokens are random and stored only as SHA-256 hashes. Consent is kept as given: the exact text
 * shown, its version and the time; `confirmed_at` is the double opt-in.
 */
export const subscribers = pgTable(
  'newsletter_subscribers',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    email: text('email').notNull(),
    lang: text('lang').notNull().default('de'),
    /** Areas chosen (empty = all areas). */
    areaIds: uuidList('area_ids'),
    /** Topics chosen (empty = all topics). */
    topics: textList('topics'),
    status: text('status').$type<SubscriberStatus>().notNull().default('pending'),
    confirmTokenHash: text('confirm_token_hash'),
    manageTokenHash: text('manage_token_hash'),
    consentText: text('consent_text').notNull(),
    consentVersion: text('consent_version').notNull(),
    consentAt: tstz('consent_at').notNull(),
    confirmedAt: tstz('confirmed_at'),
    unsubscribedAt: tstz('unsubscribed_at'),
    bouncedAt: tstz('bounced_at'),
    bounceCount: integer('bounce_count').notNull().default(0),
    lastBounce: text('last_bounce'),
    /**
     * Random key in the per-recipient envelope sender (VERP, `bounces+<key>@…`): a bounce mail sent
     * to that address names the subscriber without carrying the e-mail address. 32 hex digits.
     */
    bounceKey: text('bounce_key').notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('newsletter_subscribers_email_key').on(t.tenantId, t.email),
    unique('newsletter_subscribers_confirm_key').on(t.tenantId, t.confirmTokenHash),
    unique('newsletter_subscribers_manage_key').on(t.tenantId, t.manageTokenHash),
    index('newsletter_subscribers_status_idx').on(t.tenantId, t.status),
    // A bounce piped in by the mail server names no tenant: the key alone finds tenant and subscriber.
    index('newsletter_subscribers_bounce_key_idx').on(t.bounceKey),
  ],
);

export const ISSUE_STATUSES = ['draft', 'sending', 'sent'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/**
 * One issue of the newsletter: written in one language, for a segment (area, topic, subscriber
 * languages), composed from news posts and upcoming events. When it is sent, the text and HTML are
 * rendered once and frozen here, so every recipient gets the same issue however long sending takes.
 */
export const issues = pgTable(
  'newsletter_issues',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    subject: text('subject').notNull(),
    introHtml: text('intro_html').notNull().default(''),
    lang: text('lang').notNull().default('de'),
    /** Subscriber languages this issue goes to (empty = all). */
    segmentLangs: textList('segment_langs'),
    areaId: uuid('area_id'),
    topic: text('topic'),
    postIds: uuidList('post_ids'),
    eventIds: uuidList('event_ids'),
    status: text('status').$type<IssueStatus>().notNull().default('draft'),
    bodyText: text('body_text'),
    bodyHtml: text('body_html'),
    recipients: integer('recipients').notNull().default(0),
    queuedAt: tstz('queued_at'),
    finishedAt: tstz('finished_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('newsletter_issues_status_idx').on(t.tenantId, t.status),
  ],
);

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One row per issue and recipient, written when the issue is queued — before any mail leaves. The
 * row's claim ('sending') is committed before the SMTP conversation and 'sent' right after, so a
 * restarted sender continues with exactly the recipients that have not been sent yet.
 */
export const deliveries = pgTable(
  'newsletter_deliveries',
  {
    tenantId: tenantIdColumn(),
    issueId: uuid('issue_id').notNull(),
    subscriberId: uuid('subscriber_id').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: tstz('claimed_at'),
    nextAttemptAt: tstz('next_attempt_at'),
    sentAt: tstz('sent_at'),
    lastError: text('last_error'),
    /** Hash of this mail's own unsubscribe/preferences token. */
    tokenHash: text('token_hash'),
    messageId: text('message_id'),
    unsubscribedAt: tstz('unsubscribed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.issueId, t.subscriberId] }),
    foreignKey({
      columns: [t.tenantId, t.issueId],
      foreignColumns: [issues.tenantId, issues.id],
      name: 'newsletter_deliveries_issue_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.subscriberId],
      foreignColumns: [subscribers.tenantId, subscribers.id],
      name: 'newsletter_deliveries_subscriber_fk',
    }).onDelete('cascade'),
    unique('newsletter_deliveries_token_key').on(t.tenantId, t.tokenHash),
    index('newsletter_deliveries_status_idx').on(t.tenantId, t.issueId, t.status),
  ],
);

export const BOUNCE_KINDS = ['hard', 'soft'] as const;
export type BounceKind = (typeof BOUNCE_KINDS)[number];
/** What a processed bounce did: marked the address, counted a soft bounce, or changed nothing. */
export const BOUNCE_OUTCOMES = ['marked', 'counted', 'alreadyBounced', 'notActive'] as const;
export type BounceOutcome = (typeof BOUNCE_OUTCOMES)[number];

/**
 * One processed bounce mail (delivery status notification) per subscriber, so staff can see why an
 * address was marked. No mail text is kept: only the kind, the status code, a short diagnostic with
 * e-mail addresses removed, and the times. `mail_hash` (SHA-256 of the bounce's Message-ID, else of
 * its bytes) makes processing the same mail twice count once. Erasing the subscriber erases these.
 */
export const bounces = pgTable(
  'newsletter_bounces',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    subscriberId: uuid('subscriber_id').notNull(),
    /** The issue the bounced mail belonged to, when the bounce names it. */
    issueId: uuid('issue_id'),
    kind: text('kind').$type<BounceKind>().notNull(),
    /** Enhanced status code (RFC 3463), e.g. 5.1.1, or the SMTP reply code. */
    status: text('status'),
    action: text('action'),
    diagnostic: text('diagnostic'),
    outcome: text('outcome').$type<BounceOutcome>().notNull(),
    /** How it came in: 'cli' (mail server pipe or file) or 'upload' (staff screen). */
    source: text('source').notNull(),
    mailHash: text('mail_hash').notNull(),
    /** When the bounce mail was written (its Date header), else when it was processed. */
    reportedAt: tstz('reported_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('newsletter_bounces_mail_key').on(t.tenantId, t.mailHash, t.subscriberId),
    foreignKey({
      columns: [t.tenantId, t.subscriberId],
      foreignColumns: [subscribers.tenantId, subscribers.id],
      name: 'newsletter_bounces_subscriber_fk',
    }).onDelete('cascade'),
    index('newsletter_bounces_subscriber_idx').on(t.tenantId, t.subscriberId, t.createdAt),
  ],
);

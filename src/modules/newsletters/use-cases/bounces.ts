// Late bounces: bounce mails (DSN or plain text) that come back after a newsletter mail was accepted,
// read from a file, an mbox or the mail server's pipe, matched to subscribers and recorded.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant, rows } from '../../../platform/db/index.ts';
import {
  type BounceKind,
  type BounceOutcome,
  bounces,
  deliveries,
  issues,
  type SubscriberStatus,
  subscribers,
} from '../db/schema.ts';
import { authorizeSubscribers } from '../policies.ts';
import {
  type BounceMail,
  type FailedRecipient,
  type IgnoreReason,
  readBounceMail,
  splitMailbox,
  type UnreadableReason,
} from './bounce-mail.ts';
import { BOUNCE_KEY } from './verp.ts';

/** Soft bounces (distinct mails) within SOFT_WINDOW_DAYS after which an address counts as bounced. */
export const SOFT_LIMIT = 3;
export const SOFT_WINDOW_DAYS = 30;

export type BounceSource = 'cli' | 'upload';

export type ItemReason =
  | IgnoreReason
  | UnreadableReason
  /** A hard bounce marked the address. */
  | 'hard'
  /** The soft bounce was the SOFT_LIMIT-th within the window. */
  | 'softLimit'
  /** A soft bounce, counted. */
  | 'soft'
  /** A soft bounce written before the window (an old mail): recorded, not counted. */
  | 'softOld'
  /** The mail names a subscriber that is not (or no longer) there, or not in this tenant. */
  | 'unknownRecipient'
  /** The mail fits several subscribers in different tenants: run with --tenant. */
  | 'ambiguous'
  /** The mail carries none of our marks, only an address, and no tenant was given. */
  | 'noTenant'
  /** This mail was processed before for this subscriber. */
  | 'duplicate'
  | 'alreadyBounced'
  /** The subscriber has unsubscribed: nothing to change. */
  | 'notActive';

export interface BounceReportItem {
  /** Position of the mail in the file (1-based). */
  mail: number;
  subject: string;
  result: 'marked' | 'soft' | 'ignored' | 'unreadable';
  reason: ItemReason;
  kind?: BounceKind;
  status?: string | null;
  email?: string;
  tenantId?: string;
  /** Soft bounces counted within the window, this one included. */
  softCount?: number;
}

export interface BounceReport {
  mails: number;
  marked: number;
  soft: number;
  ignored: number;
  unreadable: number;
  items: BounceReportItem[];
}

export interface ProcessOptions {
  /** Only this tenant's subscribers (staff upload, `--tenant`); otherwise our marks name the tenant. */
  tenantId?: string;
  source: BounceSource;
  /** Addresses the mail was delivered to (the mail server's RECIPIENT), for a single piped mail. */
  envelopeTo?: string[];
  now?: Date;
  /** Who did it, for the audit log. */
  actorUserId?: string | null;
}

interface Target {
  tenantId: string;
  subscriberId: string;
  email: string;
  recipient: FailedRecipient;
}

/**
 * Reads one mail or an mbox of bounce mails and applies them: a hard bounce marks the subscriber as
 * bounced at once; soft bounces are counted and mark the address at the SOFT_LIMIT-th within
 * SOFT_WINDOW_DAYS. Auto-replies, delivery reports and anything unreadable change nothing. Each
 * processed bounce is recorded (kind, code, short diagnostic without addresses), never the mail.
 */
export async function processBounces(db: Db, input: Uint8Array, o: ProcessOptions): Promise<BounceReport> {
  const mails = splitMailbox(input);
  const report: BounceReport = {
    mails: mails.length,
    marked: 0,
    soft: 0,
    ignored: 0,
    unreadable: 0,
    items: [],
  };
  const push = (item: BounceReportItem) => {
    report.items.push(item);
    if (item.result === 'marked') report.marked++;
    else if (item.result === 'soft') report.soft++;
    else if (item.result === 'ignored') report.ignored++;
    else report.unreadable++;
  };
  if (mails.length === 0) push({ mail: 1, subject: '', result: 'unreadable', reason: 'empty' });
  for (const [i, raw] of mails.entries()) {
    const n = i + 1;
    const parsed = await readBounceMail(raw, { envelopeTo: mails.length === 1 ? o.envelopeTo : undefined });
    if (parsed.type === 'unreadable') {
      push({ mail: n, subject: parsed.subject ?? '', result: 'unreadable', reason: parsed.reason });
      continue;
    }
    if (parsed.type === 'ignored') {
      push({ mail: n, subject: parsed.subject, result: 'ignored', reason: parsed.reason });
      continue;
    }
    const found = await identify(db, parsed, o.tenantId);
    if ('reason' in found) {
      push({ mail: n, subject: parsed.subject, result: 'ignored', reason: found.reason });
      continue;
    }
    for (const target of found.targets)
      push({ mail: n, subject: parsed.subject, ...(await apply(db, parsed, target, o)) });
  }
  // One audit entry per tenant whose subscribers changed (personal data).
  const byTenant = new Map<string, { marked: number; soft: number }>();
  for (const it of report.items)
    if (it.tenantId && (it.result === 'marked' || it.result === 'soft')) {
      const x = byTenant.get(it.tenantId) ?? { marked: 0, soft: 0 };
      x[it.result]++;
      byTenant.set(it.tenantId, x);
    }
  for (const [tenantId, counts] of byTenant)
    await writeAudit(db, {
      tenantId,
      actorUserId: o.actorUserId ?? null,
      actorLabel: o.actorUserId ? null : `bounces (${o.source})`,
      action: 'import',
      entityType: 'newsletter_bounces',
      personal: true,
      details: { source: o.source, mails: report.mails, ...counts },
    });
  return report;
}

type Bounce = Extract<BounceMail, { type: 'bounce' }>;

interface SubscriberRow {
  tenant_id: string;
  id: string;
  email: string;
}

/**
 * Which subscribers a bounce is about. Our marks (the VERP key, the X-Quartier-Newsletter header,
 * the DSN envelope id, our Message-ID) name one subscriber of one tenant; with a tenant given, only
 * that tenant's subscribers are looked at, so another tenant's mark finds nothing. Only when the mail
 * carries none of our marks are the reported addresses looked up — and only within a given tenant.
 */
async function identify(
  db: Db,
  b: Bounce,
  tenantId: string | undefined,
): Promise<{ targets: Target[] } | { reason: ItemReason }> {
  const inTenant = tenantId ? sql`and ${ofTenant(alias(subscribers, 's'), tenantId)}` : sql``;
  const keys = b.marks.keys.filter((k) => BOUNCE_KEY.test(k)).slice(0, 10);
  const refs = b.marks.messageRefs.filter((r) => isUuid(r.issueId) && isUuid(r.subscriberId)).slice(0, 10);
  if (keys.length || refs.length) {
    const found = new Map<string, SubscriberRow>();
    if (keys.length)
      for (const r of rows<SubscriberRow>(
        await db.execute(sql`
          select s.tenant_id, s.id, s.email from newsletter_subscribers s
          where s.bounce_key in (${sql.join(
            keys.map((k) => sql`${k}`),
            sql`, `,
          )}) ${inTenant}`),
      ))
        found.set(`${r.tenant_id}/${r.id}`, r);
    if (found.size === 0 && refs.length)
      for (const r of rows<SubscriberRow>(
        await db.execute(sql`
          select s.tenant_id, s.id, s.email from newsletter_deliveries d
          join newsletter_subscribers s on s.tenant_id = d.tenant_id and s.id = d.subscriber_id
          where (d.issue_id, d.subscriber_id) in (${sql.join(
            refs.map((r) => sql`(${r.issueId}::uuid, ${r.subscriberId}::uuid)`),
            sql`, `,
          )}) ${inTenant}`),
      ))
        found.set(`${r.tenant_id}/${r.id}`, r);
    const list = [...found.values()];
    if (list.length === 0) return { reason: 'unknownRecipient' };
    // One newsletter mail has one recipient: several subscribers (e.g. a copied tenant) are ambiguous.
    if (list.length > 1) return { reason: 'ambiguous' };
    const s = list[0];
    return {
      targets: [{ tenantId: s.tenant_id, subscriberId: s.id, email: s.email, recipient: pick(b, s.email) }],
    };
  }
  if (!tenantId) return { reason: 'noTenant' };
  // No marks (the bounce address was lost, no headers returned): the addresses the report names.
  const wanted = new Map<string, FailedRecipient>();
  for (const r of b.recipients) {
    for (const a of [r.email, r.original]) if (a && !wanted.has(a)) wanted.set(a, r);
    if (!r.email && !r.original) for (const a of b.returnedTo) if (!wanted.has(a)) wanted.set(a, r);
  }
  if (wanted.size === 0) return { reason: 'unknownRecipient' };
  const subs = await db
    .select({ id: subscribers.id, email: subscribers.email })
    .from(subscribers)
    .where(and(ofTenant(subscribers, tenantId), inArray(subscribers.email, [...wanted.keys()].slice(0, 50))));
  if (subs.length === 0) return { reason: 'unknownRecipient' };
  return {
    targets: subs.map((s) => ({
      tenantId,
      subscriberId: s.id,
      email: s.email,
      recipient: wanted.get(s.email)!,
    })),
  };
}

/** The reported recipient that is this subscriber; else the worst one of the mail. */
function pick(b: Bounce, email: string): FailedRecipient {
  return (
    b.recipients.find((r) => r.email === email || r.original === email) ??
    b.recipients.find((r) => r.severity === 'hard') ??
    b.recipients[0]
  );
}

async function apply(
  db: Db,
  b: Bounce,
  t: Target,
  o: ProcessOptions,
): Promise<Omit<BounceReportItem, 'mail' | 'subject'>> {
  const now = o.now ?? new Date();
  const r = t.recipient;
  const base = { kind: r.severity, status: r.status, email: t.email, tenantId: t.tenantId };
  // When the bounce was written: its Date, never in the future; it decides the soft-bounce window.
  const reportedAt = b.date && b.date.getTime() < now.getTime() ? b.date : now;
  return db.transaction(async (tx) => {
    const [s] = await tx
      .select({ status: subscribers.status, confirmedAt: subscribers.confirmedAt })
      .from(subscribers)
      .where(and(eq(subscribers.tenantId, t.tenantId), eq(subscribers.id, t.subscriberId)))
      .for('update');
    if (!s) return { ...base, result: 'ignored' as const, reason: 'unknownRecipient' as const };
    const [dup] = await tx
      .select({ id: bounces.id })
      .from(bounces)
      .where(
        and(
          eq(bounces.tenantId, t.tenantId),
          eq(bounces.mailHash, b.hash),
          eq(bounces.subscriberId, t.subscriberId),
        ),
      )
      .limit(1);
    if (dup) return { ...base, result: 'ignored' as const, reason: 'duplicate' as const };
    const issueId = await issueOf(tx, b, t);
    let outcome: BounceOutcome;
    let softCount: number | undefined;
    if (s.status === 'bounced') outcome = 'alreadyBounced';
    else if (s.status === ('unsubscribed' satisfies SubscriberStatus)) outcome = 'notActive';
    else if (r.severity === 'hard') outcome = 'marked';
    else {
      softCount = await softBounces(tx, t, s.confirmedAt, now, { issueId, hash: b.hash, reportedAt });
      outcome = softCount >= SOFT_LIMIT ? 'marked' : 'counted';
    }
    await tx.insert(bounces).values({
      tenantId: t.tenantId,
      id: newId(),
      subscriberId: t.subscriberId,
      issueId,
      kind: r.severity,
      status: r.status?.slice(0, 20) ?? null,
      action: r.action?.slice(0, 20) ?? null,
      diagnostic: r.diagnostic,
      outcome,
      source: o.source,
      mailHash: b.hash,
      reportedAt,
    });
    const lastBounce = [`${r.severity} bounce`, r.status, r.diagnostic]
      .filter(Boolean)
      .join(' · ')
      .slice(0, 500);
    const who = and(eq(subscribers.tenantId, t.tenantId), eq(subscribers.id, t.subscriberId));
    if (outcome === 'marked') {
      await tx
        .update(subscribers)
        .set({
          status: 'bounced',
          bouncedAt: now,
          bounceCount: sql`${subscribers.bounceCount} + 1`,
          lastBounce,
          updatedAt: now,
        })
        .where(who);
      if (issueId)
        await tx
          .update(deliveries)
          .set({ status: 'bounced', lastError: lastBounce })
          .where(
            and(
              eq(deliveries.tenantId, t.tenantId),
              eq(deliveries.issueId, issueId),
              eq(deliveries.subscriberId, t.subscriberId),
              eq(deliveries.status, 'sent'),
            ),
          );
      return {
        ...base,
        result: 'marked' as const,
        reason: r.severity === 'hard' ? 'hard' : 'softLimit',
        softCount,
      };
    }
    if (outcome === 'counted') {
      await tx
        .update(subscribers)
        .set({ bounceCount: sql`${subscribers.bounceCount} + 1`, lastBounce, updatedAt: now })
        .where(who);
      const old = reportedAt.getTime() < now.getTime() - SOFT_WINDOW_DAYS * 86_400_000;
      return {
        ...base,
        result: 'soft' as const,
        reason: old ? ('softOld' as const) : ('soft' as const),
        softCount,
      };
    }
    return { ...base, result: 'ignored' as const, reason: outcome };
  });
}

/** The issue the bounced mail belonged to, if the bounce names one this subscriber was sent. */
async function issueOf(db: Db, b: Bounce, t: Target): Promise<string | null> {
  const ids = [
    ...b.marks.messageRefs.filter((r) => r.subscriberId === t.subscriberId).map((r) => r.issueId),
    ...b.marks.issueIds,
  ].filter(isUuid);
  if (ids.length === 0) return null;
  const [d] = await db
    .select({ issueId: deliveries.issueId })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.tenantId, t.tenantId),
        eq(deliveries.subscriberId, t.subscriberId),
        inArray(deliveries.issueId, [...new Set(ids)].slice(0, 10)),
      ),
    )
    .limit(1);
  return d?.issueId ?? null;
}

/**
 * Soft bounces within the window (since the last confirmation), this one included. Several reports
 * about the same mail (a delay warning, then the final failure) count once: per issue, else per mail.
 */
async function softBounces(
  db: Db,
  t: Target,
  confirmedAt: Date | null,
  now: Date,
  current: { issueId: string | null; hash: string; reportedAt: Date },
): Promise<number> {
  const since = new Date(now.getTime() - SOFT_WINDOW_DAYS * 86_400_000);
  const from = confirmedAt && confirmedAt > since ? confirmedAt : since;
  const seen = rows<{ k: string }>(
    await db.execute(sql`
      select distinct coalesce(issue_id::text, mail_hash) as k from ${bounces}
      where ${ofTenant(bounces, t.tenantId)} and subscriber_id = ${t.subscriberId} and kind = 'soft'
        and reported_at >= ${from.toISOString()}::timestamptz`),
  ).map((x) => x.k);
  const keys = new Set(seen);
  if (current.reportedAt >= from) keys.add(current.issueId ?? current.hash);
  return keys.size;
}

export interface BounceRecord {
  id: string;
  email: string;
  kind: BounceKind;
  status: string | null;
  diagnostic: string | null;
  outcome: BounceOutcome;
  source: string;
  issueSubject: string | null;
  reportedAt: Date;
  createdAt: Date;
}

/** Bounce mails a member uploads (.eml/.mbox): applied to this tenant's subscribers only. */
export async function uploadBounces(actor: Actor, db: Db, input: Uint8Array): Promise<BounceReport> {
  authorizeSubscribers(actor);
  return processBounces(db, input, {
    tenantId: actor.tenantId,
    source: 'upload',
    actorUserId: actor.userId ?? null,
  });
}

/** The latest processed bounces of a tenant, with the subscriber's address (staff screen; audited). */
export async function listBounces(actor: Actor, db: Db, limit = 50): Promise<BounceRecord[]> {
  authorizeSubscribers(actor);
  const tenantId = actor.tenantId;
  await writeAudit(db, {
    tenantId,
    actorUserId: actor.userId ?? null,
    action: 'read',
    entityType: 'newsletter_bounces',
    personal: true,
  });
  const r = await db
    .select({
      id: bounces.id,
      email: subscribers.email,
      kind: bounces.kind,
      status: bounces.status,
      diagnostic: bounces.diagnostic,
      outcome: bounces.outcome,
      source: bounces.source,
      issueId: bounces.issueId,
      reportedAt: bounces.reportedAt,
      createdAt: bounces.createdAt,
    })
    .from(bounces)
    .innerJoin(
      subscribers,
      and(eq(subscribers.tenantId, bounces.tenantId), eq(subscribers.id, bounces.subscriberId)),
    )
    .where(ofTenant(bounces, tenantId))
    .orderBy(desc(bounces.id))
    .limit(Math.min(limit, 500));
  const subjects = new Map<string, string>();
  const issueIds = [...new Set(r.map((x) => x.issueId).filter((x): x is string => !!x))];
  if (issueIds.length)
    for (const i of rows<{ id: string; subject: string }>(
      await db.execute(
        sql`select id, subject from ${issues} where ${ofTenant(issues, tenantId)} and id in (${sql.join(
          issueIds.map((x) => sql`${x}::uuid`),
          sql`, `,
        )})`,
      ),
    ))
      subjects.set(i.id, i.subject);
  return r.map(({ issueId, ...x }) => ({
    ...x,
    issueSubject: issueId ? (subjects.get(issueId) ?? null) : null,
  }));
}

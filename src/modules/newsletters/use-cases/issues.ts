import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, scopeOf } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant, rows } from '../../../platform/db/index.ts';
import { xmlEscape } from '../../../platform/feeds/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { dirOf, htmlLang, type Lang } from '../../../platform/i18n/index.ts';
import { type Mailer, queueMail, SendError } from '../../../platform/mail/index.ts';
import { excerpt, plainText } from '../../../platform/richtext/index.ts';
import { formatRange } from '../../../platform/time/index.ts';
import { areaPath, expandScope, getArea } from '../../areas/index.ts';
import { type Event, getEvent, occurrencesBetween } from '../../events/index.ts';
import { getTenant } from '../../tenancy/index.ts';
import { pickText, publishedPosts } from '../../website/index.ts';
import { deliveries, type IssueStatus, issues, subscribers } from '../db/schema.ts';
import { authorizeIssue, PERMS } from '../policies.ts';
import { langOf, manageLink, unsubscribeLink } from './subscribers.ts';
import {
  type BounceAddress,
  bounceAddressFromEnv,
  dsnEnvelopeId,
  newsletterHeader,
  verpAddress,
} from './verp.ts';

export type Issue = typeof issues.$inferSelect;

export interface IssueInput {
  subject: string;
  introHtml: string;
  lang: Lang;
  segmentLangs: string[];
  areaId: string | null;
  topic: string | null;
  postIds: string[];
  eventIds: string[];
}

/** The issue's area with its ancestors ([] = the whole tenant), for the area rule of policies.ts. */
export async function issueAreaPath(db: Db, tenantId: string, areaId: string | null): Promise<string[]> {
  return areaId ? (await areaPath(db, tenantId, areaId)).map((a) => a.id) : [];
}

/** The issue when it exists (404) and the member may manage issues for its area (403). */
export async function getIssueForStaff(actor: Actor, db: Db, id: string): Promise<Issue> {
  authorize(actor, PERMS.manage);
  const issue = await getIssue(db, actor.tenantId, id);
  if (!issue) throw new AppError(404, 'not_found');
  authorizeIssue(actor, await issueAreaPath(db, actor.tenantId, issue.areaId));
  return issue;
}

/**
 * What an issue names must be this tenant's: its area (an unknown one would read as "the whole
 * tenant"), and the news and events it carries, which must be published — a draft or another
 * tenant's post never goes out in a mail. Field messages (422).
 */
async function checkIssueReferences(db: Db, tenantId: string, i: IssueInput, before?: Issue): Promise<void> {
  const fields: Record<string, string> = {};
  if (i.areaId && (!isUuid(i.areaId) || (await areaPath(db, tenantId, i.areaId)).length === 0))
    fields.areaId = 'validation.choice';
  // Items already on a draft may stay (rendering leaves out what is no longer published).
  const postIds = [...new Set(i.postIds)].filter((id) => !before?.postIds.includes(id));
  if (postIds.length) {
    const found = postIds.every(isUuid)
      ? await publishedPosts(db, tenantId, { ids: postIds, limit: postIds.length })
      : [];
    if (found.length !== postIds.length) fields.postIds = 'newsletters:errors.postUnknown';
  }
  for (const id of new Set(i.eventIds.filter((x) => !before?.eventIds.includes(x)))) {
    const e = isUuid(id) ? await getEvent(db, tenantId, id) : undefined;
    if (e?.status !== 'published') {
      fields.eventIds = 'newsletters:errors.eventUnknown';
      break;
    }
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

/** A draft issue for the member's area (for the whole tenant only with a tenant-wide grant). */
export async function createIssue(actor: Actor, db: Db, i: IssueInput): Promise<Issue> {
  authorize(actor, PERMS.manage);
  await checkIssueReferences(db, actor.tenantId, i);
  authorizeIssue(actor, await issueAreaPath(db, actor.tenantId, i.areaId));
  const [row] = await db
    .insert(issues)
    .values({ tenantId: actor.tenantId, id: newId(), ...i, createdBy: actor.userId ?? null })
    .returning();
  return row;
}

/** Saves a draft; the issue and its (new) area must be the member's. */
export async function updateIssue(actor: Actor, db: Db, id: string, i: IssueInput): Promise<void> {
  const before = await getIssueForStaff(actor, db, id);
  await checkIssueReferences(db, actor.tenantId, i, before);
  authorizeIssue(actor, await issueAreaPath(db, actor.tenantId, i.areaId));
  const tenantId = actor.tenantId;
  const r = await db
    .update(issues)
    .set({ ...i, updatedAt: new Date() })
    .where(and(ofTenant(issues, tenantId), eq(issues.id, id), eq(issues.status, 'draft')))
    .returning({ id: issues.id });
  if (r.length === 0) throw new AppError(409, 'issue_not_draft');
}

export async function getIssue(db: Db, tenantId: string, id: string): Promise<Issue | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(issues)
    .where(and(ofTenant(issues, tenantId), eq(issues.id, id)))
    .limit(1);
  return row;
}

/** Deletes a draft (sent issues stay, with their statistics). */
export async function deleteIssue(actor: Actor, db: Db, id: string): Promise<void> {
  await getIssueForStaff(actor, db, id);
  await db
    .delete(issues)
    .where(and(ofTenant(issues, actor.tenantId), eq(issues.id, id), eq(issues.status, 'draft')));
}

export interface IssueStats {
  recipients: number;
  pending: number;
  sent: number;
  failed: number;
  bounced: number;
  unsubscribed: number;
}

export async function issueStats(db: Db, tenantId: string, ids: string[]): Promise<Map<string, IssueStats>> {
  const out = new Map<string, IssueStats>();
  if (ids.length === 0) return out;
  const r = rows<{ issue_id: string; status: string; n: number; u: number }>(
    await db.execute(sql`
      select issue_id, status, count(*)::int as n, count(unsubscribed_at)::int as u from ${deliveries}
      where ${ofTenant(deliveries, tenantId)} and issue_id in (${sql.join(
        ids.map((x) => sql`${x}`),
        sql`, `,
      )})
      group by issue_id, status`),
  );
  for (const id of ids)
    out.set(id, { recipients: 0, pending: 0, sent: 0, failed: 0, bounced: 0, unsubscribed: 0 });
  for (const x of r) {
    const s = out.get(x.issue_id)!;
    const n = Number(x.n);
    s.recipients += n;
    s.unsubscribed += Number(x.u);
    if (x.status === 'sent') s.sent += n;
    else if (x.status === 'failed') s.failed += n;
    else if (x.status === 'bounced') s.bounced += n;
    else s.pending += n;
  }
  return out;
}

/** The issues of the member's areas (all of them with a tenant-wide grant), newest first. */
export async function listIssues(
  actor: Actor,
  db: Db,
  limit = 100,
): Promise<(Issue & { stats: IssueStats })[]> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  // Issues keep only their own area: the scope with everything below it.
  const areas = await expandScope(db, tenantId, scopeOf(actor, PERMS.manage));
  const list = await db
    .select()
    .from(issues)
    .where(
      and(
        ofTenant(issues, tenantId),
        areas === null ? undefined : areas.length ? inArray(issues.areaId, areas) : sql`false`,
      ),
    )
    .orderBy(desc(issues.createdAt))
    .limit(limit);
  const stats = await issueStats(
    db,
    tenantId,
    list.map((x) => x.id),
  );
  return list.map((x) => ({ ...x, stats: stats.get(x.id)! }));
}

// ── Rendering ───────────────────────────────────────────────────────────────────────────────

/** Placeholders replaced per recipient. */
export const UNSUBSCRIBE = '%%UNSUBSCRIBE%%';
export const MANAGE = '%%MANAGE%%';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const esc = xmlEscape;

/**
 * The issue as text and HTML in its language: intro, the chosen news (in the issue's language where
 * translated, else German) and events with their next date, and a footer with the preferences and
 * unsubscribe links (placeholders filled per recipient).
 */
export async function renderIssue(
  services: Services,
  tenant: RequestTenant,
  issue: Issue,
): Promise<Rendered> {
  const db = services.db;
  const lang = langOf(issue.lang);
  const t = services.i18n.t(lang, 'newsletters');
  const base = `${services.config.baseUrl}/${tenant.slug}`;
  const area = issue.areaId ? await getArea(db, tenant.id, issue.areaId) : undefined;
  const posts = issue.postIds.length
    ? await publishedPosts(db, tenant.id, { ids: issue.postIds, limit: 50 })
    : [];
  const now = new Date();
  const events: { e: Event; start: Date; end: Date }[] = [];
  for (const id of issue.eventIds) {
    const e = await getEvent(db, tenant.id, id);
    if (e?.status !== 'published') continue;
    const next = e.rrule
      ? occurrencesBetween(e, now, new Date(now.getTime() + 365 * 86_400_000))[0]
      : { start: e.startsAt, end: e.endsAt };
    if (next) events.push({ e, start: next.start, end: next.end });
  }
  events.sort((a, b) => a.start.getTime() - b.start.getTime());
  const intro = plainText(issue.introHtml);
  const from = [tenant.name, area?.name].filter(Boolean).join(' · ');

  const textParts = [from, '', issue.subject, '', intro];
  const htmlParts: string[] = [];
  if (posts.length) {
    textParts.push('', `== ${t('render.news')} ==`);
    htmlParts.push(`<h2 style="font-size:20px;margin:24px 0 8px">${esc(t('render.news'))}</h2>`);
    for (const p of posts) {
      const picked = pickText(p.texts, lang);
      if (!picked) continue;
      const url = `${base}/news/${p.slug}`;
      const summary = picked.text.summary || excerpt(picked.text.bodyHtml, 240);
      textParts.push('', picked.text.title, summary, url);
      htmlParts.push(
        `<h3 style="font-size:17px;margin:16px 0 4px" lang="${htmlLang(langOf(picked.lang))}"><a href="${esc(url)}" style="color:#2044aa">${esc(picked.text.title)}</a></h3><p style="margin:0 0 8px">${esc(summary)}</p>`,
      );
    }
  }
  if (events.length) {
    textParts.push('', `== ${t('render.events')} ==`);
    htmlParts.push(`<h2 style="font-size:20px;margin:24px 0 8px">${esc(t('render.events'))}</h2>`);
    for (const { e, start, end } of events) {
      const url = `${base}/events/${e.id}`;
      const when = formatRange(start, end, lang, e.allDay);
      const where = [e.locationName, e.locationAddress].filter(Boolean).join(', ');
      textParts.push(
        '',
        `${when}: ${e.title}${e.cancelledAt ? ` (${t('render.cancelled')})` : ''}`,
        where,
        url,
      );
      htmlParts.push(
        `<p style="margin:12px 0"><strong>${esc(when)}</strong><br><a href="${esc(url)}" style="color:#2044aa">${esc(e.title)}</a>${e.cancelledAt ? ` (${esc(t('render.cancelled'))})` : ''}${where ? `<br><span style="color:#404565">${esc(where)}</span>` : ''}</p>`,
      );
    }
  }
  const why = t('render.why', { tenant: tenant.name });
  textParts.push(
    '',
    '--',
    why,
    `${t('render.preferences')}: ${MANAGE}`,
    `${t('render.unsubscribe')}: ${UNSUBSCRIBE}`,
    `${t('render.imprint')}: ${base}/imprint`,
  );
  const html = `<!doctype html>
<html lang="${htmlLang(lang)}" dir="${dirOf(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(issue.subject)}</title></head>
<body style="margin:0;padding:0;background:#f7f7f9;color:#131525;font-family:'Fira Sans',Arial,sans-serif;font-size:16px;line-height:1.5">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff">
<p style="margin:0 0 8px;color:#404565;font-size:14px">${esc(from)}</p>
<h1 style="font-size:26px;margin:0 0 16px">${esc(issue.subject)}</h1>
${issue.introHtml}
${htmlParts.join('\n')}
<hr style="border:0;border-top:1px solid #c0c3d5;margin:32px 0 16px">
<p style="font-size:13px;color:#404565">${esc(why)}<br><a href="${MANAGE}" style="color:#2044aa">${esc(t('render.preferences'))}</a> · <a href="${UNSUBSCRIBE}" style="color:#2044aa">${esc(t('render.unsubscribe'))}</a> · <a href="${esc(`${base}/imprint`)}" style="color:#2044aa">${esc(t('render.imprint'))}</a></p>
</div></body></html>`;
  return { subject: issue.subject, text: textParts.join('\n'), html };
}

// ── Queueing and sending ────────────────────────────────────────────────────────────────────

/** Which active subscribers an issue goes to: language, area (or all areas), topic (or all topics). */
function recipientCondition(issue: Issue) {
  const parts = [ofTenant(alias(subscribers, 's'), issue.tenantId), sql`s.status = 'active'`];
  if (issue.segmentLangs.length)
    parts.push(
      sql`s.lang in (${sql.join(
        issue.segmentLangs.map((l) => sql`${l}`),
        sql`, `,
      )})`,
    );
  if (issue.areaId) parts.push(sql`(cardinality(s.area_ids) = 0 or ${issue.areaId}::uuid = any(s.area_ids))`);
  if (issue.topic) parts.push(sql`(cardinality(s.topics) = 0 or ${issue.topic} = any(s.topics))`);
  return sql.join(parts, sql` and `);
}

export async function countRecipients(db: Db, issue: Issue): Promise<number> {
  const [r] = rows<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from newsletter_subscribers s where ${recipientCondition(issue)}`,
    ),
  );
  return Number(r?.n ?? 0);
}

/** Sends the issue as it stands to the member's own address, links replaced by placeholders. */
export async function sendTestIssue(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  issueId: string,
  to: string,
): Promise<void> {
  if (tenant.id !== actor.tenantId) throw new AppError(403, 'forbidden');
  const issue = await getIssueForStaff(actor, services.db, issueId);
  const r = await renderIssue(services, tenant, issue);
  await queueMail(services.db, {
    tenantId: tenant.id,
    to,
    subject: `[Test] ${r.subject}`,
    text: r.text.split(UNSUBSCRIBE).join('–').split(MANAGE).join('–'),
    html: r.html.split(UNSUBSCRIBE).join('#').split(MANAGE).join('#'),
  });
  await services.jobs.send('mail.deliver', {});
}

/**
 * Queues an issue: renders it once, writes one delivery row per recipient and the audit entry (in
 * the same transaction, before anything is sent) and starts the send job. Returns the number of
 * recipients.
 */
export async function queueIssue(
  actor: Actor,
  services: Services,
  tenant: RequestTenant,
  issueId: string,
): Promise<number> {
  if (tenant.id !== actor.tenantId) throw new AppError(403, 'forbidden');
  const issue = await getIssueForStaff(actor, services.db, issueId);
  if (issue.status !== 'draft') throw new AppError(409, 'issue_not_draft');
  const rendered = await renderIssue(services, tenant, issue);
  const n = await services.db.transaction(async (tx) => {
    const claimed = await tx
      .update(issues)
      .set({
        status: 'sending',
        bodyText: rendered.text,
        bodyHtml: rendered.html,
        queuedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(ofTenant(issues, tenant.id), eq(issues.id, issueId), eq(issues.status, 'draft')))
      .returning({ id: issues.id });
    if (claimed.length === 0) throw new AppError(409, 'issue_not_draft');
    const inserted = rows<{ n: number }>(
      await tx.execute(sql`
        with ins as (
          insert into newsletter_deliveries (tenant_id, issue_id, subscriber_id)
          select s.tenant_id, ${issueId}::uuid, s.id from newsletter_subscribers s where ${recipientCondition(issue)}
          on conflict do nothing
          returning 1)
        select count(*)::int as n from ins`),
    );
    const count = Number(inserted[0]?.n ?? 0);
    await tx
      .update(issues)
      .set({ recipients: count })
      .where(and(ofTenant(issues, tenant.id), eq(issues.id, issueId)));
    await writeAudit(tx, {
      tenantId: tenant.id,
      actorUserId: actor.userId ?? null,
      action: 'send',
      entityType: 'newsletter_issue',
      entityId: issueId,
    });
    return count;
  });
  // After the commit (on PGlite the job queue shares the one connection).
  await services.jobs.send('newsletters.send', { tenantId: tenant.id, issueId }, { singletonKey: issueId });
  return n;
}

export interface SendOptions {
  /** Mails per second (0 = as fast as the server takes them). */
  ratePerSecond?: number;
  batchSize?: number;
  /** Mails in flight at once (default 4). */
  concurrency?: number;
  /** Stop after this long (the job sweeps up the rest); default: until done. */
  maxMs?: number;
  /** The current time (tests move it forward past the claim timeout). */
  now?: () => Date;
  /** Sends one mail (default: the services' mailer). */
  send?: Mailer['send'];
  /**
   * Bounce address for per-recipient envelope senders (VERP, `bounces+<key>@domain`); default:
   * NEWSLETTER_BOUNCE_ADDRESS; null = the usual envelope sender (MAIL_FROM).
   */
  bounceAddress?: BounceAddress | null;
  sleep?: (ms: number) => Promise<void>;
}

/** A claim older than this is from a sender that died; its recipients are sent again. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 5;
const RETRY_MINUTES = [2, 10, 30, 120];

export interface SendResult {
  sent: number;
  failed: number;
  bounced: number;
  skipped: number;
  finished: boolean;
}

/**
 * Sends a queued issue in batches. Each batch is claimed in one statement (FOR UPDATE SKIP LOCKED,
 * so parallel senders never take the same recipients); each mail's row is marked 'sent' right
 * after the SMTP server accepted it. A sender that dies leaves at most the mail it was transmitting
 * (not yet accepted) claimed; after CLAIM_TIMEOUT_MS that recipient is sent again — everyone else
 * is either 'sent' (never again) or still 'pending'. Permanent failures (5xx) mark the address as
 * bounced; temporary ones are retried with growing pauses.
 */
export async function sendIssue(
  services: Services,
  tenantId: string,
  issueId: string,
  o: SendOptions = {},
): Promise<SendResult> {
  return sendLoop(services, tenantId, issueId, o, {
    sent: 0,
    failed: 0,
    bounced: 0,
    skipped: 0,
    finished: false,
  });
}

async function sendLoop(
  services: Services,
  tenantId: string,
  issueId: string,
  o: SendOptions,
  result: SendResult,
) {
  const db = services.db;
  const send = o.send ?? ((m) => services.mailer.send(m));
  const now = o.now ?? (() => new Date());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const rate = o.ratePerSecond ?? 20;
  const batchSize = o.batchSize ?? 50;
  const started = Date.now();
  const issue = await getIssue(db, tenantId, issueId);
  if (issue?.status !== 'sending' || !issue.bodyText) return result;
  const tenantRow = await getTenant(db, tenantId);
  if (!tenantRow) return result;
  const tenant = { slug: tenantRow.slug };
  const host = new URL(services.config.baseUrl).host || 'quartier';
  const concurrency = Math.max(1, o.concurrency ?? 4);
  let bounceAddress: BounceAddress | null = null;
  try {
    bounceAddress = o.bounceAddress !== undefined ? o.bounceAddress : bounceAddressFromEnv();
  } catch (err) {
    // A wrong setting must not stop the newsletter: it goes out with the usual envelope sender.
    services.log.warn({ err: (err as Error).message }, 'newsletter sent without bounce address');
  }
  // Throttle: at most `rate` mails per second across all workers of this sender.
  let nextAt = Date.now();
  const throttle = async () => {
    if (rate <= 0) return;
    const wait = nextAt - Date.now();
    nextAt = Math.max(Date.now(), nextAt) + 1000 / rate;
    if (wait > 0) await sleep(wait);
  };
  for (;;) {
    if (o.maxMs !== undefined && Date.now() - started > o.maxMs) return result;
    const at = now();
    const claimed = rows<{
      subscriber_id: string;
      attempts: number;
      email: string;
      status: string;
      bounce_key: string;
    }>(
      await db.execute(sql`
        with claimed as (
          update newsletter_deliveries d set status = 'sending', claimed_at = ${at.toISOString()}::timestamptz, attempts = d.attempts + 1
          where (d.tenant_id, d.issue_id, d.subscriber_id) in (
            select tenant_id, issue_id, subscriber_id from ${deliveries}
            where ${ofTenant(deliveries, tenantId)} and issue_id = ${issueId}
              and ((status = 'pending' and (next_attempt_at is null or next_attempt_at <= ${at.toISOString()}::timestamptz))
                or (status = 'sending' and claimed_at < ${new Date(at.getTime() - CLAIM_TIMEOUT_MS).toISOString()}::timestamptz))
            order by subscriber_id
            limit ${batchSize}
            for update skip locked)
          returning d.subscriber_id, d.attempts)
        select c.subscriber_id, c.attempts, s.email, s.status, s.bounce_key
        from claimed c join newsletter_subscribers s on ${ofTenant(alias(subscribers, 's'), tenantId)} and s.id = c.subscriber_id
        order by c.subscriber_id`),
    );
    if (claimed.length === 0) break;
    const rowWhere = (sid: string) =>
      and(ofTenant(deliveries, tenantId), eq(deliveries.issueId, issueId), eq(deliveries.subscriberId, sid));
    // Unsubscribed or bounced since the issue was queued: nothing is sent.
    const inactive = claimed.filter((r) => r.status !== 'active');
    for (const row of inactive) {
      await db
        .update(deliveries)
        .set({ status: 'failed', lastError: `subscriber ${row.status}` })
        .where(rowWhere(row.subscriber_id));
      result.skipped++;
    }
    const active = claimed.filter((r) => r.status === 'active');
    if (active.length === 0) continue;
    // Each mail gets its own random token; only the hashes are stored, for the batch in one statement.
    const tokens = new Map(active.map((r) => [r.subscriber_id, randomToken(24)]));
    await db.execute(sql`
      update newsletter_deliveries d set token_hash = v.h
      from (values ${sql.join(
        active.map((r) => sql`(${r.subscriber_id}::uuid, ${hashToken(tokens.get(r.subscriber_id)!)})`),
        sql`, `,
      )}) as v(sid, h)
      where ${ofTenant(alias(deliveries, 'd'), tenantId)} and d.issue_id = ${issueId} and d.subscriber_id = v.sid`);

    const sendOne = async (row: (typeof active)[number]) => {
      const where = rowWhere(row.subscriber_id);
      const token = tokens.get(row.subscriber_id)!;
      const unsub = unsubscribeLink(services, tenant, token);
      const manage = manageLink(services, tenant, token);
      const fill = (s: string) => s.split(UNSUBSCRIBE).join(unsub).split(MANAGE).join(manage);
      try {
        const info = await send({
          to: row.email,
          subject: issue.subject,
          text: fill(issue.bodyText!),
          html: issue.bodyHtml ? fill(issue.bodyHtml) : undefined,
          messageId: `nl-${issueId}-${row.subscriber_id}@${host}`,
          // Bounces name the subscriber by the key: in the envelope sender (VERP), the DSN envelope
          // id and this header (returned with the headers of the mail), never by the address.
          ...(bounceAddress
            ? {
                envelopeFrom: verpAddress(bounceAddress, row.bounce_key),
                dsnEnvelopeId: dsnEnvelopeId(issueId, row.bounce_key),
              }
            : {}),
          headers: {
            'X-Quartier-Newsletter': newsletterHeader(issueId, row.bounce_key),
            'List-Unsubscribe': `<${unsub}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'List-Id': `${tenantRow.name.replace(/[<>"]/g, '')} <newsletter.${tenantRow.slug}.${host}>`,
            Precedence: 'bulk',
            'Auto-Submitted': 'auto-generated',
          },
        });
        // Marked right after the server accepted it: a restart never sends this one again.
        await db
          .update(deliveries)
          .set({ status: 'sent', sentAt: new Date(), messageId: info.messageId, lastError: null })
          .where(where);
        result.sent++;
      } catch (err) {
        const e =
          err instanceof SendError ? err : new SendError(String((err as Error)?.message ?? err), null);
        if (e.permanent) {
          await db.update(deliveries).set({ status: 'bounced', lastError: e.message }).where(where);
          await db
            .update(subscribers)
            .set({
              status: 'bounced',
              bouncedAt: new Date(),
              bounceCount: sql`${subscribers.bounceCount} + 1`,
              lastBounce: e.message.slice(0, 500),
              updatedAt: new Date(),
            })
            .where(and(ofTenant(subscribers, tenantId), eq(subscribers.id, row.subscriber_id)));
          result.bounced++;
        } else if (row.attempts >= MAX_ATTEMPTS) {
          await db.update(deliveries).set({ status: 'failed', lastError: e.message }).where(where);
          result.failed++;
        } else {
          const pause = RETRY_MINUTES[Math.min(row.attempts - 1, RETRY_MINUTES.length - 1)] * 60_000;
          await db
            .update(deliveries)
            .set({
              status: 'pending',
              lastError: e.message,
              nextAttemptAt: new Date(now().getTime() + pause),
            })
            .where(where);
          result.failed++;
        }
      }
    };
    // A few mails in flight at once (the pooled SMTP connections stay busy), throttled together.
    let next = 0;
    const worker = async () => {
      while (next < active.length) {
        const row = active[next++];
        await throttle();
        await sendOne(row);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, active.length) }, worker));
  }
  // Done when nothing is waiting any more (retries may still be due later).
  const [open] = rows<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from ${deliveries} where ${ofTenant(deliveries, tenantId)} and issue_id = ${issueId} and status in ('pending', 'sending')`,
    ),
  );
  if (Number(open?.n ?? 0) === 0) {
    await db
      .update(issues)
      .set({ status: 'sent' satisfies IssueStatus, finishedAt: new Date(), updatedAt: new Date() })
      .where(and(ofTenant(issues, tenantId), eq(issues.id, issueId)));
    result.finished = true;
  }
  return result;
}

/** Issues still sending (for the sweep that continues them after a restart). */
export async function sendingIssues(db: Db): Promise<{ tenantId: string; id: string }[]> {
  return db
    .select({ tenantId: issues.tenantId, id: issues.id })
    .from(issues)
    .where(eq(issues.status, 'sending'))
    .limit(100);
}

export async function deliveryEmails(db: Db, tenantId: string, issueId: string): Promise<string[]> {
  const r = await db
    .select({ email: subscribers.email })
    .from(deliveries)
    .innerJoin(
      subscribers,
      and(eq(subscribers.tenantId, deliveries.tenantId), eq(subscribers.id, deliveries.subscriberId)),
    )
    .where(and(ofTenant(deliveries, tenantId), eq(deliveries.issueId, issueId)));
  return r.map((x) => x.email);
}

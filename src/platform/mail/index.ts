import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/engine.ts';
import { rows } from '../db/engine.ts';
import { newId } from '../db/ids.ts';
import { ofTenant } from '../db/index.ts';
import type { JobDefinition } from '../jobs/index.ts';
import { mailOutbox } from './schema.ts';

export { mailOutbox } from './schema.ts';

export interface MailMessage {
  tenantId?: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** `content` is base64. */
  attachments?: { filename: string; contentType: string; content: string }[];
}

/** After this many failed attempts a mail is marked 'failed' (an admin may retry it by hand). */
export const MAX_ATTEMPTS = 6;
/** A claim ('sending') older than this is taken to be from a crashed worker and may be claimed again. */
export const CLAIM_TIMEOUT_MINUTES = 15;

/**
 * Outbox row states. 'sending' is a short-lived claim while one worker talks to the SMTP server.
 * `sent_at` holds the time of the last delivery attempt (the claim time while 'sending'); for a
 * 'sent' mail that is when it was handed to the SMTP server.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held';
export type OutboxMail = Omit<typeof mailOutbox.$inferSelect, 'status'> & { status: OutboxStatus };

/** Minutes to wait after the n-th failed attempt before the next one: 2, 4, 8, 16, 32. */
export const backoffMinutes = (attempts: number): number => 2 ** attempts;

/** Writes the mail to the outbox; call inside the transaction of the change that causes it. */
export async function queueMail(db: Db, m: MailMessage): Promise<string> {
  const id = newId();
  await db.insert(mailOutbox).values({
    id,
    tenantId: m.tenantId ?? null,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html ?? null,
    headers: m.headers ?? {},
    attachments: m.attachments ?? [],
  });
  return id;
}

export interface DeliverOptions {
  limit?: number;
  /** Only this tenant's mails (a tenant's "send now"; tests that share a database with others). */
  tenantId?: string;
  /** The current time (tests move it forward to get past the backoff). */
  now?: Date;
}

/** A message sent directly (not through the outbox), e.g. one newsletter mail. */
export interface DirectMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Our own Message-ID (without angle brackets), e.g. to recognise the mail in a bounce. */
  messageId?: string;
  /**
   * Envelope sender (SMTP `MAIL FROM`) when bounces should go elsewhere than the From address, e.g. a
   * per-recipient bounce address (VERP). The From header stays MAIL_FROM.
   */
  envelopeFrom?: string;
  /**
   * With `envelopeFrom`: the DSN envelope id (RFC 3461 `ENVID`), sent with `RET=HDRS` where the server
   * offers DSN, so a bounce names this id and carries only the headers of the mail, not its text.
   */
  dsnEnvelopeId?: string;
}

/** Why a direct send failed: `permanent` for 5xx answers (the address does not exist), else worth a retry. */
export class SendError extends Error {
  constructor(
    message: string,
    public readonly responseCode: number | null,
  ) {
    super(message);
  }
  get permanent(): boolean {
    return this.responseCode !== null && this.responseCode >= 500 && this.responseCode < 600;
  }
}

export interface Mailer {
  /** False in embedded mode without SMTP settings: mail stays in the outbox for the admin to read. */
  readonly enabled: boolean;
  deliverPending(db: Db, opts?: DeliverOptions): Promise<{ sent: number; failed: number }>;
  /**
   * Sends one message now, over a pooled connection, without the outbox — for bulk mail that keeps
   * its own per-recipient delivery rows (newsletters). Throws a SendError.
   */
  send(m: DirectMessage): Promise<{ messageId: string }>;
  close(): void;
}

export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
  // Short timeouts so a hanging server cannot outlive the claim (CLAIM_TIMEOUT_MINUTES).
  const transport: Transporter | null = opts.smtpUrl
    ? nodemailer.createTransport({
        url: opts.smtpUrl,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
    : null;
  // Bulk sending reuses a few SMTP connections instead of one per message.
  let pool: Transporter | null = null;
  const pooled = () => {
    if (!opts.smtpUrl) return null;
    pool ??= nodemailer.createTransport({
      url: opts.smtpUrl,
      pool: true,
      maxConnections: 4,
      maxMessages: 500,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    return pool;
  };
  return {
    enabled: !!transport,
    async send(m) {
      const t = pooled();
      if (!t) throw new SendError('mail is not configured (SMTP_URL)', null);
      try {
        const info = await t.sendMail({
          from: opts.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          headers: m.headers,
          messageId: m.messageId ? `<${m.messageId}>` : undefined,
          ...(m.envelopeFrom
            ? {
                envelope: { from: m.envelopeFrom, to: [m.to] },
                ...(m.dsnEnvelopeId
                  ? {
                      dsn: {
                        envid: m.dsnEnvelopeId,
                        ret: 'HDRS' as const,
                        notify: ['FAILURE' as const, 'DELAY' as const],
                      },
                    }
                  : {}),
              }
            : {}),
        });
        return { messageId: String(info.messageId ?? '') };
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        throw new SendError(
          String(e.message ?? err).slice(0, 500),
          typeof e.responseCode === 'number' ? e.responseCode : null,
        );
      }
    },
    async deliverPending(db, o = {}) {
      if (!transport) return { sent: 0, failed: 0 };
      const now = o.now ?? new Date();
      const batch = await claimBatch(db, now, o.limit ?? 50, o.tenantId);
      let sent = 0;
      let failed = 0;
      for (const m of batch) {
        try {
          const info = await transport.sendMail({
            from: opts.from,
            to: m.to,
            subject: m.subject,
            text: m.text,
            html: m.html ?? undefined,
            headers: m.headers,
            attachments: m.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: Buffer.from(a.content, 'base64'),
            })),
          });
          await db
            .update(mailOutbox)
            .set({ status: 'sent', sentAt: new Date(), messageId: info.messageId ?? null, lastError: null })
            .where(eq(mailOutbox.id, m.id));
          sent++;
        } catch (err) {
          failed++;
          const final = m.attempts >= MAX_ATTEMPTS;
          await db
            .update(mailOutbox)
            .set({
              status: final ? 'failed' : 'pending',
              lastError: String((err as Error).message ?? err).slice(0, 500),
            })
            .where(eq(mailOutbox.id, m.id));
        }
      }
      return { sent, failed };
    },
    close() {
      transport?.close();
      pool?.close();
    },
  };
}

/**
 * Claims due mails in one statement: pending ones past their backoff, and claims of crashed workers.
 * The claim (status 'sending', attempts + 1) is committed before the SMTP conversation, so no
 * transaction stays open while talking to a slow server, and a concurrent caller (another worker, or
 * the same process) skips locked rows and no longer sees claimed ones as due — no mail goes out twice.
 */
async function claimBatch(db: Db, now: Date, limit: number, tenantId?: string): Promise<OutboxMail[]> {
  const at = now.toISOString();
  const ofOne = tenantId ? sql`and ${ofTenant(mailOutbox, tenantId)}` : sql``;
  const claimed = rows<{ id: string }>(
    await db.execute(sql`
      update mail_outbox set status = 'sending', attempts = attempts + 1, sent_at = ${at}::timestamptz
      where id in (
        select id from mail_outbox
        where ((status = 'pending' and attempts < ${MAX_ATTEMPTS}
               and (attempts = 0 or sent_at is null
                    or sent_at <= ${at}::timestamptz - make_interval(mins => power(2, attempts)::int)))
           or (status = 'sending' and sent_at < ${at}::timestamptz - make_interval(mins => ${CLAIM_TIMEOUT_MINUTES})))
          ${ofOne}
        order by created_at
        limit ${limit}
        for update skip locked)
      returning id`),
  );
  if (claimed.length === 0) return [];
  const list = await db
    .select()
    .from(mailOutbox)
    .where(
      inArray(
        mailOutbox.id,
        claimed.map((c) => c.id),
      ),
    )
    .orderBy(mailOutbox.createdAt);
  return list as OutboxMail[];
}

/** The job that empties the outbox: sent right after a mail is queued, and every minute as a sweep. */
export function mailDeliveryJob(deps: {
  db: Db;
  mailer: Mailer;
  log?: { info(o: object, msg: string): void };
}): JobDefinition {
  return {
    name: 'mail.deliver',
    schedule: '* * * * *',
    retryLimit: 1,
    async handler() {
      if (!deps.mailer.enabled) return;
      // A few batches per run; whatever is left waits for the next sweep.
      for (let i = 0; i < 10; i++) {
        const r = await deps.mailer.deliverPending(deps.db, { limit: 50 });
        if (r.sent + r.failed > 0) deps.log?.info(r, 'outbox delivered');
        if (r.sent + r.failed < 50) break;
      }
    },
  };
}

// ── Reading the outbox (admin screen), always within one tenant ─────────────────────────────

export interface OutboxQuery {
  status?: OutboxStatus;
  /** Keyset pagination: mails older than this id (UUIDv7 sorts by time). */
  before?: string;
  limit?: number;
}

export async function listOutbox(db: Db, tenantId: string, q: OutboxQuery = {}): Promise<OutboxMail[]> {
  const where = [ofTenant(mailOutbox, tenantId)];
  if (q.status) where.push(sql`${mailOutbox.status} = ${q.status}`);
  if (q.before) where.push(lt(mailOutbox.id, q.before));
  const list = await db
    .select()
    .from(mailOutbox)
    .where(and(...where))
    .orderBy(desc(mailOutbox.id))
    .limit(Math.min(q.limit ?? 50, 500));
  return list as OutboxMail[];
}

export async function getOutboxMail(db: Db, tenantId: string, id: string): Promise<OutboxMail | undefined> {
  const [row] = await db
    .select()
    .from(mailOutbox)
    .where(and(ofTenant(mailOutbox, tenantId), eq(mailOutbox.id, id)))
    .limit(1);
  return row as OutboxMail | undefined;
}

/** Gives a failed mail a fresh round of attempts; returns false when there is no such failed mail. */
export async function retryMail(db: Db, tenantId: string, id: string): Promise<boolean> {
  const r = await db
    .update(mailOutbox)
    .set({ status: 'pending', attempts: 0 })
    .where(and(ofTenant(mailOutbox, tenantId), eq(mailOutbox.id, id), eq(mailOutbox.status, 'failed')))
    .returning({ id: mailOutbox.id });
  return r.length > 0;
}

/** Mails per status over all tenants (for /metrics). */
export async function outboxCounts(db: Db): Promise<Record<string, number>> {
  const r = rows<{ status: string; n: number | string }>(
    await db.execute(sql`select status, count(*)::int as n from mail_outbox group by status`),
  );
  const out: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, held: 0 };
  for (const x of r) out[x.status] = Number(x.n);
  return out;
}

/** GDPR erasure: removes every outbox mail of the tenant addressed to this address (case-insensitive). */
export async function eraseMailsTo(db: Db, tenantId: string, email: string): Promise<number> {
  const r = await db
    .delete(mailOutbox)
    .where(and(ofTenant(mailOutbox, tenantId), sql`lower(${mailOutbox.to}) = lower(${email})`))
    .returning({ id: mailOutbox.id });
  return r.length;
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/engine.ts';
import { rows } from '../db/engine.ts';
import { newId } from '../db/ids.ts';
import { mailOutbox } from './schema.ts';

export { mailOutbox } from './schema.ts';

export interface MailMessage {
  tenantId?: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: string }[];
}

export const MAX_ATTEMPTS = 6;

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

export interface Mailer {
  /** False in embedded mode without SMTP settings: mail stays in the outbox for the admin to read. */
  readonly enabled: boolean;
  deliverPending(db: Db, limit?: number): Promise<{ sent: number; failed: number }>;
  close(): void;
}

export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  return {
    enabled: !!transport,
    async deliverPending(db, limit = 50) {
      if (!transport) return { sent: 0, failed: 0 };
      // Claim a batch so two workers never send the same mail; the claim is released by the update.
      const batch = rows<{ id: string }>(
        await db.execute(sql`
          update mail_outbox set attempts = attempts + 1
          where id in (
            select id from mail_outbox where status = 'pending' and attempts < ${MAX_ATTEMPTS}
            order by created_at limit ${limit} for update skip locked)
          returning id`),
      );
      if (batch.length === 0) return { sent: 0, failed: 0 };
      const messages = await db
        .select()
        .from(mailOutbox)
        .where(inArray(
          mailOutbox.id,
          batch.map((b) => b.id),
        ))
        .orderBy(asc(mailOutbox.createdAt));
      let sent = 0;
      let failed = 0;
      for (const m of messages) {
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
            .set({ status: 'sent', sentAt: new Date(), messageId: info.messageId, lastError: null })
            .where(eq(mailOutbox.id, m.id));
          sent++;
        } catch (err) {
          failed++;
          const final = m.attempts >= MAX_ATTEMPTS;
          await db
            .update(mailOutbox)
            .set({ status: final ? 'failed' : 'pending', lastError: (err as Error).message.slice(0, 500) })
            .where(and(eq(mailOutbox.id, m.id)));
        }
      }
      return { sent, failed };
    },
    close() {
      transport?.close();
    },
  };
}

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/kit.ts';
import type { Database } from '../db/engine.ts';
import { newId } from '../db/ids.ts';
import {
  backoffMinutes,
  createMailer,
  getOutboxMail,
  listOutbox,
  MAX_ATTEMPTS,
  mailDeliveryJob,
  mailOutbox,
  outboxCounts,
  queueMail,
  retryMail,
} from './index.ts';
import { leaves, parseMime, startTestSmtp } from './smtp-test-server.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.delete(mailOutbox);
});

const FROM = 'Quartier <no-reply@quartier.test>';
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

async function row(id: string) {
  const [r] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return r;
}

describe('outbox delivery over SMTP', () => {
  it('delivers To, Subject, body, extra headers and decoded attachments', async () => {
    const smtp = await startTestSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    try {
      const pdfBytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
      const id = await queueMail(database.db, {
        tenantId: newId(),
        to: 'ayse@example.org',
        subject: 'Einladung zur Sitzung',
        text: 'Guten Tag,\n\nwir laden Sie herzlich ein: Größe, Übersicht, Straße.\n',
        headers: { 'List-Unsubscribe': '<https://quartier.test/unsubscribe/abc>' },
        attachments: [
          {
            filename: 'einladung.txt',
            contentType: 'text/plain',
            content: Buffer.from('Tagesordnung: Spielplatz äöü').toString('base64'),
          },
          { filename: 'plan.pdf', contentType: 'application/pdf', content: pdfBytes.toString('base64') },
        ],
      });
      expect(await mailer.deliverPending(database.db)).toEqual({ sent: 1, failed: 0 });

      expect(smtp.received).toHaveLength(1);
      const got = smtp.received[0];
      expect(got.to).toEqual(['ayse@example.org']);
      expect(got.from).toBe('no-reply@quartier.test');
      const msg = parseMime(got.raw);
      expect(msg.headers.to).toBe('ayse@example.org');
      expect(msg.headers.subject).toBe('Einladung zur Sitzung');
      expect(msg.headers['list-unsubscribe']).toBe('<https://quartier.test/unsubscribe/abc>');
      const parts = leaves(msg);
      const text = parts.find(
        (p) => p.headers['content-type']?.startsWith('text/plain') && !p.headers['content-disposition'],
      );
      expect(text?.body.toString('utf8')).toContain('wir laden Sie herzlich ein: Größe, Übersicht, Straße.');
      const txt = parts.find((p) => p.headers['content-disposition']?.includes('einladung.txt'));
      expect(txt?.body.toString('utf8')).toBe('Tagesordnung: Spielplatz äöü');
      const pdf = parts.find((p) => p.headers['content-disposition']?.includes('plan.pdf'));
      expect(pdf?.headers['content-type']).toContain('application/pdf');
      expect(pdf?.body.equals(pdfBytes)).toBe(true);

      const r = await row(id);
      expect(r.status).toBe('sent');
      expect(r.attempts).toBe(1);
      expect(r.lastError).toBeNull();
      expect(r.messageId).toMatch(/^<.+>$/);
      expect(r.sentAt).toBeInstanceOf(Date);
      // Nothing left to send.
      expect(await mailer.deliverPending(database.db)).toEqual({ sent: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('keeps a rejected mail pending with attempts and error, backs off, and fails it after MAX_ATTEMPTS', async () => {
    const smtp = await startTestSmtp({ reject: true });
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    try {
      const id = await queueMail(database.db, { to: 'gone@example.org', subject: 'Hallo', text: 'Text' });
      let now = new Date();
      expect(await mailer.deliverPending(database.db, { now })).toEqual({ sent: 0, failed: 1 });
      let r = await row(id);
      expect(r.status).toBe('pending');
      expect(r.attempts).toBe(1);
      expect(r.lastError).toContain('550');
      expect(r.lastError).toContain('unavailable');

      // Too early for the next attempt: nothing is tried.
      expect(
        await mailer.deliverPending(database.db, { now: minutes(now, backoffMinutes(1) - 0.5) }),
      ).toEqual({ sent: 0, failed: 0 });
      expect((await row(id)).attempts).toBe(1);

      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        now = minutes(now, backoffMinutes(attempt - 1) + 0.1);
        expect(await mailer.deliverPending(database.db, { now })).toEqual({ sent: 0, failed: 1 });
        r = await row(id);
        expect(r.attempts).toBe(attempt);
        expect(r.status).toBe(attempt < MAX_ATTEMPTS ? 'pending' : 'failed');
      }
      // A failed mail is not tried again, however much later.
      expect(await mailer.deliverPending(database.db, { now: minutes(now, 24 * 60) })).toEqual({
        sent: 0,
        failed: 0,
      });
      expect((await row(id)).attempts).toBe(MAX_ATTEMPTS);
      expect(smtp.received).toHaveLength(0);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('leaves mail in the outbox without SMTP settings (embedded mode)', async () => {
    const mailer = createMailer({ from: FROM });
    const id = await queueMail(database.db, { to: 'a@example.org', subject: 'S', text: 'T' });
    expect(mailer.enabled).toBe(false);
    expect(await mailer.deliverPending(database.db)).toEqual({ sent: 0, failed: 0 });
    await mailDeliveryJob({ db: database.db, mailer }).handler({});
    const r = await row(id);
    expect(r.status).toBe('pending');
    expect(r.attempts).toBe(0);
  });

  it('sends only one tenant’s mails when asked to', async () => {
    const smtp = await startTestSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    try {
      const mine = newId();
      const other = newId();
      const a = await queueMail(database.db, {
        tenantId: mine,
        to: 'mine@example.org',
        subject: 'S',
        text: 'T',
      });
      const b = await queueMail(database.db, {
        tenantId: other,
        to: 'other@example.org',
        subject: 'S',
        text: 'T',
      });
      expect(await mailer.deliverPending(database.db, { tenantId: mine })).toEqual({ sent: 1, failed: 0 });
      expect(smtp.received.map((m) => m.to)).toEqual([['mine@example.org']]);
      expect((await row(a)).status).toBe('sent');
      expect((await row(b)).status).toBe('pending');
      await mailer.deliverPending(database.db, { tenantId: other });
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('takes over the claim of a crashed worker once it is stale, not before', async () => {
    const smtp = await startTestSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    try {
      const id = await queueMail(database.db, { to: 'b@example.org', subject: 'Stale', text: 'T' });
      await database.db.execute(
        sql`update mail_outbox set status = 'sending', attempts = 1, sent_at = now() where id = ${id}`,
      );
      expect(await mailer.deliverPending(database.db)).toEqual({ sent: 0, failed: 0 });
      expect(await mailer.deliverPending(database.db, { now: minutes(new Date(), 16) })).toEqual({
        sent: 1,
        failed: 0,
      });
      expect((await row(id)).status).toBe('sent');
      expect(smtp.received).toHaveLength(1);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it(`never sends a mail twice when deliveries run concurrently (${engine()})`, async () => {
    const smtp = await startTestSmtp();
    const a = createMailer({ smtpUrl: smtp.url, from: FROM });
    const b = createMailer({ smtpUrl: smtp.url, from: FROM });
    try {
      const n = 24;
      for (let i = 0; i < n; i++)
        await queueMail(database.db, { to: `p${i}@example.org`, subject: `Mail ${i}`, text: `Nr. ${i}` });
      const drain = async (m: typeof a) => {
        let total = 0;
        for (;;) {
          const r = await m.deliverPending(database.db, { limit: 3 });
          total += r.sent;
          if (r.sent + r.failed === 0) return total;
        }
      };
      const [x, y, z] = await Promise.all([drain(a), drain(b), drain(a)]);
      expect(x + y + z).toBe(n);
      const subjects = smtp.received.map((m) => parseMime(m.raw).headers.subject);
      expect(subjects).toHaveLength(n);
      expect(new Set(subjects).size).toBe(n);
      expect((await outboxCounts(database.db)).sent).toBe(n);
    } finally {
      a.close();
      b.close();
      await smtp.close();
    }
  });
});

describe('outbox reading for the admin screen', () => {
  it('lists, opens and retries only within the tenant', async () => {
    const t1 = newId();
    const t2 = newId();
    const m1 = await queueMail(database.db, {
      tenantId: t1,
      to: 'x@example.org',
      subject: 'Eins',
      text: 'Link: https://x',
    });
    const m2 = await queueMail(database.db, {
      tenantId: t2,
      to: 'y@example.org',
      subject: 'Zwei',
      text: 'T',
    });
    await queueMail(database.db, { to: 'z@example.org', subject: 'Account', text: 'T' });
    expect((await listOutbox(database.db, t1)).map((m) => m.subject)).toEqual(['Eins']);
    expect(await getOutboxMail(database.db, t1, m2)).toBeUndefined();
    expect((await getOutboxMail(database.db, t1, m1))?.text).toBe('Link: https://x');

    await database.db
      .update(mailOutbox)
      .set({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: 'x' })
      .where(eq(mailOutbox.id, m2));
    expect(await retryMail(database.db, t1, m2)).toBe(false);
    expect(await retryMail(database.db, t2, m2)).toBe(true);
    const r = await row(m2);
    expect(r.status).toBe('pending');
    expect(r.attempts).toBe(0);
    expect(await retryMail(database.db, t2, m2)).toBe(false);
    expect((await listOutbox(database.db, t2, { status: 'pending' })).map((m) => m.id)).toEqual([m2]);
  });
});

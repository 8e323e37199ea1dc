/**
 * Reminder e-mails to the staff who manage a body, through a real SMTP server: an invitation that is
 * due and a term that ends within 30 days reach the team of the body's area and the district's
 * coordinator and team in one mail each — not the team of another area, department staff, the jury
 * or the administrator — and a second run sends nothing (what was sent is remembered).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { createMailer } from '../../platform/mail/index.ts';
import { deliverAllPending, leaves, parseMime, startTestSmtp } from '../../platform/mail/smtp-test-server.ts';
import { addDays } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { remindersSent } from './db/schema.ts';
import { scheduleMeeting } from './index.ts';
import { councilsFixture } from './testing/fixture.ts';
import { sendDueReminders } from './use-cases/reminder-mails.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
});
afterAll(() => ctx?.close());

describe('reminder e-mails to the staff', () => {
  it('go once to the staff who manage the body, with the due invitation and the ending term', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body(
      { name: 'Quartiersrat Erinnerung', kind: 'quartiersrat', invitationDays: 7 },
      0,
      [
        fx.member('Ende Bald', { termTo: addDays(fx.today, 12) }),
        fx.member('Ende Später', { termTo: addDays(fx.today, 45) }),
      ],
    );
    const due = (await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(5), title: 'Fällige Sitzung' }))
      .meetings[0];
    await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(20), title: 'Später' });

    const queued = await sendDueReminders(ctx.services, new Date(), { tenantId: fx.tenant.id });
    expect(queued).toBe(3);
    // Remembered: a second run sends nothing.
    expect(await sendDueReminders(ctx.services, new Date(), { tenantId: fx.tenant.id })).toBe(0);
    const rows = await db
      .select()
      .from(remindersSent)
      .where(and(ofTenant(remindersSent, fx.tenant.id), eq(remindersSent.subjectId, due.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'invitation_due', recipients: 3 });

    const smtp = await startTestSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'quartier@example.org' });
    try {
      await deliverAllPending(mailer, db, fx.tenant.id);
      const mine = smtp.received.filter((m) => m.raw.includes('Quartiersrat Erinnerung'));
      expect(mine.map((m) => m.to[0]).sort()).toEqual(
        [fx.users.teamA.email, fx.users.coordinator.email, fx.users.teamDistrict.email].sort(),
      );
      const plain = leaves(parseMime(mine[0].raw))
        .find((p) => p.headers['content-type']?.startsWith('text/plain'))!
        .body.toString('utf8');
      expect(plain).toContain('Einladung zur Sitzung von Quartiersrat Erinnerung');
      expect(plain).toContain('Die Amtszeit von Ende Bald');
      expect(plain).not.toContain('Ende Später');
      expect(plain).toContain(`/staff/${fx.tenant.slug}/councils/due`);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});

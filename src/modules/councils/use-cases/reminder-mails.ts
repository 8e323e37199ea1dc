/**
 * Reminder e-mails to the staff who manage a body (the job `councils.send-reminders`, every morning):
 * an invitation that is due and not sent, and a term that ends within 30 days — the same things the
 * staff inbox counts (`reminders.ts`). Each is mailed once: `councils_reminders_sent` keeps what was
 * sent, keyed by the thing and its date (the meeting's day, the term's end), so a meeting or term
 * moved to another date is reminded again, and two job runs at once send nothing twice (the unique
 * key, in the same transaction as the mails). One mail per person per run lists everything new for
 * them. Recipients: the coordinators and neighbourhood team members whose area covers the body (or
 * who have the whole tenant); when the body has none, the administrators.
 */
import type { Db } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { addDays, formatDate, localDate, todayLocal } from '../../../platform/time/index.ts';
import { listMemberships } from '../../access/index.ts';
import { getUser } from '../../identity/index.ts';
import { listTenants } from '../../tenancy/index.ts';
import { remindersSent } from '../db/schema.ts';
import { type Body, invitationsDue, termsEnding } from '../queries.ts';
import { TERM_NOTICE_DAYS } from './reminders.ts';

interface Due {
  kind: 'invitation_due' | 'term_ending';
  subjectId: string;
  dueOn: string;
  body: Body;
  line: string;
}

/** Who gets a body's reminders: the staff whose area covers it, else the administrators. */
async function recipientsOf(db: Db, tenantId: string) {
  const all = await listMemberships(db, tenantId);
  const emails = new Map<string, string | null>();
  const emailOf = async (userId: string) => {
    if (!emails.has(userId)) {
      const u = await getUser(db, userId);
      emails.set(userId, u && !u.disabledAt ? u.email : null);
    }
    return emails.get(userId) ?? null;
  };
  return async (body: Body): Promise<string[]> => {
    const managing = all.filter(
      (m) =>
        (m.role === 'coordinator' || m.role === 'team') &&
        (m.scopeAreaId === null || body.areaIds.includes(m.scopeAreaId)),
    );
    const chosen = managing.length ? managing : all.filter((m) => m.role === 'admin');
    const out = new Set<string>();
    for (const m of chosen) {
      const e = await emailOf(m.userId);
      if (e) out.add(e);
    }
    return [...out].sort();
  };
}

/** Sends what is due and was not sent yet, for every tenant. Returns how many mails were queued. */
export async function sendDueReminders(
  services: Pick<Services, 'db' | 'i18n' | 'config'>,
  now: Date = new Date(),
  /** Only this tenant (tests). */
  only?: { tenantId: string },
): Promise<number> {
  const { db } = services;
  const t = services.i18n.t('de', 'councils');
  const today = todayLocal(now);
  let queued = 0;
  for (const tenant of await listTenants(db)) {
    if (only && tenant.id !== only.tenantId) continue;
    const [invitations, terms] = await Promise.all([
      invitationsDue(db, tenant.id, { scope: null, areaId: null, now, today }),
      termsEnding(db, tenant.id, {
        scope: null,
        areaId: null,
        today,
        until: addDays(today, TERM_NOTICE_DAYS),
      }),
    ]);
    const due: Due[] = [
      ...invitations.map(({ meeting, body }) => ({
        kind: 'invitation_due' as const,
        subjectId: meeting.id,
        dueOn: localDate(meeting.startsAt),
        body,
        line: String(
          t('councils:reminderMail.invitationLine', {
            body: body.name,
            date: formatDate(meeting.startsAt, 'de'),
            days: body.invitationDays,
          }),
        ),
      })),
      ...terms.map(({ member, body }) => ({
        kind: 'term_ending' as const,
        subjectId: member.id,
        dueOn: member.termTo!,
        body,
        line: String(
          t('councils:reminderMail.termLine', {
            body: body.name,
            name: member.name || t('councils:staff.erasedMember'),
            date: formatDate(member.termTo!, 'de'),
          }),
        ),
      })),
    ];
    if (due.length === 0) continue;
    const recipients = await recipientsOf(db, tenant.id);
    const url = `${services.config.baseUrl}/staff/${tenant.slug}/councils/due`;
    // Read before the transaction (the embedded engine has one connection).
    const toOf = new Map<Due, string[]>();
    for (const d of due) toOf.set(d, await recipients(d.body));
    queued += await db.transaction(async (tx) => {
      const byPerson = new Map<string, string[]>();
      for (const d of due) {
        const to = toOf.get(d) ?? [];
        // Remembered before mailing: a second run (or one running at the same time) finds the row.
        const [row] = await tx
          .insert(remindersSent)
          .values({
            tenantId: tenant.id,
            id: newId(),
            kind: d.kind,
            subjectId: d.subjectId,
            dueOn: d.dueOn,
            recipients: to.length,
          })
          .onConflictDoNothing()
          .returning({ id: remindersSent.id });
        if (!row) continue;
        for (const e of to) byPerson.set(e, [...(byPerson.get(e) ?? []), d.line]);
      }
      for (const [to, lines] of byPerson)
        await queueMail(tx, {
          tenantId: tenant.id,
          to,
          subject: String(t('councils:reminderMail.subject', { tenant: tenant.name, count: lines.length })),
          text: String(
            t('councils:reminderMail.text', { lines: lines.map((l) => `- ${l}`).join('\n'), url }),
          ),
        });
      return byPerson.size;
    });
  }
  return queued;
}

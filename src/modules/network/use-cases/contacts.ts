import { and, asc, desc, eq, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { localToInstant } from '../../../platform/time/index.ts';
import { networkActors, networkContacts, networkTasks } from '../db/schema.ts';
import { FormReader, type RawForm } from '../forms.ts';
import { memberWorksOn, PERMS } from '../policies.ts';
import { CONTACT_FORM, contactFields } from '../schemas.ts';
import { type ContactKind, TIME_ZONE } from '../vocab.ts';

export type Contact = typeof networkContacts.$inferSelect;
export type Task = typeof networkTasks.$inferSelect;

export interface ContactInput {
  kind: ContactKind;
  happenedAt: Date;
  summary: string;
  notes?: string | null;
  followUp?: { title: string; dueOn: string; assigneeUserId?: string | null } | null;
}

export function readContactForm(
  body: RawForm,
  now: Date = new Date(),
): { input: ContactInput; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(contactFields({ now: () => now }), CONTACT_FORM);
  const kind = d.kind ?? 'visit';
  const date = d.date ?? null;
  const summary = d.summary ?? '';
  const notes = d.notes ?? null;
  const followTitle = d.followUpTitle ?? null;
  const followDue = d.followUpDue || null;
  const assignee = d.followUpAssignee || null;
  if (followTitle && !followDue && !f.errors.followUpDue) f.fail('followUpDue', 'validation.required');
  if (followDue && !followTitle && !f.errors.followUpTitle) f.fail('followUpTitle', 'validation.required');
  const happenedAt = date ? localToInstant(date, d.time || '12:00', TIME_ZONE) : new Date();
  // What happened lies not after today (the date window reaches into the future for plans).
  if (happenedAt.getTime() > now.getTime() + 86_400_000) f.fail('date', 'network:errors.future');
  return {
    input: {
      kind,
      happenedAt,
      summary,
      notes,
      followUp:
        followTitle && followDue ? { title: followTitle, dueOn: followDue, assigneeUserId: assignee } : null,
    },
    form: f,
  };
}

/** Logs a contact with an actor (and optionally a follow-up task); the author is kept by name too. */
export async function logContact(
  db: Db,
  tenantId: string,
  actorId: string,
  i: ContactInput,
  author: { userId: string; name: string },
): Promise<Contact> {
  if (!i.summary.trim()) throw new ValidationError({ summary: 'validation.required' });
  const [actor] = await db
    .select({ areaIds: networkActors.areaIds })
    .from(networkActors)
    .where(and(ofTenant(networkActors, tenantId), eq(networkActors.id, actorId)));
  if (!actor) throw new AppError(404, 'not_found');
  // The follow-up's reminder mail goes to its assignee: only a member of this tenant who works
  // with this actor's areas.
  const assignee = i.followUp?.assigneeUserId;
  if (assignee && !(await memberWorksOn(db, tenantId, assignee, PERMS.manage, actor.areaIds)))
    throw new ValidationError({ followUpAssignee: 'network:errors.assigneeNotMember' });
  const [contact] = await db
    .insert(networkContacts)
    .values({
      tenantId,
      id: newId(),
      actorId,
      kind: i.kind,
      happenedAt: i.happenedAt,
      authorUserId: author.userId,
      authorName: author.name,
      summary: i.summary.trim(),
      notes: i.notes ?? null,
      areaIds: actor.areaIds,
    })
    .returning();
  if (i.followUp) {
    await addTask(db, tenantId, {
      title: i.followUp.title,
      dueOn: i.followUp.dueOn,
      assigneeUserId: i.followUp.assigneeUserId ?? author.userId,
      actorId,
      contactId: contact.id,
      createdBy: author.userId,
      areaIds: actor.areaIds,
    });
  }
  return contact;
}

export async function contactsOf(db: Db, tenantId: string, actorId: string): Promise<Contact[]> {
  return db
    .select()
    .from(networkContacts)
    .where(and(ofTenant(networkContacts, tenantId), eq(networkContacts.actorId, actorId)))
    .orderBy(desc(networkContacts.happenedAt));
}

export async function addTask(
  db: Db,
  tenantId: string,
  t: {
    title: string;
    dueOn: string;
    assigneeUserId?: string | null;
    actorId?: string | null;
    contactId?: string | null;
    concernId?: string | null;
    createdBy?: string | null;
    areaIds?: string[];
  },
): Promise<Task> {
  const [row] = await db
    .insert(networkTasks)
    .values({
      tenantId,
      id: newId(),
      title: t.title,
      dueOn: t.dueOn,
      assigneeUserId: t.assigneeUserId ?? null,
      actorId: t.actorId ?? null,
      contactId: t.contactId ?? null,
      concernId: t.concernId ?? null,
      createdBy: t.createdBy ?? null,
      areaIds: t.areaIds ?? [],
    })
    .returning();
  return row;
}

export async function completeTask(
  db: Db,
  tenantId: string,
  id: string,
  scope: string[] | null,
): Promise<void> {
  const where: (SQL | undefined)[] = [
    ofTenant(networkTasks, tenantId),
    eq(networkTasks.id, id),
    scopeFilter(networkTasks.areaIds, scope),
  ];
  const r = await db
    .update(networkTasks)
    .set({ doneAt: new Date() })
    .where(and(...where.filter((x): x is SQL => !!x)))
    .returning({ id: networkTasks.id });
  if (r.length === 0) throw new AppError(404, 'not_found');
}

export async function tasksOf(
  db: Db,
  tenantId: string,
  f: { actorId?: string; assigneeUserId?: string; openOnly?: boolean; until?: string },
): Promise<(Task & { actorName: string | null })[]> {
  const where: SQL[] = [ofTenant(networkTasks, tenantId)];
  if (f.actorId) where.push(eq(networkTasks.actorId, f.actorId));
  if (f.assigneeUserId) where.push(eq(networkTasks.assigneeUserId, f.assigneeUserId));
  if (f.openOnly) where.push(isNull(networkTasks.doneAt));
  if (f.until) where.push(lte(networkTasks.dueOn, f.until));
  const r = await db
    .select({ task: networkTasks, actorName: networkActors.name })
    .from(networkTasks)
    .leftJoin(
      networkActors,
      and(eq(networkActors.tenantId, networkTasks.tenantId), eq(networkActors.id, networkTasks.actorId)),
    )
    .where(and(...where))
    .orderBy(asc(networkTasks.dueOn));
  return r.map((x) => ({ ...x.task, actorName: x.actorName }));
}

/**
 * Daily reminder: one mail per assignee listing their open follow-ups due today or overdue that
 * were not reminded yet. Mails go to the outbox (sent by the mail job); tasks are marked reminded.
 */
export async function sendTaskReminders(
  db: Db,
  o: {
    today: string;
    baseUrl: string;
    userOf: (userId: string) => Promise<{ email: string; name: string; locale: string } | undefined>;
    text: (locale: string, lines: string[], link: string) => { subject: string; text: string };
    tenantSlug: (tenantId: string) => Promise<string | undefined>;
  },
): Promise<number> {
  const due = await db
    // A person's name never goes into a mail (it would outlive an erasure in the recipient's inbox).
    .select({
      task: networkTasks,
      actorName: sql<
        string | null
      >`case when ${networkActors.kind} = 'organisation' then ${networkActors.name} end`,
    })
    .from(networkTasks)
    .leftJoin(
      networkActors,
      and(eq(networkActors.tenantId, networkTasks.tenantId), eq(networkActors.id, networkTasks.actorId)),
    )
    .where(
      and(
        isNull(networkTasks.doneAt),
        isNull(networkTasks.remindedAt),
        lte(networkTasks.dueOn, o.today),
        sql`${networkTasks.assigneeUserId} is not null`,
      ),
    );
  const groups = new Map<string, typeof due>();
  for (const d of due) {
    const k = `${d.task.tenantId}|${d.task.assigneeUserId}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  let sent = 0;
  for (const [k, list] of groups) {
    const [tenantId, userId] = k.split('|');
    const user = await o.userOf(userId);
    const slug = await o.tenantSlug(tenantId);
    if (!user || !slug) continue;
    const lines = list.map(
      (d) => `${d.task.dueOn}: ${d.task.title}${d.actorName ? ` (${d.actorName})` : ''}`,
    );
    const m = o.text(user.locale, lines, `${o.baseUrl}/staff/${slug}/network/week`);
    await db.transaction(async (tx) => {
      await queueMail(tx as unknown as Db, { tenantId, to: user.email, subject: m.subject, text: m.text });
      for (const d of list) {
        await tx
          .update(networkTasks)
          .set({ remindedAt: new Date() })
          .where(and(ofTenant(networkTasks, tenantId), eq(networkTasks.id, d.task.id)));
      }
    });
    sent++;
  }
  return sent;
}

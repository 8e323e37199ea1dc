/**
 * Minutes (BODY-2): drafted from a held meeting's agenda, attendance and votes, with a text written
 * per item; circulated to the members (by e-mail, the PDF attached); approved at the next meeting
 * through the vote on the approval item (`recordVote`), which also publishes the public part of a
 * public meeting's minutes.
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { type Db, ofTenant } from '../../../platform/db/index.ts';
import type { Services } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { formatDate, formatTime } from '../../../platform/time/index.ts';
import { getTenant } from '../../tenancy/index.ts';
import { agendaItems, meetings } from '../db/schema.ts';
import { inTermOn } from '../domain/members.ts';
import { isMember, loadMeeting, MANAGE, meetingDate, READ } from '../policies.ts';
import { getPublicBodyBySlug } from '../public-reads.ts';
import {
  listAgendaItems,
  listAttendance,
  listMembers,
  listVotes,
  type Meeting,
  type Member,
  publishedMinutesFor,
} from '../queries.ts';
import { type MinutesInput, minutesInput, parse } from '../schemas.ts';
import { meetingPdf } from './documents.ts';
import { type MeetingView, meetingFor } from './meetings.ts';
import { withdrawnPaperLinks } from './paper-links.ts';
import { auditPaperRead } from './paper-reads.ts';
import { paperLinkExpiry, paperLinkUrl } from './papers.ts';

const audit = (db: Db, actor: Actor, meeting: Meeting, details: Record<string, unknown>) =>
  writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'update',
    entityType: 'councils.minutes',
    entityId: meeting.id,
    details,
  });

/**
 * Starts the minutes of a held meeting as a draft (a second call changes nothing). Attendance and
 * votes come from their records; each item's text starts empty, or as the item's text for an item
 * for information.
 */
export async function draftMinutes(actor: Actor, db: Db, meetingId: string): Promise<Meeting> {
  authorize(actor, MANAGE);
  const { meeting } = await loadMeeting(actor, db, meetingId, MANAGE);
  if (meeting.status !== 'held') throw new ValidationError({ minutes: 'councils:errors.minutesNotHeld' });
  if (meeting.minutesStatus !== 'none') return meeting;
  return db.transaction(async (tx) => {
    for (const item of await listAgendaItems(tx, actor.tenantId, meeting.id))
      if (!item.minutes && item.kind === 'information' && item.text)
        await tx
          .update(agendaItems)
          .set({ minutes: item.text })
          .where(and(ofTenant(agendaItems, actor.tenantId), eq(agendaItems.id, item.id)));
    const [row] = await tx
      .update(meetings)
      .set({ minutesStatus: 'draft', updatedAt: new Date() })
      .where(and(ofTenant(meetings, actor.tenantId), eq(meetings.id, meeting.id)))
      .returning();
    await audit(tx, actor, row, { minutesStatus: 'draft' });
    return row;
  });
}

/**
 * Saves the text of the minutes per item, while the minutes are a draft or circulated (corrections
 * before the approval); approved minutes stay as approved.
 */
export async function saveMinutes(
  actor: Actor,
  db: Db,
  meetingId: string,
  input: MinutesInput,
): Promise<void> {
  authorize(actor, MANAGE);
  const { meeting } = await loadMeeting(actor, db, meetingId, MANAGE);
  const v = parse(minutesInput, input);
  if (meeting.minutesStatus === 'none')
    throw new ValidationError({ minutes: 'councils:errors.minutesNotDrafted' });
  if (meeting.minutesStatus === 'approved')
    throw new ValidationError({ minutes: 'councils:errors.minutesApproved' });
  const items = new Set((await listAgendaItems(db, actor.tenantId, meeting.id)).map((i) => i.id));
  const errors: Record<string, string> = {};
  v.items.forEach((i, n) => {
    if (!items.has(i.itemId)) errors[`items.${n}.itemId`] = 'validation.choice';
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.transaction(async (tx) => {
    for (const i of v.items)
      await tx
        .update(agendaItems)
        .set({ minutes: i.minutes, updatedAt: new Date() })
        .where(
          and(
            ofTenant(agendaItems, actor.tenantId),
            eq(agendaItems.id, i.itemId),
            eq(agendaItems.meetingId, meeting.id),
          ),
        );
    await audit(tx, actor, meeting, { items: v.items.length });
  });
}

/**
 * Sends the draft minutes to the members in term on the meeting's day who have an e-mail address,
 * with the PDF attached (members without an account read them there); marks them circulated. The
 * approval item then comes onto the next meeting's agenda by itself. Sending again sends again.
 */
export async function circulateMinutes(
  actor: Actor,
  services: Pick<Services, 'db' | 'i18n' | 'config'>,
  meetingId: string,
  tenantName: string,
): Promise<{ meeting: Meeting; sent: number }> {
  const { db } = services;
  authorize(actor, MANAGE);
  const { meeting, body } = await loadMeeting(actor, db, meetingId, MANAGE);
  if (meeting.minutesStatus === 'none')
    throw new ValidationError({ minutes: 'councils:errors.minutesNotDrafted' });
  if (meeting.minutesStatus === 'approved')
    throw new ValidationError({ minutes: 'councils:errors.minutesApproved' });
  const t = services.i18n.t('de', 'councils');
  const members = await listMembers(db, actor.tenantId, body.id);
  const view = await meetingFor(actor, db, meeting.id);
  const pdf = await meetingPdf({ t, lang: 'de', tenantName, view, members, kind: 'minutes' });
  const date = formatDate(meeting.startsAt, 'de');
  const to = members.filter((m) => m.email && inTermOn(m, meetingDate(meeting)));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(meetings)
      .set({ minutesStatus: 'circulated', minutesCirculatedAt: new Date(), updatedAt: new Date() })
      .where(and(ofTenant(meetings, actor.tenantId), eq(meetings.id, meeting.id)))
      .returning();
    for (const m of to)
      await queueMail(tx, {
        tenantId: actor.tenantId,
        to: m.email,
        subject: String(t('councils:mail.minutesSubject', { name: body.name, date })),
        text: String(t('councils:mail.minutesText', { name: m.name, body: body.name, date })),
        attachments: [
          {
            filename: `protokoll-${meetingDate(meeting)}.pdf`,
            contentType: 'application/pdf',
            content: pdf.toString('base64'),
          },
        ],
      });
    await audit(tx, actor, row, { minutesStatus: 'circulated', sent: to.length });
    return { meeting: row, sent: to.length };
  });
}

/**
 * A meeting's paper as PDF for a member who may read the meeting: the invitation with its agenda,
 * or the minutes. Staff who manage the body and its members get everything (draft minutes too);
 * other readers of a public meeting get the public items of the agenda, and the minutes only once
 * approved, without names (the published part).
 */
export async function meetingPaperFor(
  actor: Actor,
  services: Pick<Services, 'db' | 'i18n'>,
  meetingId: string,
  o: { kind: 'agenda' | 'minutes'; lang: string; tenantName: string; ip?: string | null },
): Promise<Buffer> {
  authorize(actor, READ);
  const { db } = services;
  const view = await meetingFor(actor, db, meetingId);
  const inner = can(actor, MANAGE, view.body.areaIds) || (await isMember(actor, db, view.body.id));
  if (o.kind === 'minutes' && view.meeting.minutesStatus === 'none')
    throw new AppError(404, 'minutes_not_found');
  if (o.kind === 'minutes' && !inner && view.meeting.minutesStatus !== 'approved')
    throw new AppError(403, 'forbidden');
  // The PDF holds the closed items' papers for the body's staff and members: in the audit log.
  await auditPaperRead(db, actor, {
    read: { via: o.kind === 'agenda' ? 'agenda_pdf' : 'minutes_pdf', ip: o.ip ?? null },
    meeting: view.meeting,
    items: view.items,
  });
  return meetingPdf({
    t: services.i18n.t(o.lang === 'en' ? 'en' : 'de', 'councils'),
    lang: o.lang,
    tenantName: o.tenantName,
    view,
    members: inner ? await listMembers(db, actor.tenantId, view.body.id) : [],
    kind: o.kind,
    publicOnly: !inner,
  });
}

/**
 * Sends the invitation with the agenda to the members in term on the meeting's day who have an
 * e-mail address, the agenda PDF attached, and marks the meeting invited. Members with an account
 * get the link to the meeting's staff page; members without one their private link to the papers,
 * closed ones included (`use-cases/papers.ts`; none when the installation has no secret key). Says when the body's invitation period can no longer be kept (the mails go
 * anyway). A cancelled or held meeting takes no invitation.
 */
export async function sendInvitations(
  actor: Actor,
  services: Pick<Services, 'db' | 'i18n' | 'config'>,
  meetingId: string,
  tenantName: string,
  now = new Date(),
): Promise<{ meeting: Meeting; sent: number; late: boolean }> {
  const { db } = services;
  authorize(actor, MANAGE);
  const { meeting, body } = await loadMeeting(actor, db, meetingId, MANAGE);
  if (meeting.status === 'cancelled' || meeting.status === 'held')
    throw new ValidationError({ invitation: `councils:errors.status.${meeting.status}` });
  const t = services.i18n.t('de', 'councils');
  const members = await listMembers(db, actor.tenantId, body.id);
  const view = await meetingFor(actor, db, meeting.id);
  const pdf = await meetingPdf({ t, lang: 'de', tenantName, view, members, kind: 'agenda' });
  const date = formatDate(meeting.startsAt, 'de');
  const to = members.filter((m) => m.email && inTermOn(m, meetingDate(meeting)));
  const late = meeting.startsAt.getTime() - now.getTime() < body.invitationDays * 86_400_000;
  const tenant = await getTenant(db, actor.tenantId);
  const { baseUrl } = services.config;
  const withdrawn = await withdrawnPaperLinks(db, actor.tenantId, meeting.id);
  const papersLine = (m: Member): string => {
    if (!tenant) return '';
    if (m.userId)
      return `${t('councils:mail.invitationAccountLink', {
        url: `${baseUrl}/staff/${tenant.slug}/councils/meetings/${meeting.id}`,
      })}\n\n`;
    // A link the staff withdrew for this meeting is not sent again.
    if (withdrawn.has(m.id)) return '';
    const url = paperLinkUrl({ baseUrl, tenant, meeting, memberId: m.id });
    if (!url) return '';
    const until = formatDate(new Date(paperLinkExpiry(meeting).getTime() - 1), 'de');
    return `${t('councils:mail.invitationPrivateLink', { url, date: until })}\n\n`;
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(meetings)
      .set({ status: 'invited', updatedAt: new Date() })
      .where(and(ofTenant(meetings, actor.tenantId), eq(meetings.id, meeting.id)))
      .returning();
    for (const m of to)
      await queueMail(tx, {
        tenantId: actor.tenantId,
        to: m.email,
        subject: String(t('councils:mail.invitationSubject', { name: body.name, date })),
        text: String(
          t('councils:mail.invitationText', {
            name: m.name,
            body: body.name,
            date: `${date}, ${formatTime(meeting.startsAt, 'de')}`,
            place: [meeting.locationName, meeting.onlineUrl].filter(Boolean).join(', ') || '–',
            agenda: view.items.map((i) => `${i.position}. ${i.title}`).join('\n'),
            papers: papersLine(m),
          }),
        ),
        attachments: [
          {
            filename: `einladung-${meetingDate(meeting)}.pdf`,
            contentType: 'application/pdf',
            content: pdf.toString('base64'),
          },
        ],
      });
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'update',
      entityType: 'councils.meeting',
      entityId: meeting.id,
      details: { invited: to.length, late },
    });
    return { meeting: row, sent: to.length, late };
  });
}

/**
 * The published part of a public meeting's approved minutes as PDF, for anyone (no account): only a
 * public body's public meeting whose minutes were approved and published; its public items with the
 * minutes text, counts and resolutions — how many were there, never who (`publicOnly`). Anything
 * else is 404, so the address tells nothing about closed meetings.
 */
export async function publishedMinutesPdf(
  services: Pick<Services, 'db' | 'i18n'>,
  tenant: { id: string; name: string },
  bodySlug: string,
  meetingId: string,
  lang: string,
): Promise<Buffer> {
  const { db } = services;
  const body = await getPublicBodyBySlug(db, tenant.id, bodySlug);
  if (!body) throw new AppError(404, 'not_found');
  const published = (await publishedMinutesFor(db, tenant.id, body.id)).find(
    (p) => p.meeting.id === meetingId,
  );
  if (!published) throw new AppError(404, 'minutes_not_found');
  const items = (await listAgendaItems(db, tenant.id, meetingId)).filter((i) => i.public);
  const view: MeetingView = {
    body,
    meeting: published.meeting,
    items: await Promise.all(
      items.map(async (i) => ({
        ...i,
        conflicts: [],
        votes: (await listVotes(db, tenant.id, i.id)).map((v) => ({ ...v, ballots: [] })),
        quorum: null,
        files: [],
      })),
    ),
    attendance: await listAttendance(db, tenant.id, meetingId),
  };
  return meetingPdf({
    // The body's own document: German, or English for English readers (its labels exist in both).
    t: services.i18n.t(lang === 'en' ? 'en' : 'de', 'councils'),
    lang: lang === 'en' ? 'en' : 'de',
    tenantName: tenant.name,
    view,
    members: [],
    kind: 'minutes',
    publicOnly: true,
  });
}

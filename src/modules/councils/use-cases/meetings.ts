/**
 * Meetings (BODY-2): schedule one or a monthly series, change its status, read a meeting with its
 * agenda, attendance, conflicts of interest and votes.
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { expandRrule, simpleRrule, weekdayInMonth } from '../../../platform/calendar/recurrence.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { withParams } from '../../../platform/i18n/index.ts';
import { getVenue } from '../../network/index.ts';
import { meetings } from '../db/schema.ts';
import { type ItemQuorum, itemQuorum } from '../domain/votes.ts';
import { isMember, loadBody, loadMeeting, MANAGE, meetingDate, READ } from '../policies.ts';
import {
  type AgendaItem,
  type Attendance,
  type Ballot,
  type Body,
  type Conflict,
  type ItemFile,
  listAgendaItems,
  listAttendance,
  listBallots,
  listConflicts,
  listItemFiles,
  listMeetings,
  listMembers,
  listVotes,
  type Meeting,
  type Vote,
} from '../queries.ts';
import {
  type MeetingInput,
  type MeetingStatusInput,
  meetingInput,
  meetingStatusInput,
  parse,
} from '../schemas.ts';
import { auditPaperRead, type PaperRead } from './paper-reads.ts';

const DAY_MS = 86_400_000;

/** A warning that does not stop the change (the screen shows it). */
export interface MeetingWarning {
  /** A translation key with its values (`withParams`). */
  message: string;
}

/**
 * Schedules a meeting — or with `repeatMonthly` a series of that many, monthly on the same weekday
 * of the month (the 2nd Tuesday …), sharing a `series_id`. The venue must be one of the network's
 * (its name is copied), or an online link, or a place typed in. Warns when the first meeting is
 * closer than the body's invitation deadline (the invitation would be late).
 */
export async function scheduleMeeting(
  actor: Actor,
  db: Db,
  bodyId: string,
  input: MeetingInput,
): Promise<{ meetings: Meeting[]; warnings: MeetingWarning[] }> {
  authorize(actor, MANAGE);
  const body = await loadBody(actor, db, bodyId, MANAGE);
  const v = parse(meetingInput, input);
  if (body.dissolvedOn) throw new ValidationError({ startsAt: 'councils:errors.bodyDissolved' });
  if (v.endsAt && v.endsAt.getTime() <= v.startsAt.getTime())
    throw new ValidationError({ endsAt: 'councils:errors.endBeforeStart' });
  let locationName = v.locationName;
  if (v.venueId) {
    const venue = await getVenue(db, actor.tenantId, v.venueId);
    if (!venue) throw new ValidationError({ venueId: 'validation.choice' });
    locationName = venue.name;
  }
  const starts = v.repeatMonthly
    ? (() => {
        const { day, nth } = weekdayInMonth(v.startsAt);
        return expandRrule(simpleRrule('monthly', day, nth), v.startsAt, { count: v.repeatMonthly }).map(
          (d) => d.start,
        );
      })()
    : [v.startsAt];
  const duration = v.endsAt ? v.endsAt.getTime() - v.startsAt.getTime() : null;
  const seriesId = starts.length > 1 ? newId() : null;
  const rows = await db.transaction(async (tx) => {
    const made = await tx
      .insert(meetings)
      .values(
        starts.map((startsAt) => ({
          tenantId: actor.tenantId,
          id: newId(),
          bodyId: body.id,
          title: v.title,
          startsAt,
          endsAt: duration === null ? null : new Date(startsAt.getTime() + duration),
          venueId: v.venueId,
          locationName,
          onlineUrl: v.onlineUrl,
          public: v.public ?? body.public,
          seriesId,
          createdBy: actor.userId ?? null,
        })),
      )
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'create',
      entityType: 'councils.meeting',
      entityId: made[0].id,
      details: { bodyId: body.id, count: made.length },
    });
    return made;
  });
  rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const daysAhead = Math.floor((rows[0].startsAt.getTime() - Date.now()) / DAY_MS);
  const warnings =
    daysAhead >= 0 && daysAhead < body.invitationDays
      ? [{ message: withParams('councils:warnings.invitationLate', { days: body.invitationDays }) }]
      : [];
  return { meetings: rows, warnings };
}

/** Which status changes are allowed: a cancelled meeting stays cancelled; a held one is not cancelled. */
const NEXT: Record<Meeting['status'], Meeting['status'][]> = {
  planned: ['invited', 'held', 'cancelled'],
  invited: ['planned', 'held', 'cancelled'],
  held: [],
  cancelled: [],
};

/** Marks a meeting invited, held or cancelled (with the reason). */
export async function setMeetingStatus(
  actor: Actor,
  db: Db,
  meetingId: string,
  input: MeetingStatusInput,
): Promise<Meeting> {
  authorize(actor, MANAGE);
  const { meeting } = await loadMeeting(actor, db, meetingId, MANAGE);
  const v = parse(meetingStatusInput, input);
  if (v.status === meeting.status) return meeting;
  if (!NEXT[meeting.status].includes(v.status))
    throw new ValidationError({ status: `councils:errors.status.${meeting.status}` });
  if (v.status === 'held' && meeting.startsAt.getTime() > Date.now() + DAY_MS)
    throw new ValidationError({ status: 'councils:errors.meetingNotYet' });
  const [row] = await db
    .update(meetings)
    .set({
      status: v.status,
      cancelledReason: v.status === 'cancelled' ? v.reason : meeting.cancelledReason,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(meetings, actor.tenantId), eq(meetings.id, meeting.id)))
    .returning();
  await writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action: 'update',
    entityType: 'councils.meeting',
    entityId: row.id,
    details: { status: row.status },
  });
  return row;
}

/**
 * A body's meetings by date (the closed ones only for the staff who manage the body and its members).
 */
export async function meetingsFor(actor: Actor, db: Db, bodyId: string): Promise<Meeting[]> {
  authorize(actor, READ);
  const body = await loadBody(actor, db, bodyId, READ);
  const inner = can(actor, MANAGE, body.areaIds) || (await isMember(actor, db, body.id));
  return (await listMeetings(db, actor.tenantId, body.id)).filter((m) => inner || m.public);
}

export interface MeetingView {
  body: Body;
  meeting: Meeting;
  items: (AgendaItem & {
    conflicts: Conflict[];
    votes: (Vote & { ballots: Ballot[] })[];
    /** Who may vote on the item and who was there for it, now (staff and members only; null for information). */
    quorum: ItemQuorum | null;
    /** The uploaded papers (PDF), oldest first. */
    files: ItemFile[];
  })[];
  attendance: Attendance[];
}

/**
 * A meeting with its agenda, attendance, conflicts of interest and votes. Items that are not public
 * are left out for readers who neither manage the body nor belong to it.
 */
export async function meetingFor(
  actor: Actor,
  db: Db,
  meetingId: string,
  read?: PaperRead,
): Promise<MeetingView> {
  authorize(actor, READ);
  const { meeting, body } = await loadMeeting(actor, db, meetingId, READ);
  const inner = can(actor, MANAGE, body.areaIds) || (await isMember(actor, db, body.id));
  if (!meeting.public && !inner) throw new AppError(403, 'forbidden');
  const items = (await listAgendaItems(db, actor.tenantId, meeting.id)).filter((i) => inner || i.public);
  const attendance = await listAttendance(db, actor.tenantId, meeting.id);
  const members = inner ? await listMembers(db, actor.tenantId, body.id) : [];
  const files = await listItemFiles(
    db,
    actor.tenantId,
    items.map((i) => i.id),
  );
  const out: MeetingView['items'] = [];
  for (const i of items) {
    const conflicts = await listConflicts(db, actor.tenantId, { agendaItemId: i.id });
    const votes = [];
    for (const v of await listVotes(db, actor.tenantId, i.id))
      votes.push({ ...v, ballots: await listBallots(db, actor.tenantId, v.id) });
    const quorum =
      inner && i.kind !== 'information'
        ? itemQuorum({
            rules: body,
            members,
            date: meetingDate(meeting),
            attendance,
            conflicted: new Set(conflicts.map((c) => c.memberId)),
            position: i.position,
          })
        : null;
    out.push({ ...i, conflicts, votes, quorum, files: files.filter((f) => f.agendaItemId === i.id) });
  }
  // A page or PDF that shows closed papers to an account is in the audit log (one entry per view).
  if (read) await auditPaperRead(db, actor, { read, meeting, items: out });
  return { body, meeting, attendance, items: out };
}

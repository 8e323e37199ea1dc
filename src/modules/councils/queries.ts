// Reads of the councils module: every query is scoped to one tenant (ofTenant); no rules here.
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { type Scope, scopeFilter } from '../../platform/authz.ts';
import { type Db, isUuid, ofTenant } from '../../platform/db/index.ts';
import {
  agendaItems,
  attendance,
  ballots,
  bodies,
  circulationBallots,
  circulationLinks,
  circulations,
  conflicts,
  itemFiles,
  meetings,
  members,
  paperLinkWithdrawals,
  votes,
} from './db/schema.ts';

export type Body = typeof bodies.$inferSelect;
export type Member = typeof members.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type AgendaItem = typeof agendaItems.$inferSelect;
export type Attendance = typeof attendance.$inferSelect;
export type Conflict = typeof conflicts.$inferSelect;
export type Vote = typeof votes.$inferSelect;
export type Ballot = typeof ballots.$inferSelect;
export type Circulation = typeof circulations.$inferSelect;
export type CirculationBallot = typeof circulationBallots.$inferSelect;
export type ItemFile = typeof itemFiles.$inferSelect;
export type PaperLinkWithdrawal = typeof paperLinkWithdrawals.$inferSelect;

export async function getBody(db: Db, tenantId: string, id: string): Promise<Body | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(bodies)
    .where(and(ofTenant(bodies, tenantId), eq(bodies.id, id)))
    .limit(1);
  return row;
}

export async function getBodyBySlug(db: Db, tenantId: string, slug: string): Promise<Body | undefined> {
  const [row] = await db
    .select()
    .from(bodies)
    .where(and(ofTenant(bodies, tenantId), eq(bodies.slug, slug)))
    .limit(1);
  return row;
}

/**
 * Bodies in a scope (null = the whole tenant), plus the bodies listed in `alsoIds` (those the member
 * belongs to), optionally only public ones outside those; by name.
 */
export async function listBodies(
  db: Db,
  tenantId: string,
  o: { scope: Scope; publicOnlyInScope?: boolean; alsoIds?: string[]; kind?: string },
): Promise<Body[]> {
  const inScope = and(
    scopeFilter(bodies.areaIds, o.scope),
    o.publicOnlyInScope ? eq(bodies.public, true) : undefined,
  );
  // No condition in scope means every body of the tenant: the member's own bodies are among them.
  const visible = inScope && o.alsoIds?.length ? or(inScope, inArray(bodies.id, o.alsoIds)) : inScope;
  return db
    .select()
    .from(bodies)
    .where(
      and(ofTenant(bodies, tenantId), visible, o.kind ? eq(bodies.kind, o.kind as Body['kind']) : undefined),
    )
    .orderBy(asc(bodies.name));
}

export async function getMember(db: Db, tenantId: string, id: string): Promise<Member | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(members)
    .where(and(ofTenant(members, tenantId), eq(members.id, id)))
    .limit(1);
  return row;
}

/** Every member record of a body (all terms, the history included), by start of term and name. */
export async function listMembers(db: Db, tenantId: string, bodyId: string): Promise<Member[]> {
  return db
    .select()
    .from(members)
    .where(and(ofTenant(members, tenantId), eq(members.bodyId, bodyId)))
    .orderBy(asc(members.termFrom), asc(members.name), asc(members.id));
}

/** The member records linked to an account (any body, any term). */
export async function membersOfUser(db: Db, tenantId: string, userId: string): Promise<Member[]> {
  if (!isUuid(userId)) return [];
  return db
    .select()
    .from(members)
    .where(and(ofTenant(members, tenantId), eq(members.userId, userId)));
}

export async function getMeeting(db: Db, tenantId: string, id: string): Promise<Meeting | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(ofTenant(meetings, tenantId), eq(meetings.id, id)))
    .limit(1);
  return row;
}

/** A body's meetings by start; `before` limits to those starting earlier. */
export async function listMeetings(
  db: Db,
  tenantId: string,
  bodyId: string,
  o: { before?: Date; newestFirst?: boolean } = {},
): Promise<Meeting[]> {
  return db
    .select()
    .from(meetings)
    .where(
      and(
        ofTenant(meetings, tenantId),
        eq(meetings.bodyId, bodyId),
        o.before ? lt(meetings.startsAt, o.before) : undefined,
      ),
    )
    .orderBy(o.newestFirst ? desc(meetings.startsAt) : asc(meetings.startsAt));
}

export async function getAgendaItem(db: Db, tenantId: string, id: string): Promise<AgendaItem | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(agendaItems)
    .where(and(ofTenant(agendaItems, tenantId), eq(agendaItems.id, id)))
    .limit(1);
  return row;
}

export async function listAgendaItems(db: Db, tenantId: string, meetingId: string): Promise<AgendaItem[]> {
  return db
    .select()
    .from(agendaItems)
    .where(and(ofTenant(agendaItems, tenantId), eq(agendaItems.meetingId, meetingId)))
    .orderBy(asc(agendaItems.position), asc(agendaItems.createdAt));
}

/** The uploaded papers of the given agenda items, oldest first. */
export async function listItemFiles(
  db: Db,
  tenantId: string,
  itemIds: readonly string[],
): Promise<ItemFile[]> {
  if (itemIds.length === 0) return [];
  return db
    .select()
    .from(itemFiles)
    .where(and(ofTenant(itemFiles, tenantId), inArray(itemFiles.agendaItemId, [...itemIds])))
    .orderBy(asc(itemFiles.createdAt), asc(itemFiles.id));
}

export async function getItemFile(db: Db, tenantId: string, id: string): Promise<ItemFile | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(itemFiles)
    .where(and(ofTenant(itemFiles, tenantId), eq(itemFiles.id, id)))
    .limit(1);
  return row;
}

/** The private paper links withdrawn for a meeting (one row per member). */
export async function listPaperLinkWithdrawals(
  db: Db,
  tenantId: string,
  meetingId: string,
): Promise<PaperLinkWithdrawal[]> {
  return db
    .select()
    .from(paperLinkWithdrawals)
    .where(and(ofTenant(paperLinkWithdrawals, tenantId), eq(paperLinkWithdrawals.meetingId, meetingId)));
}

export async function listAttendance(db: Db, tenantId: string, meetingId: string): Promise<Attendance[]> {
  return db
    .select()
    .from(attendance)
    .where(and(ofTenant(attendance, tenantId), eq(attendance.meetingId, meetingId)));
}

/** Conflicts of interest declared on an agenda item or a circulation vote. */
export async function listConflicts(
  db: Db,
  tenantId: string,
  on: { agendaItemId: string } | { circulationId: string },
): Promise<Conflict[]> {
  return db
    .select()
    .from(conflicts)
    .where(
      and(
        ofTenant(conflicts, tenantId),
        'agendaItemId' in on
          ? eq(conflicts.agendaItemId, on.agendaItemId)
          : eq(conflicts.circulationId, on.circulationId),
      ),
    );
}

export async function getVote(db: Db, tenantId: string, id: string): Promise<Vote | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(votes)
    .where(and(ofTenant(votes, tenantId), eq(votes.id, id)))
    .limit(1);
  return row;
}

export async function listVotes(db: Db, tenantId: string, agendaItemId: string): Promise<Vote[]> {
  return db
    .select()
    .from(votes)
    .where(and(ofTenant(votes, tenantId), eq(votes.agendaItemId, agendaItemId)))
    .orderBy(asc(votes.createdAt), asc(votes.id));
}

export async function listBallots(db: Db, tenantId: string, voteId: string): Promise<Ballot[]> {
  return db
    .select()
    .from(ballots)
    .where(and(ofTenant(ballots, tenantId), eq(ballots.voteId, voteId)));
}

export async function getCirculation(db: Db, tenantId: string, id: string): Promise<Circulation | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(circulations)
    .where(and(ofTenant(circulations, tenantId), eq(circulations.id, id)))
    .limit(1);
  return row;
}

/** A body's circulation votes, the newest first. */
export async function listCirculations(db: Db, tenantId: string, bodyId: string): Promise<Circulation[]> {
  return db
    .select()
    .from(circulations)
    .where(and(ofTenant(circulations, tenantId), eq(circulations.bodyId, bodyId)))
    .orderBy(desc(circulations.opensAt), desc(circulations.id));
}

export async function listCirculationBallots(
  db: Db,
  tenantId: string,
  circulationId: string,
): Promise<CirculationBallot[]> {
  return db
    .select()
    .from(circulationBallots)
    .where(and(ofTenant(circulationBallots, tenantId), eq(circulationBallots.circulationId, circulationId)));
}

/** The circulation and member a private link's token hash stands for. */
export async function findCirculationLink(db: Db, tenantId: string, tokenHash: string) {
  const [row] = await db
    .select()
    .from(circulationLinks)
    .where(and(ofTenant(circulationLinks, tenantId), eq(circulationLinks.tokenHash, tokenHash)))
    .limit(1);
  return row;
}

/** Open circulation votes whose window has ended, over all tenants (for the closing job). */
export async function dueCirculations(db: Db, now: Date, limit = 200) {
  return db
    .select({ tenantId: circulations.tenantId, id: circulations.id })
    .from(circulations)
    .where(and(isNull(circulations.closedAt), lte(circulations.closesAt, now)))
    .limit(limit);
}

// ── What waits for the staff (reminders) ────────────────────────────────────────────────────

/** Bodies in the scope (null: the whole tenant), narrowed to one area and below, not dissolved. */
const activeBodiesIn = (scope: Scope, areaId: string | null, today: string) =>
  and(
    scopeFilter(bodies.areaIds, scope),
    areaId && isUuid(areaId) ? scopeFilter(bodies.areaIds, [areaId]) : undefined,
    or(isNull(bodies.dissolvedOn), sql`${bodies.dissolvedOn} > ${today}::date`),
  );

/**
 * Meetings whose invitation is due and not sent: still planned (not invited, held or cancelled),
 * still to come, and their invitation deadline — the body's invitation days before the start, the
 * same instant `sendInvitations` calls late — falls on today (Berlin) or earlier.
 */
export async function invitationsDue(
  db: Db,
  tenantId: string,
  o: { scope: Scope; areaId: string | null; now: Date; today: string },
): Promise<{ meeting: Meeting; body: Body }[]> {
  return db
    .select({ meeting: meetings, body: bodies })
    .from(meetings)
    .innerJoin(bodies, and(eq(bodies.tenantId, meetings.tenantId), eq(bodies.id, meetings.bodyId)))
    .where(
      and(
        ofTenant(meetings, tenantId),
        ofTenant(bodies, tenantId),
        activeBodiesIn(o.scope, o.areaId, o.today),
        eq(meetings.status, 'planned'),
        sql`${meetings.startsAt} > ${o.now.toISOString()}::timestamptz`,
        sql`((${meetings.startsAt} - ${bodies.invitationDays} * interval '1 day') at time zone 'Europe/Berlin')::date <= ${o.today}::date`,
      ),
    )
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
}

/**
 * Member records whose planned term ends between today and `until` (both included) and that have
 * not ended otherwise (a resignation ends the record, its successor's record carries the rest of
 * the term): an election or a new term is to be prepared.
 */
export async function termsEnding(
  db: Db,
  tenantId: string,
  o: { scope: Scope; areaId: string | null; today: string; until: string },
): Promise<{ member: Member; body: Body }[]> {
  return db
    .select({ member: members, body: bodies })
    .from(members)
    .innerJoin(bodies, and(eq(bodies.tenantId, members.tenantId), eq(bodies.id, members.bodyId)))
    .where(
      and(
        ofTenant(members, tenantId),
        ofTenant(bodies, tenantId),
        activeBodiesIn(o.scope, o.areaId, o.today),
        isNull(members.endedOn),
        gte(members.termTo, o.today),
        lte(members.termTo, o.until),
      ),
    )
    .orderBy(asc(members.termTo), asc(bodies.name), asc(members.name));
}

/** The published part of approved minutes: a public meeting, its public items with their text and votes. */
export interface PublishedMinutes {
  meeting: Meeting;
  /** How many members were there (names are not published). */
  present: number;
  items: (Pick<AgendaItem, 'id' | 'position' | 'title' | 'kind' | 'minutes'> & {
    votes: Pick<Vote, 'id' | 'kind' | 'subject' | 'yes' | 'no' | 'abstain' | 'result' | 'resolution'>[];
  })[];
}

/**
 * The published minutes of a body, the newest first: public meetings whose minutes were approved
 * (and so published), with their public items only, vote counts and resolutions — never names,
 * ballots by name or conflicts of interest. For the public body page (no member is asking).
 */
export async function publishedMinutesFor(
  db: Db,
  tenantId: string,
  bodyId: string,
): Promise<PublishedMinutes[]> {
  if (!isUuid(bodyId)) return [];
  const list = await db
    .select()
    .from(meetings)
    .where(
      and(
        ofTenant(meetings, tenantId),
        eq(meetings.bodyId, bodyId),
        eq(meetings.public, true),
        eq(meetings.minutesStatus, 'approved'),
        isNotNull(meetings.minutesPublishedAt),
      ),
    )
    .orderBy(desc(meetings.startsAt));
  const out: PublishedMinutes[] = [];
  for (const meeting of list) {
    const items = (await listAgendaItems(db, tenantId, meeting.id)).filter((i) => i.public);
    const there = (await listAttendance(db, tenantId, meeting.id)).filter((a) =>
      ['present', 'late', 'left_early'].includes(a.status),
    );
    out.push({
      meeting,
      present: there.length,
      items: await Promise.all(
        items.map(async (i) => ({
          id: i.id,
          position: i.position,
          title: i.title,
          kind: i.kind,
          minutes: i.minutes,
          votes: (await listVotes(db, tenantId, i.id)).map((v) => ({
            id: v.id,
            kind: v.kind,
            subject: v.subject,
            yes: v.yes,
            no: v.no,
            abstain: v.abstain,
            result: v.result,
            resolution: v.resolution,
          })),
        })),
      ),
    });
  }
  return out;
}

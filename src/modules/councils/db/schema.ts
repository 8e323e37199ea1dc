import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';
import {
  AGENDA_KINDS,
  type AgendaKind,
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  BALLOT_CHANNELS,
  type BallotChannel,
  BODY_KINDS,
  type BodyKind,
  CHOICES,
  type Choice,
  CIRCULATION_RESULTS,
  type CirculationResult,
  COMPOSITION_RULES,
  type CompositionRule,
  END_REASONS,
  type EndReason,
  MAJORITY_RULES,
  type MajorityRule,
  MEETING_STATUSES,
  MEMBER_KINDS,
  MEMBER_ROLES,
  type MeetingStatus,
  type MemberKind,
  type MemberRole,
  MINUTES_STATUSES,
  type MinutesStatus,
  QUORUM_RULES,
  type QuorumRule,
  TIE_RULES,
  type TieRule,
  VOTE_KINDS,
  VOTE_RESULTS,
  type VoteKind,
  type VoteResult,
} from '../domain/vocab.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true });
const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);
const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A body (Gremium): Quartiersrat, Aktionsfondsjury, AG Gemeinwesenarbeit, steering round … of an
 * area, a district (also an area) or the whole tenant (`area_id` null). `area_ids` holds the area
 * and its ancestors for scope checks. Its rules are columns: quorum, majority, tie, composition,
 * invitation deadline, votes by name, and the participation needed in a circulation vote.
 * area_id refers to the areas module by id only (no cross-module foreign key).
 */
export const bodies = pgTable(
  'councils_bodies',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<BodyKind>().notNull(),
    purpose: text('purpose').notNull().default(''),
    areaId: uuid('area_id'),
    areaIds: uuidList('area_ids'),
    public: boolean('public').notNull().default(true),
    quorumRule: text('quorum_rule').$type<QuorumRule>().notNull().default('more_than_half'),
    quorumFixed: integer('quorum_fixed'),
    majorityRule: text('majority_rule').$type<MajorityRule>().notNull().default('simple'),
    tieRule: text('tie_rule').$type<TieRule>().notNull().default('rejected'),
    compositionRule: text('composition_rule').$type<CompositionRule>().notNull().default('none'),
    invitationDays: integer('invitation_days').notNull().default(7),
    voteByNameRequired: boolean('vote_by_name_required').notNull().default(false),
    /** Participation a circulation vote needs, counted over the members entitled to vote in it. */
    circulationQuorumRule: text('circulation_quorum_rule')
      .$type<QuorumRule>()
      .notNull()
      .default('more_than_half'),
    /** Usual length of a term in years (e.g. 2 for an Aktionsfondsjury); null = open-ended. */
    termYears: integer('term_years'),
    /** The body no longer meets; kept with its history. */
    dissolvedOn: date('dissolved_on', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_bodies_slug_key').on(t.tenantId, t.slug),
    index('councils_bodies_area_idx').on(t.tenantId, t.areaId),
    check('councils_bodies_kind', sql`${t.kind} in (${inList(BODY_KINDS)})`),
    check(
      'councils_bodies_quorum',
      sql`(${t.quorumRule} = 'fixed') = (${t.quorumFixed} is not null) and coalesce(${t.quorumFixed}, 1) >= 1`,
    ),
    check(
      'councils_bodies_rules',
      sql`${t.quorumRule} in (${inList(QUORUM_RULES)}) and ${t.circulationQuorumRule} in (${inList(QUORUM_RULES)}) and ${t.circulationQuorumRule} <> 'fixed' and ${t.majorityRule} in (${inList(MAJORITY_RULES)}) and ${t.tieRule} in (${inList(TIE_RULES)}) and ${t.compositionRule} in (${inList(COMPOSITION_RULES)})`,
    ),
    check('councils_bodies_invitation_days', sql`${t.invitationDays} between 0 and 60`),
    check('councils_bodies_term_years', sql`${t.termYears} is null or ${t.termYears} between 1 and 10`),
  ],
);

/**
 * A meeting (Sitzung) of a body at a venue of the network module (`venue_id`, its name copied) or
 * online. Meetings of a series (e.g. monthly) share `series_id`. `minutes_status` says whether the
 * minutes still await approval: the next meeting's agenda then gets an approval item.
 */
export const meetings = pgTable(
  'councils_meetings',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    bodyId: uuid('body_id').notNull(),
    title: text('title').notNull().default(''),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at'),
    venueId: uuid('venue_id'),
    locationName: text('location_name').notNull().default(''),
    onlineUrl: text('online_url'),
    public: boolean('public').notNull().default(true),
    status: text('status').$type<MeetingStatus>().notNull().default('planned'),
    seriesId: uuid('series_id'),
    /** Guests without a member record (free names), e.g. residents who came to a public session. */
    guestNames: textList('guest_names'),
    minutesStatus: text('minutes_status').$type<MinutesStatus>().notNull().default('none'),
    /** The meeting whose vote approved these minutes. */
    minutesApprovedIn: uuid('minutes_approved_in'),
    /** When the minutes went to the members (circulated for approval). */
    minutesCirculatedAt: tstz('minutes_circulated_at'),
    /** When the public part of the approved minutes was published (public meetings only). */
    minutesPublishedAt: tstz('minutes_published_at'),
    cancelledReason: text('cancelled_reason').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.bodyId],
      foreignColumns: [bodies.tenantId, bodies.id],
      name: 'councils_meetings_body_fk',
    }),
    index('councils_meetings_body_idx').on(t.tenantId, t.bodyId, t.startsAt),
    check('councils_meetings_order', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check('councils_meetings_status', sql`${t.status} in (${inList(MEETING_STATUSES)})`),
    check('councils_meetings_minutes', sql`${t.minutesStatus} in (${inList(MINUTES_STATUSES)})`),
  ],
);

/**
 * An agenda item (Tagesordnungspunkt). `minutes_of` names the meeting whose minutes an
 * `approval_of_minutes` item approves.
 */
export const agendaItems = pgTable(
  'councils_agenda_items',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    meetingId: uuid('meeting_id').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind').$type<AgendaKind>().notNull(),
    public: boolean('public').notNull().default(true),
    presenter: text('presenter').notNull().default(''),
    text: text('text').notNull().default(''),
    /** What the minutes say about the item (discussion, outcome); votes and attendance come from their records. */
    minutes: text('minutes').notNull().default(''),
    minutesOf: uuid('minutes_of'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.meetingId],
      foreignColumns: [meetings.tenantId, meetings.id],
      name: 'councils_agenda_items_meeting_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.minutesOf],
      foreignColumns: [meetings.tenantId, meetings.id],
      name: 'councils_agenda_items_minutes_fk',
    }),
    index('councils_agenda_items_meeting_idx').on(t.tenantId, t.meetingId, t.position),
    check('councils_agenda_items_position', sql`${t.position} >= 1`),
    check('councils_agenda_items_kind', sql`${t.kind} in (${inList(AGENDA_KINDS)})`),
    check(
      'councils_agenda_items_minutes',
      sql`(${t.kind} = 'approval_of_minutes') = (${t.minutesOf} is not null)`,
    ),
  ],
);

/**
 * A vote on an agenda item (several per item are possible, e.g. one per fund application). The
 * counts of who could vote are kept as they were at the vote: `entitled` (voting members in term
 * without a conflict on the item), `present_member_ids` (of them, who was there), `quorum` (how many
 * had to be). By-name votes keep each ballot in `councils_ballots`.
 */
export const votes = pgTable(
  'councils_votes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    agendaItemId: uuid('agenda_item_id').notNull(),
    kind: text('kind').$type<VoteKind>().notNull(),
    subject: text('subject').notNull().default(''),
    yes: integer('yes').notNull(),
    no: integer('no').notNull(),
    abstain: integer('abstain').notNull(),
    entitled: integer('entitled').notNull(),
    presentMemberIds: uuidList('present_member_ids'),
    quorum: integer('quorum').notNull(),
    /** The chair's casting vote, when a tie under the rule `chair_decides` was broken by it. */
    chairCasting: text('chair_casting').$type<Choice>(),
    result: text('result').$type<VoteResult>().notNull(),
    resolution: text('resolution').notNull().default(''),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.agendaItemId],
      foreignColumns: [agendaItems.tenantId, agendaItems.id],
      name: 'councils_votes_item_fk',
    }),
    index('councils_votes_item_idx').on(t.tenantId, t.agendaItemId),
    check('councils_votes_kind', sql`${t.kind} in (${inList(VOTE_KINDS)})`),
    check('councils_votes_result', sql`${t.result} in (${inList(VOTE_RESULTS)})`),
    check(
      'councils_votes_counts',
      sql`${t.yes} >= 0 and ${t.no} >= 0 and ${t.abstain} >= 0 and ${t.yes} + ${t.no} + ${t.abstain} <= cardinality(${t.presentMemberIds}) and cardinality(${t.presentMemberIds}) <= ${t.entitled} and cardinality(${t.presentMemberIds}) >= ${t.quorum}`,
    ),
    check('councils_votes_casting', sql`${t.chairCasting} is null or ${t.chairCasting} in ('yes', 'no')`),
  ],
);

/**
 * A member of a body, one record per term (history is kept: a term ends, it is never deleted).
 * Residents' names are public only with recorded consent (`publish_name`, `publish_name_consent_at`);
 * the e-mail address (papers, private links) is never public. `actor_id` names the organisation a
 * representative speaks for (network module), `user_id` an account (to read closed papers and vote
 * online). A successor's record points at the member they follow (`successor_of`).
 * Terms are whole days, both ends included: `term_from` … the earlier of `term_to` and `ended_on`.
 */
export const members = pgTable(
  'councils_members',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    bodyId: uuid('body_id').notNull(),
    kind: text('kind').$type<MemberKind>().notNull(),
    name: text('name').notNull(),
    publishName: boolean('publish_name').notNull().default(false),
    publishNameConsentAt: tstz('publish_name_consent_at'),
    email: text('email').notNull().default(''),
    actorId: uuid('actor_id'),
    organisation: text('organisation').notNull().default(''),
    department: text('department').notNull().default(''),
    userId: uuid('user_id'),
    role: text('role').$type<MemberRole>().notNull().default('member'),
    voting: boolean('voting').notNull().default(true),
    termFrom: date('term_from', { mode: 'string' }).notNull(),
    termTo: date('term_to', { mode: 'string' }),
    electedOn: date('elected_on', { mode: 'string' }),
    electionVoteId: uuid('election_vote_id'),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason').$type<EndReason>(),
    successorOf: uuid('successor_of'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.bodyId],
      foreignColumns: [bodies.tenantId, bodies.id],
      name: 'councils_members_body_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.electionVoteId],
      foreignColumns: [votes.tenantId, votes.id],
      name: 'councils_members_election_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.successorOf],
      foreignColumns: [t.tenantId, t.id],
      name: 'councils_members_successor_fk',
    }),
    index('councils_members_body_idx').on(t.tenantId, t.bodyId, t.termFrom),
    index('councils_members_user_idx').on(t.tenantId, t.userId),
    check('councils_members_kind', sql`${t.kind} in (${inList(MEMBER_KINDS)})`),
    check('councils_members_role', sql`${t.role} in (${inList(MEMBER_ROLES)})`),
    check('councils_members_advisory', sql`not (${t.voting} and ${t.role} in ('advisory', 'guest'))`),
    check('councils_members_consent', sql`not ${t.publishName} or ${t.publishNameConsentAt} is not null`),
    check(
      'councils_members_end_reason',
      sql`${t.endReason} is null or ${t.endReason} in (${inList(END_REASONS)})`,
    ),
    check('councils_members_term', sql`${t.termTo} is null or ${t.termTo} >= ${t.termFrom}`),
    check(
      'councils_members_end',
      sql`(${t.endedOn} is null) = (${t.endReason} is null) and (${t.endedOn} is null or ${t.endedOn} >= ${t.termFrom} - 1)`,
    ),
  ],
);

/**
 * Who was at a meeting. A member who came late or left early was there for the items from
 * `from_position` to `until_position` (both included; null = from the start / to the end).
 */
export const attendance = pgTable(
  'councils_attendance',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    meetingId: uuid('meeting_id').notNull(),
    memberId: uuid('member_id').notNull(),
    status: text('status').$type<AttendanceStatus>().notNull(),
    fromPosition: integer('from_position'),
    untilPosition: integer('until_position'),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_attendance_member_key').on(t.tenantId, t.meetingId, t.memberId),
    foreignKey({
      columns: [t.tenantId, t.meetingId],
      foreignColumns: [meetings.tenantId, meetings.id],
      name: 'councils_attendance_meeting_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.memberId],
      foreignColumns: [members.tenantId, members.id],
      name: 'councils_attendance_member_fk',
    }),
    check('councils_attendance_status', sql`${t.status} in (${inList(ATTENDANCE_STATUSES)})`),
    check(
      'councils_attendance_positions',
      sql`(${t.status} in ('present', 'late', 'left_early') or (${t.fromPosition} is null and ${t.untilPosition} is null)) and (${t.fromPosition} is null or ${t.untilPosition} is null or ${t.untilPosition} >= ${t.fromPosition})`,
    ),
  ],
);

/** A circulation vote (Umlaufverfahren): the motion, its window, who may vote, and the result when closed. */
export const circulations = pgTable(
  'councils_circulations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    bodyId: uuid('body_id').notNull(),
    title: text('title').notNull(),
    motion: text('motion').notNull().default(''),
    opensAt: tstz('opens_at').notNull(),
    closesAt: tstz('closes_at').notNull(),
    /** Voting members in term when it opened, less those who declared a conflict of interest since. */
    entitledMemberIds: uuidList('entitled_member_ids'),
    closedAt: tstz('closed_at'),
    yes: integer('yes'),
    no: integer('no'),
    abstain: integer('abstain'),
    result: text('result').$type<CirculationResult>(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.bodyId],
      foreignColumns: [bodies.tenantId, bodies.id],
      name: 'councils_circulations_body_fk',
    }),
    index('councils_circulations_body_idx').on(t.tenantId, t.bodyId, t.opensAt),
    check(
      'councils_circulations_result',
      sql`${t.result} is null or ${t.result} in (${inList(CIRCULATION_RESULTS)})`,
    ),
    check('councils_circulations_window', sql`${t.closesAt} > ${t.opensAt}`),
    check(
      'councils_circulations_closed',
      sql`(${t.closedAt} is null) = (${t.result} is null) and (${t.result} is null) = (${t.yes} is null)`,
    ),
  ],
);

/**
 * A declared conflict of interest (Befangenheit): the member does not vote on the agenda item or
 * in the circulation vote and is not counted for its quorum.
 */
export const conflicts = pgTable(
  'councils_conflicts',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    memberId: uuid('member_id').notNull(),
    agendaItemId: uuid('agenda_item_id'),
    circulationId: uuid('circulation_id'),
    note: text('note').notNull().default(''),
    declaredBy: uuid('declared_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_conflicts_item_key').on(t.tenantId, t.agendaItemId, t.memberId),
    unique('councils_conflicts_circulation_key').on(t.tenantId, t.circulationId, t.memberId),
    foreignKey({
      columns: [t.tenantId, t.memberId],
      foreignColumns: [members.tenantId, members.id],
      name: 'councils_conflicts_member_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.agendaItemId],
      foreignColumns: [agendaItems.tenantId, agendaItems.id],
      name: 'councils_conflicts_item_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.circulationId],
      foreignColumns: [circulations.tenantId, circulations.id],
      name: 'councils_conflicts_circulation_fk',
    }),
    check('councils_conflicts_target', sql`(${t.agendaItemId} is null) <> (${t.circulationId} is null)`),
  ],
);

/** One member's ballot in a vote by name. */
export const ballots = pgTable(
  'councils_ballots',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    voteId: uuid('vote_id').notNull(),
    memberId: uuid('member_id').notNull(),
    choice: text('choice').$type<Choice>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_ballots_member_key').on(t.tenantId, t.voteId, t.memberId),
    foreignKey({
      columns: [t.tenantId, t.voteId],
      foreignColumns: [votes.tenantId, votes.id],
      name: 'councils_ballots_vote_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.memberId],
      foreignColumns: [members.tenantId, members.id],
      name: 'councils_ballots_member_fk',
    }),
    check('councils_ballots_choice', sql`${t.choice} in (${inList(CHOICES)})`),
  ],
);

/** A ballot in a circulation vote: one per member, however often they press the button. */
export const circulationBallots = pgTable(
  'councils_circulation_ballots',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    circulationId: uuid('circulation_id').notNull(),
    memberId: uuid('member_id').notNull(),
    choice: text('choice').$type<Choice>().notNull(),
    channel: text('channel').$type<BallotChannel>().notNull(),
    castAt: tstz('cast_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_circulation_ballots_member_key').on(t.tenantId, t.circulationId, t.memberId),
    foreignKey({
      columns: [t.tenantId, t.circulationId],
      foreignColumns: [circulations.tenantId, circulations.id],
      name: 'councils_circulation_ballots_circulation_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.memberId],
      foreignColumns: [members.tenantId, members.id],
      name: 'councils_circulation_ballots_member_fk',
    }),
    check('councils_circulation_ballots_choice', sql`${t.choice} in (${inList(CHOICES)})`),
    check('councils_circulation_ballots_channel', sql`${t.channel} in (${inList(BALLOT_CHANNELS)})`),
  ],
);

/**
 * A member's private link for one circulation vote (members without an account): only the SHA-256
 * of the random token is stored; a new link for the same member replaces the old one.
 */
export const circulationLinks = pgTable(
  'councils_circulation_links',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    circulationId: uuid('circulation_id').notNull(),
    memberId: uuid('member_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_circulation_links_member_key').on(t.tenantId, t.circulationId, t.memberId),
    unique('councils_circulation_links_token_key').on(t.tenantId, t.tokenHash),
    foreignKey({
      columns: [t.tenantId, t.circulationId],
      foreignColumns: [circulations.tenantId, circulations.id],
      name: 'councils_circulation_links_circulation_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.memberId],
      foreignColumns: [members.tenantId, members.id],
      name: 'councils_circulation_links_member_fk',
    }),
  ],
);

/**
 * An uploaded paper of an agenda item (a PDF): public or closed with its item. The bytes are in the
 * file storage under the row's id (`platform/files`); the name is the uploader's, shown and offered
 * as the download's name.
 */
export const itemFiles = pgTable(
  'councils_item_files',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    agendaItemId: uuid('agenda_item_id').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.agendaItemId],
      foreignColumns: [agendaItems.tenantId, agendaItems.id],
      name: 'councils_item_files_item_fk',
    }),
    index('councils_item_files_item_idx').on(t.tenantId, t.agendaItemId),
    check('councils_item_files_type', sql`${t.contentType} = 'application/pdf'`),
    check('councils_item_files_size', sql`${t.size} > 0`),
  ],
);

/**
 * A member's private link to a meeting's papers, withdrawn by the staff before it expires: the link
 * is signed, not stored, so the withdrawal is what `papersByLink` looks for.
 */
export const paperLinkWithdrawals = pgTable(
  'councils_paper_link_withdrawals',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    meetingId: uuid('meeting_id').notNull(),
    memberId: uuid('member_id').notNull(),
    withdrawnBy: uuid('withdrawn_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_paper_link_withdrawals_key').on(t.tenantId, t.meetingId, t.memberId),
    foreignKey({
      columns: [t.tenantId, t.meetingId],
      foreignColumns: [meetings.tenantId, meetings.id],
      name: 'councils_paper_link_withdrawals_meeting_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.memberId],
      foreignColumns: [members.tenantId, members.id],
      name: 'councils_paper_link_withdrawals_member_fk',
    }),
  ],
);

/**
 * A reminder e-mail sent to the staff of a body, once per thing and date: `kind` says what
 * (`invitation_due`: a meeting; `term_ending`: a member record), `due_on` the date it was about (the
 * invitation deadline or the term's end), so a moved meeting or term is reminded again.
 */
export const remindersSent = pgTable(
  'councils_reminders_sent',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    recipients: integer('recipients').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('councils_reminders_sent_key').on(t.tenantId, t.kind, t.subjectId, t.dueOn),
    check('councils_reminders_sent_kind', sql`${t.kind} in ('invitation_due', 'term_ending')`),
  ],
);

/**
 * An OParl object that was public and is no longer (an agenda item removed or made closed, a meeting
 * or body made closed): OParl 1.1 keeps it in the lists as `deleted: true`, so that a client syncing
 * with `modified_since` learns of it. `object_type` is the OParl type's name (`AgendaItem`, `Paper`
 * …), `body_id` the body whose lists carry it; `created_at` is the object's own creation time. A row
 * is removed when the object becomes public again.
 */
export const oparlTombstones = pgTable(
  'councils_oparl_tombstones',
  {
    tenantId: tenantIdColumn(),
    objectType: text('object_type').notNull(),
    objectId: uuid('object_id').notNull(),
    bodyId: uuid('body_id').notNull(),
    meetingId: uuid('meeting_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.objectType, t.objectId] }),
    index('councils_oparl_tombstones_deleted_idx').on(t.tenantId, t.objectType, t.deletedAt),
  ],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
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
  APPLICANT_KINDS,
  APPLICATION_STATUSES,
  type ApplicantKind,
  type ApplicationStatus,
  COST_KINDS,
  type CostKind,
  ELIGIBILITY_RULES,
  type EligibilityRule,
  FUND_KINDS,
  type FundKind,
  LEDGER_KINDS,
  type LedgerKind,
  PAYMENT_KINDS,
  type PaymentKind,
  SETTLEMENT_FILE_KINDS,
  SETTLEMENT_STATUSES,
  type SettlementFileKind,
  type SettlementStatus,
  YEAR_END_RULES,
  type YearEndRule,
} from '../domain/vocab.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true });
/** Money in whole cents (never floating point). */
const cents = (name: string) => bigint(name, { mode: 'number' });
const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);
const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A fund (Aktionsfonds, Projektfonds, Initiativfonds …) of an area (`area_id`, with its ancestors in
 * `area_ids` for scope checks) or of the whole tenant (null), optionally of one working group (a body
 * of the councils module, `working_group_id`). `deciding_body_id` is the jury or group that decides
 * its applications. A city-wide fund split across working groups is the `parent_fund_id` of one fund
 * per group. The rules are columns: cap per application, allowed cost kinds (empty = all), own
 * contribution as a share of the costs (volunteer hours count at `volunteer_hour_rate_cents`), no start
 * before the decision, submission deadline in days before each session, and the year-end rule.
 * Bodies and areas are referred to by id only (no cross-module foreign key).
 */
export const funds = pgTable(
  'funds_funds',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    kind: text('kind').$type<FundKind>().notNull(),
    areaId: uuid('area_id'),
    areaIds: uuidList('area_ids'),
    workingGroupId: uuid('working_group_id'),
    decidingBodyId: uuid('deciding_body_id'),
    parentFundId: uuid('parent_fund_id'),
    fundingSource: text('funding_source').notNull().default(''),
    programme: text('programme').notNull().default(''),
    /** The guideline's goals, one per line (Förderziele). */
    goals: text('goals').notNull().default(''),
    /** Criteria an application names (e.g. benefit to the community, self-help, climate). */
    criteria: textList('criteria'),
    /** Target groups an application may name (e.g. children, older people, families). */
    targetGroups: textList('target_groups'),
    capCents: cents('cap_cents'),
    allowedCostKinds: text('allowed_cost_kinds')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`)
      .$type<CostKind[]>(),
    ownContributionPercent: integer('own_contribution_percent').notNull().default(0),
    volunteerHourRateCents: integer('volunteer_hour_rate_cents'),
    noStartBeforeDecision: boolean('no_start_before_decision').notNull().default(true),
    deadlineDaysBeforeSession: integer('deadline_days_before_session'),
    yearEndRule: text('year_end_rule').$type<YearEndRule>().notNull().default('lapse'),
    /** The public call page shows what is left of this year's budget. */
    publicBalance: boolean('public_balance').notNull().default(true),
    archivedAt: tstz('archived_at'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.parentFundId],
      foreignColumns: [t.tenantId, t.id],
      name: 'funds_funds_parent_fk',
    }),
    index('funds_funds_area_idx').on(t.tenantId, t.areaId),
    check('funds_funds_kind', sql`${t.kind} in (${inList(FUND_KINDS)})`),
    check('funds_funds_year_end', sql`${t.yearEndRule} in (${inList(YEAR_END_RULES)})`),
    check('funds_funds_cap', sql`${t.capCents} is null or ${t.capCents} > 0`),
    check('funds_funds_own_share', sql`${t.ownContributionPercent} between 0 and 100`),
    check(
      'funds_funds_hour_rate',
      sql`${t.volunteerHourRateCents} is null or ${t.volunteerHourRateCents} between 0 and 100000`,
    ),
    check(
      'funds_funds_deadline',
      sql`${t.deadlineDaysBeforeSession} is null or ${t.deadlineDaysBeforeSession} between 0 and 120`,
    ),
    check('funds_funds_cost_kinds', sql`${t.allowedCostKinds} <@ array[${inList(COST_KINDS)}]::text[]`),
    check('funds_funds_not_own_parent', sql`${t.parentFundId} is null or ${t.parentFundId} <> ${t.id}`),
  ],
);

/**
 * A fund's year: its budget and its balances. The balances are never written by the app: a trigger
 * (migration 0018) recomputes them from the ledger on every change of the row, and the ledger's
 * trigger touches the row for every entry. So they always add up, the row lock serialises every
 * entry of one fund-year, and the checks below refuse an over-commitment in the database itself:
 * committed + lapsed + carried out ≤ budget + carried in; paid − returned between 0 and committed.
 */
export const fundYears = pgTable(
  'funds_fund_years',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    fundId: uuid('fund_id').notNull(),
    year: integer('year').notNull(),
    budgetCents: cents('budget_cents').notNull().default(0),
    committedCents: cents('committed_cents').notNull().default(0),
    paidCents: cents('paid_cents').notNull().default(0),
    returnedCents: cents('returned_cents').notNull().default(0),
    lapsedCents: cents('lapsed_cents').notNull().default(0),
    carriedOutCents: cents('carried_out_cents').notNull().default(0),
    carriedInCents: cents('carried_in_cents').notNull().default(0),
    /** Year end done (lapse or carry-over): no more commitments. */
    closedAt: tstz('closed_at'),
    closedBy: uuid('closed_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('funds_fund_years_year_key').on(t.tenantId, t.fundId, t.year),
    foreignKey({
      columns: [t.tenantId, t.fundId],
      foreignColumns: [funds.tenantId, funds.id],
      name: 'funds_fund_years_fund_fk',
    }),
    check('funds_fund_years_year', sql`${t.year} between 2000 and 2100`),
    check('funds_fund_years_budget', sql`${t.budgetCents} >= 0`),
    check(
      'funds_fund_years_not_overcommitted',
      sql`${t.committedCents} + ${t.lapsedCents} + ${t.carriedOutCents} <= ${t.budgetCents} + ${t.carriedInCents}`,
    ),
    check('funds_fund_years_committed', sql`${t.committedCents} >= 0`),
    check(
      'funds_fund_years_paid',
      sql`${t.returnedCents} >= 0 and ${t.paidCents} - ${t.returnedCents} between 0 and ${t.committedCents}`,
    ),
  ],
);

/**
 * Every change of a fund-year's budget (append-only): from what to what, why, by whom. A change that
 * is part of splitting a parent fund's budget across working groups names the parent's fund-year.
 */
export const budgetChanges = pgTable(
  'funds_budget_changes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    fundYearId: uuid('fund_year_id').notNull(),
    previousCents: cents('previous_cents').notNull(),
    newCents: cents('new_cents').notNull(),
    reason: text('reason').notNull().default(''),
    splitOf: uuid('split_of'),
    changedBy: uuid('changed_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.fundYearId],
      foreignColumns: [fundYears.tenantId, fundYears.id],
      name: 'funds_budget_changes_year_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.splitOf],
      foreignColumns: [fundYears.tenantId, fundYears.id],
      name: 'funds_budget_changes_split_fk',
    }),
    index('funds_budget_changes_year_idx').on(t.tenantId, t.fundYearId),
  ],
);

/**
 * An application to a fund for one year. The applicant (a person or a group) applies without an
 * account through a private link (only the SHA-256 of its token is stored), or staff enter it on
 * their behalf (`entered_by`). `total_cents` is the sum of the cost plan, `requested_cents` what the
 * fund is asked for (the total less the own money). The decision: the agenda item and vote of the
 * deciding body's meeting, the granted amount, conditions or the reasons for a refusal.
 */
export const applications = pgTable(
  'funds_applications',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    fundId: uuid('fund_id').notNull(),
    fundYearId: uuid('fund_year_id').notNull(),
    status: text('status').$type<ApplicationStatus>().notNull().default('draft'),
    applicantKind: text('applicant_kind').$type<ApplicantKind>().notNull().default('person'),
    applicantName: text('applicant_name').notNull().default(''),
    groupName: text('group_name').notNull().default(''),
    email: text('email').notNull().default(''),
    phone: text('phone').notNull().default(''),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    areaId: uuid('area_id'),
    targetGroups: textList('target_groups'),
    expectedParticipants: integer('expected_participants'),
    criteria: textList('criteria'),
    ownMoneyCents: cents('own_money_cents').notNull().default(0),
    volunteerHours: integer('volunteer_hours').notNull().default(0),
    totalCents: cents('total_cents').notNull().default(0),
    requestedCents: cents('requested_cents').notNull().default(0),
    tokenHash: text('token_hash'),
    enteredBy: uuid('entered_by'),
    submittedAt: tstz('submitted_at'),
    meetingId: uuid('meeting_id'),
    agendaItemId: uuid('agenda_item_id'),
    voteId: uuid('vote_id'),
    decidedAt: tstz('decided_at'),
    grantedCents: cents('granted_cents'),
    conditions: text('conditions').notNull().default(''),
    refusalReasons: text('refusal_reasons').notNull().default(''),
    actualParticipants: integer('actual_participants'),
    /** The language the applicant applied in: their mails speak it. */
    lang: text('lang').notNull().default('de'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('funds_applications_token_key').on(t.tenantId, t.tokenHash),
    foreignKey({
      columns: [t.tenantId, t.fundId],
      foreignColumns: [funds.tenantId, funds.id],
      name: 'funds_applications_fund_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.fundYearId],
      foreignColumns: [fundYears.tenantId, fundYears.id],
      name: 'funds_applications_year_fk',
    }),
    index('funds_applications_year_idx').on(t.tenantId, t.fundYearId, t.status),
    index('funds_applications_item_idx').on(t.tenantId, t.agendaItemId),
    check('funds_applications_status', sql`${t.status} in (${inList(APPLICATION_STATUSES)})`),
    check('funds_applications_applicant', sql`${t.applicantKind} in (${inList(APPLICANT_KINDS)})`),
    check(
      'funds_applications_dates',
      sql`${t.endsOn} is null or ${t.startsOn} is null or ${t.endsOn} >= ${t.startsOn}`,
    ),
    check(
      'funds_applications_money',
      sql`${t.ownMoneyCents} >= 0 and ${t.volunteerHours} >= 0 and ${t.totalCents} >= 0 and ${t.requestedCents} >= 0`,
    ),
    check(
      'funds_applications_granted',
      sql`${t.grantedCents} is null or (${t.grantedCents} > 0 and ${t.grantedCents} <= ${t.requestedCents})`,
    ),
    check(
      'funds_applications_participants',
      sql`coalesce(${t.expectedParticipants}, 0) >= 0 and coalesce(${t.actualParticipants}, 0) >= 0`,
    ),
  ],
);

/** One line of an application's cost plan. */
export const costLines = pgTable(
  'funds_cost_lines',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    applicationId: uuid('application_id').notNull(),
    position: integer('position').notNull(),
    item: text('item').notNull(),
    costKind: text('cost_kind').$type<CostKind>().notNull(),
    amountCents: cents('amount_cents').notNull(),
    /** What the line really cost, entered with the settlement (the cost plan is fixed after the decision). */
    actualCents: cents('actual_cents'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.applicationId],
      foreignColumns: [applications.tenantId, applications.id],
      name: 'funds_cost_lines_application_fk',
    }),
    index('funds_cost_lines_application_idx').on(t.tenantId, t.applicationId, t.position),
    check('funds_cost_lines_kind', sql`${t.costKind} in (${inList(COST_KINDS)})`),
    check('funds_cost_lines_amount', sql`${t.amountCents} > 0`),
    check('funds_cost_lines_actual', sql`${t.actualCents} is null or ${t.actualCents} >= 0`),
  ],
);

/** A note of the eligibility check on one rule: met or not, and why. */
export const eligibilityNotes = pgTable(
  'funds_eligibility_notes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    applicationId: uuid('application_id').notNull(),
    rule: text('rule').$type<EligibilityRule>().notNull(),
    ok: boolean('ok').notNull(),
    note: text('note').notNull().default(''),
    checkedBy: uuid('checked_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.applicationId],
      foreignColumns: [applications.tenantId, applications.id],
      name: 'funds_eligibility_notes_application_fk',
    }),
    index('funds_eligibility_notes_application_idx').on(t.tenantId, t.applicationId),
    check('funds_eligibility_notes_rule', sql`${t.rule} in (${inList(ELIGIBILITY_RULES)})`),
  ],
);

/** An application's way through its statuses: each change with who and when (the applicant follows it). */
export const statusChanges = pgTable(
  'funds_status_changes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    applicationId: uuid('application_id').notNull(),
    fromStatus: text('from_status').$type<ApplicationStatus>(),
    toStatus: text('to_status').$type<ApplicationStatus>().notNull(),
    note: text('note').notNull().default(''),
    changedBy: uuid('changed_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.applicationId],
      foreignColumns: [applications.tenantId, applications.id],
      name: 'funds_status_changes_application_fk',
    }),
    index('funds_status_changes_application_idx').on(t.tenantId, t.applicationId),
    check(
      'funds_status_changes_status',
      sql`${t.toStatus} in (${inList(APPLICATION_STATUSES)}) and (${t.fromStatus} is null or ${t.fromStatus} in (${inList(APPLICATION_STATUSES)}))`,
    ),
  ],
);

/**
 * The ledger of a fund-year (append-only: a trigger of migration 0018 refuses every UPDATE and
 * DELETE). Amounts are positive, only a correction is signed. It keeps amounts, never names: the
 * applicant is reached through `application_id`. Each entry says who booked it and when.
 */
export const ledger = pgTable(
  'funds_ledger',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    fundYearId: uuid('fund_year_id').notNull(),
    applicationId: uuid('application_id'),
    kind: text('kind').$type<LedgerKind>().notNull(),
    amountCents: cents('amount_cents').notNull(),
    paymentKind: text('payment_kind').$type<PaymentKind>(),
    note: text('note').notNull().default(''),
    bookedOn: date('booked_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.fundYearId],
      foreignColumns: [fundYears.tenantId, fundYears.id],
      name: 'funds_ledger_year_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.applicationId],
      foreignColumns: [applications.tenantId, applications.id],
      name: 'funds_ledger_application_fk',
    }),
    index('funds_ledger_year_idx').on(t.tenantId, t.fundYearId),
    index('funds_ledger_application_idx').on(t.tenantId, t.applicationId),
    check('funds_ledger_kind', sql`${t.kind} in (${inList(LEDGER_KINDS)})`),
    check(
      'funds_ledger_amount',
      sql`case when ${t.kind} = 'correction' then ${t.amountCents} <> 0 else ${t.amountCents} > 0 end`,
    ),
    check(
      'funds_ledger_payment_kind',
      sql`(${t.kind} = 'payment') = (${t.paymentKind} is not null) and (${t.paymentKind} is null or ${t.paymentKind} in (${inList(PAYMENT_KINDS)}))`,
    ),
    check(
      'funds_ledger_application',
      sql`(${t.kind} in ('commitment', 'correction', 'payment', 'return')) = (${t.applicationId} is not null)`,
    ),
  ],
);

/**
 * The proof of use of a granted application (Verwendungsnachweis, FUND-4), written by the applicant
 * through the private link: a short report and how many took part, by age group and optionally by
 * gender (anonymous counts). The actual costs are on the cost lines, receipts and photos in
 * `funds_settlement_files`. draft → submitted → corrections (staff asked; the applicant changes and
 * submits again) → accepted. `reminded_at`: the reminder before the due day went out (once).
 * `claimed_back_cents`: what staff claimed back as unspent (booked as a return and a correction).
 */
export const settlements = pgTable(
  'funds_settlements',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    applicationId: uuid('application_id').notNull(),
    status: text('status').$type<SettlementStatus>().notNull().default('draft'),
    report: text('report').notNull().default(''),
    participantsChildren: integer('participants_children'),
    participantsYouth: integer('participants_youth'),
    participantsAdults: integer('participants_adults'),
    participantsSeniors: integer('participants_seniors'),
    participantsFemale: integer('participants_female'),
    participantsMale: integer('participants_male'),
    participantsDiverse: integer('participants_diverse'),
    staffNote: text('staff_note').notNull().default(''),
    submittedAt: tstz('submitted_at'),
    decidedAt: tstz('decided_at'),
    decidedBy: uuid('decided_by'),
    remindedAt: tstz('reminded_at'),
    claimedBackCents: cents('claimed_back_cents'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('funds_settlements_application_key').on(t.tenantId, t.applicationId),
    foreignKey({
      columns: [t.tenantId, t.applicationId],
      foreignColumns: [applications.tenantId, applications.id],
      name: 'funds_settlements_application_fk',
    }),
    check('funds_settlements_status', sql`${t.status} in (${inList(SETTLEMENT_STATUSES)})`),
    check(
      'funds_settlements_participants',
      sql`coalesce(${t.participantsChildren}, 0) >= 0 and coalesce(${t.participantsYouth}, 0) >= 0 and coalesce(${t.participantsAdults}, 0) >= 0 and coalesce(${t.participantsSeniors}, 0) >= 0 and coalesce(${t.participantsFemale}, 0) >= 0 and coalesce(${t.participantsMale}, 0) >= 0 and coalesce(${t.participantsDiverse}, 0) >= 0`,
    ),
    check('funds_settlements_claimed', sql`${t.claimedBackCents} is null or ${t.claimedBackCents} >= 0`),
  ],
);

/**
 * A receipt (for one cost line: PDF, JPEG or PNG) or a photo of the project (JPEG or PNG, camera
 * metadata removed) of a settlement. The bytes are in the file storage under the row's id
 * (`platform/files`), carried with the tenant's backup. A photo is shown on the public list of
 * funded projects only with `consent` (the people in it agreed to its publication).
 */
export const settlementFiles = pgTable(
  'funds_settlement_files',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    applicationId: uuid('application_id').notNull(),
    kind: text('kind').$type<SettlementFileKind>().notNull(),
    costLineId: uuid('cost_line_id'),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    consent: boolean('consent').notNull().default(false),
    caption: text('caption').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.applicationId],
      foreignColumns: [applications.tenantId, applications.id],
      name: 'funds_settlement_files_application_fk',
    }),
    foreignKey({
      columns: [t.tenantId, t.costLineId],
      foreignColumns: [costLines.tenantId, costLines.id],
      name: 'funds_settlement_files_line_fk',
    }),
    index('funds_settlement_files_application_idx').on(t.tenantId, t.applicationId),
    check('funds_settlement_files_kind', sql`${t.kind} in (${inList(SETTLEMENT_FILE_KINDS)})`),
    check(
      'funds_settlement_files_type',
      sql`${t.contentType} in ('application/pdf', 'image/jpeg', 'image/png') and (${t.kind} = 'receipt' or ${t.contentType} <> 'application/pdf')`,
    ),
    check('funds_settlement_files_size', sql`${t.size} > 0`),
    check(
      'funds_settlement_files_consent',
      sql`(${t.kind} = 'photo' or not ${t.consent}) and (${t.kind} = 'receipt' or ${t.costLineId} is null)`,
    ),
  ],
);

/**
 * Attachments of an application: quotes (Kostenvoranschläge, Angebote) for its cost plan, uploaded by
 * the applicant through the private link while they may change it. The bytes are stored with the
 * tenant's files (as the settlement's receipts), the row names them. A quote is addressed to the
 * applicant (name, address): staff who process the fund's applications open it, the jury does not
 * (policies.ts `mayOpenQuotes`).
 */
export const applicationFiles = pgTable(
  'funds_application_files',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    applicationId: uuid('application_id').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.applicationId],
      foreignColumns: [applications.tenantId, applications.id],
      name: 'funds_application_files_application_fk',
    }),
    index('funds_application_files_application_idx').on(t.tenantId, t.applicationId),
    check(
      'funds_application_files_type',
      sql`${t.contentType} in ('application/pdf', 'image/jpeg', 'image/png')`,
    ),
    check('funds_application_files_size', sql`${t.size} > 0`),
  ],
);

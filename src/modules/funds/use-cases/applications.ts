/**
 * Applications (FUND-2): started by the applicant without an account (a private link, of which only
 * the hash is stored) or entered by staff on the applicant's behalf; changed while it is a draft or
 * changes were asked for; submitted; read with its cost plan, the fund's rules checked, its eligibility
 * notes, its status history and what was booked for it.
 */
import { and, eq } from 'drizzle-orm';
import { type Actor, authorize } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { localDate, todayLocal } from '../../../platform/time/index.ts';
import { areaPath } from '../../areas/index.ts';
import { meetingsFor, meetingsOfBody } from '../../councils/index.ts';
import { applications, costLines, statusChanges } from '../db/schema.ts';
import { checkRules, costTotals, type RuleCheck, type Session } from '../domain/rules.ts';
import { canMove, editableByApplicant, editableByStaff, hasGrant } from '../domain/status.ts';
import type { ApplicationStatus } from '../domain/vocab.ts';
import { loadApplication, loadFund, PROCESS, READ } from '../policies.ts';
import {
  type Application,
  type CostLine,
  type EligibilityNote,
  type Fund,
  findApplicationByToken,
  findFundYear,
  getFund,
  type LedgerEntry,
  listApplicationLedger,
  listCostLines,
  listEligibilityNotes,
  listStatusChanges,
  lockApplication,
  type StatusChange,
} from '../queries.ts';
import { type ApplicationInput, applicationInput, parse } from '../schemas.ts';
import { letterFor, MAIL_OF, mailApplicant } from './mails.ts';
import { audit, rulesOf } from './shared.ts';

type Parsed = ReturnType<typeof applicationInput.parse>;

/** The project's area lies in the fund's area (or anywhere for a fund of the whole tenant). */
async function checkArea(db: Db, tenantId: string, fund: Fund, areaId: string | null) {
  if (!areaId) return;
  const path = (await areaPath(db, tenantId, areaId)).map((a) => a.id);
  if (path.length === 0 || (fund.areaId && !path.includes(fund.areaId)))
    throw new ValidationError({ areaId: 'validation.choice' });
}

/** The year an application goes to: this year's fund-year, which must have been set up. */
async function currentYear(db: Db, tenantId: string, fund: Fund) {
  const fy = await findFundYear(db, tenantId, fund.id, Number(todayLocal().slice(0, 4)));
  if (!fy || fy.closedAt) throw new ValidationError({ fundId: 'funds:errors.noOpenYear' });
  return fy;
}

/** Writes the content of an application and replaces its cost plan (in the caller's transaction). */
async function writeContent(tx: Db, tenantId: string, applicationId: string, v: Parsed) {
  const { totalCents, requestedCents } = costTotals(v.costLines, v.ownMoneyCents);
  const [row] = await tx
    .update(applications)
    .set({
      applicantKind: v.applicantKind,
      applicantName: v.applicantName,
      groupName: v.groupName,
      email: v.email,
      phone: v.phone,
      title: v.title,
      description: v.description,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      areaId: v.areaId,
      targetGroups: v.targetGroups,
      expectedParticipants: v.expectedParticipants,
      criteria: v.criteria,
      ownMoneyCents: v.ownMoneyCents,
      volunteerHours: v.volunteerHours,
      totalCents,
      requestedCents,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(applications, tenantId), eq(applications.id, applicationId)))
    .returning();
  await tx
    .delete(costLines)
    .where(and(ofTenant(costLines, tenantId), eq(costLines.applicationId, applicationId)));
  if (v.costLines.length)
    await tx.insert(costLines).values(
      v.costLines.map((l, i) => ({
        tenantId,
        id: newId(),
        applicationId,
        position: i + 1,
        item: l.item,
        costKind: l.costKind,
        amountCents: l.amountCents,
      })),
    );
  return row;
}

/**
 * What an applicant names as target groups and criteria comes from the fund's own lists (the report
 * counts by them). Staff entering a paper application write what the applicant named.
 */
function checkChoices(fund: Fund, v: Parsed) {
  const errors: Record<string, string> = {};
  if (v.targetGroups.some((g) => !fund.targetGroups.includes(g))) errors.targetGroups = 'validation.choice';
  if (v.criteria.some((k) => !fund.criteria.includes(k))) errors.criteria = 'validation.choice';
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function checkDates(v: Parsed) {
  if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
    throw new ValidationError({ endsOn: 'funds:errors.endBeforeStart' });
}

async function insertDraft(
  tx: Db,
  tenantId: string,
  fund: Fund,
  fundYearId: string,
  v: Parsed,
  extra: Partial<Application>,
) {
  const id = newId();
  await tx
    .insert(applications)
    .values({ tenantId, id, fundId: fund.id, fundYearId, title: v.title, ...extra });
  await tx.insert(statusChanges).values({
    tenantId,
    id: newId(),
    applicationId: id,
    fromStatus: null,
    toStatus: 'draft',
    changedBy: extra.enteredBy ?? null,
  });
  return writeContent(tx, tenantId, id, v);
}

/**
 * Moves an application to another status, if its status path allows it, and records the step
 * (in the caller's transaction, on the locked row).
 */
export async function moveStatus(
  tx: Db,
  actor: Actor | null,
  tenantId: string,
  app: Application,
  to: ApplicationStatus,
  note = '',
  set: Partial<typeof applications.$inferInsert> = {},
  o: { mail?: boolean } = {},
): Promise<Application> {
  if (!canMove(app.status, to)) throw new ValidationError({ status: `funds:errors.status.${app.status}` });
  const [row] = await tx
    .update(applications)
    .set({ ...set, status: to, updatedAt: new Date() })
    .where(and(ofTenant(applications, tenantId), eq(applications.id, app.id)))
    .returning();
  await tx.insert(statusChanges).values({
    tenantId,
    id: newId(),
    applicationId: app.id,
    fromStatus: app.status,
    toStatus: to,
    note,
    changedBy: actor?.userId ?? null,
  });
  await audit(tx, actor, tenantId, 'update', 'application', app.id, { from: app.status, to });
  // The applicant hears of each step they wait for, in the same transaction (sent after the commit).
  const mail = MAIL_OF[to];
  if (mail && o.mail !== false) await mailApplicant(tx, tenantId, row, mail, { note });
  return row;
}

/** Staff enter an application on the applicant's behalf (a draft of this year, without a private link). */
export async function createApplication(
  actor: Actor,
  db: Db,
  fundId: string,
  input: ApplicationInput,
): Promise<Application> {
  authorize(actor, PROCESS);
  const fund = await loadFund(actor, db, fundId, PROCESS);
  const v = parse(applicationInput, input);
  checkDates(v);
  await checkArea(db, actor.tenantId, fund, v.areaId);
  const fy = await currentYear(db, actor.tenantId, fund);
  return db.transaction(async (tx) => {
    const row = await insertDraft(tx, actor.tenantId, fund, fy.id, v, { enteredBy: actor.userId ?? null });
    await audit(tx, actor, actor.tenantId, 'create', 'application', row.id, { fundId: fund.id });
    return row;
  });
}

/** How an applicant's start is told: their language, the private link to mail, and submit at once. */
export interface StartOptions {
  /** The language the applicant applies in (their mails speak it). */
  lang?: string;
  /** The private link for a token; when given, the applicant gets it by mail. */
  linkOf?: (token: string) => string;
  /** Submit right away (all or nothing: a refused submission keeps no draft). */
  submit?: boolean;
}

/**
 * An applicant starts an application without an account. The answer holds the private link's token
 * once; only its hash is stored. A fund that is archived or has no open year takes none.
 */
export async function startApplication(
  db: Db,
  tenantId: string,
  fundId: string,
  input: ApplicationInput,
  o: StartOptions = {},
): Promise<{ application: Application; token: string }> {
  const fund = await getFund(db, tenantId, fundId);
  if (!fund || fund.archivedAt || fund.parentFundId === fund.id) throw new AppError(404, 'fund_not_found');
  const v = parse(applicationInput, input);
  // The private link goes by mail: an applicant without an account gives an address.
  if (!v.email) throw new ValidationError({ email: 'validation.required' });
  checkChoices(fund, v);
  checkDates(v);
  await checkArea(db, tenantId, fund, v.areaId);
  const fy = await currentYear(db, tenantId, fund);
  const token = randomToken(24);
  const application = await db.transaction(async (tx) => {
    const draft = await insertDraft(tx, tenantId, fund, fy.id, v, {
      tokenHash: hashToken(token),
      lang: o.lang ?? 'de',
    });
    await audit(tx, null, tenantId, 'create', 'application', draft.id, { fundId: fund.id, by: 'applicant' });
    const row = o.submit ? await submit(tx, null, tenantId, draft.id, false) : draft;
    if (o.linkOf)
      await mailApplicant(tx, tenantId, row, o.submit ? 'linkSubmitted' : 'link', { link: o.linkOf(token) });
    return row;
  });
  return { application, token };
}

/** Staff change an application before it is decided. */
export async function updateApplication(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: ApplicationInput,
): Promise<Application> {
  authorize(actor, PROCESS);
  const { application, fund } = await loadApplication(actor, db, applicationId, PROCESS);
  const v = parse(applicationInput, input);
  checkDates(v);
  await checkArea(db, actor.tenantId, fund, v.areaId);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    if (!editableByStaff(app.status)) throw new ValidationError({ status: 'funds:errors.notEditable' });
    const row = await writeContent(tx, actor.tenantId, app.id, v);
    await audit(tx, actor, actor.tenantId, 'update', 'application', app.id, {});
    return row;
  });
}

async function byToken(
  db: Db,
  tenantId: string,
  token: string,
): Promise<{ application: Application; fund: Fund }> {
  const application = token ? await findApplicationByToken(db, tenantId, hashToken(token)) : undefined;
  const fund = application && (await getFund(db, tenantId, application.fundId));
  if (!application || !fund) throw new AppError(404, 'application_not_found');
  return { application, fund };
}

/** The applicant changes their application through the private link (a draft, or when asked to). */
export async function updateApplicationByToken(
  db: Db,
  tenantId: string,
  token: string,
  input: ApplicationInput,
): Promise<Application> {
  const { application, fund } = await byToken(db, tenantId, token);
  const v = parse(applicationInput, input);
  if (!v.email) throw new ValidationError({ email: 'validation.required' });
  checkChoices(fund, v);
  checkDates(v);
  await checkArea(db, tenantId, fund, v.areaId);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, tenantId, application.id))!;
    if (!editableByApplicant(app.status)) throw new ValidationError({ status: 'funds:errors.notEditable' });
    const row = await writeContent(tx, tenantId, app.id, v);
    await audit(tx, null, tenantId, 'update', 'application', app.id, { by: 'applicant' });
    return row;
  });
}

async function submit(tx: Db, actor: Actor | null, tenantId: string, applicationId: string, mail = true) {
  const app = (await lockApplication(tx, tenantId, applicationId))!;
  const lines = await listCostLines(tx, tenantId, app.id);
  const errors: Record<string, string> = {};
  if (lines.length === 0) errors.costLines = 'funds:errors.noCostPlan';
  if (!app.applicantName) errors.applicantName = 'validation.required';
  if (!app.email && !app.phone) errors.email = 'funds:errors.contactNeeded';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return moveStatus(tx, actor, tenantId, app, 'submitted', '', { submittedAt: new Date() }, { mail });
}

/** Staff submit an application they entered (with a cost plan and a way to reach the applicant). */
export async function submitApplication(actor: Actor, db: Db, applicationId: string): Promise<Application> {
  authorize(actor, PROCESS);
  const { application } = await loadApplication(actor, db, applicationId, PROCESS);
  return db.transaction((tx) => submit(tx, actor, actor.tenantId, application.id));
}

/** The applicant submits through the private link. */
export async function submitApplicationByToken(
  db: Db,
  tenantId: string,
  token: string,
): Promise<Application> {
  const { application } = await byToken(db, tenantId, token);
  return db.transaction((tx) => submit(tx, null, tenantId, application.id));
}

/** The deciding body's sessions as the rules need them (none when the fund names no body). */
export const sessionsOf = async (actor: Actor, db: Db, fund: Fund): Promise<Session[]> =>
  fund.decidingBodyId
    ? (await meetingsFor(actor, db, fund.decidingBodyId)).map((m) => ({
        id: m.id,
        startsAt: m.startsAt,
        status: m.status,
      }))
    : [];

/** The day the rules are checked for: the day it came in (today while it is a draft). */
export const dayOf = (app: Application): string =>
  app.submittedAt ? localDate(app.submittedAt) : todayLocal();

export interface ApplicationView {
  application: Application;
  fund: Fund;
  costLines: CostLine[];
  /** The fund's rules checked now against the application and the deciding body's sessions. */
  checks: RuleCheck[];
  notes: EligibilityNote[];
  history: StatusChange[];
  ledger: LedgerEntry[];
}

/** An application with everything staff and the jury read about it. */
export async function applicationFor(actor: Actor, db: Db, applicationId: string): Promise<ApplicationView> {
  authorize(actor, READ);
  const { application, fund } = await loadApplication(actor, db, applicationId, READ);
  const lines = await listCostLines(db, actor.tenantId, application.id);
  let sessions: Session[] = [];
  try {
    sessions = await sessionsOf(actor, db, fund);
  } catch (err) {
    // A reader who may not see the deciding body still reads the application, without session dates.
    if (!(err instanceof AppError)) throw err;
  }
  await audit(db, actor, actor.tenantId, 'read', 'application', application.id, {});
  return {
    application,
    fund,
    costLines: lines,
    checks: checkRules(
      rulesOf(fund),
      { ...application, costLines: lines },
      { day: dayOf(application), sessions },
    ),
    notes: await listEligibilityNotes(db, actor.tenantId, application.id),
    history: await listStatusChanges(db, actor.tenantId, application.id),
    ledger: await listApplicationLedger(db, actor.tenantId, application.id),
  };
}

/** What the applicant sees through the private link: the application, its cost plan and its status path. */
export async function applicationByToken(db: Db, tenantId: string, token: string) {
  const { application, fund } = await byToken(db, tenantId, token);
  // The day of the session that decides it, once it is on an agenda (only the date is shown).
  const session =
    application.meetingId && fund.decidingBodyId
      ? (await meetingsOfBody(db, tenantId, fund.decidingBodyId)).find((m) => m.id === application.meetingId)
      : undefined;
  return {
    application,
    fund: { id: fund.id, name: fund.name },
    sessionAt: session?.startsAt ?? null,
    costLines: await listCostLines(db, tenantId, application.id),
    history: (await listStatusChanges(db, tenantId, application.id)).map((h) => ({
      status: h.toStatus,
      at: h.createdAt,
      note: h.note,
    })),
  };
}

/** Statuses from which an application may be withdrawn: before the decision. */
const withdrawable = (s: ApplicationStatus) => canMove(s, 'withdrawn');

/** The applicant withdraws the application through the private link (before the decision). */
export async function withdrawApplicationByToken(
  db: Db,
  tenantId: string,
  token: string,
): Promise<Application> {
  const { application } = await byToken(db, tenantId, token);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, tenantId, application.id))!;
    if (!withdrawable(app.status)) throw new ValidationError({ status: `funds:errors.status.${app.status}` });
    return moveStatus(tx, null, tenantId, app, 'withdrawn', 'applicant');
  });
}

/**
 * Staff withdraw an application on the applicant's word (before the decision). An application on
 * the agenda keeps its agenda item; the body takes no vote on it.
 */
export async function withdrawApplication(
  actor: Actor,
  db: Db,
  applicationId: string,
  input: { note?: string },
): Promise<Application> {
  authorize(actor, PROCESS);
  const { application } = await loadApplication(actor, db, applicationId, PROCESS);
  const note = String(input.note ?? '').slice(0, 5000);
  return db.transaction(async (tx) => {
    const app = (await lockApplication(tx, actor.tenantId, application.id))!;
    if (!withdrawable(app.status)) throw new ValidationError({ status: `funds:errors.status.${app.status}` });
    return moveStatus(tx, actor, actor.tenantId, app, 'withdrawn', note);
  });
}

/** The decision letter as PDF through the private link (once the application is decided). */
export async function decisionLetterByToken(db: Db, tenantId: string, token: string): Promise<Buffer> {
  const { application } = await byToken(db, tenantId, token);
  if (!application.decidedAt || !(application.status === 'refused' || hasGrant(application.status)))
    throw new AppError(404, 'letter_not_found');
  return letterFor(db, tenantId, application);
}

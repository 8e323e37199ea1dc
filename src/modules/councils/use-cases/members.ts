/**
 * Members (BODY-1): add a member for a term, end a term, resign with a successor, list them. History
 * is kept: a term ends, a member record is never deleted. Changes return the composition warnings of
 * the body (a Quartiersrat whose residents are no longer the majority) — saved, but the screen says so.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, can } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { addDays, addMonths, todayLocal } from '../../../platform/time/index.ts';
import { principalFor } from '../../access/index.ts';
import { areaPath } from '../../areas/index.ts';
import { getActor } from '../../network/index.ts';
import { members } from '../db/schema.ts';
import {
  type CompositionWarning,
  compositionWarnings,
  inTermOn,
  lastDay,
  roleRuleViolation,
  teamGrantReaches,
} from '../domain/members.ts';
import { NON_VOTING_ROLES } from '../domain/vocab.ts';
import { loadBody, loadMember, MANAGE, meetingDate, READ } from '../policies.ts';
import { type Body, getAgendaItem, getMeeting, getVote, listMembers, type Member } from '../queries.ts';
import {
  type EndTermInput,
  endTermInput,
  type MemberInput,
  memberInput,
  parse,
  type ResignInput,
  resignInput,
} from '../schemas.ts';

type MemberValues = ReturnType<typeof memberInput.parse>;

/**
 * Does the account hold the team role (Quartiersmanagement, Stadtteilmanagement) for the body's
 * area — in it, above it, below it, or for the whole tenant?
 */
export async function teamInArea(
  db: Db,
  tenantId: string,
  userId: string | null,
  body: Body,
): Promise<boolean> {
  if (!userId) return false;
  const principal = await principalFor(db, tenantId, userId);
  for (const g of principal?.grants ?? []) {
    if (g.role !== 'team') continue;
    const path = g.scopeAreaId ? (await areaPath(db, tenantId, g.scopeAreaId)).map((a) => a.id) : [];
    if (teamGrantReaches(g.scopeAreaId, path, body)) return true;
  }
  return false;
}

/**
 * The columns of a new member record, with every referenced id checked against the tenant: the
 * account must be a member of the tenant (and not already in the body for an overlapping term), the
 * organisation an actor of the network, the election a vote of this body that was carried. The role
 * rule of seed 003 refuses the neighbourhood team as speaker or deputy of an AG Gemeinwesenarbeit.
 */
async function memberColumns(
  db: Db,
  body: Body,
  v: MemberValues,
  o: { termTo: string | null | undefined; successorOf?: string },
) {
  const tenantId = body.tenantId;
  const errors: Record<string, string> = {};
  const voting = v.voting ?? !NON_VOTING_ROLES.includes(v.role);
  if (voting && NON_VOTING_ROLES.includes(v.role)) errors.voting = 'councils:errors.advisoryNoVote';
  const termTo =
    o.termTo !== undefined
      ? o.termTo
      : body.termYears
        ? addDays(addMonths(v.termFrom, 12 * body.termYears), -1)
        : null;
  if (termTo && termTo < v.termFrom) errors.termTo = 'councils:errors.termOrder';

  let organisation = v.organisation;
  if (v.actorId) {
    const actor = await getActor(db, tenantId, v.actorId);
    if (!actor) errors.actorId = 'validation.choice';
    else organisation ||= actor.name;
  }
  if (v.kind === 'organisation' && !organisation)
    errors.organisation = 'councils:errors.organisationRequired';

  if (v.userId) {
    if (!(await principalFor(db, tenantId, v.userId))) errors.userId = 'councils:errors.userNotInTenant';
    else {
      const overlapping = (await listMembers(db, tenantId, body.id)).some(
        (m) =>
          m.userId === v.userId &&
          m.termFrom <= (termTo ?? '9999-12-31') &&
          v.termFrom <= (lastDay(m) ?? '9999-12-31'),
      );
      if (overlapping) errors.userId = 'councils:errors.alreadyMember';
    }
  }

  let electedOn = v.electedOn;
  if (v.electionVoteId) {
    const vote = await getVote(db, tenantId, v.electionVoteId);
    const item = vote && (await getAgendaItem(db, tenantId, vote.agendaItemId));
    const meeting = item && (await getMeeting(db, tenantId, item.meetingId));
    if (!vote || !meeting || meeting.bodyId !== body.id || vote.result !== 'accepted')
      errors.electionVoteId = 'councils:errors.electionVote';
    else electedOn ??= meetingDate(meeting);
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);

  const refusal = roleRuleViolation({
    bodyKind: body.kind,
    role: v.role,
    memberKind: v.kind,
    teamInArea: await teamInArea(db, tenantId, v.userId, body),
  });
  if (refusal) throw new ValidationError({ role: refusal });

  return {
    tenantId,
    id: newId(),
    bodyId: body.id,
    kind: v.kind,
    name: v.name,
    publishName: v.publishName,
    publishNameConsentAt: v.publishName ? new Date() : null,
    email: v.email.toLowerCase(),
    actorId: v.actorId,
    organisation,
    department: v.department,
    userId: v.userId,
    role: v.role,
    voting,
    termFrom: v.termFrom,
    termTo,
    electedOn,
    electionVoteId: v.electionVoteId,
    successorOf: o.successorOf ?? null,
  };
}

async function warningsOn(db: Db, body: Body, date: string): Promise<CompositionWarning[]> {
  const today = todayLocal();
  return compositionWarnings(
    body.compositionRule,
    await listMembers(db, body.tenantId, body.id),
    date > today ? date : today,
  );
}

const audit = (db: Db, actor: Actor, action: string, member: Member, details: Record<string, unknown> = {}) =>
  writeAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    action,
    entityType: 'councils.member',
    entityId: member.id,
    personal: true,
    details: { bodyId: member.bodyId, role: member.role, ...details },
  });

/** Adds a member to a body for a term (default length: the body's `term_years`). */
export async function addMember(
  actor: Actor,
  db: Db,
  bodyId: string,
  input: MemberInput,
): Promise<{ member: Member; warnings: CompositionWarning[] }> {
  authorize(actor, MANAGE);
  const body = await loadBody(actor, db, bodyId, MANAGE);
  const values = parse(memberInput, input);
  const columns = await memberColumns(db, body, values, { termTo: values.termTo });
  return db.transaction(async (tx) => {
    const [member] = await tx.insert(members).values(columns).returning();
    await audit(tx, actor, 'create', member);
    return { member, warnings: await warningsOn(tx, body, member.termFrom) };
  });
}

/** Ends a term (on its planned end, or early when the member is removed or changes role). */
export async function endMemberTerm(
  actor: Actor,
  db: Db,
  memberId: string,
  input: EndTermInput,
): Promise<{ member: Member; warnings: CompositionWarning[] }> {
  authorize(actor, MANAGE);
  const { member, body } = await loadMember(actor, db, memberId, MANAGE);
  const values = parse(endTermInput, input);
  return finish(db, actor, body, member, values.endedOn, values.reason);
}

async function finish(
  db: Db,
  actor: Actor,
  body: Body,
  member: Member,
  endedOn: string,
  reason: NonNullable<Member['endReason']>,
  successor?: () => ReturnType<typeof memberColumns>,
) {
  if (member.endedOn) throw new ValidationError({ endedOn: 'councils:errors.alreadyEnded' });
  if (endedOn < addDays(member.termFrom, -1))
    throw new ValidationError({ endedOn: 'councils:errors.endBeforeStart' });
  const successorColumns = successor ? await successor() : null;
  return db.transaction(async (tx) => {
    const [ended] = await tx
      .update(members)
      .set({ endedOn, endReason: reason, updatedAt: new Date() })
      .where(and(ofTenant(members, actor.tenantId), eq(members.id, member.id), isNull(members.endedOn)))
      .returning();
    if (!ended) throw new ValidationError({ endedOn: 'councils:errors.alreadyEnded' });
    await audit(tx, actor, 'update', ended, { endedOn, reason });
    let next: Member | undefined;
    if (successorColumns) {
      [next] = await tx.insert(members).values(successorColumns).returning();
      await audit(tx, actor, 'create', next, { successorOf: member.id });
    }
    return {
      member: ended,
      successor: next,
      warnings: await warningsOn(tx, body, addDays(endedOn, 1)),
    };
  });
}

/**
 * A member resigns (Rücktritt): the term ends on `resignedOn`. A successor (Nachrücker*in) takes the
 * rest of the term from the next day, as a new record pointing at the member they follow.
 */
export async function resignMember(
  actor: Actor,
  db: Db,
  memberId: string,
  input: ResignInput,
): Promise<{ member: Member; successor?: Member; warnings: CompositionWarning[] }> {
  authorize(actor, MANAGE);
  const { member, body } = await loadMember(actor, db, memberId, MANAGE);
  const values = parse(resignInput, input);
  const s = values.successor;
  const successor = s
    ? async () => {
        const termFrom = addDays(values.resignedOn, 1);
        const v = parse(memberInput, { ...s, kind: s.kind ?? member.kind, termFrom });
        return memberColumns(db, body, v, { termTo: member.termTo, successorOf: member.id });
      }
    : undefined;
  return finish(db, actor, body, member, values.resignedOn, 'resigned', successor);
}

/**
 * The members of a body — those in term on `on` (default today), or every record with `history`.
 * Staff who manage the body see contact data and account links; members and readers of a public body
 * see names and roles (contact data is never shown to them).
 */
export async function membersFor(
  actor: Actor,
  db: Db,
  bodyId: string,
  o: { on?: string; history?: boolean } = {},
): Promise<Member[]> {
  authorize(actor, READ);
  const body = await loadBody(actor, db, bodyId, READ);
  const on = o.on ?? todayLocal();
  const list = (await listMembers(db, actor.tenantId, body.id)).filter((m) => o.history || inTermOn(m, on));
  if (can(actor, MANAGE, body.areaIds)) return list;
  return list.map((m) => ({ ...m, email: '', userId: m.userId === actor.userId ? m.userId : null }));
}

/**
 * Every member of a body, current and former, for a download (CSV). The addresses are there only for
 * staff who manage the body (as on its page); such a download is a read of personal data and goes to
 * the audit log with the members' ids (no names in the entry).
 */
export async function memberRoster(actor: Actor, db: Db, bodyId: string): Promise<Member[]> {
  const list = await membersFor(actor, db, bodyId, { history: true });
  const withAddress = list.filter((m) => m.email);
  if (withAddress.length)
    await writeAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'read',
      entityType: 'councils.member',
      entityId: null,
      personal: true,
      details: { view: 'members.csv', bodyId, count: withAddress.length, ids: withAddress.map((m) => m.id) },
    });
  return list;
}

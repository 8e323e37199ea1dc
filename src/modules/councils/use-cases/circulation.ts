/**
 * Votes by circulation (Umlaufverfahren, BODY-2): when no meeting is possible, each voting member
 * votes once within a window — through their account or a private link. The result comes at the end
 * of the window or as soon as everyone entitled has voted, under the body's circulation quorum.
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit/index.ts';
import { type Actor, authorize, systemActor } from '../../../platform/authz.ts';
import { type Db, newId, ofTenant } from '../../../platform/db/index.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { withParams } from '../../../platform/i18n/index.ts';
import { instantToLocal, localDate } from '../../../platform/time/index.ts';
import { circulationBallots, circulationLinks, circulations } from '../db/schema.ts';
import { type CirculationState, circulationState } from '../domain/circulation.ts';
import { votingMembersOn } from '../domain/members.ts';
import type { BallotChannel, Choice } from '../domain/vocab.ts';
import { loadBody, loadCirculation, MANAGE, READ, VOTE } from '../policies.ts';
import {
  type Body,
  type Circulation,
  dueCirculations,
  findCirculationLink,
  getBody,
  listCirculationBallots,
  listCirculations,
  listMembers,
  membersOfUser,
} from '../queries.ts';
import { ballotInput, type CirculationInput, circulationInput, parse } from '../schemas.ts';

/** Longest window of a circulation vote. */
const MAX_WINDOW_DAYS = 60;
const DAY_MS = 86_400_000;

const stateOf = (c: Circulation, body: Body, ballots: { memberId: string; choice: Choice }[], now: Date) =>
  circulationState({
    entitled: c.entitledMemberIds,
    ballots,
    closesAt: c.closesAt,
    now,
    quorumRule: body.circulationQuorumRule,
    rules: body,
  });

/**
 * Opens a circulation vote on a motion. The members entitled to vote are the voting members in term
 * on the day it opens; the window runs from `opensAt` (default now) to `closesAt`, at most 60 days.
 */
export async function openCirculation(
  actor: Actor,
  db: Db,
  bodyId: string,
  input: CirculationInput,
): Promise<Circulation> {
  authorize(actor, MANAGE);
  const body = await loadBody(actor, db, bodyId, MANAGE);
  const v = parse(circulationInput, input);
  const opensAt = v.opensAt ?? new Date();
  if (v.closesAt.getTime() <= opensAt.getTime())
    throw new ValidationError({ closesAt: 'councils:errors.endBeforeStart' });
  if (v.closesAt.getTime() - opensAt.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    throw new ValidationError({
      closesAt: withParams('councils:errors.windowTooLong', { days: MAX_WINDOW_DAYS }),
    });
  if (v.closesAt.getTime() <= Date.now())
    throw new ValidationError({ closesAt: 'councils:errors.windowOver' });
  const entitled = votingMembersOn(await listMembers(db, actor.tenantId, body.id), localDate(opensAt));
  if (entitled.length === 0) throw new ValidationError({ title: 'councils:errors.noVotingMembers' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(circulations)
      .values({
        tenantId: actor.tenantId,
        id: newId(),
        bodyId: body.id,
        title: v.title,
        motion: v.motion,
        opensAt,
        closesAt: v.closesAt,
        entitledMemberIds: entitled.map((m) => m.id),
        createdBy: actor.userId ?? null,
      })
      .returning();
    await writeAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId ?? null,
      action: 'create',
      entityType: 'councils.circulation',
      entityId: row.id,
      details: { bodyId: body.id, entitled: entitled.length },
    });
    return row;
  });
}

/**
 * A private link for a member entitled to vote (members without an account get it by e-mail): a
 * random token, of which only the SHA-256 is stored. A new link replaces the member's earlier one.
 * Returns the token (for the mail); it cannot be read again.
 */
export async function issueCirculationLink(
  actor: Actor,
  db: Db,
  circulationId: string,
  memberId: string,
): Promise<string> {
  authorize(actor, MANAGE);
  const { circulation } = await loadCirculation(actor, db, circulationId, MANAGE);
  if (circulation.closedAt) throw new ValidationError({ memberId: 'councils:errors.circulationClosed' });
  if (!circulation.entitledMemberIds.includes(memberId))
    throw new ValidationError({ memberId: 'councils:errors.notEntitled' });
  const token = randomToken(24);
  await db
    .insert(circulationLinks)
    .values({
      tenantId: actor.tenantId,
      id: newId(),
      circulationId: circulation.id,
      memberId,
      tokenHash: hashToken(token),
    })
    .onConflictDoUpdate({
      target: [circulationLinks.tenantId, circulationLinks.circulationId, circulationLinks.memberId],
      set: { tokenHash: hashToken(token), createdAt: new Date() },
    });
  return token;
}

export interface CirculationView {
  circulation: Circulation;
  /** Counts and result are shown once it is closed; until then only how many have voted. */
  state: Omit<CirculationState, 'counts' | 'result'> & Partial<Pick<CirculationState, 'counts' | 'result'>>;
  /** The member ids that have voted (never their choices while it is open). */
  votedMemberIds: string[];
}

async function view(db: Db, c: Circulation, body: Body, now: Date): Promise<CirculationView> {
  const ballots = await listCirculationBallots(db, c.tenantId, c.id);
  const { counts: _counts, result: _result, ...rest } = stateOf(c, body, ballots, now);
  return {
    circulation: c,
    state: c.closedAt
      ? { ...rest, counts: { yes: c.yes!, no: c.no!, abstain: c.abstain! }, result: c.result! }
      : rest,
    votedMemberIds: ballots.map((b) => b.memberId),
  };
}

/** A circulation vote for a member who may read the body: who has voted, and the result once closed. */
export async function circulationFor(actor: Actor, db: Db, circulationId: string): Promise<CirculationView> {
  authorize(actor, READ);
  const { circulation, body } = await loadCirculation(actor, db, circulationId, READ);
  return view(db, circulation, body, new Date());
}

/** A body's circulation votes (newest first), for a member who may read the body. */
export async function circulationsFor(actor: Actor, db: Db, bodyId: string): Promise<Circulation[]> {
  authorize(actor, READ);
  const body = await loadBody(actor, db, bodyId, READ);
  return listCirculations(db, actor.tenantId, body.id);
}

/**
 * One ballot in an open circulation vote, in one transaction that holds the circulation's row: the
 * window must be open, the member entitled and not yet voted (the database's unique key refuses a
 * second ballot also when two arrive at once); when it was the last one missing, the vote closes.
 */
async function cast(
  db: Db,
  tenantId: string,
  circulationId: string,
  memberId: string,
  choice: Choice,
  channel: BallotChannel,
  now: Date,
): Promise<CirculationView> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(circulations)
      .where(and(ofTenant(circulations, tenantId), eq(circulations.id, circulationId)))
      .for('update');
    if (!c) throw new AppError(404, 'circulation_not_found');
    const body = (await getBody(tx, tenantId, c.bodyId))!;
    if (c.closedAt || now.getTime() >= c.closesAt.getTime())
      throw new ValidationError({ choice: 'councils:errors.circulationClosed' });
    if (now.getTime() < c.opensAt.getTime())
      throw new ValidationError({ choice: 'councils:errors.circulationNotOpen' });
    if (!c.entitledMemberIds.includes(memberId))
      throw new ValidationError({ choice: 'councils:errors.notEntitled' });
    const inserted = await tx
      .insert(circulationBallots)
      .values({ tenantId, id: newId(), circulationId: c.id, memberId, choice, channel, castAt: now })
      .onConflictDoNothing()
      .returning({ id: circulationBallots.id });
    if (inserted.length === 0) throw new AppError(409, 'already_voted');
    const ballots = await listCirculationBallots(tx, tenantId, c.id);
    const s = stateOf(c, body, ballots, now);
    const closed = s.complete ? await close(tx, c, s, now) : c;
    return view(tx, closed, body, now);
  });
}

async function close(db: Db, c: Circulation, s: CirculationState, now: Date): Promise<Circulation> {
  const [row] = await db
    .update(circulations)
    .set({ closedAt: now, result: s.result, ...s.counts })
    .where(and(ofTenant(circulations, c.tenantId), eq(circulations.id, c.id)))
    .returning();
  await writeAudit(db, {
    tenantId: c.tenantId,
    action: 'update',
    entityType: 'councils.circulation',
    entityId: c.id,
    details: { closed: true, result: s.result, voted: s.voted, entitled: s.entitled },
  });
  return row;
}

/** The acting member votes through their account (they must be a member entitled to vote in it). */
export async function castCirculationBallot(
  actor: Actor,
  db: Db,
  circulationId: string,
  input: { choice: Choice },
): Promise<CirculationView> {
  authorize(actor, VOTE);
  const { circulation, body } = await loadCirculation(actor, db, circulationId, READ);
  const v = parse(ballotInput, input);
  const own = actor.userId
    ? (await membersOfUser(db, actor.tenantId, actor.userId)).find(
        (m) => m.bodyId === body.id && circulation.entitledMemberIds.includes(m.id),
      )
    : undefined;
  if (!own) throw new AppError(403, 'forbidden');
  return cast(db, actor.tenantId, circulation.id, own.id, v.choice, 'account', new Date());
}

/**
 * A member votes through their private link (no account). The token names the circulation and the
 * member; an unknown or replaced link is 404.
 */
export async function castCirculationBallotByLink(
  db: Db,
  tenantId: string,
  token: string,
  input: { choice: Choice },
  now = new Date(),
): Promise<CirculationView> {
  const link = token ? await findCirculationLink(db, tenantId, hashToken(token)) : undefined;
  if (!link) throw new AppError(404, 'link_not_found');
  const v = parse(ballotInput, input);
  return cast(db, tenantId, link.circulationId, link.memberId, v.choice, 'link', now);
}

/**
 * Closes a circulation vote and stores its result: once the window has ended or everyone entitled
 * has voted (before that it is refused with the end of the window). Closing a closed one changes
 * nothing.
 */
export async function closeCirculation(
  actor: Actor,
  db: Db,
  circulationId: string,
  now = new Date(),
): Promise<CirculationView> {
  authorize(actor, MANAGE);
  const { circulation, body } = await loadCirculation(actor, db, circulationId, MANAGE);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(circulations)
      .where(and(ofTenant(circulations, actor.tenantId), eq(circulations.id, circulation.id)))
      .for('update');
    if (c.closedAt) return view(tx, c, body, now);
    const s = stateOf(c, body, await listCirculationBallots(tx, actor.tenantId, c.id), now);
    if (!s.closable)
      throw new ValidationError({
        closesAt: withParams('councils:errors.circulationStillOpen', {
          date: localDate(c.closesAt),
          time: instantToLocal(c.closesAt).time,
          voted: s.voted,
          entitled: s.entitled,
        }),
      });
    return view(tx, await close(tx, c, s, now), body, now);
  });
}

/** The job: closes every circulation vote whose window has ended, in every tenant. */
export async function closeDueCirculations(db: Db, now = new Date()): Promise<number> {
  let closed = 0;
  for (const due of await dueCirculations(db, now)) {
    await closeCirculation(systemActor(due.tenantId), db, due.id, now);
    closed++;
  }
  return closed;
}

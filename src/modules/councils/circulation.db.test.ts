/**
 * Votes by circulation (Umlaufverfahren) on the database: once per member (account or private link,
 * also when ballots arrive at the same moment), within the window, closed when everyone has voted or
 * the window has ended, with the body's participation quorum; conflicts of interest leave the vote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withParams } from '../../platform/i18n/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import {
  castCirculationBallot,
  castCirculationBallotByLink,
  circulationFor,
  closeCirculation,
  closeDueCirculations,
  declareConflict,
  issueCirculationLink,
  openCirculation,
} from './index.ts';
import { listCirculationBallots } from './queries.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
const HOUR = 3_600_000;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
});
afterAll(() => ctx?.close());

async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (err) {
    const e = err as { status?: number; code?: string; fields?: Record<string, string> };
    return { status: e.status, code: e.code, fields: e.fields };
  }
  return 'not refused';
}

/**
 * A jury of three with accounts (the two jury users and the department user) and two without,
 * and a circulation vote open for a week.
 */
async function juryWithCirculation(over: Parameters<typeof fx.body>[0] = {}) {
  const db = ctx.services.db;
  const { body, members } = await fx.body({ name: `Jury ${Math.random()}`, ...over }, 0, [
    fx.member('Jana', { userId: fx.users.jury.id }),
    fx.member('Jo', { userId: fx.users.juryOther.id }),
    fx.member('Dora', { kind: 'administration', userId: fx.users.department.id }),
    fx.member('Ohne Konto', { email: 'ohne@example.org' }),
    fx.member('Auch ohne'),
    fx.member('Beratung', { kind: 'administration', role: 'advisory' }),
  ]);
  const circulation = await openCirculation(fx.sys, db, body.id, {
    title: 'Eilantrag Sommerfest',
    motion: 'Die Jury bewilligt 300 € für das Sommerfest.',
    closesAt: new Date(Date.now() + 7 * 24 * HOUR),
  });
  const [jana, jo, dora, ohne, auch] = members;
  return { db, body, circulation, jana, jo, dora, ohne, auch };
}

describe('circulation votes', () => {
  it('entitles the voting members in term when it opens (not advisory members)', async () => {
    const { circulation, jana, jo, dora, ohne, auch } = await juryWithCirculation();
    expect([...circulation.entitledMemberIds].sort()).toEqual(
      [jana.id, jo.id, dora.id, ohne.id, auch.id].sort(),
    );
  });

  it('each member votes once, through the account or the private link', async () => {
    const { db, circulation, ohne } = await juryWithCirculation();
    const first = await castCirculationBallot(fx.actors.jury, db, circulation.id, { choice: 'yes' });
    expect(first.state).toMatchObject({ voted: 1, entitled: 5, complete: false });
    expect(first.state.counts).toBeUndefined();
    expect(
      await refusal(() => castCirculationBallot(fx.actors.jury, db, circulation.id, { choice: 'no' })),
    ).toMatchObject({
      status: 409,
      code: 'already_voted',
    });
    const token = await issueCirculationLink(fx.sys, db, circulation.id, ohne.id);
    const byLink = await castCirculationBallotByLink(db, fx.tenant.id, token, { choice: 'no' });
    expect(byLink.votedMemberIds).toContain(ohne.id);
    expect(
      await refusal(() => castCirculationBallotByLink(db, fx.tenant.id, token, { choice: 'yes' })),
    ).toMatchObject({
      status: 409,
    });
    const ballots = await listCirculationBallots(db, fx.tenant.id, circulation.id);
    expect(ballots.map((b) => [b.choice, b.channel]).sort()).toEqual([
      ['no', 'link'],
      ['yes', 'account'],
    ]);
  });

  it('once per member also when the same member votes many times at the same moment', async () => {
    const { db, circulation } = await juryWithCirculation();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        castCirculationBallot(fx.actors.juryOther, db, circulation.id, { choice: i % 2 ? 'yes' : 'no' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'already_voted' });
    expect(await listCirculationBallots(db, fx.tenant.id, circulation.id)).toHaveLength(1);
  });

  it('refuses people who are not entitled: another account, a replaced link, an unknown link', async () => {
    const { db, circulation, ohne } = await juryWithCirculation();
    // A team member manages the body but is not a member of it.
    expect(
      await refusal(() => castCirculationBallot(fx.actors.teamA, db, circulation.id, { choice: 'yes' })),
    ).toMatchObject({
      status: 403,
    });
    const old = await issueCirculationLink(fx.sys, db, circulation.id, ohne.id);
    const fresh = await issueCirculationLink(fx.sys, db, circulation.id, ohne.id);
    expect(
      await refusal(() => castCirculationBallotByLink(db, fx.tenant.id, old, { choice: 'yes' })),
    ).toMatchObject({
      status: 404,
    });
    expect(
      await refusal(() => castCirculationBallotByLink(db, fx.tenant.id, 'erfunden', { choice: 'yes' })),
    ).toMatchObject({
      status: 404,
    });
    // The link works only in its own tenant.
    const other = await councilsFixture(ctx);
    expect(
      await refusal(() => castCirculationBallotByLink(db, other.tenant.id, fresh, { choice: 'yes' })),
    ).toMatchObject({
      status: 404,
    });
    await castCirculationBallotByLink(db, fx.tenant.id, fresh, { choice: 'abstain' });
  });

  it('closes by itself when everyone entitled has voted, with the result', async () => {
    const { db, circulation, ohne, auch } = await juryWithCirculation();
    await castCirculationBallot(fx.actors.jury, db, circulation.id, { choice: 'yes' });
    await castCirculationBallot(fx.actors.juryOther, db, circulation.id, { choice: 'yes' });
    await castCirculationBallot(fx.actors.department, db, circulation.id, { choice: 'no' });
    await castCirculationBallotByLink(
      db,
      fx.tenant.id,
      await issueCirculationLink(fx.sys, db, circulation.id, ohne.id),
      {
        choice: 'abstain',
      },
    );
    // Before the last ballot it cannot be closed: the window is open and one member is missing.
    expect(await refusal(() => closeCirculation(fx.sys, db, circulation.id))).toMatchObject({
      status: 422,
      fields: {
        closesAt: expect.stringMatching(
          /^councils:errors\.circulationStillOpen\|\{.*"voted":4,"entitled":5\}$/,
        ),
      },
    });
    const token = await issueCirculationLink(fx.sys, db, circulation.id, auch.id);
    const last = await castCirculationBallotByLink(db, fx.tenant.id, token, { choice: 'yes' });
    expect(last.circulation.closedAt).not.toBeNull();
    expect(last.state).toMatchObject({
      complete: true,
      result: 'accepted',
      counts: { yes: 3, no: 1, abstain: 1 },
    });
    expect(await circulationFor(fx.actors.jury, db, circulation.id)).toMatchObject({
      circulation: { result: 'accepted', yes: 3, no: 1, abstain: 1 },
    });
  });

  it('takes no ballot after the window; at its end the result needs the participation quorum', async () => {
    const db = ctx.services.db;
    const { body, members } = await fx.body({ name: 'Jury Fenster' }, 5);
    const circulation = await openCirculation(fx.sys, db, body.id, {
      title: 'Eilantrag',
      closesAt: new Date(Date.now() + 2 * HOUR),
    });
    const links = await Promise.all(
      members.slice(0, 2).map((m) => issueCirculationLink(fx.sys, db, circulation.id, m.id)),
    );
    await castCirculationBallotByLink(db, fx.tenant.id, links[0], { choice: 'yes' });
    const later = new Date(Date.now() + 3 * HOUR);
    expect(
      await refusal(() => castCirculationBallotByLink(db, fx.tenant.id, links[1], { choice: 'yes' }, later)),
    ).toMatchObject({
      status: 422,
      fields: { choice: 'councils:errors.circulationClosed' },
    });
    // 1 of 5 voted; more than half are needed.
    const closed = await closeCirculation(fx.sys, db, circulation.id, later);
    expect(closed.state).toMatchObject({
      result: 'no_quorum',
      voted: 1,
      needed: 3,
      counts: { yes: 1, no: 0, abstain: 0 },
    });
    expect(closed.circulation.result).toBe('no_quorum');
    // Closing again changes nothing.
    expect((await closeCirculation(fx.sys, db, circulation.id, later)).circulation.closedAt).toEqual(
      closed.circulation.closedAt,
    );
  });

  it('the job closes every circulation whose window has ended', async () => {
    const db = ctx.services.db;
    const { body, members } = await fx.body({ name: 'Jury Job' }, 3);
    const circulation = await openCirculation(fx.sys, db, body.id, {
      title: 'Antrag',
      closesAt: new Date(Date.now() + HOUR),
    });
    for (const m of members.slice(0, 2))
      await castCirculationBallotByLink(
        db,
        fx.tenant.id,
        await issueCirculationLink(fx.sys, db, circulation.id, m.id),
        {
          choice: 'yes',
        },
      );
    expect(await closeDueCirculations(db, new Date())).toBe(0);
    expect(await closeDueCirculations(db, new Date(Date.now() + 2 * HOUR))).toBeGreaterThanOrEqual(1);
    expect((await circulationFor(fx.sys, db, circulation.id)).circulation).toMatchObject({
      result: 'accepted',
      yes: 2,
    });
  });

  it('a member who declares a conflict of interest leaves the vote — before voting, not after', async () => {
    const { db, circulation, jana, jo } = await juryWithCirculation();
    // The member declares it themselves, through their account.
    await declareConflict(fx.actors.jury, db, {
      circulationId: circulation.id,
      memberId: jana.id,
      note: 'mein Antrag',
    });
    expect(
      await refusal(() => castCirculationBallot(fx.actors.jury, db, circulation.id, { choice: 'yes' })),
    ).toMatchObject({
      status: 403,
    });
    expect((await circulationFor(fx.sys, db, circulation.id)).state.entitled).toBe(4);
    await castCirculationBallot(fx.actors.juryOther, db, circulation.id, { choice: 'yes' });
    expect(
      await refusal(() => declareConflict(fx.sys, db, { circulationId: circulation.id, memberId: jo.id })),
    ).toMatchObject({ fields: { memberId: 'councils:errors.conflictAfterBallot' } });
    // Another member cannot declare it for them.
    expect(
      await refusal(() =>
        declareConflict(fx.actors.jury, db, { circulationId: circulation.id, memberId: jo.id }),
      ),
    ).toMatchObject({ status: 403 });
  });

  it('refuses a window that has ended or is longer than 60 days', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Jury Grenzen' }, 3);
    expect(
      await refusal(() =>
        openCirculation(fx.sys, db, body.id, { title: 'A', closesAt: new Date(Date.now() + 61 * 24 * HOUR) }),
      ),
    ).toMatchObject({ fields: { closesAt: withParams('councils:errors.windowTooLong', { days: 60 }) } });
    expect(
      await refusal(() =>
        openCirculation(fx.sys, db, body.id, {
          title: 'A',
          opensAt: new Date(Date.now() - 3 * HOUR),
          closesAt: new Date(Date.now() - HOUR),
        }),
      ),
    ).toMatchObject({ fields: { closesAt: 'councils:errors.windowOver' } });
  });
});

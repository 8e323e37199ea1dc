/**
 * Applications from start to decision (FUND-2, FUND-3) on both engines: the applicant's private link,
 * the fund's rules in the eligibility check (1,500 € cap, material costs only, own contribution),
 * the deadline derived from the jury's sessions, the decision with a conflict of interest, a refusal,
 * and the split of a city-wide budget across working groups with its history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/http/errors.ts';
import { addDays, localToInstant } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createBody, meetingFor, scheduleMeeting } from '../councils/index.ts';
import {
  applicationByToken,
  applicationFor,
  checkEligibility,
  createApplication,
  createFund,
  fundYearFor,
  putOnAgenda,
  recordDecision,
  requestChanges,
  setYearBudget,
  splitBudget,
  startApplication,
  submitApplication,
  submitApplicationByToken,
  updateApplicationByToken,
  withdrawApplication,
  withdrawApplicationByToken,
} from './index.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const db = () => ctx.services.db;
const fieldOf = (err: unknown) => (err instanceof ValidationError ? err.fields : null);

describe('an applicant without an account', () => {
  it('starts, changes and submits through the private link and follows the status', async () => {
    const f = await fundsFixture(ctx);
    const { application, token } = await startApplication(db(), f.tenant.id, f.fund.id, f.applicationInput());
    expect(application.status).toBe('draft');
    expect(application.tokenHash).not.toContain(token);
    await updateApplicationByToken(
      db(),
      f.tenant.id,
      token,
      f.applicationInput({ title: 'Hoffest mit Musik' }),
    );
    await submitApplicationByToken(db(), f.tenant.id, token);
    await checkEligibility(f.actors.teamA, db(), application.id, {});
    await requestChanges(f.actors.teamA, db(), application.id, { note: 'Bitte Kostenplan aufteilen' });
    const seen = await applicationByToken(db(), f.tenant.id, token);
    expect(seen.application.title).toBe('Hoffest mit Musik');
    expect(seen.history.map((h) => h.status)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'changes_requested',
    ]);
    expect(seen.history.at(-1)?.note).toBe('Bitte Kostenplan aufteilen');
    // Asked for changes, the applicant may change and submit again; in review they may not.
    await updateApplicationByToken(db(), f.tenant.id, token, f.applicationInput({ title: 'Hoffest' }));
    await submitApplicationByToken(db(), f.tenant.id, token);
    await checkEligibility(f.actors.teamA, db(), application.id, {});
    const locked = await updateApplicationByToken(db(), f.tenant.id, token, f.applicationInput()).catch(
      (e) => e,
    );
    expect(fieldOf(locked)).toEqual({ status: 'funds:errors.notEditable' });
  });

  it('withdraws before the decision, not after', async () => {
    const f = await fundsFixture(ctx);
    const { token } = await startApplication(db(), f.tenant.id, f.fund.id, f.applicationInput());
    await submitApplicationByToken(db(), f.tenant.id, token);
    expect((await withdrawApplicationByToken(db(), f.tenant.id, token)).status).toBe('withdrawn');
    expect(fieldOf(await withdrawApplicationByToken(db(), f.tenant.id, token).catch((e) => e))).toEqual({
      status: 'funds:errors.status.withdrawn',
    });
    expect((await applicationByToken(db(), f.tenant.id, token)).history.at(-1)?.status).toBe('withdrawn');
    const granted = await f.onAgenda();
    await f.grant(granted.id, 50_000);
    expect(fieldOf(await withdrawApplication(f.actors.teamA, db(), granted.id, {}).catch((e) => e))).toEqual({
      status: 'funds:errors.status.granted',
    });
  });

  it('gets nothing with a wrong link or another tenant’s link', async () => {
    const f = await fundsFixture(ctx);
    const other = await fundsFixture(ctx);
    const { token } = await startApplication(db(), f.tenant.id, f.fund.id, f.applicationInput());
    await expect(applicationByToken(db(), f.tenant.id, `${token}x`)).rejects.toMatchObject({ status: 404 });
    await expect(applicationByToken(db(), other.tenant.id, token)).rejects.toMatchObject({ status: 404 });
    await expect(
      startApplication(db(), other.tenant.id, f.fund.id, f.applicationInput()),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('the fund’s rules in the eligibility check', () => {
  const noteOf = async (
    f: Awaited<ReturnType<typeof fundsFixture>>,
    over: Parameters<typeof f.applicationInput>[0],
  ) => {
    const app = await createApplication(f.actors.admin, db(), f.fund.id, f.applicationInput(over));
    await submitApplication(f.actors.admin, db(), app.id);
    const { notes } = await checkEligibility(f.actors.teamA, db(), app.id, {});
    return Object.fromEntries(notes.map((n) => [n.rule, n.ok]));
  };

  it('notes the 1,500 € cap of an Aktionsfonds: 1,500 € pass, 1,500.01 € do not', async () => {
    const f = await fundsFixture(ctx);
    const at = (amountCents: number) => ({
      costLines: [{ item: 'Material', costKind: 'material' as const, amountCents }],
    });
    expect((await noteOf(f, at(150_000))).cap).toBe(true);
    expect((await noteOf(f, at(150_001))).cap).toBe(false);
  });

  it('notes fees in a fund for material costs only, and a missing own contribution', async () => {
    const f = await fundsFixture(ctx);
    const notes = await noteOf(f, {
      costLines: [
        { item: 'Farbe', costKind: 'material', amountCents: 20_000 },
        { item: 'Honorar', costKind: 'fee', amountCents: 30_000 },
      ],
      volunteerHours: 0,
    });
    expect(notes.cost_kinds).toBe(false);
    expect(notes.own_contribution).toBe(false);
    expect(notes.cap).toBe(true);
  });

  it('keeps staff’s own note on a rule over the automatic result', async () => {
    const f = await fundsFixture(ctx);
    const app = await createApplication(
      f.actors.admin,
      db(),
      f.fund.id,
      f.applicationInput({ volunteerHours: 0 }),
    );
    await submitApplication(f.actors.admin, db(), app.id);
    const { notes, application } = await checkEligibility(f.actors.teamA, db(), app.id, {
      notes: [{ rule: 'own_contribution', ok: true, note: 'Raum wird kostenlos gestellt' }],
    });
    expect(notes.find((n) => n.rule === 'own_contribution')).toMatchObject({
      ok: true,
      note: 'Raum wird kostenlos gestellt',
    });
    expect(application.status).toBe('in_review');
  });

  it('refuses a grant above the cap or above what was asked for', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda({
      costLines: [{ item: 'Material', costKind: 'material', amountCents: 200_000 }],
    });
    expect(fieldOf(await f.grant(app.id, 150_001).catch((e) => e))).toEqual({
      grantedCents: 'funds:errors.grantOverCap',
    });
    const small = await f.onAgenda();
    expect(fieldOf(await f.grant(small.id, 100_001).catch((e) => e))).toEqual({
      grantedCents: 'funds:errors.grantOverRequested',
    });
  });
});

describe('the deadline derived from the jury’s sessions', () => {
  it('puts an application on the first session whose deadline (7 days before) has not passed', async () => {
    const f = await fundsFixture(ctx);
    const sys = f.sys;
    const soon = (
      await scheduleMeeting(sys, db(), f.jury.id, { startsAt: localToInstant(addDays(f.today, 5), '18:00') })
    ).meetings[0];
    const later = (
      await scheduleMeeting(sys, db(), f.jury.id, { startsAt: localToInstant(addDays(f.today, 20), '18:00') })
    ).meetings[0];
    const app = await createApplication(
      f.actors.admin,
      db(),
      f.fund.id,
      f.applicationInput({ startsOn: addDays(f.today, 25) }),
    );
    await submitApplication(f.actors.admin, db(), app.id);
    await checkEligibility(f.actors.teamA, db(), app.id, {});
    const view = await applicationFor(f.actors.teamA, db(), app.id);
    const deadline = view.checks.find((c) => c.rule === 'deadline')!;
    expect(deadline).toMatchObject({
      ok: true,
      params: { session: addDays(f.today, 20), deadline: addDays(f.today, 13) },
    });
    const placed = await putOnAgenda(f.actors.teamA, db(), app.id, {});
    expect(placed.meetingId).toBe(later.id);
    expect(placed.meetingId).not.toBe(soon.id);
    // The item is on the jury's agenda, closed to the public.
    const meeting = await meetingFor(f.actors.admin, db(), later.id);
    expect(meeting.items.map((i) => [i.id, i.kind, i.public])).toEqual([
      [placed.agendaItemId, 'decision', false],
    ]);
  });

  it('notes a project that would start before the session that decides it', async () => {
    const f = await fundsFixture(ctx);
    await scheduleMeeting(f.sys, db(), f.jury.id, {
      startsAt: localToInstant(addDays(f.today, 20), '18:00'),
    });
    const app = await createApplication(
      f.actors.admin,
      db(),
      f.fund.id,
      f.applicationInput({ startsOn: addDays(f.today, 10) }),
    );
    await submitApplication(f.actors.admin, db(), app.id);
    const { notes } = await checkEligibility(f.actors.teamA, db(), app.id, {});
    expect(notes.find((n) => n.rule === 'start_date')?.ok).toBe(false);
  });

  it('finds no session when the jury has none ahead', async () => {
    const f = await fundsFixture(ctx);
    const app = await createApplication(f.actors.admin, db(), f.fund.id, f.applicationInput());
    await submitApplication(f.actors.admin, db(), app.id);
    await checkEligibility(f.actors.teamA, db(), app.id, {});
    expect(fieldOf(await putOnAgenda(f.actors.teamA, db(), app.id, {}).catch((e) => e))).toEqual({
      meetingId: 'funds:errors.noSession',
    });
  });
});

describe('the jury’s decision', () => {
  it('leaves out a member with a conflict of interest and commits the grant with the vote', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    const { application, vote } = await recordDecision(f.actors.teamA, db(), app.id, {
      outcome: 'granted',
      grantedCents: 90_000,
      conditions: 'Belege bis Jahresende',
      conflictedMemberIds: [f.members[0].id],
      vote: { kind: 'open', counts: { yes: 2, no: 0, abstain: 0 } },
    });
    expect(application).toMatchObject({ status: 'granted', grantedCents: 90_000, voteId: vote.id });
    expect(vote.entitled).toBe(2);
    expect(vote.presentMemberIds).not.toContain(f.members[0].id);
    const view = await fundYearFor(f.actors.admin, db(), f.fundYear.id);
    expect(view.balances.committedCents).toBe(90_000);
    // The member with the conflict cannot be counted: three votes from two entitled members are refused.
    const again = await f.onAgenda();
    const err = await recordDecision(f.actors.teamA, db(), again.id, {
      outcome: 'granted',
      grantedCents: 10_000,
      conflictedMemberIds: [f.members[0].id],
      vote: { kind: 'open', counts: { yes: 3, no: 0, abstain: 0 } },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((await applicationFor(f.actors.admin, db(), again.id)).application.status).toBe('on_agenda');
  });

  it('refuses with reasons when the vote is lost, and commits nothing', async () => {
    const f = await fundsFixture(ctx);
    const app = await f.onAgenda();
    const mismatch = await recordDecision(f.actors.teamA, db(), app.id, {
      outcome: 'granted',
      grantedCents: 50_000,
      vote: { kind: 'open', counts: { yes: 1, no: 2, abstain: 0 } },
    }).catch((e) => e);
    expect(fieldOf(mismatch)).toEqual({ outcome: 'funds:errors.voteNotCarried' });
    const { application } = await recordDecision(f.actors.teamA, db(), app.id, {
      outcome: 'refused',
      refusalReasons: 'Personalkosten sind nicht förderfähig',
      vote: { kind: 'open', counts: { yes: 1, no: 2, abstain: 0 } },
    });
    expect(application).toMatchObject({ status: 'refused', grantedCents: null });
    expect((await fundYearFor(f.actors.admin, db(), f.fundYear.id)).balances.committedCents).toBe(0);
  });
});

describe('a city-wide budget split across working groups', () => {
  it('records the split and its changes, and never splits more than the budget', async () => {
    const f = await fundsFixture(ctx);
    const groups = [];
    for (const name of ['AG Nord', 'AG Süd'])
      groups.push(await createBody(f.sys, db(), { name, kind: 'ag_gwa', areaId: null }));
    const city = await createFund(f.actors.admin, db(), {
      name: 'Initiativfonds Gemeinwesenarbeit',
      kind: 'initiative',
    });
    const parentYear = await setYearBudget(f.actors.admin, db(), city.id, {
      year: f.year,
      budgetCents: 5_120_000,
    });
    const shares = [];
    for (const g of groups)
      shares.push(
        await createFund(f.actors.admin, db(), {
          name: `Initiativfonds ${g.name}`,
          kind: 'initiative',
          parentFundId: city.id,
          workingGroupId: g.id,
          decidingBodyId: g.id,
        }),
      );
    await splitBudget(f.actors.admin, db(), parentYear.id, {
      shares: [
        { fundId: shares[0].id, budgetCents: 2_560_000 },
        { fundId: shares[1].id, budgetCents: 2_560_000 },
      ],
      reason: 'Beschluss Stadtrat',
    });
    const over = await splitBudget(f.actors.admin, db(), parentYear.id, {
      shares: [{ fundId: shares[0].id, budgetCents: 2_560_001 }],
    }).catch((e) => e);
    expect(fieldOf(over)).toEqual({ shares: 'funds:errors.splitOverBudget' });
    await splitBudget(f.actors.admin, db(), parentYear.id, {
      shares: [
        { fundId: shares[0].id, budgetCents: 3_000_000 },
        { fundId: shares[1].id, budgetCents: 2_120_000 },
      ],
      reason: 'Umverteilung',
    });
    const view = await fundYearFor(f.actors.admin, db(), parentYear.id);
    expect(view.shares.map((s) => s.fundYear?.budgetCents)).toEqual([3_000_000, 2_120_000]);
    const north = await fundYearFor(f.actors.admin, db(), view.shares[0].fundYear!.id);
    expect(north.budgetChanges.map((c) => [c.previousCents, c.newCents, c.reason, c.splitOf])).toEqual([
      [0, 2_560_000, 'Beschluss Stadtrat', parentYear.id],
      [2_560_000, 3_000_000, 'Umverteilung', parentYear.id],
    ]);
    // Nor may the city's budget drop below its shares.
    expect(
      fieldOf(
        await setYearBudget(f.actors.admin, db(), city.id, { year: f.year, budgetCents: 5_119_999 }).catch(
          (e) => e,
        ),
      ),
    ).toEqual({ budgetCents: 'funds:errors.splitOverBudget' });
  });
});

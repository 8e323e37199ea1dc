/**
 * Reminders in the staff inbox: invitations whose deadline (the body's invitation days before the
 * meeting) has been reached and that have not been sent, and terms that end within 30 days. Counted
 * where the member manages bodies — not in another area, not for department staff — narrowed by the
 * area switcher, and listed on /councils/due exactly as counted; sending the invitation or ending
 * the term clears the line.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { bodies } from './db/schema.ts';
import { endMemberTerm, scheduleMeeting, sendInvitations, setMeetingStatus } from './index.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
const ids: Record<string, string> = {};

const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

/** The councils lines of the start page: key → count. */
async function inbox(agent: Agent): Promise<Record<string, number>> {
  const html = await (await agent.get(`/staff/${fx.tenant.slug}`)).text();
  const lines: Record<string, number> = {};
  for (const m of html.matchAll(/data-inbox="(councils\.[^"]+)" data-count="(\d+)"/g))
    lines[m[1]] = Number(m[2]);
  return lines;
}

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  const db = ctx.services.db;
  const meeting = async (bodyId: string, days: number, title: string) =>
    (await scheduleMeeting(fx.sys, db, bodyId, { startsAt: fx.at(days, '18:00'), title })).meetings[0];
  // Quartiersrat in A, invitations 7 days before.
  const { body: ratA } = await fx.body({ name: 'Rat A', kind: 'quartiersrat', invitationDays: 7 }, 0, [
    fx.member('Endet Bald', { termTo: addDays(fx.today, 10) }),
    fx.member('Endet Heute', { termTo: fx.today }),
    fx.member('Endet Später', { termTo: addDays(fx.today, 40) }),
    fx.member('Endet Nie'),
  ]);
  ids.ratA = ratA.id;
  ids.dueA = (await meeting(ratA.id, 5, 'Fällig A')).id;
  ids.deadlineToday = (await meeting(ratA.id, 7, 'Frist heute A')).id;
  await meeting(ratA.id, 9, 'Noch nicht fällig A');
  await meeting(ratA.id, -2, 'Vorbei A');
  const invited = await meeting(ratA.id, 4, 'Schon eingeladen A');
  await sendInvitations(fx.sys, ctx.services, invited.id, 'Test');
  const cancelled = await meeting(ratA.id, 3, 'Abgesagt A');
  await setMeetingStatus(fx.sys, db, cancelled.id, { status: 'cancelled' });
  // A jury in B with a short lead time: due from 2 days before.
  const { body: juryB } = await fx.body({ name: 'Jury B', areaId: fx.qmB, invitationDays: 2 }, 0, [
    fx.member('Juror B', { termTo: addDays(fx.today, 30) }),
  ]);
  await meeting(juryB.id, 2, 'Fällig B');
  await meeting(juryB.id, 3, 'Noch nicht fällig B');
  // A dissolved body waits for nobody.
  const { body: gone } = await fx.body({ name: 'Aufgelöst', invitationDays: 7 }, 0, [
    fx.member('Altes Mitglied', { termTo: addDays(fx.today, 5) }),
  ]);
  await meeting(gone.id, 3, 'Aufgelöst fällig');
  await db.update(bodies).set({ dissolvedOn: fx.today }).where(eq(bodies.id, gone.id));
});
afterAll(() => ctx?.close());

describe('council reminders in the staff inbox', () => {
  it('counts due invitations and ending terms where the member manages bodies', async () => {
    expect(await inbox(await agentOf(fx.users.admin.id))).toEqual({
      'councils.invitationsDue': 3,
      'councils.termsEnding': 3,
    });
    expect(await inbox(await agentOf(fx.users.teamA.id))).toEqual({
      'councils.invitationsDue': 2,
      'councils.termsEnding': 2,
    });
    expect(await inbox(await agentOf(fx.users.teamB.id))).toEqual({
      'councils.invitationsDue': 1,
      'councils.termsEnding': 1,
    });
    // Department staff and jury members manage no body: no line.
    expect(await inbox(await agentOf(fx.users.department.id))).toEqual({});
    expect(await inbox(await agentOf(fx.users.jury.id))).toEqual({});
  });

  it('the area switcher narrows the counts', async () => {
    const admin = await agentOf(fx.users.admin.id);
    await admin.get(`/staff/${fx.tenant.slug}/switch-area?area=${fx.qmB}`);
    expect(await inbox(admin)).toEqual({ 'councils.invitationsDue': 1, 'councils.termsEnding': 1 });
  });

  it('the due list shows exactly what was counted', async () => {
    const team = await agentOf(fx.users.teamA.id);
    const res = await team.get(`/staff/${fx.tenant.slug}/councils/due`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const shown of ['Fällig A', 'Frist heute A', 'Endet Bald', 'Endet Heute'])
      expect(html).toContain(shown);
    for (const hidden of [
      'Noch nicht fällig A',
      'Vorbei A',
      'Schon eingeladen A',
      'Abgesagt A',
      'Fällig B',
      'Juror B',
      'Endet Später',
      'Endet Nie',
      'Aufgelöst',
      'Altes Mitglied',
    ])
      expect(html).not.toContain(hidden);
    expect(html).toContain(`/councils/meetings/${ids.dueA}`);
    expect(
      (await (await agentOf(fx.users.department.id)).get(`/staff/${fx.tenant.slug}/councils/due`)).status,
    ).toBe(403);
  });

  it('sending the invitation or ending the term clears the line', async () => {
    const db = ctx.services.db;
    await sendInvitations(fx.sys, ctx.services, ids.dueA, 'Test');
    const soon = (
      await fx.body({ name: 'Rat A2' }, 0, [fx.member('Endet Auch', { termTo: addDays(fx.today, 3) })])
    ).members[0];
    const teamA = await agentOf(fx.users.teamA.id);
    expect(await inbox(teamA)).toEqual({ 'councils.invitationsDue': 1, 'councils.termsEnding': 3 });
    await endMemberTerm(fx.sys, db, soon.id, { endedOn: fx.today, reason: 'term_ended' });
    expect(await inbox(teamA)).toEqual({ 'councils.invitationsDue': 1, 'councils.termsEnding': 2 });
  });
});

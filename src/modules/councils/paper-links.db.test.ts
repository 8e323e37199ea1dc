/**
 * Withdrawing a member's private link to a meeting's papers: the staff who manage the body withdraw
 * one member's link for one meeting, or all of a member's open links, on the meeting page; the link is
 * then the plain 404 page while the other members' links still open; restoring opens it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { addAgendaItem, scheduleMeeting } from './index.ts';
import { councilsFixture } from './testing/fixture.ts';
import { withdrawPaperLink } from './use-cases/paper-links.ts';
import { paperLinkUrl } from './use-cases/papers.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  base = `/staff/${fx.tenant.slug}/councils`;
});
afterAll(() => ctx?.close());

async function setUp() {
  const { body, members } = await fx.body(
    { name: `Rat ${Math.random()}`, kind: 'quartiersrat', public: true },
    0,
    [
      fx.member('Wanda Weg', { email: 'wanda@example.org' }),
      fx.member('Bleibt Bert', { email: 'bert@example.org' }),
    ],
  );
  const meetings = (
    await scheduleMeeting(fx.sys, ctx.services.db, body.id, {
      startsAt: fx.at(10),
      title: 'Ratssitzung',
      repeatMonthly: 2,
    })
  ).meetings;
  for (const m of meetings)
    await addAgendaItem(fx.sys, ctx.services.db, m.id, {
      title: 'Personalfrage',
      kind: 'discussion',
      public: false,
      text: 'Vertraulich',
    });
  const link = (meetingIndex: number, memberIndex: number) =>
    new URL(
      paperLinkUrl({
        baseUrl: 'http://localhost',
        tenant: fx.tenant,
        meeting: meetings[meetingIndex],
        memberId: members[memberIndex].id,
      })!,
    ).pathname;
  return { body, members, meetings, link };
}

describe('withdrawing private paper links', () => {
  it('one link for one meeting: 404 from then on, the other member’s link still opens, restoring opens it again', async () => {
    const s = await setUp();
    const anon = new Agent(ctx.app);
    expect((await anon.get(s.link(0, 0))).status).toBe(200);
    const team = await agentOf(fx.users.teamA.id);
    const page = await team.get(`${base}/meetings/${s.meetings[0].id}`);
    expect(await page.text()).toContain(`/links/${s.members[0].id}/withdraw`);
    const done = await team.post(
      `${base}/meetings/${s.meetings[0].id}/links/${s.members[0].id}/withdraw`,
      {},
    );
    expect(done.status).toBe(303);
    expect((await anon.get(s.link(0, 0))).status).toBe(404);
    expect((await anon.get(`${s.link(0, 0)}/agenda.pdf`)).status).toBe(404);
    expect((await anon.get(s.link(0, 1))).status).toBe(200);
    // The same member's link to the next meeting is untouched.
    expect((await anon.get(s.link(1, 0))).status).toBe(200);
    // Withdrawing twice changes nothing.
    await withdrawPaperLink(fx.sys, ctx.services.db, s.meetings[0].id, s.members[0].id);
    await team.get(`${base}/meetings/${s.meetings[0].id}`);
    expect(
      (await team.post(`${base}/meetings/${s.meetings[0].id}/links/${s.members[0].id}/restore`, {})).status,
    ).toBe(303);
    expect((await anon.get(s.link(0, 0))).status).toBe(200);
  });

  it('all of a member’s open links at once; a team member of another area may not withdraw', async () => {
    const s = await setUp();
    const anon = new Agent(ctx.app);
    const other = await agentOf(fx.users.teamB.id);
    await other.get(base);
    const refused = await other.post(`${base}/members/${s.members[0].id}/links/withdraw`, {});
    expect([403, 404]).toContain(refused.status);
    expect((await anon.get(s.link(0, 0))).status).toBe(200);
    const team = await agentOf(fx.users.teamA.id);
    await team.get(`${base}/meetings/${s.meetings[0].id}`);
    const done = await team.post(
      `${base}/members/${s.members[0].id}/links/withdraw?from=${s.meetings[0].id}`,
      {},
    );
    expect(done.status).toBe(303);
    expect((await anon.get(s.link(0, 0))).status).toBe(404);
    expect((await anon.get(s.link(1, 0))).status).toBe(404);
    expect((await anon.get(s.link(1, 1))).status).toBe(200);
    const html = await (await team.get(`${base}/meetings/${s.meetings[1].id}`)).text();
    expect(html).toContain(`/links/${s.members[0].id}/restore`);
  });
});

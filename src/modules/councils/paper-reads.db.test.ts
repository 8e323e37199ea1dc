/**
 * Reads of closed papers by accounts on the staff screens: the meeting page, its PDFs, the minutes
 * page and an item's form each write one audit entry `read` with the account and the closed items'
 * ids when they hold a closed paper; public papers and readers who see no closed item write nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { addAgendaItem, scheduleMeeting } from './index.ts';
import { listAgendaItems } from './queries.ts';
import { councilsFixture } from './testing/fixture.ts';

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

const readsOf = (userId: string) =>
  ctx.services.db
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.tenantId, fx.tenant.id), eq(auditLog.actorUserId, userId), eq(auditLog.action, 'read')),
    );

async function setUp(o: { closedItem: boolean; juryMember?: string }) {
  const { body } = await fx.body({ name: `Rat ${Math.random()}`, kind: 'quartiersrat', public: true }, 0, [
    fx.member('Mia Mitglied', { userId: o.juryMember ?? null, email: 'mia@example.org' }),
  ]);
  const meeting = (
    await scheduleMeeting(fx.sys, ctx.services.db, body.id, { startsAt: fx.at(10), title: 'Ratssitzung' })
  ).meetings[0];
  await addAgendaItem(fx.sys, ctx.services.db, meeting.id, {
    title: 'Hoffest',
    kind: 'decision',
    text: 'Öffentlicher Antrag',
  });
  if (o.closedItem) {
    await addAgendaItem(fx.sys, ctx.services.db, meeting.id, {
      title: 'Personalfrage',
      kind: 'discussion',
      public: false,
      text: 'Vertraulicher Vermerk',
    });
    // A closed item without anything to read is not a paper.
    await addAgendaItem(fx.sys, ctx.services.db, meeting.id, {
      title: 'Verschiedenes (nicht öffentlich)',
      kind: 'information',
      public: false,
    });
  }
  const items = await listAgendaItems(ctx.services.db, fx.tenant.id, meeting.id);
  return { body, meeting, items };
}

describe('reads of closed papers on the staff screens', () => {
  it('the meeting page, the agenda PDF and the item form each write one entry with the account and the closed items', async () => {
    const s = await setUp({ closedItem: true });
    const closed = s.items[1];
    const team = await agentOf(fx.users.teamA.id);
    const page = await team.get(`${base}/meetings/${s.meeting.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Vertraulicher Vermerk');
    let reads = await readsOf(fx.users.teamA.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ entityType: 'councils.meeting', entityId: s.meeting.id });
    expect(reads[0].details).toEqual({
      via: 'meeting_page',
      meetingId: s.meeting.id,
      closedItemIds: [closed.id],
    });

    const pdf = await team.get(`${base}/meetings/${s.meeting.id}/agenda.pdf`);
    expect(pdf.status).toBe(200);
    reads = await readsOf(fx.users.teamA.id);
    expect(reads.map((r) => (r.details as { via: string }).via).sort()).toEqual([
      'agenda_pdf',
      'meeting_page',
    ]);

    const form = await team.get(`${base}/items/${closed.id}/edit`);
    expect(form.status).toBe(200);
    const itemRead = (await readsOf(fx.users.teamA.id)).find((r) => r.entityType === 'councils.agenda_item');
    expect(itemRead).toMatchObject({
      entityId: closed.id,
      details: { via: 'item_page', closedItemIds: [closed.id] },
    });
    // The public item's form shows a public paper: nothing more.
    await team.get(`${base}/items/${s.items[0].id}/edit`);
    expect(await readsOf(fx.users.teamA.id)).toHaveLength(3);
  });

  it('a member with an account who reads the closed paper is logged with their account', async () => {
    const s = await setUp({ closedItem: true, juryMember: fx.users.jury.id });
    const jury = await agentOf(fx.users.jury.id);
    const page = await jury.get(`${base}/meetings/${s.meeting.id}`);
    expect(page.status).toBe(200);
    const reads = (await readsOf(fx.users.jury.id)).filter((r) => r.entityId === s.meeting.id);
    expect(reads).toHaveLength(1);
    expect(reads[0].details).toMatchObject({ via: 'meeting_page', closedItemIds: [s.items[1].id] });
    // The item's form is the staff's: refused to the member, and no read is written for it.
    expect((await jury.get(`${base}/items/${s.items[1].id}/edit`)).status).toBe(403);
    expect((await readsOf(fx.users.jury.id)).filter((r) => r.entityId === s.items[1].id)).toHaveLength(0);
  });

  it('public papers, and readers who are shown no closed item, write nothing', async () => {
    const open = await setUp({ closedItem: false });
    const team = await agentOf(fx.users.teamDistrict.id);
    expect((await team.get(`${base}/meetings/${open.meeting.id}`)).status).toBe(200);
    expect((await team.get(`${base}/meetings/${open.meeting.id}/agenda.pdf`)).status).toBe(200);
    expect(await readsOf(fx.users.teamDistrict.id)).toHaveLength(0);
    // Department staff read a public body's public items only: the closed one is not theirs to see.
    const withClosed = await setUp({ closedItem: true });
    const dept = await agentOf(fx.users.department.id);
    const page = await dept.get(`${base}/meetings/${withClosed.meeting.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('Vertraulicher Vermerk');
    expect(await readsOf(fx.users.department.id)).toHaveLength(0);
  });
});

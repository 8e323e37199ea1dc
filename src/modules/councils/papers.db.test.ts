/**
 * A meeting's papers through a member's private link (no account): the page lists the whole agenda,
 * closed items too, and downloads each paper; a closed paper read is in the audit log with the member
 * record. The link is signed, not stored: a token forged for another meeting or tenant, a tampered
 * signature, an expired link, and the link of a member who resigned or was removed are a 404 page.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { installationKey } from '../../platform/secrets/sealed.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { signPaperLink } from './domain/paper-links.ts';
import { addAgendaItem, endMemberTerm, resignMember, scheduleMeeting } from './index.ts';
import { listAgendaItems, type Meeting } from './queries.ts';
import { councilsFixture } from './testing/fixture.ts';
import { paperLinkExpiry, paperLinkUrl, papersByLink } from './use-cases/papers.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let other: Awaited<ReturnType<typeof councilsFixture>>;
const anon = () => new Agent(ctx.app);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
/** The path of a link (the test app answers on its own host). */
const pathOf = (url: string) => new URL(url).pathname;

async function setUp(f = fx, memberName = 'Lena Link') {
  const { body, members } = await f.body(
    { name: `Rat ${memberName}`, kind: 'quartiersrat', public: true },
    0,
    [
      f.member(memberName, { email: `${memberName.split(' ')[0].toLowerCase()}@example.org` }),
      f.member('Paul Partner', { email: 'paul@example.org' }),
    ],
  );
  const meeting = (
    await scheduleMeeting(f.sys, ctx.services.db, body.id, { startsAt: f.at(10), title: 'Ratssitzung' })
  ).meetings[0];
  await addAgendaItem(f.sys, ctx.services.db, meeting.id, {
    title: 'Hoffest im Sommer',
    kind: 'decision',
    text: 'Öffentlicher Antrag: 500 € für das Hoffest',
  });
  await addAgendaItem(f.sys, ctx.services.db, meeting.id, {
    title: 'Personalfrage Vertraulich',
    kind: 'discussion',
    public: false,
    text: 'Vertraulicher Vermerk zur Personalfrage',
  });
  const [open, closed] = await listAgendaItems(ctx.services.db, f.tenant.id, meeting.id);
  const link = (m: Meeting = meeting, memberId = members[0].id) =>
    paperLinkUrl({ baseUrl: 'http://localhost', tenant: f.tenant, meeting: m, memberId })!;
  return { body, member: members[0], partner: members[1], meeting, open, closed, link };
}

const auditOf = (tenantId: string, entityId: string) =>
  ctx.services.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.entityId, entityId)));

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  other = await councilsFixture(ctx);
});
afterAll(() => ctx?.close());

describe('private links to a meeting’s papers', () => {
  it('open the agenda with its closed item, privately, and download each paper; closed reads are audited', async () => {
    const s = await setUp();
    const url = pathOf(s.link());
    const res = await anon().get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    const html = await res.text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
    // The token is in the address: links from the page send no referrer.
    expect(html).toContain('<meta name="referrer" content="no-referrer"');
    const page = text(html);
    expect(page).toContain('Sitzungsunterlagen');
    expect(page).toContain('Hoffest im Sommer');
    expect(page).toContain('Personalfrage Vertraulich');
    expect(page).toContain('nicht öffentlich');
    expect(page).toContain('Lena Link');
    // The texts are read only through the downloads, so every closed read is counted.
    expect(page).not.toContain('Vertraulicher Vermerk');
    expect(html).toContain(`${url}/items/${s.closed.id}`);
    expect(html).toContain(`${url}/items/${s.open.id}`);
    expect(text(await (await anon().get(`${url}?lang=en`)).text())).toContain('Meeting papers');
    expect(text(await (await anon().get(`${url}?lang=tr`)).text())).toContain('Toplantı belgeleri');

    const closedPdf = await anon().get(`${url}/items/${s.closed.id}`);
    expect(closedPdf.status).toBe(200);
    expect(closedPdf.headers.get('content-type')).toBe('application/pdf');
    expect(closedPdf.headers.get('cache-control')).toBe('private, no-store');
    expect(
      Buffer.from(await closedPdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const [entry, ...more] = await auditOf(fx.tenant.id, s.closed.id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ action: 'read', entityType: 'councils.agenda_item', actorUserId: null });
    expect(entry.details).toMatchObject({
      via: 'private_link',
      memberId: s.member.id,
      meetingId: s.meeting.id,
    });

    // A public paper is no closed read; the whole invitation holds the closed item, so it is one.
    expect((await anon().get(`${url}/items/${s.open.id}`)).status).toBe(200);
    expect(await auditOf(fx.tenant.id, s.open.id)).toHaveLength(0);
    const agenda = await anon().get(`${url}/agenda.pdf`);
    expect(agenda.status).toBe(200);
    const [whole] = await auditOf(fx.tenant.id, s.meeting.id).then((r) =>
      r.filter((e) => e.action === 'read'),
    );
    expect(whole.details).toMatchObject({ memberId: s.member.id, closedItemIds: [s.closed.id] });
  });

  it('refuse a token forged for another meeting or another tenant, and a tampered signature', async () => {
    const s = await setUp(fx, 'Fritz Fälschung');
    const elsewhere = await setUp(fx, 'Olga Anders');
    const foreign = await setUp(other, 'Bea Bfremd');
    const good = pathOf(s.link());
    const [memberId, , expiry, signature] = good.split('/').pop()!.split('.');
    const base = `/${fx.tenant.slug}/councils/papers`;
    expect((await anon().get(good)).status).toBe(200);
    // The member's signature with another meeting's id in it.
    const swapped = `${base}/${memberId}.${elsewhere.meeting.id}.${expiry}.${signature}`;
    const r1 = await anon().get(swapped);
    expect(r1.status).toBe(404);
    expect(await (await anon().get(`${swapped}/items/${elsewhere.closed.id}`)).status).toBe(404);
    // A valid link of tenant B, asked for through tenant A's address.
    const bToken = pathOf(foreign.link()).split('/').pop()!;
    expect((await anon().get(pathOf(foreign.link()))).status).toBe(200);
    expect((await anon().get(`${base}/${bToken}`)).status).toBe(404);
    expect((await anon().get(`${base}/${bToken}/items/${foreign.closed.id}`)).status).toBe(404);
    // One character of the signature changed.
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    const tampered = await anon().get(`${base}/${memberId}.${s.meeting.id}.${expiry}.${flipped}?lang=en`);
    expect(tampered.status).toBe(404);
    expect(text(await tampered.text())).toContain('This page does not exist');
    // A later expiry with the old signature.
    const later = (Number.parseInt(expiry, 36) + 86_400 * 365).toString(36);
    expect((await anon().get(`${base}/${memberId}.${s.meeting.id}.${later}.${signature}`)).status).toBe(404);
    // Garbage is a 404, never a 500.
    for (const junk of ['x', '...', 'a.b.c.d', `${memberId}.${s.meeting.id}.zzzzzzzzzz.${signature}`])
      expect((await anon().get(`${base}/${encodeURIComponent(junk)}`)).status).toBe(404);
    // A correct signature for another meeting of the tenant still needs the member in that body.
    const key = installationKey()!;
    const crossed = signPaperLink(key, {
      tenantId: fx.tenant.id,
      meetingId: elsewhere.meeting.id,
      memberId: s.member.id,
      expiresAt: Math.floor(paperLinkExpiry(elsewhere.meeting).getTime() / 1000),
    });
    expect((await anon().get(`${base}/${crossed}`)).status).toBe(404);
    expect(await auditOf(fx.tenant.id, elsewhere.closed.id)).toHaveLength(0);
  });

  it('stop 30 days after the meeting', async () => {
    const s = await setUp(fx, 'Erik Ende');
    const token = pathOf(s.link()).split('/').pop()!;
    const expiry = paperLinkExpiry(s.meeting);
    await expect(
      papersByLink(ctx.services.db, fx.tenant.id, token, new Date(expiry.getTime() - 1000)),
    ).resolves.toBeTruthy();
    await expect(papersByLink(ctx.services.db, fx.tenant.id, token, expiry)).rejects.toMatchObject({
      status: 404,
    });
    // Over HTTP: a meeting 40 days ago.
    const past = (await scheduleMeeting(fx.sys, ctx.services.db, s.body.id, { startsAt: fx.at(-40) }))
      .meetings[0];
    expect((await anon().get(pathOf(s.link(past)))).status).toBe(404);
    const recent = (await scheduleMeeting(fx.sys, ctx.services.db, s.body.id, { startsAt: fx.at(-20) }))
      .meetings[0];
    expect((await anon().get(pathOf(s.link(recent)))).status).toBe(200);
  });

  it('stop when the member resigned or was removed before the meeting', async () => {
    const s = await setUp(fx, 'Rita Rücktritt');
    const resigned = pathOf(s.link());
    const removed = pathOf(s.link(s.meeting, s.partner.id));
    expect((await anon().get(resigned)).status).toBe(200);
    expect((await anon().get(removed)).status).toBe(200);
    await resignMember(fx.sys, ctx.services.db, s.member.id, { resignedOn: fx.today });
    await endMemberTerm(fx.sys, ctx.services.db, s.partner.id, { endedOn: fx.today, reason: 'removed' });
    expect((await anon().get(resigned)).status).toBe(404);
    expect((await anon().get(`${resigned}/items/${s.closed.id}`)).status).toBe(404);
    expect((await anon().get(removed)).status).toBe(404);
    expect(await auditOf(fx.tenant.id, s.closed.id)).toHaveLength(0);
    // A meeting before the resignation still opens for them.
    const before = (await scheduleMeeting(fx.sys, ctx.services.db, s.body.id, { startsAt: fx.at(-3) }))
      .meetings[0];
    expect((await anon().get(pathOf(s.link(before)))).status).toBe(200);
  });
});

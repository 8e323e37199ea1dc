/**
 * Uploaded papers of agenda items (PDF): staff who manage the body upload and remove them; a file is
 * public or closed with its item. The body's staff and members read every one (a closed read is
 * audited with the account), the private link's page lists and serves them (a closed one audited
 * with the member record), the public body page and its download only public ones. A file that is
 * not a PDF by its bytes is refused with the field named.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { readStoredFile } from '../../platform/files/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { addAgendaItem, scheduleMeeting } from './index.ts';
import { listAgendaItems, listItemFiles } from './queries.ts';
import { councilsFixture } from './testing/fixture.ts';
import { paperLinkUrl } from './use-cases/papers.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const PDF = (marker: string) => new TextEncoder().encode(`%PDF-1.4\n% ${marker}\n%%EOF\n`);

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  base = `/staff/${fx.tenant.slug}/councils`;
});
afterAll(() => ctx?.close());

/** Posts a file like a browser's multipart form, with the CSRF token of the item's page. */
async function upload(agent: Agent, itemId: string, bytes: Uint8Array<ArrayBuffer>, name: string) {
  await agent.get(`${base}/items/${itemId}/edit`);
  const form = new FormData();
  form.append('_csrf', agent.csrfToken() ?? '');
  form.append('file', new File([bytes], name, { type: 'application/pdf' }));
  return agent.request(`${base}/items/${itemId}/files`, { method: 'POST', body: form });
}

async function setUp() {
  const { body, members } = await fx.body(
    { name: `Rat ${Math.random()}`, kind: 'quartiersrat', public: true },
    0,
    [fx.member('Olga Ohnekonto', { email: 'olga@example.org' })],
  );
  const meeting = (
    await scheduleMeeting(fx.sys, ctx.services.db, body.id, { startsAt: fx.at(10), title: 'Ratssitzung' })
  ).meetings[0];
  await addAgendaItem(fx.sys, ctx.services.db, meeting.id, { title: 'Hoffest', kind: 'decision' });
  await addAgendaItem(fx.sys, ctx.services.db, meeting.id, {
    title: 'Personalfrage',
    kind: 'discussion',
    public: false,
  });
  const [open, closed] = await listAgendaItems(ctx.services.db, fx.tenant.id, meeting.id);
  return { body, member: members[0], meeting, open, closed };
}

describe('uploaded papers of agenda items', () => {
  it('staff upload PDFs to a public and a closed item; a file that is not a PDF is refused by its bytes', async () => {
    const s = await setUp();
    const team = await agentOf(fx.users.teamA.id);
    const refused = await upload(
      team,
      s.open.id,
      new TextEncoder().encode('<html>not a pdf</html>'),
      'x.pdf',
    );
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('href="#file"');
    expect(html).toContain('keine PDF-Datei');
    expect(await listItemFiles(ctx.services.db, fx.tenant.id, [s.open.id])).toHaveLength(0);

    const ok = await upload(team, s.open.id, PDF('Haushaltsplan'), 'Haushaltsplan 2027.pdf');
    expect(ok.status).toBe(303);
    expect((await upload(team, s.closed.id, PDF('Vertraulich'), 'Personal.pdf')).status).toBe(303);
    const [openFile] = await listItemFiles(ctx.services.db, fx.tenant.id, [s.open.id]);
    expect(openFile).toMatchObject({ name: 'Haushaltsplan 2027.pdf', contentType: 'application/pdf' });
    const stored = await readStoredFile(ctx.services.config.storageDir, fx.tenant.id, openFile.id);
    expect(new TextDecoder().decode(stored!)).toContain('Haushaltsplan');

    // The department reads a public body's public files, never a closed one.
    const [closedFile] = await listItemFiles(ctx.services.db, fx.tenant.id, [s.closed.id]);
    const dept = await agentOf(fx.users.department.id);
    expect((await dept.get(`${base}/files/${openFile.id}`)).status).toBe(200);
    expect((await dept.get(`${base}/files/${closedFile.id}`)).status).toBe(403);
    // Another area's team does not manage the body: no upload.
    const other = await agentOf(fx.users.teamB.id);
    await other.get(`${base}`);
    const form = new FormData();
    form.append('_csrf', other.csrfToken() ?? '');
    form.append('file', new File([PDF('x')], 'x.pdf'));
    const denied = await other.request(`${base}/items/${s.open.id}/files`, { method: 'POST', body: form });
    expect([403, 404]).toContain(denied.status);
  });

  it('the closed file is served to the staff with an audit entry, through the private link with the member record, and never to the public', async () => {
    const s = await setUp();
    const team = await agentOf(fx.users.teamA.id);
    await upload(team, s.open.id, PDF('Oeffentlich'), 'Antrag.pdf');
    await upload(team, s.closed.id, PDF('Geheimvermerk'), 'Vermerk.pdf');
    const [openFile] = await listItemFiles(ctx.services.db, fx.tenant.id, [s.open.id]);
    const [closedFile] = await listItemFiles(ctx.services.db, fx.tenant.id, [s.closed.id]);

    const got = await team.get(`${base}/files/${closedFile.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('cache-control')).toBe('private, no-store');
    expect(await got.text()).toContain('Geheimvermerk');
    const audit = (id: string) =>
      ctx.services.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.tenantId, fx.tenant.id), eq(auditLog.entityId, id), eq(auditLog.action, 'read')),
        );
    const [staffRead] = await audit(closedFile.id);
    expect(staffRead).toMatchObject({
      actorUserId: fx.users.teamA.id,
      entityType: 'councils.item_file',
      details: { via: 'item_file', closedItemIds: [s.closed.id] },
    });
    await team.get(`${base}/files/${openFile.id}`);
    expect(await audit(openFile.id)).toHaveLength(0);

    // The meeting page lists both files by name.
    const page = await (await team.get(`${base}/meetings/${s.meeting.id}`)).text();
    expect(page).toContain(`${base}/files/${closedFile.id}`);
    expect(page).toContain('Antrag.pdf');

    // The private link: the page lists both, the closed download is audited with the member record.
    const link = new URL(
      paperLinkUrl({
        baseUrl: 'http://localhost',
        tenant: fx.tenant,
        meeting: s.meeting,
        memberId: s.member.id,
      })!,
    ).pathname;
    const anon = new Agent(ctx.app);
    const papers = await (await anon.get(link)).text();
    expect(papers).toContain(`${link}/files/${closedFile.id}`);
    const viaLink = await anon.get(`${link}/files/${closedFile.id}`);
    expect(viaLink.status).toBe(200);
    expect(await viaLink.text()).toContain('Geheimvermerk');
    const linkReads = (await audit(closedFile.id)).filter((r) => r.actorUserId === null);
    expect(linkReads).toHaveLength(1);
    expect(linkReads[0]).toMatchObject({
      actorLabel: `councils.member:${s.member.id}`,
      details: { via: 'private_link', memberId: s.member.id },
    });
    // A file of another meeting through this link: 404.
    const elsewhere = await setUp();
    await upload(team, elsewhere.open.id, PDF('Anderswo'), 'Anderswo.pdf');
    const [foreign] = await listItemFiles(ctx.services.db, fx.tenant.id, [elsewhere.open.id]);
    expect((await anon.get(`${link}/files/${foreign.id}`)).status).toBe(404);

    // The public: the body page links the public file and it downloads; the closed one is 404.
    const bodyPage = await (await anon.get(`/${fx.tenant.slug}/councils/${s.body.slug}`)).text();
    expect(bodyPage).toContain(`/${fx.tenant.slug}/councils/files/${openFile.id}`);
    expect(bodyPage).not.toContain('Vermerk.pdf');
    const pub = await anon.get(`/${fx.tenant.slug}/councils/files/${openFile.id}`);
    expect(pub.status).toBe(200);
    expect(await pub.text()).toContain('Oeffentlich');
    expect((await anon.get(`/${fx.tenant.slug}/councils/files/${closedFile.id}`)).status).toBe(404);
  });

  it('an item with uploaded papers is removed only after them; removing a file deletes its bytes', async () => {
    const s = await setUp();
    const team = await agentOf(fx.users.teamA.id);
    await upload(team, s.open.id, PDF('weg'), 'weg.pdf');
    const [file] = await listItemFiles(ctx.services.db, fx.tenant.id, [s.open.id]);
    await team.get(`${base}/meetings/${s.meeting.id}`);
    const refused = await team.post(`${base}/items/${s.open.id}/remove`, {});
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('hochgeladene Unterlagen');
    await team.get(`${base}/items/${s.open.id}/edit`);
    expect((await team.post(`${base}/files/${file.id}/remove`, {})).status).toBe(303);
    expect(await readStoredFile(ctx.services.config.storageDir, fx.tenant.id, file.id)).toBeNull();
    await team.get(`${base}/meetings/${s.meeting.id}`);
    expect((await team.post(`${base}/items/${s.open.id}/remove`, {})).status).toBe(303);
  });
});

/**
 * Every website and newsletter staff screen (list, new, edit, publish/send, delete) opened by the
 * three kinds of member who use them: a tenant-wide administrator (sees and manages everything,
 * also content for the whole tenant), a team member of one area (only that area; another area's
 * content is refused) and department staff (the manifests do not grant them these screens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { createIssue } from '../newsletters/index.ts';
import { createPage, createPost, getPage, getPost } from './use-cases/content.ts';

let ctx: TestContext;
let tenant: { id: string; slug: string };
let areaA: string;
let areaB: string;
const users: Record<'admin' | 'team' | 'department', string> = { admin: '', team: '', department: '' };
/** Content made before the tests: a post, a page and a newsletter issue for A, for B and for the whole tenant. */
const posts: Record<'a' | 'b' | 'all', string> = { a: '', b: '', all: '' };
const pages: Record<'a' | 'b' | 'all', string> = { a: '', b: '', all: '' };
const issues: Record<'a' | 'b' | 'all', string> = { a: '', b: '', all: '' };

const text = (title: string) => ({ lang: 'de', title, summary: '', bodyHtml: `<p>${title}</p>` });
const issueInput = (subject: string, areaId: string | null) => ({
  subject,
  introHtml: '<p>Hallo</p>',
  lang: 'de' as const,
  segmentLangs: [],
  areaId,
  topic: null,
  postIds: [],
  eventIds: [],
});

beforeAll(async () => {
  ctx = await createTestContext();
  const { services } = ctx;
  tenant = await makeTenant(services);
  const d = await upsertAreas(services.db, tenant.id, 'district', [
    { kind: 'district', key: '01', name: 'Mitte' },
  ]);
  const q = await upsertAreas(services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QA', name: 'Quartier Alpha', parentId: d.ids.get('01') },
    { kind: 'programme', key: 'QB', name: 'Quartier Beta', parentId: d.ids.get('01') },
  ]);
  areaA = q.ids.get('QA')!;
  areaB = q.ids.get('QB')!;
  users.admin = (await makeUser(services, { tenantId: tenant.id, role: 'admin' })).id;
  users.team = (await makeUser(services, { tenantId: tenant.id, role: 'team', scopeAreaId: areaA })).id;
  users.department = (await makeUser(services, { tenantId: tenant.id, role: 'department' })).id;
  const sys = systemActor(tenant.id);
  for (const [k, areaId, label] of [
    ['a', areaA, 'Alpha'],
    ['b', areaB, 'Beta'],
    ['all', null, 'Ganze Stadt'],
  ] as const) {
    posts[k] = (
      await createPost(sys, services.db, { areaId, slug: '', topics: [] }, text(`Nachricht ${label}`))
    ).id;
    pages[k] = (
      await createPage(sys, services.db, { areaId, slug: '', kind: 'page', sort: 0 }, text(`Seite ${label}`))
    ).id;
    issues[k] = (await createIssue(sys, services.db, issueInput(`Kiezbrief ${label}`, areaId))).id;
  }
});
afterAll(() => ctx.close());

const staff = (path: string) => `/staff/${tenant.slug}${path}`;
const as = (who: keyof typeof users) => new Agent(ctx.app).loginAs(ctx.services, users[who]);
const newPost = (areaId: string, title: string) => ({ lang: 'de', title, body: 'Text', areaId });
/** The options of the form's area field (the page also has the staff area switcher). */
const areaField = (html: string) => /<select[^>]*name="areaId"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
const newIssue = (areaId: string, subject: string) => ({ subject, intro: 'Hallo', lang: 'de', areaId });

describe('website and newsletter screens as a tenant-wide administrator', () => {
  it('the website list shows the news and pages of every area and of the whole tenant', async () => {
    const a = await as('admin');
    const res = await a.get(staff('/website'));
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const label of ['Alpha', 'Beta', 'Ganze Stadt']) {
      expect(html).toContain(`Nachricht ${label}`);
      expect(html).toContain(`Seite ${label}`);
    }
  });

  it('the new-post form offers every area; posts for an area and for the whole tenant are saved', async () => {
    const a = await as('admin');
    for (const kind of ['posts', 'pages']) {
      const form = await a.get(staff(`/website/${kind}/new`));
      expect(form.status).toBe(200);
      const html = areaField(await form.text());
      expect(html).toContain('Quartier Alpha');
      expect(html).toContain('Quartier Beta');
      for (const areaId of [areaB, '']) {
        const r = await a.post(
          staff(`/website/${kind}/new`),
          newPost(areaId, `Admin ${kind} ${areaId || 'alle'}`),
          {
            csrfFrom: staff(`/website/${kind}/new`),
          },
        );
        expect(r.status).toBe(302);
      }
    }
  });

  it('edits, publishes and deletes any area’s post and the whole tenant’s page', async () => {
    const a = await as('admin');
    const db = ctx.services.db;
    for (const id of [posts.b, posts.all]) {
      const url = staff(`/website/posts/${id}`);
      expect((await a.get(url)).status).toBe(200);
      const saved = await a.post(url, newPost('', 'Neu geschrieben'), { csrfFrom: url });
      expect(saved.status).toBe(302);
      expect((await a.post(`${url}/publish`, { publish: 'on' }, { csrfFrom: url })).status).toBe(302);
      expect((await getPost(db, tenant.id, id))?.status).toBe('published');
    }
    const page = staff(`/website/pages/${pages.all}`);
    expect((await a.post(`${page}/publish`, { publish: 'on' }, { csrfFrom: page })).status).toBe(302);
    expect((await getPage(db, tenant.id, pages.all))?.published).toBe(true);
    const created = await a.post(staff('/website/pages/new'), newPost('', 'Zum Löschen'), {
      csrfFrom: staff('/website/pages/new'),
    });
    const url = created.headers.get('location')!.split('?')[0];
    expect((await a.post(`${url}/delete`, {}, { csrfFrom: url })).status).toBe(302);
    expect((await a.get(url)).status).toBe(404);
  });

  it('the newsletter list shows every issue; issues for an area and for everyone are written and opened', async () => {
    const a = await as('admin');
    const html = await (await a.get(staff('/newsletter'))).text();
    for (const label of ['Alpha', 'Beta', 'Ganze Stadt']) expect(html).toContain(`Kiezbrief ${label}`);
    expect(html).toContain(staff('/newsletter/subscribers'));
    expect((await a.get(staff('/newsletter/issues/new'))).status).toBe(200);
    for (const areaId of [areaB, '']) {
      const r = await a.post(staff('/newsletter/issues/new'), newIssue(areaId, 'Admin-Brief'), {
        csrfFrom: staff('/newsletter/issues/new'),
      });
      expect(r.status).toBe(302);
    }
    for (const id of [issues.b, issues.all]) {
      const url = staff(`/newsletter/issues/${id}`);
      expect((await a.get(url)).status).toBe(200);
      expect((await a.post(`${url}/test`, {}, { csrfFrom: url })).status).toBe(302);
    }
    expect((await a.get(staff('/newsletter/subscribers'))).status).toBe(200);
    expect((await a.get(staff('/newsletter/bounces'))).status).toBe(200);
  });
});

describe('website and newsletter screens as a team member of one area', () => {
  it('the lists show only their area’s news, pages and issues', async () => {
    const t = await as('team');
    const site = await (await t.get(staff('/website'))).text();
    expect(site).toContain('Nachricht Alpha');
    expect(site).toContain('Seite Alpha');
    for (const other of ['Nachricht Beta', 'Seite Beta', 'Nachricht Ganze Stadt', 'Seite Ganze Stadt'])
      expect(site).not.toContain(other);
    const letters = await (await t.get(staff('/newsletter'))).text();
    expect(letters).toContain('Kiezbrief Alpha');
    expect(letters).not.toContain('Kiezbrief Beta');
    expect(letters).not.toContain('Kiezbrief Ganze Stadt');
    expect(letters).not.toContain(staff('/newsletter/subscribers'));
  });

  it('writes for their own area; another area or the whole tenant is refused with a field message', async () => {
    const t = await as('team');
    const form = areaField(await (await t.get(staff('/website/posts/new'))).text());
    expect(form).toContain('Quartier Alpha');
    expect(form).not.toContain('Quartier Beta');
    const ok = await t.post(staff('/website/posts/new'), newPost(areaA, 'Team Alpha'), {
      csrfFrom: staff('/website/posts/new'),
    });
    expect(ok.status).toBe(302);
    for (const areaId of [areaB, '']) {
      const r = await t.post(staff('/website/posts/new'), newPost(areaId, 'Team fremd'), {
        csrfFrom: staff('/website/posts/new'),
      });
      expect(r.status).toBe(422);
      expect(await r.text()).toContain('Für dieses Gebiet dürfen Sie nichts veröffentlichen.');
      const i = await t.post(staff('/newsletter/issues/new'), newIssue(areaId, 'Team fremd'), {
        csrfFrom: staff('/newsletter/issues/new'),
      });
      expect(i.status).toBe(422);
    }
    const own = await t.post(staff('/newsletter/issues/new'), newIssue(areaA, 'Team-Brief'), {
      csrfFrom: staff('/newsletter/issues/new'),
    });
    expect(own.status).toBe(302);
  });

  it('another area’s post, page or issue cannot be opened, changed, published, sent or deleted', async () => {
    const t = await as('team');
    const db = ctx.services.db;
    await t.get(staff('/website'));
    const csrf = t.csrfToken()!; // the session's token: a refusal below is the permission, not CSRF
    expect(csrf).toBeTruthy();
    const before = [await getPost(db, tenant.id, posts.b), await getPage(db, tenant.id, pages.b)];
    for (const [kind, id] of [
      ['posts', posts.b],
      ['pages', pages.b],
      ['posts', posts.all],
    ] as const) {
      const url = staff(`/website/${kind}/${id}`);
      expect((await t.get(url)).status).toBe(403);
      expect((await t.post(url, newPost(areaA, 'Übernommen'), { csrf })).status).toBe(403);
      expect((await t.post(`${url}/publish`, { publish: 'on' }, { csrf })).status).toBe(403);
      expect((await t.post(`${url}/texts/en/delete`, {}, { csrf })).status).toBe(403);
      expect((await t.post(`${url}/delete`, {}, { csrf })).status).toBe(403);
    }
    // Nothing changed: not renamed, published or deleted.
    expect([await getPost(db, tenant.id, posts.b), await getPage(db, tenant.id, pages.b)]).toEqual(before);
    expect((await getPage(db, tenant.id, pages.b))?.published).toBe(false);
    for (const id of [issues.b, issues.all]) {
      const url = staff(`/newsletter/issues/${id}`);
      expect((await t.get(url)).status).toBe(403);
      for (const action of ['', '/test', '/send', '/delete'])
        expect((await t.post(`${url}${action}`, newIssue(areaA, 'Übernommen'), { csrf })).status).toBe(403);
    }
    const a = await as('admin');
    expect(await (await a.get(staff(`/newsletter/issues/${issues.b}`))).text()).toContain('Kiezbrief Beta');
    expect((await t.get(staff('/newsletter/subscribers'))).status).toBe(403);
    expect((await t.get(staff('/newsletter/bounces'))).status).toBe(403);
  });

  it('their own area’s post is edited and published', async () => {
    const t = await as('team');
    const url = staff(`/website/posts/${posts.a}`);
    expect((await t.get(url)).status).toBe(200);
    expect((await t.post(url, newPost(areaA, 'Alpha neu'), { csrfFrom: url })).status).toBe(302);
    expect((await t.post(`${url}/publish`, { publish: 'on' }, { csrfFrom: url })).status).toBe(302);
    expect((await getPost(ctx.services.db, tenant.id, posts.a))?.status).toBe('published');
  });
});

describe('website and newsletter screens as department staff', () => {
  it('are refused: no list, no form, no content of any area', async () => {
    const d = await as('department');
    const home = await (await d.get(staff(''))).text();
    const csrf = d.csrfToken()!;
    expect(csrf).toBeTruthy();
    expect(home).not.toContain(staff('/website'));
    expect(home).not.toContain(staff('/newsletter'));
    for (const path of [
      '/website',
      '/website/posts/new',
      '/website/pages/new',
      `/website/posts/${posts.a}`,
      `/website/pages/${pages.all}`,
      '/newsletter',
      '/newsletter/issues/new',
      `/newsletter/issues/${issues.all}`,
      '/newsletter/subscribers',
      '/newsletter/bounces',
    ])
      expect((await d.get(staff(path))).status, path).toBe(403);
    for (const path of [
      '/website/posts/new',
      `/website/posts/${posts.a}`,
      `/website/posts/${posts.a}/publish`,
      `/website/pages/${pages.all}/delete`,
      '/newsletter/issues/new',
      `/newsletter/issues/${issues.a}/send`,
      `/newsletter/issues/${issues.a}/delete`,
    ])
      expect((await d.post(staff(path), newPost(areaA, 'Abteilung'), { csrf })).status, path).toBe(403);
    expect((await getPost(ctx.services.db, tenant.id, posts.a))?.status).toBe('published');
  });
});

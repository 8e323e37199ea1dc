import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sqlStatementCount } from '../../platform/db/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { xmlProblems } from '../../test/xml.ts';
import { getAreaByKey, upsertAreas } from '../areas/index.ts';
import { seedDemoEvents } from '../events/index.ts';
import { seedDemoNetwork } from '../network/index.ts';
import { seedDemoWebsite } from './seed-demo.ts';

let ctx: TestContext;
let tenant: { id: string; slug: string };
let areaSlug: string;
let qm: string;
let other: string;
let admin: string;
let teamOther: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const { services } = ctx;
  tenant = await makeTenant(services);
  await upsertAreas(services.db, tenant.id, 'district', [{ kind: 'district', key: '01', name: 'Mitte' }]);
  const mitte = (await getAreaByKey(services.db, tenant.id, 'district', '01'))!;
  const ids = await upsertAreas(services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-DEMO-1', name: 'Beispiel-Quartier', parentId: mitte.id },
    { kind: 'programme', key: 'QM-2', name: 'Anderes Quartier', parentId: mitte.id },
  ]);
  qm = ids.ids.get('QM-DEMO-1')!;
  other = ids.ids.get('QM-2')!;
  areaSlug = (await getAreaByKey(services.db, tenant.id, 'programme', 'QM-DEMO-1'))!.slug;
  // How long these seeds take is measured by the bench (bench/demo-seed.ts), not asserted here.
  await seedDemoNetwork(services, tenant.id);
  await seedDemoEvents(services, tenant.id);
  await seedDemoWebsite(services, tenant.id);
  admin = (await makeUser(services, { tenantId: tenant.id, role: 'admin' })).id;
  teamOther = (await makeUser(services, { tenantId: tenant.id, role: 'team', scopeAreaId: other })).id;
});
afterAll(() => ctx.close());

describe('area website', () => {
  it('start page: next events, next consultation hours, news, guide, map — with feeds and caching', async () => {
    const a = new Agent(ctx.app);
    const res = await a.get(`/${tenant.slug}/areas/${areaSlug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Beispiel-Quartier</h1>');
    // No technical key for residents.
    expect(html).not.toContain('QM-DEMO-1');
    expect(html).not.toContain('Schlüssel');
    expect(html).toContain('Nachbarschaftsfrühstück (Demo)');
    expect(html).toMatch(/consultation-hours\/[0-9a-f-]{36}/);
    expect(html).toContain('Der Spielplatz am Beispielplatz wird neu gestaltet (Demo)');
    expect(html).toContain(`/${tenant.slug}/areas/${areaSlug}/welcome`);
    expect(html).toContain('Über das Quartiersmanagement');
    expect(html).toMatch(/type="text\/calendar"/);
    expect(html).toMatch(/href="[^"]*news\.rss" type="application\/rss\+xml"/);
    expect(html).toMatch(/href="[^"]*news\.atom" type="application\/atom\+xml"/);
    expect(html).not.toContain('<script src');
    const etag = res.headers.get('etag')!;
    expect((await a.get(`/${tenant.slug}/areas/${areaSlug}`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('answers a conditional request (304) with one SQL statement: every module’s version in one read', async () => {
    const a = new Agent(ctx.app);
    const path = `/${tenant.slug}/areas/${areaSlug}`;
    const etag = (await a.get(path)).headers.get('etag')!;
    // The clock held still, so the events' remembered version (a few seconds) is the one just read.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      expect((await a.get(path, { 'if-none-match': etag })).status).toBe(304);
      const before = sqlStatementCount();
      expect((await a.get(path, { 'if-none-match': etag })).status).toBe(304);
      // Areas, houses, profiles, consultation hours, website content and the council meetings' dates.
      expect(sqlStatementCount() - before).toBe(1);
    } finally {
      now.mockRestore();
    }
  });

  it('shows content in the visitor language where written, right-to-left for Arabic, else German with a notice', async () => {
    const a = new Agent(ctx.app);
    const ar = await (await a.get(`/${tenant.slug}/news/neuer-spielplatz-beispielplatz?lang=ar`)).text();
    expect(ar).toContain('<html lang="ar" dir="rtl"');
    expect(ar).toContain('إعادة تصميم ملعب الأطفال');
    expect(ar).not.toContain('هذا المحتوى غير متوفر');
    const ls = await (await a.get(`/${tenant.slug}/news/neuer-spielplatz-beispielplatz?lang=de-x-ls`)).text();
    expect(ls).toContain('Der Spielplatz wird neu (Demo)');
    const tr = await (await a.get(`/${tenant.slug}/news/aktionsfonds-jury-sucht-mitglieder?lang=tr`)).text();
    expect(tr).toContain('Bu içerik henüz sizin dilinizde mevcut değil');
    expect(tr).toContain('<article lang="de" dir="ltr">');
    expect(tr).toContain('Die Aktionsfonds-Jury sucht neue Mitglieder');
    const guide = await (await a.get(`/${tenant.slug}/areas/${areaSlug}/welcome?lang=en`)).text();
    expect(guide).toContain('Arriving in the neighbourhood');
    expect(guide).toContain('Advice and help');
  });

  it('news posts carry Open Graph data; the news feeds are well-formed', async () => {
    const a = new Agent(ctx.app);
    const html = await (await a.get(`/${tenant.slug}/news/neuer-spielplatz-beispielplatz?lang=de`)).text();
    for (const p of [
      'og:type" content="article',
      'og:title',
      'og:description',
      'og:url',
      'article:published_time',
    ])
      expect(html).toContain(`property="${p}`);
    for (const kind of ['rss', 'atom']) {
      const res = await a.get(`/${tenant.slug}/areas/${areaSlug}/news.${kind}`);
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xmlProblems(xml).problems).toEqual([]);
      expect(xml).toContain('Spielplatz');
      expect(
        (
          await a.get(`/${tenant.slug}/areas/${areaSlug}/news.${kind}`, {
            'if-none-match': res.headers.get('etag')!,
          })
        ).status,
      ).toBe(304);
    }
  });

  it('the welcome guide comes as a PDF with a stable ETag', async () => {
    const a = new Agent(ctx.app);
    const res = await a.get(`/${tenant.slug}/areas/${areaSlug}/welcome.pdf?lang=de`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(2000);
    const again = await a.get(`/${tenant.slug}/areas/${areaSlug}/welcome.pdf?lang=de`, {
      'if-none-match': res.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
  });

  it('the welcome guide PDF in Arabic: right-to-left text in the embedded Arabic font', async () => {
    const a = new Agent(ctx.app);
    const pdf = async (lang: string) => {
      const res = await a.get(`/${tenant.slug}/areas/${areaSlug}/welcome.pdf?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      return Buffer.from(await res.arrayBuffer()).toString('latin1');
    };
    const ar = await pdf('ar');
    expect(ar.startsWith('%PDF-')).toBe(true);
    const xref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(ar)![1]);
    expect(ar.slice(xref, xref + 4)).toBe('xref');
    expect(ar).toContain('/Lang (ar)');
    expect(ar).toMatch(/\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic-Bold/);
    expect(ar).toMatch(/\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic-Regular/);
    // The German one needs no Arabic font.
    expect(await pdf('de')).not.toContain('IBMPlexSansArabic');
  });
});

describe('staff: news and pages', () => {
  it('writes a post in German, adds a Turkish translation, publishes it; HTML is sanitised; other areas are off limits', async () => {
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin);
    const empty = await a.post(
      `/staff/${tenant.slug}/website/posts/new`,
      { lang: 'de', title: '', body: '' },
      { csrfFrom: `/staff/${tenant.slug}/website/posts/new` },
    );
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte füllen Sie dieses Feld aus.');
    const created = await a.post(
      `/staff/${tenant.slug}/website/posts/new`,
      {
        lang: 'de',
        title: 'Straßenfest am Samstag',
        summary: 'Musik und Essen',
        body: '<p onmouseover="x()">Alle sind eingeladen <img src=x onerror=alert(1)><script>evil()</script></p>',
        areaId: qm,
        topics: ['neighbourhood', 'culture'],
        publish: 'on',
      },
      { csrfFrom: `/staff/${tenant.slug}/website/posts/new` },
    );
    expect(created.status).toBe(302);
    const editUrl = created.headers.get('location')!.split('?')[0];
    const tr = await a.post(
      `${editUrl}?text=tr`,
      {
        lang: 'tr',
        title: 'Cumartesi sokak şenliği',
        body: 'Herkes davetli',
        areaId: qm,
        topics: ['neighbourhood'],
      },
      { csrfFrom: `${editUrl}?text=tr` },
    );
    expect(tr.status).toBe(302);
    const visitor = new Agent(ctx.app);
    const page = await (await visitor.get(`/${tenant.slug}/news/strassenfest-am-samstag?lang=de`)).text();
    expect(page).toContain('Alle sind eingeladen');
    expect(page).not.toMatch(/onmouseover|onerror|evil\(\)/);
    expect(
      await (await visitor.get(`/${tenant.slug}/news/strassenfest-am-samstag?lang=tr`)).text(),
    ).toContain('Cumartesi sokak şenliği');
    expect(await (await visitor.get(`/${tenant.slug}/areas/${areaSlug}?lang=de`)).text()).toContain(
      'Straßenfest am Samstag',
    );

    const b = await new Agent(ctx.app).loginAs(ctx.services, teamOther);
    expect((await b.get(editUrl)).status).toBe(403);
    const notAllowed = await b.post(
      `/staff/${tenant.slug}/website/posts/new`,
      { lang: 'de', title: 'X', body: 'Y', areaId: qm },
      { csrfFrom: `/staff/${tenant.slug}/website/posts/new` },
    );
    expect(notAllowed.status).toBe(422);
    expect(await notAllowed.text()).toContain('Für dieses Gebiet dürfen Sie nichts veröffentlichen.');
  });

  it('a guide chapter appears in the welcome guide once published', async () => {
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin);
    const r = await a.post(
      `/staff/${tenant.slug}/website/pages/new`,
      {
        lang: 'de',
        title: 'Müll und Recycling',
        body: 'Die Wertstoffhöfe …',
        areaId: qm,
        kind: 'guide',
        sort: '30',
      },
      { csrfFrom: `/staff/${tenant.slug}/website/pages/new` },
    );
    expect(r.status).toBe(302);
    const visitor = new Agent(ctx.app);
    expect(
      await (await visitor.get(`/${tenant.slug}/areas/${areaSlug}/welcome?lang=de`)).text(),
    ).not.toContain('Müll und Recycling');
    const url = r.headers.get('location')!.split('?')[0];
    await a.post(`${url}/publish`, { publish: 'on' }, { csrfFrom: url });
    expect(await (await visitor.get(`/${tenant.slug}/areas/${areaSlug}/welcome?lang=de`)).text()).toContain(
      'Müll und Recycling',
    );
  });
});

/**
 * The public pages of the councils over HTTP, as a visitor without an account sees them: the list
 * of bodies that meet in public, a body's page with purpose, members (names only as consented, no
 * contact data), upcoming public meetings with their public agenda, and the resolutions with their
 * counts. Closed bodies, closed meetings and closed items never show; a closed body and another
 * tenant's body are 404; the page speaks the five public languages and ships no script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/kit.ts';
import { publicCouncilsFixture, SECRETS } from '../testing/public-fixture.ts';

let ctx: TestContext;
let f: Awaited<ReturnType<typeof publicCouncilsFixture>>;
let base: string;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
async function page(path: string, status = 200) {
  const res = await ctx.app.request(path);
  expect(res.status, path).toBe(status);
  return res.text();
}

beforeAll(async () => {
  ctx = await createTestContext();
  f = await publicCouncilsFixture(ctx);
  base = `/${f.fx.tenant.slug}/councils`;
});
afterAll(() => ctx?.close());

describe('public council pages', () => {
  it('lists the bodies that meet in public, linked from the public navigation', async () => {
    const html = await page(base);
    expect(html).toContain(`href="${base}/quartiersrat-nord"`);
    expect(text(html)).toContain('Quartiersrat');
    expect(html).not.toContain('Jury Verschlossen');
    // The main navigation of every public page names the councils.
    expect(await page(`/${f.fx.tenant.slug}/councils/quartiersrat-nord`)).toContain(`href="${base}"`);
    expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
  });

  it('shows purpose, members as consented, the next meetings and the resolutions — nothing closed', async () => {
    const html = await page(`${base}/quartiersrat-nord`);
    const t = text(html);
    expect(t).toContain('Der Rat berät über das Quartier.');
    // Names only with consent; the others as what they are, the organisation named.
    expect(t).toContain('Rosa Offen');
    expect(t).toContain('Mitglied 1');
    expect(t).toContain('Kita Sonnenschein');
    expect(t).toMatch(/Bewohner\*in/);
    // Upcoming public meetings (next month's) with their public agenda.
    expect(t).toContain('Nächste Sitzungen');
    expect(t).toContain('Punkt 1');
    // Resolutions of past public meetings with their counts.
    expect(t).toContain('Beschluss Spielplatz');
    expect(t).toContain('Ja: 3, Nein: 1, Enthaltungen: 1');
    for (const secret of SECRETS) expect(html, secret).not.toContain(secret);
    expect(html).not.toContain('Mitglied 2'); // a resident of the history without consent
    expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
  });

  it('is 404 for a closed body and for another tenant’s body', async () => {
    await page(`${base}/jury-verschlossen`, 404);
    await page(`${base}/rat-b`, 404);
    await page(`/${f.ids.otherSlug}/councils/rat-b`, 200);
  });

  it('speaks Turkish, Arabic and easy German', async () => {
    const tr = text(await page(`${base}/quartiersrat-nord?lang=tr`));
    expect(tr).toContain('Üyeler');
    expect(tr).toContain('Mahalle sakini');
    const ar = await page(`${base}/quartiersrat-nord?lang=ar`);
    expect(ar).toContain('dir="rtl"');
    expect(text(ar)).toContain('الأعضاء');
    const ls = text(await page(`${base}?lang=de-x-ls`));
    expect(ls).toContain('Räte und Gruppen');
  });
});

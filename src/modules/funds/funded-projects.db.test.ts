/**
 * The area website's funded projects (both engines): per area and year, title, short description,
 * amount, fund and area, a map with the areas that have projects; photos only with consent (the
 * photo route refuses one without); never the applicant; five languages, no script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/index.ts';
import { saveFile } from '../../platform/files/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { settlementFiles } from './db/schema.ts';
import { makePng } from './testing/files.ts';
import { fundsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('funded projects on the area website', () => {
  it('lists the year’s funded projects of the area with a map, photos only with consent, never the applicant', async () => {
    const f = await fundsFixture(ctx);
    const db = ctx.services.db;
    const granted = await f.onAgenda({
      title: 'Hofgarten',
      description: 'Hochbeete für alle im Hof der Nummer 3.',
    });
    await f.grant(granted.id, 80_000);
    // On the agenda, not granted: not on the list.
    await f.onAgenda({ title: 'Abgelehnte Idee' });
    const photo = (consent: boolean, caption: string) => {
      const id = newId();
      return saveFile(ctx.services.config.storageDir, f.tenant.id, id, makePng(20, 10))
        .then(() =>
          db.insert(settlementFiles).values({
            tenantId: f.tenant.id,
            id,
            applicationId: granted.id,
            kind: 'photo',
            name: 'hof.png',
            contentType: 'image/png',
            size: 100,
            consent,
            caption,
          }),
        )
        .then(() => id);
    };
    const shown = await photo(true, 'Die Hochbeete im Juni');
    const hidden = await photo(false, 'Nachbarin beim Pflanzen');
    const visitor = new Agent(ctx.app);
    const district = f.district;
    const page = await visitor.get(`/${f.tenant.slug}/areas/${district.slug}/funded-projects?year=${f.year}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('<script');
    const words = text(html);
    expect(words).toContain('Hofgarten');
    expect(words).toContain('800,00 €');
    expect(words).toContain('Hochbeete für alle');
    expect(words).toContain('Aktionsfonds Quartier A');
    expect(words).not.toContain('Abgelehnte Idee');
    expect(words).not.toContain('Nachbarschaftsinitiative Hof 3');
    expect(words).not.toContain('hof3@example.org');
    expect(html).toContain(`/funds/photos/${shown}.png`);
    expect(html).not.toContain(hidden);
    expect((await visitor.get(`/${f.tenant.slug}/funds/photos/${shown}.png`)).status).toBe(200);
    expect((await visitor.get(`/${f.tenant.slug}/funds/photos/${hidden}.png`)).status).toBe(404);
    for (const [lang, word] of [
      ['en', 'Funded projects in'],
      ['tr', 'desteklenen projeler'],
      ['ar', 'المشاريع المدعومة'],
      ['de-x-ls', 'bekommen Geld'],
    ]) {
      const other = await visitor.get(
        `/${f.tenant.slug}/areas/${district.slug}/funded-projects?year=${f.year}&lang=${lang}`,
      );
      expect(text(await other.text())).toContain(word);
    }
    // Another tenant's address knows neither the area nor the photo.
    const g = await fundsFixture(ctx);
    expect((await visitor.get(`/${g.tenant.slug}/funds/photos/${shown}.png`)).status).toBe(404);
  });
});

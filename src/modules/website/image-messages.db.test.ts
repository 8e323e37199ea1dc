import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';

/** The website's image messages are the platform's shared ones (validation.*), not borrowed from events. */
let ctx: TestContext;
let slug: string;
let admin: string;
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services);
  slug = tenant.slug;
  admin = (await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' })).id;
});
afterAll(() => ctx.close());

async function postNews(a: Agent, file: File, fields: Record<string, string>) {
  const url = `/staff/${slug}/website/posts/new`;
  await a.get(url);
  const body = new FormData();
  body.append('_csrf', a.csrfToken() ?? '');
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('image', file);
  return a.request(url, { method: 'POST', body });
}

describe('news images: the message names the field and the limit', () => {
  it('a file that is no image, an image over 5 MB, and an image without a description', async () => {
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin);
    const fields = { lang: 'de', title: 'Hoffest', body: 'Alle sind eingeladen.', summary: 'Am Samstag' };
    const summaryOf = (html: string) => {
      const start = html.indexOf('class="q-error-summary"');
      return html.slice(start, html.indexOf('</ul>', start));
    };

    const notImage = await postNews(a, new File(['kein Bild'], 'bild.png', { type: 'image/png' }), fields);
    expect(notImage.status).toBe(422);
    const notImageHtml = await notImage.text();
    expect(summaryOf(notImageHtml)).toMatch(
      /<a href="#image"><span class="q-error-summary__field">[^<]+<\/span>: Diese Datei ist kein JPEG-, PNG- oder WebP-Bild\.<\/a>/,
    );
    expect(notImageHtml).toContain('value="Hoffest"');

    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG_1x1);
    const tooLarge = await postNews(a, new File([big], 'gross.png', { type: 'image/png' }), fields);
    expect(tooLarge.status).toBe(422);
    expect(summaryOf(await tooLarge.text())).toContain(
      ': Das Bild ist größer als 5 MB. Bitte wählen Sie ein kleineres.</a>',
    );

    const noAlt = await postNews(a, new File([PNG_1x1], 'punkt.png', { type: 'image/png' }), fields);
    expect(noAlt.status).toBe(422);
    expect(summaryOf(await noAlt.text())).toMatch(
      /<a href="#imageAlt"><span class="q-error-summary__field">[^<]+<\/span>: Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen können\.<\/a>/,
    );
  });

  it('the newsletter sign-up labels its trap field with the shared text', async () => {
    const html = await (await new Agent(ctx.app).get(`/${slug}/newsletter?lang=tr`)).text();
    expect(html).toContain('<label for="hp-homepage">Lütfen bu alanı boş bırakın</label>');
  });
});

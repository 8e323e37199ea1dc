import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listStoredFiles } from '../../platform/files/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { posts } from './db/schema.ts';

/**
 * The post form reads every field by the content schema (schemas.ts) and keeps an uploaded image
 * across a form that comes back with messages — without adopting another post's image.
 */
let ctx: TestContext;
let tenantId: string;
let slug: string;
let admin: string;
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  ctx = await createTestContext();
  const tenant = await makeTenant(ctx.services);
  tenantId = tenant.id;
  slug = tenant.slug;
  admin = (await makeUser(ctx.services, { tenantId, role: 'admin' })).id;
});
afterAll(() => ctx.close());

const url = () => `/staff/${slug}/website/posts/new`;

async function post(a: Agent, fields: Record<string, string | string[]>, image?: File) {
  await a.get(url());
  const body = new FormData();
  body.append('_csrf', a.csrfToken() ?? '');
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  if (image) body.append('image', image);
  return a.request(url(), { method: 'POST', body });
}

describe('the post form', () => {
  it('keeps an uploaded image when the form comes back for its description, and uses it on the next send', async () => {
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin);
    const fields = { lang: 'de', title: 'Hoffest', body: 'Alle sind eingeladen.' };
    const first = await post(a, fields, new File([PNG_1x1], 'punkt.png', { type: 'image/png' }));
    expect(first.status).toBe(422);
    const html = await first.text();
    const kept = /name="pendingImage" value="([0-9a-f-]{36})\.png"/.exec(html);
    expect(kept).not.toBeNull();
    expect(html).toContain('Das gewählte Bild bleibt erhalten.');
    expect(await listStoredFiles(ctx.services.config.storageDir, tenantId)).toContain(kept![1]);

    // The second send carries no file, only the hidden field and the description.
    const second = await post(a, { ...fields, imageAlt: 'Ein Punkt', pendingImage: `${kept![1]}.png` });
    expect(second.status).toBe(302);
    const stored = await ctx.services.db.select().from(posts).where(eq(posts.imageId, kept![1]));
    expect(stored).toHaveLength(1);
    expect(stored[0].imageType).toBe('image/png');
  });

  it('does not adopt an image another post already uses, nor a made-up one', async () => {
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin);
    const [owned] = await ctx.services.db.select().from(posts).where(eq(posts.tenantId, tenantId));
    expect(owned?.imageId).toBeTruthy();
    for (const forged of [`${owned.imageId}.png`, '00000000-0000-4000-8000-000000000000.png']) {
      const res = await post(a, {
        lang: 'de',
        title: `Fremdes Bild ${forged.slice(0, 4)}`,
        body: 'Text',
        imageAlt: 'Beschreibung',
        pendingImage: forged,
      });
      expect(res.status).toBe(302);
    }
    const all = await ctx.services.db.select().from(posts).where(eq(posts.tenantId, tenantId));
    // Both were saved, without an image: the first post still has its image to itself.
    expect(all).toHaveLength(3);
    expect(all.filter((p) => p.imageId === owned.imageId)).toHaveLength(1);
    expect(all.filter((p) => p.imageId === null)).toHaveLength(2);
  });

  it('names an unknown topic and a page position out of range instead of dropping them', async () => {
    const a = await new Agent(ctx.app).loginAs(ctx.services, admin);
    const res = await post(a, {
      lang: 'de',
      title: 'Themen',
      body: 'Text',
      topics: ['family', 'erfunden'],
      slug: 'Mit Leerzeichen',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#topics"');
    expect(html).toContain('href="#slug"');
    expect(html).toContain('value="Mit Leerzeichen"');
    await a.get(`/staff/${slug}/website/pages/new`);
    const body = new FormData();
    body.append('_csrf', a.csrfToken() ?? '');
    for (const [k, v] of Object.entries({ lang: 'de', title: 'Seite', body: 'Text', sort: '12345' }))
      body.append(k, v);
    const page = await a.request(`/staff/${slug}/website/pages/new`, { method: 'POST', body });
    expect(page.status).toBe(422);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('href="#sort"');
    expect(pageHtml).toContain('value="12345"');
  });
});

// Test factory of the website module (see TestFactoryContext): a published news post with an
// image and an English translation, and a published static page.
import { newId } from '../../../platform/db/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { pages, pageTexts, posts, postTexts } from '../db/schema.ts';

export async function createWebsiteTestEntities({
  services,
  tenant,
  marker,
  userId,
  params,
}: TestFactoryContext) {
  const { db } = services;
  const t = tenant.id;
  const area = params['areas/:id']?.[0]?.value ?? null;
  const post = newId();
  const page = newId();
  const image = newId();
  const postSlug = `nachricht-${tenant.slug}`.slice(0, 40);
  const pageSlug = `seite-${tenant.slug}`.slice(0, 40);
  await db.insert(posts).values({
    tenantId: t,
    id: post,
    areaId: area,
    areaIds: area ? [area] : [],
    slug: postSlug,
    status: 'published',
    publishedAt: new Date(),
    imageId: image,
    imageType: 'image/png',
    createdBy: userId,
  });
  await db.insert(postTexts).values([
    { tenantId: t, postId: post, lang: 'de', title: `${marker} news`, bodyHtml: `<p>${marker}</p>` },
    { tenantId: t, postId: post, lang: 'en', title: `${marker} news (en)`, bodyHtml: `<p>${marker}</p>` },
  ]);
  await db.insert(pages).values({
    tenantId: t,
    id: page,
    areaId: area,
    areaIds: area ? [area] : [],
    slug: pageSlug,
    published: true,
  });
  await db.insert(pageTexts).values([
    { tenantId: t, pageId: page, lang: 'de', title: `${marker} page`, bodyHtml: `<p>${marker}</p>` },
    { tenantId: t, pageId: page, lang: 'en', title: `${marker} page (en)`, bodyHtml: `<p>${marker}</p>` },
  ]);
  const p: TestParams = {
    'posts/:id': [{ value: post, table: 'website_posts' }],
    'news/:slug': [{ value: postSlug, table: 'website_posts' }],
    'pages/:id': [{ value: page, table: 'website_pages' }],
    'pages/:slug': [{ value: pageSlug, table: 'website_pages' }],
    'images/:file': [{ value: `${image}.png`, table: 'website_posts' }],
  };
  return p;
}

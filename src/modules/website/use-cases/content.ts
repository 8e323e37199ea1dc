import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, authorize, scopeFilter, scopeOf } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { isUuid, newId, ofTenant } from '../../../platform/db/index.ts';
import { deleteFile } from '../../../platform/files/index.ts';
import { slugify } from '../../../platform/forms/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import { areaChoices, areaPath } from '../../areas/index.ts';
import { type PageKind, pages, pageTexts, posts, postTexts } from '../db/schema.ts';
import { authorizeContent, canManageContent, PERMS } from '../policies.ts';

export type Post = typeof posts.$inferSelect;
export type PostText = typeof postTexts.$inferSelect;
export type Page = typeof pages.$inferSelect;
export type PageText = typeof pageTexts.$inferSelect;

/** Newsletter topics a post can belong to (subscribers choose some of them). */
export const TOPICS = [
  'neighbourhood',
  'participation',
  'culture',
  'family',
  'youth',
  'seniors',
  'environment',
  'funding',
  'construction',
] as const;
export type Topic = (typeof TOPICS)[number];

/** The languages content can be written in: the public languages. German is the fallback. */
export const CONTENT_LANGS = PUBLIC_LANGS;

export interface Picked<T> {
  text: T;
  /** The language the text is actually in. */
  lang: string;
  /** True when the visitor's language is missing and another one is shown. */
  fallback: boolean;
}

/**
 * The text in the visitor's language; else German (easy German falls back to German too); else the
 * first there is. `fallback` tells the page to say so.
 */
export function pickText<T extends { lang: string }>(texts: T[], lang: string): Picked<T> | null {
  const exact = texts.find((x) => x.lang === lang);
  if (exact) return { text: exact, lang, fallback: false };
  const de = texts.find((x) => x.lang === 'de');
  if (de) return { text: de, lang: 'de', fallback: true };
  return texts[0] ? { text: texts[0], lang: texts[0].lang, fallback: true } : null;
}

export async function areaIdsOf(db: Db, tenantId: string, areaId: string | null): Promise<string[]> {
  if (!areaId) return [];
  const path = await areaPath(db, tenantId, areaId);
  if (path.length === 0) throw new AppError(422, 'area_not_found');
  return path.map((a) => a.id);
}

/**
 * Areas the member may place content in (their scope and everything below it; programme areas,
 * districts and Bezirksregionen). A tenant-wide grant offers them all.
 */
export async function contentAreaChoices(actor: Actor, db: Db): Promise<{ id: string; name: string }[]> {
  authorize(actor, PERMS.manage);
  const list = await areaChoices(db, actor.tenantId, scopeOf(actor, PERMS.manage), [
    'programme',
    'district',
    'bezirksregion',
  ]);
  return list.map((a) => ({ id: a.value, name: a.label }));
}

/** May the member put content in this area (null = for the whole tenant)? For the form's field message. */
export async function mayPlaceContent(actor: Actor, db: Db, areaId: string | null): Promise<boolean> {
  return canManageContent(actor, await areaIdsOf(db, actor.tenantId, areaId));
}

/**
 * Which content belongs on an area's pages: content of the area itself, of its ancestors (a
 * district-wide notice) and tenant-wide content; news also from the areas below (a district page
 * collects its neighbourhoods' news), pages and guide chapters not (they describe their own area).
 */
const forArea = (
  areaIdsColumn: typeof posts.areaIds | typeof pages.areaIds,
  areaIdColumn: typeof posts.areaId | typeof pages.areaId,
  area: { id: string; ancestorIds: string[] },
  below: boolean,
) =>
  or(
    below ? sql`${areaIdsColumn} @> array[${area.id}]::uuid[]` : eq(areaIdColumn, area.id),
    isNull(areaIdColumn),
    area.ancestorIds.length ? inArray(areaIdColumn, area.ancestorIds) : undefined,
  );

// ── Posts ───────────────────────────────────────────────────────────────────────────────────

export interface PostMeta {
  areaId: string | null;
  slug: string;
  topics: string[];
  image?: { id: string; type: string } | null;
  removeImage?: boolean;
  /** On creation: published at once. */
  publish?: boolean;
}

export interface TextInput {
  lang: string;
  title: string;
  summary?: string;
  bodyHtml: string;
  imageAlt?: string;
}

export async function uniqueSlug(
  db: Db,
  tenantId: string,
  table: 'posts' | 'pages',
  wanted: string,
  exceptId?: string,
) {
  const base = slugify(wanted, 80) || newId().slice(-8);
  const t = table === 'posts' ? posts : pages;
  for (let i = 0; i < 50; i++) {
    const slug = i === 0 ? base : `${base}-${i + 1}`;
    const [row] = await db
      .select({ id: t.id })
      .from(t)
      .where(and(ofTenant(t, tenantId), eq(t.slug, slug)))
      .limit(1);
    if (!row || row.id === exceptId) return slug;
  }
  return `${base}-${newId().slice(-6)}`;
}

/** Writes a news post (in the member's areas; for the whole tenant only with a tenant-wide grant). */
export async function createPost(actor: Actor, db: Db, meta: PostMeta, text: TextInput): Promise<Post> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  const areaIds = await areaIdsOf(db, tenantId, meta.areaId);
  authorizeContent(actor, areaIds);
  return db.transaction(async (tx) => {
    const [post] = await tx
      .insert(posts)
      .values({
        tenantId,
        id: newId(),
        areaId: meta.areaId,
        areaIds,
        slug: await uniqueSlug(tx, tenantId, 'posts', meta.slug || text.title),
        topics: meta.topics,
        imageId: meta.image?.id ?? null,
        imageType: meta.image?.type ?? null,
        createdBy: actor.userId ?? null,
        ...(meta.publish ? { status: 'published' as const, publishedAt: new Date() } : {}),
      })
      .returning();
    await saveText(tx, tenantId, 'post', post.id, text);
    return post;
  });
}

/** Saves a post's settings and one language's text; the post and its (new) area must be the member's. */
export async function updatePost(
  actor: Actor,
  db: Db,
  storageDir: string,
  id: string,
  meta: PostMeta,
  text: TextInput,
): Promise<void> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  const before = await getPost(db, tenantId, id);
  if (!before) throw new AppError(404, 'post_not_found');
  authorizeContent(actor, before.areaIds);
  const areaIds = await areaIdsOf(db, tenantId, meta.areaId);
  authorizeContent(actor, areaIds);
  const image = meta.image
    ? { imageId: meta.image.id, imageType: meta.image.type }
    : meta.removeImage
      ? { imageId: null, imageType: null }
      : {};
  await db.transaction(async (tx) => {
    await tx
      .update(posts)
      .set({
        areaId: meta.areaId,
        areaIds,
        // An empty slug keeps the current one (a translation must not rename the page).
        slug: meta.slug ? await uniqueSlug(tx, tenantId, 'posts', meta.slug, id) : before.slug,
        topics: meta.topics,
        ...image,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(posts, tenantId), eq(posts.id, id)));
    await saveText(tx, tenantId, 'post', id, text);
  });
  if (before.imageId && 'imageId' in image && image.imageId !== before.imageId)
    await deleteFile(storageDir, tenantId, before.imageId);
}

async function saveText(db: Db, tenantId: string, kind: 'post' | 'page', id: string, t: TextInput) {
  if (kind === 'post') {
    await db
      .insert(postTexts)
      .values({
        tenantId,
        postId: id,
        lang: t.lang,
        title: t.title,
        summary: t.summary ?? '',
        bodyHtml: t.bodyHtml,
        imageAlt: t.imageAlt ?? '',
      })
      .onConflictDoUpdate({
        target: [postTexts.tenantId, postTexts.postId, postTexts.lang],
        set: {
          title: t.title,
          summary: t.summary ?? '',
          bodyHtml: t.bodyHtml,
          imageAlt: t.imageAlt ?? '',
          updatedAt: new Date(),
        },
      });
  } else {
    await db
      .insert(pageTexts)
      .values({ tenantId, pageId: id, lang: t.lang, title: t.title, bodyHtml: t.bodyHtml })
      .onConflictDoUpdate({
        target: [pageTexts.tenantId, pageTexts.pageId, pageTexts.lang],
        set: { title: t.title, bodyHtml: t.bodyHtml, updatedAt: new Date() },
      });
  }
}

/** The post or page, when it exists (404) and is the member's to manage (403). */
async function contentForStaff(
  actor: Actor,
  db: Db,
  kind: 'post' | 'page',
  id: string,
): Promise<Post | Page> {
  authorize(actor, PERMS.manage);
  const item =
    kind === 'post' ? await getPost(db, actor.tenantId, id) : await getPage(db, actor.tenantId, id);
  if (!item) throw new AppError(404, 'not_found');
  authorizeContent(actor, item.areaIds);
  return item;
}

/** A post with its texts for the staff screen (404 when missing, 403 outside the member's areas). */
export async function getPostForStaff(actor: Actor, db: Db, id: string): Promise<PostWithTexts> {
  const post = (await contentForStaff(actor, db, 'post', id)) as Post;
  return { ...post, texts: (await textsOfPosts(db, actor.tenantId, [post.id])).get(post.id) ?? [] };
}

/** A page with its texts for the staff screen (404 when missing, 403 outside the member's areas). */
export async function getPageForStaff(actor: Actor, db: Db, id: string): Promise<PageWithTexts> {
  const page = (await contentForStaff(actor, db, 'page', id)) as Page;
  return { ...page, texts: await pageTextsOf(db, actor.tenantId, page.id) };
}

/** Removes one translation (German, the fallback, cannot be removed). */
export async function deleteText(actor: Actor, db: Db, kind: 'post' | 'page', id: string, lang: string) {
  await contentForStaff(actor, db, kind, id);
  const tenantId = actor.tenantId;
  if (lang === 'de') throw new AppError(422, 'german_required');
  if (kind === 'post')
    await db
      .delete(postTexts)
      .where(and(ofTenant(postTexts, tenantId), eq(postTexts.postId, id), eq(postTexts.lang, lang)));
  else
    await db
      .delete(pageTexts)
      .where(and(ofTenant(pageTexts, tenantId), eq(pageTexts.pageId, id), eq(pageTexts.lang, lang)));
}

export async function setPostStatus(actor: Actor, db: Db, id: string, published: boolean) {
  await contentForStaff(actor, db, 'post', id);
  const tenantId = actor.tenantId;
  await db
    .update(posts)
    .set({
      status: published ? 'published' : 'draft',
      publishedAt: published ? sql`coalesce(${posts.publishedAt}, now())` : null,
      updatedAt: new Date(),
    })
    .where(and(ofTenant(posts, tenantId), eq(posts.id, id)));
}

export async function deletePost(actor: Actor, db: Db, storageDir: string, id: string) {
  const p = (await contentForStaff(actor, db, 'post', id)) as Post;
  const tenantId = actor.tenantId;
  await db.delete(posts).where(and(ofTenant(posts, tenantId), eq(posts.id, id)));
  if (p.imageId) await deleteFile(storageDir, tenantId, p.imageId);
}

export async function getPost(db: Db, tenantId: string, id: string): Promise<Post | undefined> {
  if (!isUuid(id)) return undefined;
  const [p] = await db
    .select()
    .from(posts)
    .where(and(ofTenant(posts, tenantId), eq(posts.id, id)))
    .limit(1);
  return p;
}

export async function textsOfPosts(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<Map<string, PostText[]>> {
  const out = new Map<string, PostText[]>();
  if (ids.length === 0) return out;
  const list = await db
    .select()
    .from(postTexts)
    .where(and(ofTenant(postTexts, tenantId), inArray(postTexts.postId, ids)));
  for (const t of list) out.set(t.postId, [...(out.get(t.postId) ?? []), t]);
  return out;
}

export interface PostWithTexts extends Post {
  texts: PostText[];
}

/** Published posts for an area's pages (newest first). */
export async function publishedPosts(
  db: Db,
  tenantId: string,
  o: {
    area?: { id: string; ancestorIds: string[] } | null;
    limit?: number;
    offset?: number;
    topic?: string;
    ids?: string[];
  } = {},
): Promise<PostWithTexts[]> {
  const where: (SQL | undefined)[] = [ofTenant(posts, tenantId), eq(posts.status, 'published')];
  if (o.area) where.push(forArea(posts.areaIds, posts.areaId, o.area, true));
  if (o.topic) where.push(sql`${posts.topics} @> array[${o.topic}]::text[]`);
  if (o.ids) where.push(o.ids.length ? inArray(posts.id, o.ids) : sql`false`);
  const list = await db
    .select()
    .from(posts)
    .where(and(...where.filter((x): x is SQL => !!x)))
    .orderBy(desc(posts.publishedAt), desc(posts.id))
    .limit(o.limit ?? 20)
    .offset(o.offset ?? 0);
  const texts = await textsOfPosts(
    db,
    tenantId,
    list.map((p) => p.id),
  );
  return list.map((p) => ({ ...p, texts: texts.get(p.id) ?? [] }));
}

export async function publishedPostBySlug(
  db: Db,
  tenantId: string,
  slug: string,
): Promise<PostWithTexts | undefined> {
  const [p] = await db
    .select()
    .from(posts)
    .where(and(ofTenant(posts, tenantId), eq(posts.slug, slug), eq(posts.status, 'published')))
    .limit(1);
  if (!p) return undefined;
  return { ...p, texts: (await textsOfPosts(db, tenantId, [p.id])).get(p.id) ?? [] };
}

/** The posts of the member's areas (all of them with a tenant-wide grant), newest first. */
/** One page of the news the member may manage, newest first, and how many there are in all. */
export async function listPostsForStaff(
  actor: Actor,
  db: Db,
  o: { limit?: number; offset?: number } = {},
): Promise<{ items: PostWithTexts[]; total: number }> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  const where = and(ofTenant(posts, tenantId), scopeFilter(posts.areaIds, scopeOf(actor, PERMS.manage)));
  const [list, [{ n }]] = await Promise.all([
    db
      .select()
      .from(posts)
      .where(where)
      .orderBy(desc(posts.createdAt), desc(posts.id))
      .limit(o.limit ?? 50)
      .offset(o.offset ?? 0),
    db.select({ n: sql<number>`count(*)::int` }).from(posts).where(where),
  ]);
  const texts = await textsOfPosts(
    db,
    tenantId,
    list.map((p) => p.id),
  );
  return { items: list.map((p) => ({ ...p, texts: texts.get(p.id) ?? [] })), total: n };
}

export async function postImageOwner(db: Db, tenantId: string, imageId: string) {
  const [row] = await db
    .select({ imageType: posts.imageType, status: posts.status })
    .from(posts)
    .where(and(ofTenant(posts, tenantId), eq(posts.imageId, imageId)))
    .limit(1);
  return row;
}

/** Fingerprint of an area's news (count and last change), for feed ETags. */
export async function postsVersion(db: Db, tenantId: string): Promise<string> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int`, m: sql<string>`max(${posts.updatedAt})` })
    .from(posts)
    .where(ofTenant(posts, tenantId));
  const [t] = await db
    .select({ m: sql<string>`max(${postTexts.updatedAt})` })
    .from(postTexts)
    .where(ofTenant(postTexts, tenantId));
  return `${r?.n ?? 0}-${r?.m ? new Date(r.m).getTime() : 0}-${t?.m ? new Date(t.m).getTime() : 0}`;
}

// ── Pages ───────────────────────────────────────────────────────────────────────────────────

export interface PageMeta {
  areaId: string | null;
  slug: string;
  kind: PageKind;
  sort: number;
  /** On creation: published at once. */
  publish?: boolean;
}

/** Writes a page or guide chapter (in the member's areas; for the whole tenant only with a tenant-wide grant). */
export async function createPage(actor: Actor, db: Db, meta: PageMeta, text: TextInput): Promise<Page> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  const areaIds = await areaIdsOf(db, tenantId, meta.areaId);
  authorizeContent(actor, areaIds);
  return db.transaction(async (tx) => {
    const [page] = await tx
      .insert(pages)
      .values({
        tenantId,
        id: newId(),
        areaId: meta.areaId,
        areaIds,
        slug: await uniqueSlug(tx, tenantId, 'pages', meta.slug || text.title),
        kind: meta.kind,
        sort: meta.sort,
        published: !!meta.publish,
      })
      .returning();
    await saveText(tx, tenantId, 'page', page.id, text);
    return page;
  });
}

/** Saves a page's settings and one language's text; the page and its (new) area must be the member's. */
export async function updatePage(
  actor: Actor,
  db: Db,
  id: string,
  meta: PageMeta,
  text: TextInput,
): Promise<void> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  const before = await getPage(db, tenantId, id);
  if (!before) throw new AppError(404, 'page_not_found');
  authorizeContent(actor, before.areaIds);
  const areaIds = await areaIdsOf(db, tenantId, meta.areaId);
  authorizeContent(actor, areaIds);
  await db.transaction(async (tx) => {
    await tx
      .update(pages)
      .set({
        areaId: meta.areaId,
        areaIds,
        slug: meta.slug ? await uniqueSlug(tx, tenantId, 'pages', meta.slug, id) : before.slug,
        kind: meta.kind,
        sort: meta.sort,
        updatedAt: new Date(),
      })
      .where(and(ofTenant(pages, tenantId), eq(pages.id, id)));
    await saveText(tx, tenantId, 'page', id, text);
  });
}

export async function setPagePublished(actor: Actor, db: Db, id: string, published: boolean) {
  await contentForStaff(actor, db, 'page', id);
  const tenantId = actor.tenantId;
  await db
    .update(pages)
    .set({ published, updatedAt: new Date() })
    .where(and(ofTenant(pages, tenantId), eq(pages.id, id)));
}

export async function deletePage(actor: Actor, db: Db, id: string) {
  await contentForStaff(actor, db, 'page', id);
  const tenantId = actor.tenantId;
  await db.delete(pages).where(and(ofTenant(pages, tenantId), eq(pages.id, id)));
}

export async function getPage(db: Db, tenantId: string, id: string): Promise<Page | undefined> {
  if (!isUuid(id)) return undefined;
  const [p] = await db
    .select()
    .from(pages)
    .where(and(ofTenant(pages, tenantId), eq(pages.id, id)))
    .limit(1);
  return p;
}

export interface PageWithTexts extends Page {
  texts: PageText[];
}

async function withPageTexts(db: Db, tenantId: string, list: Page[]): Promise<PageWithTexts[]> {
  if (list.length === 0) return [];
  const texts = await db
    .select()
    .from(pageTexts)
    .where(
      and(
        ofTenant(pageTexts, tenantId),
        inArray(
          pageTexts.pageId,
          list.map((p) => p.id),
        ),
      ),
    );
  return list.map((p) => ({ ...p, texts: texts.filter((t) => t.pageId === p.id) }));
}

export async function publishedPages(
  db: Db,
  tenantId: string,
  o: { area?: { id: string; ancestorIds: string[] } | null; kind?: PageKind } = {},
): Promise<PageWithTexts[]> {
  const where: (SQL | undefined)[] = [ofTenant(pages, tenantId), eq(pages.published, true)];
  if (o.area) where.push(forArea(pages.areaIds, pages.areaId, o.area, false));
  if (o.kind) where.push(eq(pages.kind, o.kind));
  const list = await db
    .select()
    .from(pages)
    .where(and(...where.filter((x): x is SQL => !!x)))
    .orderBy(asc(pages.sort), asc(pages.slug))
    .limit(200);
  return withPageTexts(db, tenantId, list);
}

export async function publishedPageBySlug(
  db: Db,
  tenantId: string,
  slug: string,
): Promise<PageWithTexts | undefined> {
  const [p] = await db
    .select()
    .from(pages)
    .where(and(ofTenant(pages, tenantId), eq(pages.slug, slug), eq(pages.published, true)))
    .limit(1);
  return p ? (await withPageTexts(db, tenantId, [p]))[0] : undefined;
}

/** The pages of the member's areas (all of them with a tenant-wide grant). */
export async function listPagesForStaff(actor: Actor, db: Db): Promise<PageWithTexts[]> {
  authorize(actor, PERMS.manage);
  const tenantId = actor.tenantId;
  const list = await db
    .select()
    .from(pages)
    .where(and(ofTenant(pages, tenantId), scopeFilter(pages.areaIds, scopeOf(actor, PERMS.manage))))
    .orderBy(asc(pages.kind), asc(pages.sort), asc(pages.slug))
    .limit(500);
  return withPageTexts(db, tenantId, list);
}

export async function pageTextsOf(db: Db, tenantId: string, pageId: string): Promise<PageText[]> {
  return db
    .select()
    .from(pageTexts)
    .where(and(ofTenant(pageTexts, tenantId), eq(pageTexts.pageId, pageId)));
}

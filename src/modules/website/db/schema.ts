import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, updatedAt } from '../../../platform/db/columns.ts';

const textList = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);
const uuidList = (name: string) => uuid(name).array().notNull().default(sql`'{}'::uuid[]`);

/**
 * A news post of an area (or of the whole tenant when area_id is null). The words live in
 * website_post_texts, one row per language; German is the fallback every other language shows with
 * a notice. `topics` are the newsletter topics the post belongs to.
 */
export const posts = pgTable(
  'website_posts',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    areaId: uuid('area_id'),
    /** The area and its ancestors (scope checks and area filters). */
    areaIds: uuidList('area_ids'),
    slug: text('slug').notNull(),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    topics: textList('topics'),
    imageId: uuid('image_id'),
    imageType: text('image_type'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('website_posts_slug_key').on(t.tenantId, t.slug),
    index('website_posts_published_idx').on(t.tenantId, t.status, t.publishedAt),
    index('website_posts_areas_idx').using('gin', t.areaIds),
  ],
);

export const postTexts = pgTable(
  'website_post_texts',
  {
    tenantId: tenantIdColumn(),
    postId: uuid('post_id').notNull(),
    lang: text('lang').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    bodyHtml: text('body_html').notNull().default(''),
    imageAlt: text('image_alt').notNull().default(''),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.postId, t.lang] }),
    foreignKey({
      columns: [t.tenantId, t.postId],
      foreignColumns: [posts.tenantId, posts.id],
      name: 'website_post_texts_post_fk',
    }).onDelete('cascade'),
  ],
);

export const PAGE_KINDS = ['page', 'guide'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/**
 * A static page of an area (or of the tenant). Pages of kind 'guide' are the chapters of the area's
 * welcome guide for newcomers (CAL-7), in `sort` order, shown together online and as a PDF.
 */
export const pages = pgTable(
  'website_pages',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    areaId: uuid('area_id'),
    areaIds: uuidList('area_ids'),
    slug: text('slug').notNull(),
    kind: text('kind').$type<PageKind>().notNull().default('page'),
    sort: integer('sort').notNull().default(0),
    published: boolean('published').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('website_pages_slug_key').on(t.tenantId, t.slug),
    index('website_pages_areas_idx').using('gin', t.areaIds),
  ],
);

export const pageTexts = pgTable(
  'website_page_texts',
  {
    tenantId: tenantIdColumn(),
    pageId: uuid('page_id').notNull(),
    lang: text('lang').notNull(),
    title: text('title').notNull(),
    bodyHtml: text('body_html').notNull().default(''),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.pageId, t.lang] }),
    foreignKey({
      columns: [t.tenantId, t.pageId],
      foreignColumns: [pages.tenantId, pages.id],
      name: 'website_page_texts_page_fk',
    }).onDelete('cascade'),
  ],
);

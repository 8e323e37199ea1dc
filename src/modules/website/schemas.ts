/**
 * The website's input, one schema for a post's or a page's form: each field's limit and message is
 * written here once (the website has no JSON API that writes). The staff form reads posted strings
 * with `fromForm(body, CONTENT_FORM)`; the image, its description and the area's scope are checked
 * by the reader in `ui/staff.tsx`, because they need the upload and the member.
 */
import { z } from 'zod';
import {
  choice,
  choices,
  emptyOr,
  type FormShape,
  requiredText,
  text,
  uuid,
  wholeNumber,
} from '../../platform/forms/index.ts';
import { PUBLIC_LANGS } from '../../platform/i18n/index.ts';
import { PAGE_KINDS } from './db/schema.ts';
import { TOPICS } from './use-cases/content.ts';

/** Longest texts, in characters; pages are ordered by a number from -SORT_MAX to SORT_MAX. */
export const CONTENT_LIMITS = {
  title: 200,
  summary: 500,
  body: 50_000,
  imageAlt: 300,
  slug: 80,
  sortMax: 9999,
} as const;

export const contentFields = () => ({
  lang: choice(PUBLIC_LANGS),
  areaId: emptyOr(uuid()).optional(),
  slug: emptyOr(text(CONTENT_LIMITS.slug).regex(/^[a-z0-9-]+$/, { error: 'website:errors.slug' })).optional(),
  title: requiredText(CONTENT_LIMITS.title),
  summary: text(CONTENT_LIMITS.summary).optional(),
  body: requiredText(CONTENT_LIMITS.body),
  imageAlt: text(CONTENT_LIMITS.imageAlt).optional(),
  topics: choices(TOPICS, { max: TOPICS.length * 2 }).optional(),
  kind: choice(PAGE_KINDS).optional(),
  sort: wholeNumber(-CONTENT_LIMITS.sortMax, CONTENT_LIMITS.sortMax, {
    label: 'website:fields.sort',
  }).optional(),
  publish: z.boolean().optional(),
  removeImage: z.boolean().optional(),
});

export const CONTENT_FORM = {
  lang: 'text',
  areaId: 'text',
  slug: 'text',
  title: 'text',
  summary: 'text',
  body: 'text',
  imageAlt: 'text',
  topics: 'list',
  kind: 'text',
  sort: 'number',
  publish: 'checkbox',
  removeImage: 'checkbox',
} as const satisfies Record<keyof ReturnType<typeof contentFields>, FormShape[string]>;

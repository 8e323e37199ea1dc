/**
 * The newsletter issue's input, one schema for its staff form: each field's limit and message is
 * written here once. Which areas, posts and events may be chosen depends on the member and on what
 * is published, so the reader (`ui/staff.tsx`) checks the ids against the offered ones — an id that
 * is not offered is named, never silently dropped.
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
} from '../../platform/forms/index.ts';
import { PUBLIC_LANGS } from '../../platform/i18n/index.ts';
import { TOPICS } from '../website/index.ts';

export const ISSUE_LIMITS = { subject: 200, intro: 10_000, posts: 100, events: 200 } as const;

export const issueFields = () => ({
  subject: requiredText(ISSUE_LIMITS.subject),
  intro: text(ISSUE_LIMITS.intro).optional(),
  lang: choice(PUBLIC_LANGS),
  areaId: emptyOr(uuid()).optional(),
  topic: emptyOr(choice(TOPICS)).optional(),
  segmentLangs: choices(PUBLIC_LANGS).optional(),
  postIds: z.array(uuid()).max(ISSUE_LIMITS.posts).optional(),
  eventIds: z.array(uuid()).max(ISSUE_LIMITS.events).optional(),
});

export const ISSUE_FORM = {
  subject: 'text',
  intro: 'text',
  lang: 'text',
  areaId: 'text',
  topic: 'text',
  segmentLangs: 'list',
  postIds: 'list',
  eventIds: 'list',
} as const satisfies Record<keyof ReturnType<typeof issueFields>, FormShape[string]>;

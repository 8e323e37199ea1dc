import { z } from '@hono/zod-openapi';

/**
 * Page numbers and offsets from the query string, bounded where they are parsed: an OFFSET beyond
 * PostgreSQL's bigint (`?page=99999999999999999999` made `5e+21`) failed the query with a 500.
 * Screens clamp (a page far beyond the end is simply empty); the API refuses with 422.
 */

/** Highest page number a screen asks for; far beyond any list, far below bigint. */
export const MAX_PAGE = 100_000;
/** Highest offset the API accepts (the longest list is far shorter). */
export const MAX_OFFSET = 10_000_000;

/** `?page=` of a screen: a whole number from 1 to MAX_PAGE; anything else is page 1, larger is MAX_PAGE. */
export function pageNumber(raw: string | undefined): number {
  if (!raw || !/^\s*\d+\s*$/.test(raw)) return 1;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE) : n >= 1 ? MAX_PAGE : 1;
}

/** The API's `offset` query parameter: 0 to MAX_OFFSET, default 0. */
export const offsetQuery = () =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_OFFSET)
    .default(0)
    .openapi({ description: `Items to skip (at most ${MAX_OFFSET})` });

import type { Context } from 'hono';
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { AppEnv } from './context.ts';
import { readFormBody } from './input-guard.ts';

/** Server-renders a page. Public pages ship no script; islands opt in through the shell. */
export function html(
  c: Context<AppEnv>,
  page: ReactElement,
  status: 200 | 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500 = 200,
) {
  return c.html(`<!doctype html>${renderToString(page)}`, status);
}

/**
 * Parses a urlencoded/multipart body into strings (last value wins; arrays for repeated names); a
 * body that cannot be parsed is a 400 (`malformed_body`).
 */
export async function formData(c: Context<AppEnv>): Promise<Record<string, string | string[] | File>> {
  const body = await readFormBody(c);
  const out: Record<string, string | string[] | File> = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else out[k] = v as string | File;
  }
  return out;
}

export const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';

import type { Context } from 'hono';
import { createContext, type ReactElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import type { AppEnv } from './context.ts';
import { readFormBody } from './input-guard.ts';

/**
 * The labels of a page's form fields by element id, so that an error summary above the fields can
 * name each field it links to. Fields add their label while they render; a summary that asks for a
 * label before its field has rendered marks the page for a second pass, which then knows them all.
 */
export class FieldLabels {
  private readonly seen = new Map<string, ReactNode>();
  /** True when something asked for a label this pass did not know yet. */
  wanted = false;

  constructor(private readonly known?: ReadonlyMap<string, ReactNode>) {}

  add(id: string, label: ReactNode): void {
    if (!this.seen.has(id)) this.seen.set(id, label);
  }

  labelOf(id: string): ReactNode | undefined {
    const label = this.known?.get(id) ?? this.seen.get(id);
    if (label === undefined && !this.known) this.wanted = true;
    return label;
  }

  /** The labels for a second pass: everything this pass has seen. */
  next(): FieldLabels {
    return new FieldLabels(this.seen);
  }
}

export const FieldLabelsContext = createContext<FieldLabels | null>(null);

/**
 * Server-renders a page. Public pages ship no script; islands opt in through the shell. A page
 * whose error summary names fields rendered further down is rendered twice (only then).
 */
export function html(
  c: Context<AppEnv>,
  page: ReactElement,
  status: 200 | 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500 = 200,
) {
  return c.html(`<!doctype html>${renderPage(page)}`, status);
}

export function renderPage(page: ReactElement): string {
  const labels = new FieldLabels();
  const first = renderToString(
    <FieldLabelsContext.Provider value={labels}>{page}</FieldLabelsContext.Provider>,
  );
  if (!labels.wanted) return first;
  return renderToString(
    <FieldLabelsContext.Provider value={labels.next()}>{page}</FieldLabelsContext.Provider>,
  );
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

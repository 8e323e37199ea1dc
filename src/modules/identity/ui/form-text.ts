import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';

/** Field errors from a use case (translation keys) in the reader's language. */
export function translateFields(
  c: Context<AppEnv>,
  fields: Record<string, string>,
  vars: Record<string, unknown> = {},
): Record<string, string> {
  const t = c.get('t');
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v, vars)]));
}

/** Error summary entries that name the field ("E-Mail-Adresse: …"), linking to `${idPrefix}-${field}`. */
export function summaryOf(
  fieldErrors: Record<string, string>,
  idPrefix: string,
  labels: Record<string, string>,
) {
  return Object.entries(fieldErrors).map(([field, message]) => ({
    fieldId: `${idPrefix}-${field}`,
    message: labels[field] ? `${labels[field]}: ${message}` : message,
  }));
}

import type { z } from 'zod';
import { ValidationError } from '../http/errors.ts';
import { issueMessage } from '../http/issue-messages.ts';

/** Field → message key (with its parameters), nested paths flattened: `dates.0.start`. */
export type FieldErrors = Record<string, string>;

/**
 * The first problem per field of a failed parse, as translation keys. A list of plain values is one
 * field on a form (a checkbox group, dates in one box), so a problem with its third value belongs to
 * the list (`targetGroups`, not `targetGroups.2`); items with fields of their own keep their place.
 */
export function fieldErrors(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (path.length > 1 && typeof path.at(-1) === 'number') path.pop();
    const key = path.map(String).join('.') || '_';
    fields[key] ??= issueMessage(issue);
  }
  return fields;
}

/**
 * Parses an input with its schema: the typed value, or a ValidationError naming each field that
 * failed (the first problem per field, as a translation key).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ValidationError(fieldErrors(r.error.issues));
}

type Shape = Record<string, z.ZodType>;
export interface ParsedFields<S extends Shape> {
  /** Every field that passed, typed; a field that failed is left out. */
  data: { [K in keyof S]?: z.output<S[K]> };
  errors: FieldErrors;
  ok: boolean;
}

/**
 * Parses each field on its own, so a form with one bad field still has every other value typed —
 * for the rules between fields and for showing the form again with all messages at once.
 */
export function parseFields<S extends Shape>(shape: S, input: Record<string, unknown>): ParsedFields<S> {
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [name, schema] of Object.entries(shape)) {
    const r = schema.safeParse(input[name]);
    if (r.success) data[name] = r.data;
    else Object.assign(errors, fieldErrors(r.error.issues, [name]));
  }
  return { data: data as ParsedFields<S>['data'], errors, ok: Object.keys(errors).length === 0 };
}

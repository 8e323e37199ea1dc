import type { z } from 'zod';
import { isUuid } from '../db/index.ts';
import { rangeMessage } from '../forms/fields.ts';
import { type FormField, fromForm, type RawForm } from '../forms/from-form.ts';
import { type ParsedFields, parseFields } from '../forms/parse.ts';
import { ValidationError } from './errors.ts';

export { rangeMessage } from '../forms/fields.ts';
export type { RawForm } from '../forms/from-form.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A real calendar date as YYYY-MM-DD (no 31 February). */
export const isDate = (s: string): boolean =>
  DATE.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const isTime = (s: string): boolean => TIME.test(s);

/**
 * Reads and checks a form field by field. Errors are i18n keys — common `validation.*` or
 * `<ns>:errors.*` of the module that reads —, collected per field so the page shows them all at once;
 * `values` keeps everything as typed, so nothing is lost when the form comes back with messages.
 * Modules extend it with their own rules for free text, e-mail, phone, links and numbers.
 */
export class BaseFormReader {
  readonly errors: Record<string, string> = {};
  readonly values: Record<string, string | string[]> = {};

  /** `ns`: the module's i18n namespace for its `errors.date`, `errors.time` messages. */
  constructor(
    protected readonly body: RawForm,
    protected readonly ns: string,
  ) {}

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** Throws a ValidationError with all field errors collected so far. */
  check(): void {
    if (!this.ok) throw new ValidationError({ ...this.errors });
  }

  raw(name: string): string {
    const v = this.body[name];
    const s = typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
    return s.replace(/\r\n?/g, '\n').trim();
  }

  file(name: string): File | null {
    const v = this.body[name];
    return v instanceof File && v.size > 0 ? v : null;
  }

  fail(name: string, key: string): void {
    this.errors[name] ??= key;
  }

  /**
   * Reads the fields of a schema shape (the module's schemas.ts: the same field schemas its JSON API
   * declares), each as `kinds` says it is posted: what passed, typed; the values as typed and the
   * first problem per field kept here beside the reader's other fields.
   */
  schema<S extends Record<string, z.ZodType>>(
    shape: S,
    kinds: { [K in keyof S]: FormField },
  ): ParsedFields<S>['data'] {
    const posted = fromForm(this.body, kinds);
    Object.assign(this.values, posted.values);
    const { data, errors } = parseFields(shape, posted.input);
    for (const [name, key] of Object.entries(errors)) this.fail(name, key);
    return data;
  }

  protected strings(name: string): string[] {
    const v = this.body[name];
    const arr = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .map((x) => String(x).trim())
      .filter(Boolean);
    this.values[name] = arr;
    return arr;
  }

  choice<T extends string>(
    name: string,
    allowed: readonly T[],
    o: { required?: boolean; fallback?: T } = {},
  ): T | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return o.fallback ?? null;
    }
    if (!(allowed as readonly string[]).includes(s)) {
      this.fail(name, 'validation.choice');
      return o.fallback ?? null;
    }
    return s as T;
  }

  list<T extends string>(name: string, allowed: readonly T[], o: { required?: boolean } = {}): T[] {
    const arr = this.strings(name);
    const known = (x: string) => (allowed as readonly string[]).includes(x);
    if (!arr.every(known)) this.fail(name, 'validation.choice');
    if (o.required && arr.length === 0) this.fail(name, 'validation.required');
    return [...new Set(arr.filter(known))] as T[];
  }

  bool(name: string): boolean {
    const s = this.raw(name);
    this.values[name] = s;
    return s === 'on' || s === 'true' || s === '1' || s === 'yes';
  }

  /** Tri-state (yes / no / unknown) for accessibility details. */
  triState(name: string): boolean | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (s === 'yes') return true;
    if (s === 'no') return false;
    if (s && s !== 'unknown') this.fail(name, 'validation.choice');
    return null;
  }

  /**
   * A local date. With `min`/`max` (see limits.ts: dateWindow) a date outside is refused with a
   * message that states the range; `label` (the field label's translation key) leads the message.
   */
  date(
    name: string,
    o: { required?: boolean; min?: string; max?: string; label?: string } = {},
  ): string | null {
    const s = this.checked(name, this.raw(name), isDate, 'date', o.required);
    if (s && ((o.min && s < o.min) || (o.max && s > o.max))) {
      this.fail(
        name,
        rangeMessage('validation.dateRange', o.min ?? '0001-01-01', o.max ?? '9999-12-31', o.label),
      );
      return null;
    }
    return s;
  }

  /** HH:MM; a browser that sends seconds (HH:MM:SS) is read as HH:MM. */
  time(name: string, o: { required?: boolean } = {}): string | null {
    return this.checked(name, this.raw(name).slice(0, 5), isTime, 'time', o.required);
  }

  private checked(name: string, s: string, valid: (s: string) => boolean, what: string, required?: boolean) {
    this.values[name] = s;
    if (!s) {
      if (required) this.fail(name, 'validation.required');
      return null;
    }
    if (!valid(s)) {
      this.fail(name, `${this.ns}:errors.${what}`);
      return null;
    }
    return s;
  }

  uuid(name: string): string | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) return null;
    if (!isUuid(s)) {
      this.fail(name, 'validation.choice');
      return null;
    }
    return s.toLowerCase();
  }

  uuids(name: string): string[] {
    const arr = this.strings(name);
    if (!arr.every(isUuid)) this.fail(name, 'validation.choice');
    return [...new Set(arr.filter(isUuid).map((x) => x.toLowerCase()))];
  }
}

/** Translates field errors (i18n keys) for display. */
export function translateErrors(
  t: (k: string) => string,
  errors: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(v)]));
}

import { z } from 'zod';
import { ValidationError } from '../../platform/http/errors.ts';

/** Raw form body as parsed by platform/http/render.tsx formData(). */
export type RawForm = Record<string, string | string[] | File | undefined>;

const emailSchema = z.string().email().max(254);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const isDate = (s: string): boolean =>
  DATE.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const isTime = (s: string): boolean => TIME.test(s);

/**
 * Reads and checks a form field by field. Errors are i18n keys (common `validation.*` or
 * `network:errors.*`), collected per field so the page can show them all at once and keep what
 * was typed (`values`).
 */
export class FormReader {
  readonly errors: Record<string, string> = {};
  readonly values: Record<string, string | string[]> = {};

  constructor(private readonly body: RawForm) {}

  private raw(name: string): string {
    const v = this.body[name];
    const s = typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
    return s.replace(/\r\n/g, '\n').trim();
  }

  fail(name: string, key: string): void {
    this.errors[name] ??= key;
  }

  text(name: string, o: { required?: boolean; max?: number } = {}): string | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    if (s.length > (o.max ?? 500)) this.fail(name, 'network:errors.tooLong');
    return s;
  }

  email(name: string, o: { required?: boolean } = {}): string | null {
    const s = this.text(name, { required: o.required, max: 254 });
    if (s && !emailSchema.safeParse(s).success) this.fail(name, 'validation.email');
    return s ? s.toLowerCase() : null;
  }

  phone(name: string): string | null {
    const s = this.text(name, { max: 40 });
    if (s && !/^[+\d][\d ()/-]{3,}$/.test(s)) this.fail(name, 'network:errors.phone');
    return s;
  }

  url(name: string): string | null {
    const s = this.text(name, { max: 300 });
    if (s && !/^https?:\/\/[^\s]+\.[^\s]+$/i.test(s)) this.fail(name, 'network:errors.url');
    return s;
  }

  choice<T extends string>(name: string, allowed: readonly T[], o: { required?: boolean } = {}): T | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    if (!(allowed as readonly string[]).includes(s)) {
      this.fail(name, 'validation.choice');
      return null;
    }
    return s as T;
  }

  list<T extends string>(name: string, allowed: readonly T[], o: { required?: boolean } = {}): T[] {
    const v = this.body[name];
    const arr = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .map((x) => String(x).trim())
      .filter(Boolean);
    this.values[name] = arr;
    const bad = arr.filter((x) => !(allowed as readonly string[]).includes(x));
    if (bad.length) this.fail(name, 'validation.choice');
    if (o.required && arr.length === 0) this.fail(name, 'validation.required');
    return [...new Set(arr.filter((x) => (allowed as readonly string[]).includes(x)))] as T[];
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

  date(name: string, o: { required?: boolean } = {}): string | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    if (!isDate(s)) {
      this.fail(name, 'network:errors.date');
      return null;
    }
    return s;
  }

  time(name: string, o: { required?: boolean } = {}): string | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    if (!isTime(s)) {
      this.fail(name, 'network:errors.time');
      return null;
    }
    return s;
  }

  number(name: string, o: { min?: number; max?: number; integer?: boolean } = {}): number | null {
    const s = this.raw(name).replace(',', '.');
    this.values[name] = this.raw(name);
    if (!s) return null;
    const n = Number(s);
    if (
      !Number.isFinite(n) ||
      (o.integer && !Number.isInteger(n)) ||
      (o.min !== undefined && n < o.min) ||
      (o.max !== undefined && n > o.max)
    ) {
      this.fail(name, 'network:errors.number');
      return null;
    }
    return n;
  }

  uuid(name: string): string | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) return null;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) {
      this.fail(name, 'validation.choice');
      return null;
    }
    return s.toLowerCase();
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** Throws a ValidationError with all field errors collected so far. */
  check(): void {
    if (!this.ok) throw new ValidationError({ ...this.errors });
  }
}

/** Translates field errors (i18n keys) for display. */
export function translateErrors(
  t: (k: string) => string,
  errors: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(v)]));
}

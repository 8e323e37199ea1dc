import { z } from 'zod';
import { isUuid } from '../../platform/db/index.ts';
import { isDate, isTime } from './domain/time.ts';

/** Raw form body as parsed by platform/http/render.tsx formData(). */
export type RawForm = Record<string, string | string[] | File | undefined>;

const emailSchema = z.string().email().max(254);

/**
 * Reads a form field by field. Errors are i18n keys (common `validation.*` or `events:errors.*`),
 * collected per field so the page shows them all at once; `values` keeps everything as typed.
 */
export class FormReader {
  readonly errors: Record<string, string> = {};
  readonly values: Record<string, string | string[]> = {};

  constructor(private readonly body: RawForm) {}

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
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

  text(name: string, o: { required?: boolean; max?: number } = {}): string {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return '';
    }
    if (s.length > (o.max ?? 500)) this.fail(name, 'events:errors.tooLong');
    return s;
  }

  email(name: string, o: { required?: boolean } = {}): string {
    const s = this.text(name, { required: o.required, max: 254 });
    if (s && !emailSchema.safeParse(s).success) this.fail(name, 'validation.email');
    return s.toLowerCase();
  }

  phone(name: string): string {
    const s = this.text(name, { max: 40 });
    if (s && !/^[+\d][\d ()/-]{3,}$/.test(s)) this.fail(name, 'events:errors.phone');
    return s;
  }

  url(name: string): string | null {
    const s = this.text(name, { max: 500 });
    if (!s) return null;
    try {
      const u = new URL(s);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
      return u.toString();
    } catch {
      this.fail(name, 'events:errors.url');
      return null;
    }
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

  list<T extends string>(name: string, allowed: readonly T[]): T[] {
    const v = this.body[name];
    const arr = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .map((x) => String(x).trim())
      .filter(Boolean);
    this.values[name] = arr;
    if (arr.some((x) => !(allowed as readonly string[]).includes(x))) this.fail(name, 'validation.choice');
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
      this.fail(name, 'events:errors.date');
      return null;
    }
    return s;
  }

  time(name: string, o: { required?: boolean } = {}): string | null {
    const s = this.raw(name).slice(0, 5);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    if (!isTime(s)) {
      this.fail(name, 'events:errors.time');
      return null;
    }
    return s;
  }

  int(name: string, o: { required?: boolean; min?: number; max?: number } = {}): number | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    if (!/^\d+$/.test(s)) {
      this.fail(name, 'events:errors.number');
      return null;
    }
    const n = Number(s);
    if ((o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
      this.fail(name, 'events:errors.numberRange');
      return null;
    }
    return n;
  }

  uuid(name: string): string | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) return null;
    if (!isUuid(s)) {
      this.fail(name, 'validation.choice');
      return null;
    }
    return s;
  }

  uuids(name: string): string[] {
    const v = this.body[name];
    const arr = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .map((x) => String(x).trim())
      .filter(Boolean);
    this.values[name] = arr;
    if (arr.some((x) => !isUuid(x))) this.fail(name, 'validation.choice');
    return [...new Set(arr.filter(isUuid))];
  }
}

/**
 * Schema builders every module uses for its inputs (one Zod schema per input, shared by the form,
 * the JSON API and imports). Messages are translation keys — common `validation.*` unless a module
 * passes its own — so a refusal names the field in the user's language, with its limit
 * (`issueMessage`). The OpenAPI document is generated from the same schemas, so it states the real
 * limits: maxLength, minimum/maximum, format (date, time, email, uri, uuid).
 */
import { z } from 'zod';
import { type DateWindow, dateWindow } from '../http/limits.ts';
import { withParams } from '../i18n/index.ts';
import { isDate, localDate as localDateOf } from '../time/index.ts';

/** A missing value is "required"; any other problem says `key`. */
const orRequired = (key: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'validation.required' : key;

/** Text, trimmed, line breaks as \n, at most `max` characters (the message states the limit). */
export const text = (max: number) =>
  z
    .string()
    .overwrite((s) => s.replace(/\r\n?/g, '\n'))
    .trim()
    .max(max);

/** Text that must not be empty. */
export const requiredText = (max: number) => text(max).min(1, { error: 'validation.required' });

/** An e-mail address, trimmed and in lower case. */
export const email = (o: { error?: string } = {}) =>
  z
    .string({ error: orRequired(o.error ?? 'validation.email') })
    .trim()
    .toLowerCase()
    .max(254)
    .email({ error: o.error ?? 'validation.email' });

const PHONE = /^[+\d][\d ()/-]{3,}$/;
/** A phone number: digits, spaces, + ( ) / - (at most 40 characters). */
export const phone = (o: { error?: string; max?: number } = {}) =>
  z
    .string({ error: orRequired(o.error ?? 'validation.phone') })
    .trim()
    .max(o.max ?? 40)
    .regex(PHONE, { error: o.error ?? 'validation.phone' });

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A web address with http or https (at most `max` characters, 500 unless said), as the URL parser writes it. */
export const httpUrl = (o: { error?: string; max?: number } = {}) =>
  z
    .string({ error: orRequired(o.error ?? 'validation.url') })
    .trim()
    .max(o.max ?? 500)
    .refine(isHttpUrl, { error: o.error ?? 'validation.url' })
    .transform((s) => new URL(s).toString())
    .meta({ format: 'uri' });

/** '' stands for "none" in forms and in JSON alike: the schema, or the empty string. */
export const emptyOr = <S extends z.ZodType>(schema: S) => z.union([z.literal(''), schema]);

/** One of the offered values. */
export const choice = <T extends readonly [string, ...string[]]>(values: T, o: { error?: string } = {}) =>
  z.enum(values, { error: orRequired(o.error ?? 'validation.choice') });

/** Some of the offered values (each once, in the order given). */
export const choices = <T extends readonly [string, ...string[]]>(values: T, o: { max?: number } = {}) =>
  z
    .array(choice(values))
    .max(o.max ?? values.length)
    .transform((a) => [...new Set(a)]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A record's id (UUID, any case, returned in lower case); a wrong one is "choose one of the offered". */
export const uuid = (o: { error?: string } = {}) =>
  z
    .string({ error: orRequired(o.error ?? 'validation.choice') })
    .trim()
    .regex(UUID, { error: o.error ?? 'validation.choice' })
    .transform((s) => s.toLowerCase())
    .meta({ format: 'uuid' });

/** The message for a value outside [min, max]; names the field when its label key is given. */
export function rangeMessage(
  key: string,
  min: string | number,
  max: string | number,
  label?: string,
): string {
  return withParams(key, { min, max, ...(label ? { field: label } : {}) });
}

/** A whole number from `min` to `max`; every problem states the range (and the field, given its label key). */
export const wholeNumber = (min: number, max: number, o: { label?: string } = {}) => {
  const range = rangeMessage('validation.numberRange', min, max, o.label);
  return z
    .number({ error: orRequired(range) })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range });
};

/** A number from `min` to `max`, decimals allowed; every problem states the range. */
export const decimal = (min: number, max: number, o: { label?: string } = {}) => {
  const range = rangeMessage('validation.decimalRange', min, max, o.label);
  return z
    .number({ error: orRequired(range) })
    .min(min, { error: range })
    .max(max, { error: range });
};

/** When a date is checked against its window: now, unless a fixed clock is given (tests, services.now). */
export interface DateOptions {
  /** How far from today the date may lie (platform/http/limits.ts); none: any real date. */
  window?: DateWindow;
  /** Today is taken from this clock, read at parse time. */
  now?: () => Date;
  /** The field label's translation key: the range message names the field. */
  label?: string;
  /** The key for something that is not a date (default `validation.date`). */
  error?: string;
}

function outside(date: string, o: DateOptions): string | null {
  if (!o.window) return null;
  const { min, max } = dateWindow(o.window, o.now?.());
  return date < min || date > max ? rangeMessage('validation.dateRange', min, max, o.label) : null;
}

/** A local date (YYYY-MM-DD, a real one: no 31 April), within its window. */
export const localDate = (o: DateOptions = {}) => {
  const bad = o.error ?? 'validation.date';
  return z
    .string({ error: orRequired(bad) })
    .trim()
    .superRefine((s, ctx) => {
      const problem = s === '' ? 'validation.required' : isDate(s) ? outside(s, o) : bad;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ format: 'date' });
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A local clock time HH:MM; a browser that sends seconds (HH:MM:SS) is read as HH:MM. */
export const localTime = (o: { error?: string } = {}) =>
  z
    .string({ error: orRequired(o.error ?? 'validation.time') })
    .trim()
    .overwrite((s) => (/^\d\d:\d\d:\d\d$/.test(s) ? s.slice(0, 5) : s))
    .regex(TIME, { error: o.error ?? 'validation.time' })
    .meta({ example: '18:00' });

/** An instant whose local date (Berlin) lies within the window. */
export const instant = (o: DateOptions = {}) => {
  const bad = o.error ?? 'validation.date';
  return z.date({ error: orRequired(bad) }).superRefine((d, ctx) => {
    const problem = Number.isNaN(d.getTime()) ? bad : outside(localDateOf(d), o);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
};

/** Yes, no or unknown (accessibility details): true, false or null. */
export const triState = () => z.boolean({ error: 'validation.choice' }).nullable();

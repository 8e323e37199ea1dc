// Reading requests for the events API: permission guard, validation messages in the caller's
// language, JSON bodies as the screens' form fields, versions (ETag / If-Match) and cursors.
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf, authorize } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { fieldErrors } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import type { FormReader, RawForm } from '../forms.ts';
import { PERMS } from '../policies.ts';
import {
  type Event,
  eventVersion,
  formValuesOf,
  listCategories,
  readEventForm,
} from '../use-cases/events.ts';
import { eventFor, mayPlaceEvent } from '../use-cases/manage.ts';

export type C = Context<AppEnv>;

// ── Permissions ─────────────────────────────────────────────────────────────────────────────

/** The permission is checked before the input is validated (403 beats 422); the use case checks again. */
export const needs = (permission: string) => async (c: C, next: () => Promise<void>) => {
  authorize(actorOf(c), permission);
  await next();
};

/**
 * The event, when the caller may read it (else 404: events outside one's areas do not exist for
 * one), and 403 when they may read but not do `permission` with it.
 */
export const loadEvent = (c: C, permission: string = PERMS.read): Promise<Event> =>
  eventFor(actorOf(c), c.get('services').db, c.req.param('id') ?? '', permission);

// ── Validation in the caller's language ─────────────────────────────────────────────────────

export const translate = (c: C, fields: Record<string, string>): Record<string, string> => {
  const t = c.get('t');
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v)]));
};

/** Schema problems (wrong JSON types, unknown options, limits) → the same i18n messages the forms use. */
export function schemaHook(result: { success: boolean; error?: z.ZodError }, c: C): undefined {
  if (result.success || !result.error) return undefined;
  throw new ValidationError(translate(c, fieldErrors(result.error.issues)));
}

/**
 * An event body the schema refuses is read the way the form reads it all the same, so one answer
 * names every field the form would: the schema's limits, the date windows on the app's clock and the
 * rules between fields (a place or a link, the last date of a series), in the caller's language.
 */
export function eventBodyHook(
  result: { success: boolean; error?: z.ZodError },
  c: C,
): undefined | Promise<never> {
  if (result.success || !result.error) return undefined;
  return refuseEventBody(result as { error: z.ZodError; data?: unknown }, c);
}

async function refuseEventBody(result: { error: z.ZodError; data?: unknown }, c: C): Promise<never> {
  const fields = fieldErrors(result.error.issues);
  // The body as sent (the validator passes it along with a failed result).
  const sent = result.data;
  if (sent && typeof sent === 'object' && !Array.isArray(sent)) {
    const existing = c.req.param('id') ? await loadEvent(c, PERMS.manage) : undefined;
    const base: RawForm = existing ? { ...formValuesOf(existing), description: '' } : NEW_EVENT_DEFAULTS;
    const r = await readEventBody(c, { ...base, ...eventForm(sent as Record<string, unknown>) }, existing);
    for (const [name, key] of Object.entries(r.form.errors)) fields[name] ??= key;
  }
  throw new ValidationError(translate(c, fields));
}

/** A use case's field errors (i18n keys) → messages in the caller's language. */
export async function translated<T>(c: C, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError(translate(c, err.fields));
    throw err;
  }
}

export function failIfInvalid(
  c: C,
  form: FormReader,
  rename: (field: string, key: string) => string = (f) => f,
) {
  if (form.ok) return;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(form.errors)) fields[rename(k, v)] ??= v;
  throw new ValidationError(translate(c, fields));
}

export const triState = (b: boolean | null | undefined) =>
  b === true ? 'yes' : b === false ? 'no' : 'unknown';

/** JSON values as the event form sees them (null clears a field). */
export function eventForm(body: Record<string, unknown>): RawForm {
  const out: RawForm = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    if (k === 'stepFree' || k === 'accessibleToilet' || k === 'hearingLoop')
      out[k] = triState(v as boolean | null);
    else if (k === 'exdates') out[k] = Array.isArray(v) ? v.map(String).join(' ') : '';
    else if (v === null) out[k] = '';
    else if (Array.isArray(v)) out[k] = v.map(String);
    else if (typeof v === 'boolean') out[k] = v ? 'on' : '';
    else out[k] = String(v);
  }
  return out;
}

/** `If-Match: "<version>"` (or a list; `*` matches anything). */
export function ifMatch(c: C): string | undefined {
  const h = c.req.header('if-match')?.trim();
  if (!h || h === '*') return undefined;
  return h.replace(/^W\//, '').replace(/^"|"$/g, '');
}

export const setEtag = (c: C, e: Event) => c.header('ETag', `"${eventVersion(e)}"`);

// ── Handlers ────────────────────────────────────────────────────────────────────────────────

/** Keyset cursor: the last event's start and id, and the total counted for the first page. */
export const encodeCursor = (e: { startsAt: Date; id: string }, total?: number) =>
  Buffer.from(`${e.startsAt.toISOString()}|${e.id}${total === undefined ? '' : `|${total}`}`).toString(
    'base64url',
  );

export function decodeCursor(s: string): { startsAt: Date; id: string; total: number | null } | null {
  const [at, id, n] = Buffer.from(s, 'base64url').toString().split('|');
  const startsAt = new Date(at ?? '');
  // Cursors from before the total was carried have two parts: their pages count again.
  const total = n !== undefined && /^\d{1,9}$/.test(n) ? Number(n) : null;
  if (n !== undefined && total === null) return null;
  return id && isUuid(id) && !Number.isNaN(startsAt.getTime()) ? { startsAt, id, total } : null;
}

/** New events start from the staff form's defaults (free, not repeating, waiting list on). */
export const NEW_EVENT_DEFAULTS: RawForm = {
  kind: 'event',
  cost: 'free',
  repeat: 'none',
  waitlistEnabled: 'on',
};

/** An event body (as the form's fields) read by the event form's rules, on the app's clock. */
async function readEventBody(c: C, body: RawForm, existing?: Event) {
  const services = c.get('services');
  const tenant = c.get('tenant')!;
  const categories = await listCategories(services.db, tenant.id);
  return readEventForm(body, {
    mode: 'staff',
    storageDir: services.config.storageDir,
    db: services.db,
    tenantId: tenant.id,
    categoryIds: categories.map((x) => x.id),
    now: services.now(),
    existing,
  });
}

export async function readEvent(c: C, body: RawForm, existing?: Event) {
  const services = c.get('services');
  const r = await readEventBody(c, body, existing);
  // The same area rule as the screens (the use case enforces it), asked first for a field message.
  if (r.form.ok) {
    try {
      if (!(await mayPlaceEvent(actorOf(c), services.db, r.input.areaId)))
        r.form.fail('areaId', 'events:errors.areaNotAllowed');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'area_not_found') throw err;
      r.form.fail('areaId', 'validation.choice');
    }
  }
  failIfInvalid(c, r.form);
  return r;
}

export function versionMismatch(c: C) {
  return c.json(
    { error: { code: 'version_mismatch', message: c.get('t')('events:errors.versionMismatch') } },
    412,
  );
}

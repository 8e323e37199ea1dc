import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../../platform/audit/index.ts';
import { type Actor, authorizeTenantWide } from '../../platform/authz.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId, TtlMemo } from '../../platform/db/index.ts';
import { parseFields } from '../../platform/forms/index.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { type TenantSettings, tenants } from './db/schema.ts';
import { PERMS } from './policies.ts';
import { tenantSettingsFields } from './schemas.ts';

export type Tenant = typeof tenants.$inferSelect;

/** Slugs that are first path segments of the app itself, so no tenant may take them. */
export const RESERVED_SLUGS = new Set([
  'api',
  'staff',
  'login',
  'logout',
  'auth',
  'account',
  'static',
  'healthz',
  'metrics',
  'invite',
  'reset',
  'magic',
  'sso',
  'admin',
  'favicon.ico',
  'robots.txt',
  'lang',
  'public',
  'assets',
  'embed',
  'oparl',
]);

export const tenantInput = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'validation.slug'),
  name: z.string().trim().min(2, 'validation.required').max(120, 'validation.tooLong'),
  settings: z.custom<TenantSettings>().optional(),
});

/** Throws a ValidationError (field `slug`) for a slug a tenant cannot have. */
export function assertSlug(slug: string): void {
  if (!tenantInput.shape.slug.safeParse(slug).success) throw new ValidationError({ slug: 'validation.slug' });
  if (RESERVED_SLUGS.has(slug)) throw new ValidationError({ slug: 'tenancy:slugReserved' });
}

export async function createTenant(db: Db, input: z.input<typeof tenantInput>): Promise<Tenant> {
  const parsed = tenantInput.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
    throw new ValidationError(fields);
  }
  const { slug, name, settings } = parsed.data;
  if (RESERVED_SLUGS.has(slug)) throw new ValidationError({ slug: 'tenancy:slugReserved' });
  if (await getTenantBySlug(db, slug))
    throw new AppError(409, 'tenant_exists', `Tenant "${slug}" already exists`);
  const [row] = await db
    .insert(tenants)
    .values({ id: newId(), slug, name, settings: settings ?? {} })
    .returning();
  forgetPublicTenant({ slug });
  return row;
}

export async function getTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row;
}

/**
 * The tenant of a public address, read at most every few seconds per process (every public request
 * asks for it; a 304 should cost as little as possible). Changes of this process are seen at once
 * (`forgetPublicTenant`), another instance's after at most PUBLIC_TENANT_TTL_MS.
 */
export const PUBLIC_TENANT_TTL_MS = 3000;
const publicTenants = new TtlMemo<Tenant | undefined>(PUBLIC_TENANT_TTL_MS);

export function getPublicTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  return publicTenants.get(db, slug, () => getTenantBySlug(db, slug));
}

/** Forgets the memo of a tenant changed here (by id, or by slug for one restored or made anew). */
export function forgetPublicTenant(which: { id?: string; slug?: string }): void {
  publicTenants.forget((slug, t) => slug === which.slug || (!!which.id && t?.id === which.id));
}

export async function getTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return row;
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  return db.select().from(tenants).orderBy(asc(tenants.name));
}

export { SETTINGS_LIMITS } from './schemas.ts';

export interface TenantSettingsForm {
  name: string;
  imprintDe: string;
  imprintEn: string;
  privacyDe: string;
  privacyEn: string;
  contactEmail: string;
  attribution: string;
}

/** Field → translation key with interpolation values, for the settings form. */
export type FieldErrors = Record<string, { key: string; values?: Record<string, unknown> }>;

/** The settings checked by their schema (schemas.ts); a message key (with its limit) per field. */
export function validateTenantSettings(f: TenantSettingsForm): FieldErrors {
  const { errors } = parseFields(tenantSettingsFields, { ...f });
  return Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, { key }]));
}

/**
 * The settings screen's use case: name, legal texts, contact and attribution of the actor's tenant,
 * with the audit entry (which fields changed) in the same transaction.
 */
export async function saveTenantSettings(
  actor: Actor,
  db: Db,
  f: TenantSettingsForm,
  o: { ip?: string | null } = {},
): Promise<string[]> {
  authorizeTenantWide(actor, PERMS.settings);
  if (Object.keys(validateTenantSettings(f)).length) throw new AppError(422, 'validation_failed');
  return db.transaction(async (tx) => {
    const changed = await writeTenantSettings(tx, actor.tenantId, f);
    if (changed.length)
      await writeAudit(tx, {
        tenantId: actor.tenantId,
        actorUserId: actor.userId ?? null,
        action: 'update',
        entityType: 'tenant',
        entityId: actor.tenantId,
        details: { fields: changed },
        ip: o.ip ?? null,
      });
    return changed;
  });
}

/** Saves name and settings (already validated); returns the names of the fields that changed. */
async function writeTenantSettings(db: Db, id: string, f: TenantSettingsForm): Promise<string[]> {
  const t = await getTenant(db, id);
  if (!t) throw new AppError(404, 'tenant_not_found');
  const text = (v: string) => (v ? v : undefined);
  const prev = t.settings ?? {};
  const next: TenantSettings = {
    ...prev,
    imprint: { ...(prev.imprint ?? {}), de: f.imprintDe, en: f.imprintEn },
    privacy: { ...(prev.privacy ?? {}), de: f.privacyDe, en: f.privacyEn },
    contactEmail: text(f.contactEmail),
    attribution: text(f.attribution),
  };
  for (const k of ['imprint', 'privacy'] as const) {
    const v = next[k] ?? {};
    for (const lang of Object.keys(v)) if (!v[lang]) delete v[lang];
  }
  const changed: string[] = [];
  if (t.name !== f.name) changed.push('name');
  if ((prev.imprint?.de ?? '') !== f.imprintDe) changed.push('imprintDe');
  if ((prev.imprint?.en ?? '') !== f.imprintEn) changed.push('imprintEn');
  if ((prev.privacy?.de ?? '') !== f.privacyDe) changed.push('privacyDe');
  if ((prev.privacy?.en ?? '') !== f.privacyEn) changed.push('privacyEn');
  if ((prev.contactEmail ?? '') !== f.contactEmail) changed.push('contactEmail');
  if ((prev.attribution ?? '') !== f.attribution) changed.push('attribution');
  if (changed.length === 0) return changed;
  const settings = JSON.parse(JSON.stringify(next)) as TenantSettings; // drops undefined keys
  await db.update(tenants).set({ name: f.name, settings }).where(eq(tenants.id, id));
  forgetPublicTenant({ id });
  return changed;
}

export async function updateTenantSettings(db: Db, id: string, patch: TenantSettings): Promise<void> {
  const t = await getTenant(db, id);
  if (!t) throw new AppError(404, 'tenant_not_found');
  await db
    .update(tenants)
    .set({ settings: { ...t.settings, ...patch } })
    .where(eq(tenants.id, id));
  forgetPublicTenant({ id });
}

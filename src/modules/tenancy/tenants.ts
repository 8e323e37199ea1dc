import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/db/index.ts';
import { AppError, ValidationError } from '../../platform/http/errors.ts';
import { type TenantSettings, tenants } from './db/schema.ts';

export type Tenant = typeof tenants.$inferSelect;

/** Slugs that are first path segments of the app itself, so no tenant may take them. */
export const RESERVED_SLUGS = new Set([
  'api', 'staff', 'login', 'logout', 'auth', 'account', 'static', 'healthz', 'metrics', 'invite', 'reset',
  'magic', 'sso', 'admin', 'favicon.ico', 'robots.txt', 'lang', 'public', 'assets', 'embed',
]);

export const tenantInput = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'validation.slug'),
  name: z.string().trim().min(2, 'validation.required').max(120, 'validation.tooLong'),
  settings: z.custom<TenantSettings>().optional(),
});

export async function createTenant(db: Db, input: z.input<typeof tenantInput>): Promise<Tenant> {
  const parsed = tenantInput.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0])] ??= i.message;
    throw new ValidationError(fields);
  }
  const { slug, name, settings } = parsed.data;
  if (RESERVED_SLUGS.has(slug)) throw new ValidationError({ slug: 'tenancy:slugReserved' });
  if (await getTenantBySlug(db, slug)) throw new AppError(409, 'tenant_exists', `Tenant "${slug}" already exists`);
  const [row] = await db
    .insert(tenants)
    .values({ id: newId(), slug, name, settings: settings ?? {} })
    .returning();
  return row;
}

export async function getTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row;
}

export async function getTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return row;
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  return db.select().from(tenants).orderBy(asc(tenants.name));
}

export async function updateTenantSettings(db: Db, id: string, patch: TenantSettings): Promise<void> {
  const t = await getTenant(db, id);
  if (!t) throw new AppError(404, 'tenant_not_found');
  await db
    .update(tenants)
    .set({ settings: { ...t.settings, ...patch } })
    .where(eq(tenants.id, id));
}

import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export interface TenantSettings {
  /** Imprint (Impressum) and privacy texts per language, shown in the public footer pages. */
  imprint?: Record<string, string>;
  privacy?: Record<string, string>;
  contactEmail?: string;
  /** Attribution of open data shown on public pages (e.g. the LOR source). */
  attribution?: string;
  /** Public-side languages the team writes content in (de and en are always on). */
  publicLanguages?: string[];
}

/** A tenant is a city or a programme. Its id is the tenant_id of every tenant-owned row. */
export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    settings: jsonb('settings').$type<TenantSettings>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tenants_slug_key').on(t.slug)],
);

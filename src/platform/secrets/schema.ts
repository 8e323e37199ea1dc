import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Secrets of the installation, one row per purpose (e.g. the key that hashes rate-limit keys), made
 * on first use. In the database so every instance uses the same; no tenant owns them.
 */
export const platformSecrets = pgTable('platform_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

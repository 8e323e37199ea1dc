import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column builders so every tenant-owned table looks the same. */
export const tenantIdColumn = () => uuid('tenant_id').notNull();
export const idColumn = () => uuid('id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

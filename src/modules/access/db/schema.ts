import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn } from '../../../platform/db/columns.ts';

export const ROLES = ['admin', 'coordinator', 'team', 'department', 'jury'] as const;
export type Role = (typeof ROLES)[number];

/** A role for a user in a tenant, optionally limited to an area (a district or a team area) and below. */
export const memberships = pgTable(
  'memberships',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    role: text('role').$type<Role>().notNull(),
    scopeAreaId: uuid('scope_area_id'),
    department: text('department'),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('memberships_user_idx').on(t.userId)],
);

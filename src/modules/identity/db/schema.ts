import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn } from '../../../platform/db/columns.ts';

/**
 * Accounts are global (one person, one login across tenants); what they may do in a tenant is a
 * membership (access module). Residents need no account.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    locale: text('locale').notNull().default('de'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** Server-side sessions: the cookie holds a random token, the table its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    authMethod: text('auth_method').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time tokens (magic link, password reset, invitation), stored hashed. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose').$type<'magic_link' | 'password_reset' | 'invitation'>().notNull(),
    email: text('email').notNull(),
    userId: uuid('user_id'),
    tenantId: uuid('tenant_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('auth_tokens_email_idx').on(t.email)],
);

/** Personal API tokens, valid in one tenant; the token is shown once, only its hash is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('api_tokens_hash_key').on(t.tenantId, t.tokenHash),
  ],
);

/** OpenID Connect provider per tenant (e.g. the city's Keycloak or Azure AD). */
export const oidcProviders = pgTable(
  'oidc_providers',
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    clientSecret: text('client_secret').notNull(),
    /** Role given to a new account on first sign-in; null = only pre-invited accounts may sign in. */
    autoProvisionRole: text('auto_provision_role'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Links an account to an identity at an OIDC issuer (issuer + subject). */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    tenantId: tenantIdColumn(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    loginCount: integer('login_count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.issuer, t.subject] })],
);

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Command } from 'commander';
import type { Hono } from 'hono';
import type { AppEnv, Services } from './http/context.ts';
import type { Translations } from './i18n/index.ts';
import type { JobDefinition } from './jobs/index.ts';

/** Routers a module mounts its routes on; the composition root decides the prefixes. */
export interface Routers {
  /** `/` — account pages and other tenant-less routes. */
  root: Hono<AppEnv>;
  /** `/:tenant` — public pages of a tenant (no account). */
  public: Hono<AppEnv>;
  /** `/staff/:tenant` — staff screens; a membership in the tenant is already checked. */
  staff: Hono<AppEnv>;
  /** `/api/v1/tenants/:tenant` — JSON API; authentication and membership already checked. */
  api: OpenAPIHono<AppEnv>;
}

export interface NavItem {
  /** Path below /staff/:tenant, e.g. '/areas'. */
  path: string;
  /** Translation key in the module's namespace. */
  label: string;
  permission: string;
  order: number;
}

/** A link in the public pages' main navigation (every tenant page shows it). */
export interface PublicNavItem {
  /** Path below /:tenant, e.g. '/events'. */
  path: string;
  /** Translation key in the common namespace (public pages offer five languages). */
  label: string;
  order: number;
}

export interface BackupTable {
  name: string;
  /** Column holding the tenant id ('id' for the tenants table itself). */
  tenantColumn: string;
}

/** The one thing a module gives the platform: what it adds, declared in its manifest.ts. */
export interface ModuleManifest {
  name: string;
  i18n: Translations;
  /** permission → roles that hold it (roles are those of the access module). */
  permissions?: Record<string, string[]>;
  mount?(routers: Routers): void;
  jobs?(services: Services): JobDefinition[];
  nav?: NavItem[];
  /** Links in the public main navigation of a tenant. */
  publicNav?: PublicNavItem[];
  /** Adds `quartier <command>`s; `run` opens the services and closes them afterwards. */
  cli?(program: Command, run: <T>(fn: (services: Services) => Promise<T>) => Promise<T>): void;
  /** Tenant-owned tables in insert order, for backup and restore. */
  backup?: BackupTable[];
}

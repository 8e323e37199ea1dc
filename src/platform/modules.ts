import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Command } from 'commander';
import type { Hono } from 'hono';
import type { z } from 'zod';
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
  /** Translation key in the module's own namespace, translated into all five public languages. */
  label: string;
  order: number;
}

export interface BackupTable {
  name: string;
  /** Column holding the tenant id ('id' for the tenants table itself). */
  tenantColumn: string;
}

/** A route-parameter value that names one test entity, and the table that holds the entity. */
export interface TestParam {
  value: string;
  /** SQL table name, so the isolation self-test can remove that table's tenant condition. */
  table: string;
}

/**
 * Route-parameter values of one tenant's test entities, keyed by the path word before the parameter
 * and the parameter's name: 'houses/:id', 'rooms/:roomId', 'requests/:token'. A route parameter
 * without an exact key falls back to '<word>/:id' (so 'venues/:venue' finds 'venues/:id').
 */
export type TestParams = Record<string, TestParam[]>;

export interface TestFactoryContext {
  services: Services;
  tenant: { id: string; slug: string };
  /** A string to put into every visible text of the entities (names, titles), so a leak shows. */
  marker: string;
  /** A signed-in member of the tenant (administrator) to own things that need a user. */
  userId: string;
  /** What the modules before this one created (modules run in mount order). */
  params: Readonly<TestParams>;
}

/** The question a figure answers: which areas (null = the whole tenant) and which period. */
export interface FigureQuery {
  /** Area ids, already expanded to everything below the chosen areas; null = the whole tenant. */
  areaIds: string[] | null;
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the period (exclusive). */
  to: Date;
}

/**
 * A figure (key performance indicator) a module reports: the contract the area profiles and impact
 * reports read. Values of several areas and periods combine as the aggregations say; a figure whose
 * values cannot be added (distinct people, shares) says 'recompute' and is asked again for the union.
 */
export interface FigureDefinition {
  /** Stable key, `<module>.<name>`: stored with report snapshots, never renamed. */
  key: string;
  /** Translation key in the module's namespace. */
  label: string;
  unit: 'count' | 'hours' | 'people' | 'percent' | 'cents';
  /** Over several areas: add up, or ask again for the union of the areas. */
  areas: 'sum' | 'recompute';
  /** Over several periods: add up (flows), take the last (stocks, e.g. subscribers), or ask again. */
  time: 'sum' | 'last' | 'recompute';
  compute(services: Services, tenantId: string, q: FigureQuery): Promise<number>;
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
  /**
   * The module's own settings: a Zod object over environment variables (names prefixed with the
   * module, e.g. NEWSLETTER_RATE), checked at start with the platform's; the parsed values are in
   * `config.modules[name]`. Document each in README.md "Configuration".
   */
  config?: z.ZodType;
  /** Figures (KPIs) for area profiles and impact reports. */
  figures?: FigureDefinition[];
  /** Tags of the module's API operations with a one-line description each (OpenAPI `tags`). */
  apiTags?: Record<string, string>;
  /** Links in the public main navigation of a tenant. */
  publicNav?: PublicNavItem[];
  /** Adds `quartier <command>`s; `run` opens the services and closes them afterwards. */
  cli?(program: Command, run: <T>(fn: (services: Services) => Promise<T>) => Promise<T>): void;
  /** Tenant-owned tables in insert order, for backup and restore. */
  backup?: BackupTable[];
  /**
   * Demo content for a new demo tenant (areas, accounts and the other modules' demo content exist
   * already; modules run in mount order). Import the seed lazily.
   */
  seedDemo?(services: Services, tenantId: string): Promise<void>;
  /**
   * Test factory: creates one of each of the module's entities for a tenant and returns the route
   * parameters that name them. The tenant-isolation walk fills every route parameter with another
   * tenant's real entity of the right kind from these. Import the factory lazily, so the app does
   * not load test code.
   */
  testFactory?(ctx: TestFactoryContext): Promise<TestParams>;
}

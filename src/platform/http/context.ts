import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/engine.ts';
import type { I18n, Lang, TFunction } from '../i18n/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Mailer } from '../mail/index.ts';
import type { ModuleManifest } from '../modules.ts';

/** Everything a request handler or job may use; built once by the composition root. */
export interface Services {
  config: Config;
  database: Database;
  db: Db;
  i18n: I18n;
  jobs: Jobs;
  mailer: Mailer;
  log: Logger;
  /**
   * The modules of the running app, in mount order: for what asks every module at once (the
   * data-subject screen and the retention job read their `privacy` hooks).
   */
  modules: readonly ModuleManifest[];
  /**
   * The current instant for what depends on it in a page (where a week view starts, which times are
   * past). Always the system clock in the app; a test sets a fixed one to check a Sunday evening.
   */
  now(): Date;
}

export interface RequestUser {
  id: string;
  email: string;
  name: string;
  locale: string;
}

export interface RequestTenant {
  id: string;
  slug: string;
  name: string;
  settings: object;
}

export interface MembershipGrant {
  role: string;
  /** null = the whole tenant; otherwise this area and everything below it. */
  scopeAreaId: string | null;
}

export interface Principal {
  userId: string;
  tenantId: string;
  grants: MembershipGrant[];
}

/** The access policy as handlers see it (implemented by the access module, set by the composition root). */
export interface PolicyPort {
  can(principal: Principal | undefined, permission: string, areaPath?: string[] | null): boolean;
  scopeFor(principal: Principal | undefined, permission: string): string[] | null;
}

export interface AppVariables {
  services: Services;
  policy?: PolicyPort;
  lang: Lang;
  t: TFunction;
  nonce: string;
  user?: RequestUser;
  session?: { id: string; csrfToken: string };
  /** Authenticated by a personal API token (no cookie, so no CSRF check). */
  tokenAuth?: boolean;
  /** The tenant a personal API token is bound to. */
  tokenTenantId?: string;
  tenant?: RequestTenant;
  principal?: Principal;
  /** Double-submit token for anonymous forms (set when a form is rendered). */
  csrfToken?: string;
  /** Staff navigation for the current principal (built by the composition root from module manifests). */
  staffNav?: { path: string; label: string }[];
  /** Public main navigation (paths below /:tenant and common-namespace label keys), from module manifests. */
  publicNav?: { path: string; label: string }[];
  /** Options of the staff area switcher and the chosen one. */
  areaOptions?: { value: string; label: string }[];
  currentAreaId?: string;
}

export type AppEnv = { Variables: AppVariables };

import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadAppConfig } from '../app/config.ts';
import { addMembership, principalFor, type Role } from '../modules/access/index.ts';
import { createSession, createUser } from '../modules/identity/index.ts';
import { createTenant } from '../modules/tenancy/index.ts';
import type { Actor } from '../platform/authz.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import { type Database, newId, openDatabase } from '../platform/db/index.ts';
import type { Services } from '../platform/http/context.ts';
import { createApp, createServices } from '../server.ts';

export const engine = (): 'pglite' | 'postgres' =>
  process.env.QUARTIER_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/** A migrated, empty database of its own for one test file (PGlite from the template, or a PostgreSQL database). */
export async function openTestDatabase(): Promise<Database> {
  const db = await openTestDatabaseOn(engine());
  if (!db)
    throw new Error('QUARTIER_TEST_ENGINE=postgres needs TEST_DATABASE_URL (run through the "pg" project)');
  return db;
}

/**
 * A migrated, empty database on the given engine, whatever engine this run uses (for cross-engine
 * tests such as backup/restore); null for PostgreSQL when TEST_DATABASE_URL is not set. Tests use this
 * instead of importing a driver themselves (the architecture test keeps drivers in platform/db).
 */
export async function openTestDatabaseOn(kind: 'pglite' | 'postgres'): Promise<Database | null> {
  if (kind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    const template = inject('pgTemplate');
    if (!url || !template) return null;
    const { default: pg } = await import('pg');
    const name = `quartier_t_${newId().replace(/-/g, '').slice(-16)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 20 });
    const close = db.close;
    db.close = async () => {
      await close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // pool.end() resolves before the sessions are gone; a forced drop while they are still closing
      // makes the server kill them, and pg raises that as an unhandled error in whichever test runs next.
      for (let i = 0; i < 100; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await new Promise((done) => setTimeout(done, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
    return db;
  }
  const file = inject('pgliteTemplate');
  const blob = new Blob([readFileSync(file)]);
  return openDatabase({ loadDataDir: blob });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadAppConfig(
    {
      LOG_LEVEL: 'silent',
      DATA_DIR: join(tmpdir(), `quartier-data-${process.pid}`),
      SEED_DEMO: '0',
    } as NodeJS.ProcessEnv,
    { port: 0, baseUrl: 'http://localhost', ...overrides },
  );
}

export interface TestContext {
  services: Services;
  app: ReturnType<typeof createApp>['app'];
  policy: ReturnType<typeof createApp>['policy'];
  close(): Promise<void>;
}

/** App + services on a fresh database; jobs are not started unless `startJobs`. */
export async function createTestContext(
  opts: { config?: Partial<Config>; startJobs?: boolean } = {},
): Promise<TestContext> {
  const database = await openTestDatabase();
  const services = await createServices(testConfig(opts.config), { database });
  const { app, policy } = createApp(services);
  if (opts.startJobs) await services.jobs.start({ work: true });
  return {
    services,
    app,
    policy,
    async close() {
      await services.jobs.stop();
      services.mailer.close();
      await database.close();
    },
  };
}

export async function makeTenant(
  services: Services,
  slug = `t${newId().slice(-8)}`,
  name = `Tenant ${slug}`,
) {
  return createTenant(services.db, { slug, name });
}

/** The acting member for calling a use case directly, as a request of this user would. */
export async function actorOfUser(ctx: TestContext, tenantId: string, userId: string): Promise<Actor> {
  const principal = await principalFor(ctx.services.db, tenantId, userId);
  if (!principal) throw new Error(`user ${userId} has no membership in tenant ${tenantId}`);
  return { principal, policy: ctx.policy, tenantId, userId };
}

export async function makeUser(
  services: Services,
  opts: {
    tenantId?: string;
    role?: Role;
    scopeAreaId?: string | null;
    email?: string;
    name?: string;
    password?: string;
    /** For the role `department`: the department (Fachamt). */
    department?: string;
  } = {},
) {
  const user = await createUser(services.db, {
    email: opts.email ?? `u${newId().slice(-10)}@example.org`,
    name: opts.name ?? 'Test User',
    password: opts.password,
    verified: true,
  });
  if (opts.tenantId && opts.role) {
    await addMembership(services.db, {
      tenantId: opts.tenantId,
      userId: user.id,
      role: opts.role,
      scopeAreaId: opts.scopeAreaId ?? null,
      department: opts.department ?? null,
    });
  }
  return user;
}

/**
 * A browser-like client for app.request: keeps cookies, and fills the CSRF field of form posts from
 * the last page it saw (or fetches `csrfFrom` first).
 */
export class Agent {
  private cookies = new Map<string, string>();
  lastHtml = '';

  constructor(private readonly app: TestContext['app']) {}

  async loginAs(services: Services, userId: string): Promise<this> {
    const token = await createSession(services.db, userId, { method: 'test' });
    this.cookies.set('q_session', token);
    return this;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(path, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    if ((res.headers.get('content-type') ?? '').includes('text/html')) {
      this.lastHtml = await res.clone().text();
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  csrfToken(): string | undefined {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1];
  }

  /** Posts a form like a browser would; `csrfFrom` is a page to load first to get a fresh token. */
  async post(
    path: string,
    form: Record<string, string | string[]>,
    opts: { csrfFrom?: string; csrf?: string | false } = {},
  ): Promise<Response> {
    if (opts.csrfFrom) await this.get(opts.csrfFrom);
    const body = new URLSearchParams();
    const token = opts.csrf === false ? undefined : (opts.csrf ?? this.csrfToken());
    if (token) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
}

// Also declared in global-setup.ts; repeated here so the kit type-checks on its own (helpers in
// src/modules/*/test/ import it and are part of the production tsc program).
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

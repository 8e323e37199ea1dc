import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadAppConfig } from '../app/config.ts';
import { addMembership, principalFor, type Role } from '../modules/access/index.ts';
import { createSession, createUser } from '../modules/identity/index.ts';
import { createTenant } from '../modules/tenancy/index.ts';
import type { Actor } from '../platform/authz.ts';
import type { Config } from '../platform/config.ts';
import { DataDirInUseError } from '../platform/db/data-dir-lock.ts';
import { type Database, newId, openDatabase } from '../platform/db/index.ts';
import type { Services } from '../platform/http/context.ts';
import { createApp, createServices } from '../server.ts';

export const engine = (): 'pglite' | 'postgres' =>
  process.env.QUARTIER_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/**
 * A migrated, empty database of its own (for tests that need a whole installation to themselves:
 * backup and restore, migrations, jobs, the browser tests' demo). Database tests use the worker's
 * shared database instead (`openWorkerDatabase`, what `createTestContext` gives by default).
 */
export async function openTestDatabase(): Promise<Database> {
  const db = await openTestDatabaseOn(engine());
  if (!db)
    throw new Error('QUARTIER_TEST_ENGINE=postgres needs TEST_DATABASE_URL (run through the "pg" project)');
  return db;
}

/**
 * The database this test worker shares with every file it runs, made from the migrated template the
 * first time the worker needs it and kept until the run ends (the global setup removes it). Files do
 * not empty it: each test makes its own tenants (`makeTenant`) and users, so rows of other files are
 * there and must stay out of sight, which exercises tenant isolation on the way. Opening it costs a
 * PGlite start on a folder in memory (or a connection on PostgreSQL) instead of loading the template.
 */
export async function openWorkerDatabase(): Promise<Database> {
  const database = await openWorkerDatabaseOnce();
  // Rate limits count per client address, and every test file's requests come from the same (none):
  // the counters of the files before this one would refuse its sign-ups and logins. A file starts as
  // a new client, as it did on a database of its own.
  await database.executor.executeSql('delete from rate_limits');
  return database;
}

async function openWorkerDatabaseOnce(): Promise<Database> {
  const worker = `${engine() === 'postgres' ? 'pg' : 'pglite'}-${process.env.VITEST_POOL_ID ?? '0'}`;
  if (engine() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    const template = inject('pgTemplate');
    const prefix = inject('pgWorkerPrefix');
    if (!url || !template || !prefix)
      throw new Error('QUARTIER_TEST_ENGINE=postgres needs TEST_DATABASE_URL (run through the "pg" project)');
    const name = `${prefix}${process.env.VITEST_POOL_ID ?? '0'}`;
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // One file at a time runs in a worker, so nobody else creates this name meanwhile.
      const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (!found.rowCount) await admin.query(`create database ${name} template ${template}`);
    } finally {
      await admin.end();
    }
    const u = new URL(url);
    u.pathname = `/${name}`;
    return openDatabase({ databaseUrl: u.toString(), poolSize: 20 });
  }
  const dir = join(inject('testRunDir'), worker);
  if (!existsSync(join(dir, 'PG_VERSION'))) copyDir(await pristinePgliteDir(), dir);
  try {
    return await openDatabase({ dataDir: dir, lock: { purpose: 'test worker' } });
  } catch (err) {
    // Held by another process (it cannot be: a worker runs one file at a time) — a private copy then.
    if (err instanceof DataDirInUseError) return openTestDatabaseOn('pglite') as Promise<Database>;
    throw err;
  }
}

/** Copies a data folder under a temporary name and renames it, so a half-made copy is never used. */
function copyDir(from: string, to: string): void {
  const tmp = `${to}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(from, tmp, { recursive: true });
  rmSync(to, { recursive: true, force: true });
  renameSync(tmp, to);
}

/**
 * The migrated template as a PGlite data folder in this run's folder (tmpfs where there is one), made
 * once by whichever worker needs it first: a copy of it opens in a fraction of the time that loading
 * the template's dump into a new instance takes.
 */
async function pristinePgliteDir(): Promise<string> {
  const runDir = inject('testRunDir');
  const dir = join(runDir, 'template');
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  mkdirSync(runDir, { recursive: true });
  const tmp = join(runDir, `template.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  const db = await openDatabase({
    dataDir: tmp,
    loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
    lock: { purpose: 'test template' },
  });
  await db.close();
  try {
    renameSync(tmp, dir);
  } catch {
    // Another worker made it at the same time; theirs is as good.
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
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
  // A copy of the migrated data folder of its own, removed again when it is closed.
  const dir = join(inject('testRunDir'), `private-${process.pid}-${newId().slice(-12)}`);
  copyDir(await pristinePgliteDir(), dir);
  const db = await openDatabase({ dataDir: dir, lock: { purpose: 'test' } });
  const close = db.close;
  db.close = async () => {
    try {
      await close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return db;
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

/**
 * App + services on the worker's shared database (see openWorkerDatabase: make your own tenants and
 * users, never count rows of the whole table); jobs are not started unless `startJobs`. `fresh` gives
 * the file a private, empty database instead — only for tests that need a whole installation to
 * themselves, with a comment saying why.
 */
export async function createTestContext(
  opts: { config?: Partial<Config>; startJobs?: boolean; fresh?: boolean } = {},
): Promise<TestContext> {
  const database = opts.fresh ? await openTestDatabase() : await openWorkerDatabase();
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
    testRunDir: string;
    pgWorkerPrefix: string;
  }
}

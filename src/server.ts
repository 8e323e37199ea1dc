import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import pino from 'pino';
import type { z } from 'zod';
import { errorPage } from './app/errors.tsx';
import { MODULES } from './app/modules.ts';
import { Policy, principalFor } from './modules/access/index.ts';
import { areaSwitchOptions } from './modules/areas/index.ts';
import { apiTokenMiddleware, sessionMiddleware } from './modules/identity/index.ts';
import { getPublicTenantBySlug, getTenantBySlug } from './modules/tenancy/index.ts';
import type { Config } from './platform/config.ts';
import { type Database, migrate, openDatabase } from './platform/db/index.ts';
import { isNewDataDir, readTemplate } from './platform/db/template.ts';
import { requestSizeLimit } from './platform/http/body-limit.ts';
import { compression } from './platform/http/compress.ts';
import type { AppEnv, Services } from './platform/http/context.ts';
import { AppError, ValidationError } from './platform/http/errors.ts';
import { HttpMetrics, mountHealth } from './platform/http/health.ts';
import { inputGuard } from './platform/http/input-guard.ts';
import { issueMessage } from './platform/http/issue-messages.ts';
import { completeOpenApiDocument } from './platform/http/openapi.ts';
import { rateLimitPruneJob } from './platform/http/rate-limit.ts';
import { refererPath } from './platform/http/redirect.ts';
import { csrfProtection, securityHeaders } from './platform/http/security.ts';
import { commonTranslations } from './platform/i18n/common.ts';
import { createI18n, isLang, negotiateLang, PUBLIC_LANGS, STAFF_LANGS } from './platform/i18n/index.ts';
import { Jobs } from './platform/jobs/index.ts';
import { createMailer, mailDeliveryJob } from './platform/mail/index.ts';
import { tileOrigin } from './platform/map-tiles.ts';
import type { ModuleManifest, Routers } from './platform/modules.ts';
import { setSealingSettings } from './platform/secrets/sealed.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));

export interface App {
  app: Hono<AppEnv>;
  policy: Policy;
  services: Services;
}

/** Opens the database (migrated) and builds the shared services. */
export async function createServices(
  config: Config,
  opts: { database?: Database; purpose?: string; progress?: (message: string) => void } = {},
): Promise<Services> {
  const log = pino({ level: config.logLevel, base: undefined });
  // The key that seals secrets at rest (SECRET_KEY or the key file): one per installation.
  setSealingSettings(config);
  const dataDir = config.databaseUrl ? undefined : `${config.dataDir}/pgdata`;
  // A new embedded database is unpacked from the migrated template where there is one (see template.ts).
  const template = !opts.database && dataDir && isNewDataDir(dataDir) ? readTemplate() : undefined;
  if (!opts.database && dataDir && isNewDataDir(dataDir))
    opts.progress?.(
      template
        ? `Creating the embedded database in ${dataDir} from the migrated template …`
        : `Creating the embedded database in ${dataDir} (about 10 s; \`npm ci\` prepares a template that makes this faster) …`,
    );
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir,
      loadDataDir: template,
      sharedBuffers: config.pgliteSharedBuffers,
      lock: { purpose: opts.purpose ?? 'command', baseUrl: config.baseUrl },
    }));
  if (!opts.database) await migrate(database);
  const namespaces: Record<string, typeof commonTranslations> = { common: commonTranslations };
  for (const m of MODULES) namespaces[m.name] = m.i18n;
  const services: Services = {
    config,
    database,
    db: database.db,
    i18n: createI18n(namespaces),
    jobs: new Jobs(database, (err) => log.error({ err }, 'job queue error')),
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
    log,
    modules: MODULES,
    now: () => new Date(),
  };
  services.jobs.register(mailDeliveryJob(services));
  services.jobs.register(rateLimitPruneJob(services.db));
  for (const m of MODULES) for (const def of m.jobs?.(services) ?? []) services.jobs.register(def);
  return services;
}

export function createApp(services: Services, modules: ModuleManifest[] = MODULES): App {
  const { config, log } = services;
  const policy = new Policy();
  for (const m of modules) if (m.permissions) policy.register(m.permissions);

  const app = new Hono<AppEnv>();
  const metrics = new HttpMetrics();
  app.use('*', metrics.middleware());
  // Brotli or gzip by Accept-Encoding for HTML, CSS, JSON, GeoJSON, feeds (never images or fonts).
  app.use('*', compression());
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use('*', (c, next) => {
    c.set('policy', policy);
    return next();
  });
  app.use(
    '*',
    securityHeaders({
      trustProxy: config.trustProxy,
      staffImageOrigin: config.mapTiles ? tileOrigin(config.mapTiles.url) : undefined,
    }),
  );
  app.use(
    '/static/*',
    async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
    serveStatic({
      root: PUBLIC_DIR,
      // Built assets live in public/build; committed ones (favicon) in public/.
      rewriteRequestPath: (p) =>
        p === '/static/favicon.svg' ? '/favicon.svg' : p.replace(/^\/static\//, '/build/'),
    }),
  );

  mountHealth(app, services, metrics);

  // Who is asking: bearer token (API) or session cookie.
  app.use('/api/*', apiTokenMiddleware());
  app.use('*', sessionMiddleware());

  // Language: explicit ?lang= wins and is remembered in a cookie; staff screens offer de/en only.
  app.use('*', async (c, next) => {
    const path = c.req.path;
    // The public API (no account) speaks the five public languages, as the public pages do.
    const staff =
      path.startsWith('/staff') ||
      (path.startsWith('/api') && !/^\/api\/v1\/tenants\/[^/]+\/public\//.test(path));
    const q = c.req.query('lang');
    const lang = negotiateLang({
      query: q,
      cookie: getCookie(c, 'q_lang'),
      acceptLanguage: c.req.header('accept-language'),
      allowed: staff ? STAFF_LANGS : PUBLIC_LANGS,
    });
    if (q && isLang(q)) setCookie(c, 'q_lang', q, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
    c.set('lang', lang);
    c.set('t', services.i18n.t(lang));
    await next();
  });
  // Before anything reads the body (the CSRF check parses forms): refuse oversized requests.
  app.use('*', requestSizeLimit());
  // NUL characters (PostgreSQL cannot store them) and unreadable form bodies: a 400 for every route.
  app.use('*', inputGuard());
  app.use('*', csrfProtection());

  const routers: Routers = {
    root: new Hono<AppEnv>(),
    public: new Hono<AppEnv>(),
    staff: new Hono<AppEnv>(),
    api: new OpenAPIHono<AppEnv>({ defaultHook: validationHook }),
    publicApi: new OpenAPIHono<AppEnv>({ defaultHook: validationHook }),
  };

  // Staff: signed in, member of this tenant; navigation and area switcher prepared for the shell.
  routers.staff.use('*', async (c, next) => {
    const user = c.get('user');
    if (!user) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    }
    const tenant = await getTenantBySlug(services.db, c.req.param('tenant') ?? '');
    if (!tenant) throw new AppError(404, 'tenant_not_found');
    c.set('tenant', tenant);
    const principal = await principalFor(services.db, tenant.id, user.id);
    if (!principal || !policy.can(principal, 'staff.enter')) throw new AppError(403, 'not_a_member');
    c.set('principal', principal);
    const t = c.get('t');
    c.set(
      'staffNav',
      modules
        .flatMap((m) => (m.nav ?? []).map((n) => ({ ...n, label: t(n.label, { ns: m.name }) })))
        .filter((n) => policy.can(principal, n.permission))
        .sort((a, b) => a.order - b.order),
    );
    const areaCookie = getCookie(c, `q_area_${tenant.slug}`);
    if (areaCookie) c.set('currentAreaId', areaCookie);
    if (c.req.method === 'GET') c.set('areaOptions', await areaSwitchOptions(services.db, tenant.id));
    await next();
  });
  routers.staff.get('/switch-area', (c) => {
    const tenant = c.get('tenant')!;
    const area = c.req.query('area') ?? '';
    setCookie(c, `q_area_${tenant.slug}`, area, {
      path: '/',
      sameSite: 'Lax',
      httpOnly: true,
      maxAge: area ? 365 * 86400 : 0,
    });
    // Back to the page the switcher was used on: only a path of this site, parsed (a malformed
    // Referer is no reason for a 500).
    const target = refererPath(c.req.header('referer'), c.req.url) ?? `/staff/${tenant.slug}`;
    return c.redirect(target);
  });

  // API: authenticated by session or personal token; tokens are bound to one tenant.
  routers.api.use('*', async (c, next) => {
    const user = c.get('user');
    if (!user) throw new AppError(401, 'unauthenticated');
    const tenant = await getTenantBySlug(services.db, c.req.param('tenant') ?? '');
    if (!tenant) throw new AppError(404, 'tenant_not_found');
    const tokenTenant = c.get('tokenTenantId');
    if (tokenTenant && tokenTenant !== tenant.id) throw new AppError(403, 'token_other_tenant');
    c.set('tenant', tenant);
    const principal = await principalFor(services.db, tenant.id, user.id);
    if (!principal) throw new AppError(403, 'not_a_member');
    c.set('principal', principal);
    await next();
  });

  // Public API: no account; the tenant from the path, as on the public pages.
  routers.publicApi.use('*', async (c, next) => {
    const tenant = await getPublicTenantBySlug(services.db, c.req.param('tenant') ?? '');
    if (!tenant) throw new AppError(404, 'tenant_not_found');
    c.set('tenant', tenant);
    await next();
  });

  const publicNav = modules
    .flatMap((m) => (m.publicNav ?? []).map((n) => ({ ...n, label: `${m.name}:${n.label}` })))
    .sort((a, b) => a.order - b.order);
  // Public: the tenant from the first path segment.
  routers.public.use('*', async (c, next) => {
    const tenant = await getPublicTenantBySlug(services.db, c.req.param('tenant') ?? '');
    if (!tenant) throw new AppError(404, 'tenant_not_found');
    c.set('tenant', tenant);
    c.set('publicNav', publicNav);
    await next();
  });

  for (const m of modules) m.mount?.(routers);

  const apiRoot = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // The public part first: its handlers answer before the members' API asks who is signing in.
  apiRoot.route('/tenants/:tenant/public', routers.publicApi);
  apiRoot.route('/tenants/:tenant', routers.api);
  apiRoot.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  apiRoot.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'q_session',
    description: 'The session cookie of a signed-in member; writes also need the X-CSRF-Token header.',
  });
  let openApi: Record<string, unknown> | undefined;
  apiRoot.get('/openapi.json', (c) => {
    // Built once: the routes do not change while the app runs.
    openApi ??= completeOpenApiDocument(
      apiRoot.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Quartier API',
          version: config.version,
          description:
            'JSON API of Quartier. Authenticate with a session cookie (plus X-CSRF-Token for writes) or a personal API token (Authorization: Bearer).',
        },
        servers: [{ url: '/api/v1' }],
        security: [{ bearer: [] }, { session: [] }],
      }) as unknown as Record<string, unknown>,
      { license: 'EUPL-1.2', tags: Object.assign({}, ...modules.map((m) => m.apiTags ?? {})) },
    );
    return c.json(openApi);
  });

  app.route('/api/v1', apiRoot);
  app.route('/', routers.root);
  app.route('/staff/:tenant', routers.staff);
  app.route('/:tenant', routers.public);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/'))
      return c.json({ error: { code: 'not_found', message: 'Not found' } }, 404);
    return errorPage(c, 404, 'not_found');
  });

  app.onError((err, c) => {
    const api = c.req.path.startsWith('/api/');
    // Hono's own refusals (a malformed JSON body from the API's validator, …) keep their 4xx status.
    if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
      const status = ([400, 401, 403, 404, 413, 415, 422, 429] as const).find((s) => s === err.status) ?? 400;
      const code = status === 415 ? 'unsupported_media_type' : 'bad_request';
      if (api) return c.json({ error: { code, message: err.message || code } }, status);
      return errorPage(c, status === 415 || status === 401 ? 400 : status, code);
    }
    if (err instanceof AppError) {
      if (err.status === 429 && err.details?.seconds) c.header('Retry-After', String(err.details.seconds));
      if (api) {
        const body: Record<string, unknown> = { code: err.code, message: err.message };
        if (err instanceof ValidationError) body.fields = err.fields;
        return c.json({ error: body }, err.status);
      }
      if (err.status === 401) return c.redirect('/login');
      const status = (err.status === 415 ? 400 : err.status) as 400 | 403 | 404 | 409 | 413 | 422 | 429;
      return errorPage(c, status, err.code, err.details ?? {});
    }
    const ref = randomUUID().slice(0, 8);
    log.error({ err, ref, path: c.req.path }, 'unhandled error');
    if (api) return c.json({ error: { code: 'internal', message: `Internal error, reference ${ref}` } }, 500);
    return errorPage(c, 500, 'internal', { ref });
  });

  return { app, policy, services };
}

/** A request that does not fit an operation's schema: 422 with one message per field, in the caller's language. */
function validationHook(result: { success: boolean; error?: { issues: z.core.$ZodIssue[] } }, c: any) {
  if (!result.success) {
    const t = c.get('t') as (key: string) => string;
    const fields: Record<string, string> = {};
    for (const i of result.error?.issues ?? [])
      fields[i.path.map(String).join('.') || '_'] ??= t(issueMessage(i));
    return c.json({ error: { code: 'validation_failed', message: 'Validation failed', fields } }, 422);
  }
}

export interface RunningServer {
  url: string;
  services: Services;
  app: Hono<AppEnv>;
  close(): Promise<void>;
}

/** Starts HTTP (and, on the embedded engine, the job worker in the same process). */
export async function startServer(
  config: Config,
  opts: {
    database?: Database;
    quiet?: boolean;
    beforeListen?: (services: Services) => Promise<void>;
    progress?: (message: string) => void;
  } = {},
): Promise<RunningServer> {
  const services = await createServices(config, { ...opts, purpose: 'server' });
  const { app } = createApp(services);
  // e.g. the demo seed: the first request must already see a complete tenant.
  await opts.beforeListen?.(services);
  await services.jobs.start({ work: config.workerInProcess });
  if (!existsSync(`${PUBLIC_DIR}/build/app.css`))
    services.log.warn('public/build/app.css missing: run npm run build:css');
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    app,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await services.jobs.stop();
      services.mailer.close();
      if (!opts.database) await services.database.close();
    },
  };
}

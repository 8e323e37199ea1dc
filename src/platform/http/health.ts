import type { Context, Hono, MiddlewareHandler } from 'hono';
import { appliedMigration } from '../db/engine.ts';
import { outboxCounts } from '../mail/index.ts';
import type { AppEnv, Services } from './context.ts';
import { safeEqual } from './security.ts';

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** Per-process request counters for /metrics (each instance is scraped on its own). */
export class HttpMetrics {
  readonly startedAt = Date.now();
  private readonly byClass = new Map<string, number>(STATUS_CLASSES.map((c) => [c, 0]));

  /** Counts every answer by status class; runs outermost so error pages are counted too. */
  middleware(): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      await next();
      const cls = `${Math.floor(c.res.status / 100)}xx`;
      this.byClass.set(cls, (this.byClass.get(cls) ?? 0) + 1);
    };
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.byClass);
  }
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Who may read /metrics (counts of requests, queues and mails tell an outsider more than they
 * should). With METRICS_TOKEN: whoever sends it as a bearer token, from anywhere. Without it: only a
 * scraper on the same machine — a connection from the loopback interface that no proxy forwarded
 * (a reverse proxy on the same host connects from loopback too, but says whom it forwards).
 */
export function metricsRefusal(c: Context, token: string | undefined): 401 | 403 | null {
  if (token) {
    const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    return sent && safeEqual(sent, token) ? null : 401;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const from = env?.incoming?.socket?.remoteAddress ?? '';
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => c.req.header(h) !== undefined);
  return LOOPBACK.test(from) && !forwarded ? null : 403;
}

/** GET /healthz (JSON, 503 when the database is not usable) and GET /metrics (Prometheus text format). */
export function mountHealth(app: Hono<AppEnv>, services: Services, metrics: HttpMetrics): void {
  app.get('/healthz', async (c) => {
    let migration: string | null = null;
    try {
      migration = await appliedMigration(services.database);
    } catch {
      migration = null;
    }
    const jobs = await services.jobs.state().catch(() => ({ running: false, working: false, queues: {} }));
    const status = migration ? 'ok' : 'degraded';
    c.header('Cache-Control', 'no-store');
    return c.json(
      { status, database: services.database.kind, migration, version: services.config.version, jobs },
      status === 'ok' ? 200 : 503,
    );
  });

  app.get('/metrics', async (c) => {
    const refused = metricsRefusal(c, services.config.metricsToken);
    if (refused) {
      c.header('Cache-Control', 'no-store');
      if (refused === 401) c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.text(refused === 401 ? 'Bearer token required\n' : 'Forbidden\n', refused);
    }
    const [jobs, outbox] = await Promise.all([
      services.jobs
        .state()
        .catch(() => ({ running: false, working: false, queues: {} as Record<string, number> })),
      outboxCounts(services.db).catch(() => null),
    ]);
    const out: string[] = [];
    const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [string, number][]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) out.push(`${name}${labels} ${value}`);
    };
    metric('quartier_info', 'gauge', 'Version and database engine of this instance.', [
      [`{version="${label(services.config.version)}",database="${services.database.kind}"}`, 1],
    ]);
    metric('quartier_process_uptime_seconds', 'gauge', 'Seconds since this process started.', [
      ['', Math.round(process.uptime() * 1000) / 1000],
    ]);
    metric('quartier_process_resident_memory_bytes', 'gauge', 'Resident memory of this process.', [
      ['', process.memoryUsage.rss()],
    ]);
    metric(
      'quartier_http_requests_total',
      'counter',
      'HTTP requests answered by this instance, by status class.',
      Object.entries(metrics.counts()).map(([cls, n]) => [`{class="${cls}"}`, n]),
    );
    metric('quartier_jobs_running', 'gauge', '1 when the job queue is started in this process.', [
      ['', jobs.running ? 1 : 0],
    ]);
    metric('quartier_jobs_working', 'gauge', '1 when this process runs job handlers.', [
      ['', jobs.working ? 1 : 0],
    ]);
    metric(
      'quartier_job_queue_size',
      'gauge',
      'Jobs waiting per queue.',
      Object.entries(jobs.queues).map(([q, n]) => [`{queue="${label(q)}"}`, n]),
    );
    if (outbox) {
      metric(
        'quartier_outbox_mails',
        'gauge',
        'Mails in the outbox by status (all tenants).',
        Object.entries(outbox).map(([s, n]) => [`{status="${label(s)}"}`, n]),
      );
    }
    c.header('Cache-Control', 'no-store');
    return c.body(`${out.join('\n')}\n`, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engine, type TestContext } from '../../test/kit.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { MIGRATIONS_DIR } from '../db/engine.ts';
import { queueMail } from '../mail/index.ts';

let ctx: TestContext;
beforeAll(async () => {
  // A database of its own: the job workers started here would take up jobs other files left behind.
  ctx = await createTestContext({ startJobs: true, fresh: true });
});
afterAll(() => ctx.close());

/** A request as it arrives on a socket from `address` (what the Node server hands the app). */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const scrape = () => ctx.app.request('/metrics', {}, from('127.0.0.1'));

const lastMigration = () =>
  (
    JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] }
  ).entries.at(-1)?.tag;

/** Sample lines of a Prometheus text exposition as name{labels} → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP|TYPE) [a-z_]+ .+$/);
      continue;
    }
    const m = /^([a-z_]+(?:\{[^}]*\})?) (-?[0-9.e+]+)$/.exec(line);
    expect(m, `bad sample line: ${line}`).not.toBeNull();
    out.set(m![1], Number(m![2]));
  }
  return out;
}

describe(`health and metrics (${engine()})`, () => {
  it('GET /healthz reports engine, migration, version and the job queues', async () => {
    const res = await ctx.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toEqual({
      status: 'ok',
      database: engine(),
      migration: lastMigration(),
      version: ctx.services.config.version,
      jobs: {
        running: true,
        working: true,
        queues: expect.objectContaining({ 'mail.deliver': expect.any(Number) }),
      },
    });
  });

  it('GET /metrics answers in Prometheus text format with uptime, requests, queues and outbox', async () => {
    const tenantId = '01900000-0000-7000-8000-000000000001';
    await queueMail(ctx.services.db, { tenantId, to: 'a@example.org', subject: 'a', text: 'a' });
    await queueMail(ctx.services.db, { tenantId, to: 'b@example.org', subject: 'b', text: 'b' });
    const before = samples(await (await scrape()).text());
    await ctx.app.request('/healthz');
    await ctx.app.request('/no-such-tenant/nothing-here');

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = samples(await res.text());
    expect(m.get('quartier_process_uptime_seconds')).toBeGreaterThan(0);
    expect(m.get(`quartier_info{version="${ctx.services.config.version}",database="${engine()}"}`)).toBe(1);
    // The scrape itself and /healthz are 2xx, the unknown page a 4xx.
    expect(m.get('quartier_http_requests_total{class="2xx"}')).toBe(
      (before.get('quartier_http_requests_total{class="2xx"}') ?? 0) + 2,
    );
    expect(m.get('quartier_http_requests_total{class="4xx"}')).toBe(
      (before.get('quartier_http_requests_total{class="4xx"}') ?? 0) + 1,
    );
    expect(m.get('quartier_http_requests_total{class="5xx"}')).toBe(0);
    expect(m.has('quartier_job_queue_size{queue="mail.deliver"}')).toBe(true);
    expect(m.get('quartier_jobs_working')).toBe(1);
    expect(m.get('quartier_outbox_mails{status="pending"}')).toBe(2);
    expect(m.get('quartier_outbox_mails{status="failed"}')).toBe(0);
  });
});

describe('who may read /metrics', () => {
  it('without METRICS_TOKEN: only a scraper on this machine, never through a proxy', async () => {
    expect((await ctx.app.request('/metrics', {}, from('127.0.0.1'))).status).toBe(200);
    expect((await ctx.app.request('/metrics', {}, from('::1'))).status).toBe(200);
    expect((await ctx.app.request('/metrics', {}, from('::ffff:127.0.0.1'))).status).toBe(200);
    for (const address of ['10.0.0.5', '192.168.1.20', '2001:db8::1', '']) {
      const res = await ctx.app.request('/metrics', {}, from(address));
      expect(res.status, address).toBe(403);
      expect(await res.text()).not.toContain('quartier_');
    }
    // A reverse proxy on the same host connects from loopback but names the client it forwards.
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const res = await ctx.app.request(
        '/metrics',
        { headers: { [header]: '203.0.113.7' } },
        from('127.0.0.1'),
      );
      expect(res.status, header).toBe(403);
    }
    // Without a socket (no Node server in between) nobody is local.
    expect((await ctx.app.request('/metrics')).status).toBe(403);
  });

  it('with METRICS_TOKEN: the bearer token from anywhere, nothing without it', async () => {
    const token = 'm3tr1cs-t0ken-for-the-scraper-0001';
    const guarded = await createTestContext({ config: { metricsToken: token } });
    try {
      const none = await guarded.app.request('/metrics', {}, from('127.0.0.1'));
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await none.text()).not.toContain('quartier_');
      const wrong = await guarded.app.request(
        '/metrics',
        { headers: { authorization: `Bearer ${token}x` } },
        from('10.0.0.5'),
      );
      expect(wrong.status).toBe(401);
      const right = await guarded.app.request(
        '/metrics',
        { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.7' } },
        from('10.0.0.5'),
      );
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('quartier_http_requests_total');
    } finally {
      await guarded.close();
    }
  });

  it('refuses to start with a token too short to be a secret', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'secret' } as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'secret' } as NodeJS.ProcessEnv)).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(24) } as NodeJS.ProcessEnv).metricsToken).toBe(
      'a'.repeat(24),
    );
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engine, type TestContext } from '../../test/kit.ts';
import { MIGRATIONS_DIR } from '../db/engine.ts';
import { queueMail } from '../mail/index.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ startJobs: true });
});
afterAll(() => ctx.close());

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
    const before = samples(await (await ctx.app.request('/metrics')).text());
    await ctx.app.request('/healthz');
    await ctx.app.request('/no-such-tenant/nothing-here');

    const res = await ctx.app.request('/metrics');
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

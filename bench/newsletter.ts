/**
 * Newsletter bench (CAL-6): one issue to 10,000 subscribers through a local SMTP sink (a real SMTP
 * server on 127.0.0.1 that counts and discards), without throttling, on the embedded engine (or
 * NEWSLETTER_BENCH_DATABASE_URL). Reports the time to queue (render + one delivery row per
 * recipient), the time to send, mails per second, and the process memory (RSS and heap) before and
 * at its peak while sending.
 *
 * Standalone: `npx tsx bench/newsletter.ts` (NEWSLETTER_BENCH_SUBSCRIBERS to change the count).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { subscribers as newsletterSubscribers } from '../src/modules/newsletters/db/schema.ts';
import { createIssue, queueIssue, sendIssue } from '../src/modules/newsletters/index.ts';
import { createTenant } from '../src/modules/tenancy/index.ts';
import { systemActor } from '../src/platform/authz.ts';
import { loadConfig } from '../src/platform/config.ts';
import { newId } from '../src/platform/db/index.ts';
import { createServices } from '../src/server.ts';

export interface NewsletterBenchFigures {
  engine: 'pglite' | 'postgres';
  subscribers: number;
  received: number;
  queueMs: number;
  sendMs: number;
  mailsPerSecond: number;
  memory: { rssBeforeMb: number; rssPeakMb: number; heapBeforeMb: number; heapPeakMb: number };
}

const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

async function sink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function benchNewsletter(
  opts: { subscribers?: number; log?: (line: string) => void } = {},
): Promise<NewsletterBenchFigures> {
  const n = opts.subscribers ?? 10_000;
  const log = opts.log ?? ((l: string) => console.log(l));
  const pgUrl = process.env.NEWSLETTER_BENCH_DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'quartier-bench-newsletter-'));
  const smtp = await sink();
  const services = await createServices(
    loadConfig(
      {
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        SEED_DEMO: '0',
        SMTP_URL: smtp.url,
        ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
      } as NodeJS.ProcessEnv,
      { port: 0 },
    ),
  );
  try {
    log(
      `newsletter bench: ${pgUrl ? 'PostgreSQL' : 'embedded PGlite'}, ${n} subscribers, SMTP sink at ${smtp.url}…`,
    );
    const t = await createTenant(services.db, { slug: 'nlbench', name: 'Newsletter Bench' });
    const tenant = { id: t.id, slug: t.slug, name: t.name, settings: {} };
    const rows = Array.from({ length: n }, (_, i) => ({
      tenantId: t.id,
      id: newId(),
      email: `reader${i}@example.org`,
      lang: 'de',
      status: 'active' as const,
      consentText: 'Ja',
      consentVersion: 'bench',
      consentAt: new Date(),
      confirmedAt: new Date(),
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await services.db.insert(newsletterSubscribers).values(rows.slice(i, i + 1000));
    const issue = await createIssue(systemActor(t.id), services.db, {
      subject: 'Kiezbrief (Bench)',
      introHtml: `<p>${'Neuigkeiten aus dem Kiez. '.repeat(40)}</p>`,
      lang: 'de',
      segmentLangs: [],
      areaId: null,
      topic: null,
      postIds: [],
      eventIds: [],
    });
    global.gc?.();
    const before = process.memoryUsage();
    let rssPeak = before.rss;
    let heapPeak = before.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      rssPeak = Math.max(rssPeak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
    }, 50);
    const q0 = performance.now();
    await queueIssue(systemActor(tenant.id), services, tenant, issue.id);
    const queueMs = Math.round(performance.now() - q0);
    const s0 = performance.now();
    const r = await sendIssue(services, t.id, issue.id, { ratePerSecond: 0, batchSize: 200 });
    const sendMs = Math.round(performance.now() - s0);
    clearInterval(sampler);
    const figures: NewsletterBenchFigures = {
      engine: pgUrl ? 'postgres' : 'pglite',
      subscribers: n,
      received: smtp.received(),
      queueMs,
      sendMs,
      mailsPerSecond: Math.round((r.sent / sendMs) * 1000),
      memory: {
        rssBeforeMb: mb(before.rss),
        rssPeakMb: mb(rssPeak),
        heapBeforeMb: mb(before.heapUsed),
        heapPeakMb: mb(heapPeak),
      },
    };
    log(
      `queued in ${queueMs} ms, sent ${r.sent} in ${sendMs} ms (${figures.mailsPerSecond} mails/s), sink received ${figures.received}; RSS ${figures.memory.rssBeforeMb} → peak ${figures.memory.rssPeakMb} MB, heap ${figures.memory.heapBeforeMb} → peak ${figures.memory.heapPeakMb} MB`,
    );
    return figures;
  } finally {
    await services.jobs.stop();
    services.mailer.close();
    await services.database.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchNewsletter({ subscribers: Number(process.env.NEWSLETTER_BENCH_SUBSCRIBERS ?? 10_000) })
    .then(async (f) => {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      const out = fileURLToPath(new URL('./results/', import.meta.url));
      mkdirSync(out, { recursive: true });
      writeFileSync(
        `${out}newsletter.json`,
        `${JSON.stringify({ date: new Date().toISOString(), ...f }, null, 2)}\n`,
      );
      if (f.received !== f.subscribers) process.exitCode = 1;
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';
import { queueMail } from './platform/mail/index.ts';
import { parseMime, startTestSmtp } from './platform/mail/smtp-test-server.ts';
import { engine, openTestDatabase, testConfig } from './test/kit.ts';
import { startWorker } from './worker.ts';

let database: Database;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
  await database.close();
});

describe(`worker on ${engine()}`, () => {
  it('refuses to open the embedded database from a second process', async () => {
    await expect(startWorker(testConfig({ databaseUrl: undefined }))).rejects.toBeInstanceOf(ConfigError);
  });

  it('delivers queued mail through the mail.deliver job', async () => {
    const worker = await startWorker(testConfig({ smtpUrl: smtp.url }), { database });
    try {
      expect(worker.services.jobs.names()).toContain('mail.deliver');
      await queueMail(worker.services.db, {
        to: 'rat@example.org',
        subject: 'Quartiersrat',
        text: 'Sitzung am Montag',
      });
      await worker.services.jobs.send('mail.deliver', {});
      const end = Date.now() + 20_000;
      while (smtp.received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(smtp.received).toHaveLength(1);
      expect(parseMime(smtp.received[0].raw).headers.subject).toBe('Quartiersrat');
      const health = await worker.services.jobs.state();
      expect(health.working).toBe(true);
    } finally {
      await worker.close(5000);
    }
    expect((await worker.services.jobs.state()).running).toBe(false);
  });
});

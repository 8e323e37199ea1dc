import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/kit.ts';
import type { Database } from '../db/engine.ts';
import { Jobs } from './index.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Waits for a condition the job worker brings about (polling; fails after the timeout). */
async function until<T>(fn: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`job queue on ${engine()}`, () => {
  it('runs a registered job that was sent, and reports the queue state', async () => {
    const seen: unknown[] = [];
    const jobs = new Jobs(database, { pollingIntervalSeconds: 0.5 });
    jobs.register({ name: 'test.echo', handler: async (data) => void seen.push(data) });
    expect(await jobs.send('test.echo', { n: 0 })).toBeNull();
    await jobs.start({ work: true });
    try {
      const state = await jobs.state();
      expect(state.running).toBe(true);
      expect(state.working).toBe(true);
      expect(Object.keys(state.queues)).toEqual(['test.echo']);
      expect(await jobs.send('test.echo', { n: 1 })).toEqual(expect.any(String));
      await until(() => seen.length === 1);
      expect(seen).toEqual([{ n: 1 }]);
      await until(async () => (await jobs.state()).queues['test.echo'] === 0);
    } finally {
      await jobs.stop();
    }
    expect((await jobs.state()).running).toBe(false);
  });

  it('lets a send-only instance (web) hand jobs to a working instance (worker)', async () => {
    const seen: string[] = [];
    const web = new Jobs(database);
    const worker = new Jobs(database, { pollingIntervalSeconds: 0.5 });
    for (const j of [web, worker])
      j.register({ name: 'test.handoff', handler: async (d: { id: string }) => void seen.push(d.id) });
    await web.start({ work: false });
    try {
      expect((await web.state()).working).toBe(false);
      await web.send('test.handoff', { id: 'a' });
      await web.send('test.handoff', { id: 'b' });
      await until(async () => (await web.state()).queues['test.handoff'] === 2);
      await worker.start({ work: true });
      await until(() => seen.length === 2);
      expect(seen.sort()).toEqual(['a', 'b']);
    } finally {
      await worker.stop();
      await web.stop();
    }
  });
});

describe('instances starting together', () => {
  // PGlite is one connection in one process: nothing starts concurrently there.
  it.skipIf(engine() !== 'postgres')(
    'three instances, each with its own connections, creating the same new queues at once all start (pg-boss creates a queue table without a lock, which can deadlock) — PostgreSQL only, project pg',
    async () => {
      const names = Array.from({ length: 8 }, (_, i) => `test.together-${i}`);
      const instances = [0, 1, 2].map(() => {
        const j = new Jobs(database);
        for (const name of names) j.register({ name, schedule: '* * * * *', handler: async () => {} });
        return j;
      });
      const started = await Promise.allSettled(instances.map((j, i) => j.start({ work: i > 0 })));
      await Promise.all(instances.map((j) => j.stop()));
      expect(started.filter((s) => s.status === 'rejected')).toEqual([]);
    },
  );
});

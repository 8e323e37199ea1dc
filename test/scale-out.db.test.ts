/**
 * Scale-out, shown rather than assumed (docs/operations.md, "Several instances behind a proxy").
 *
 * Three real processes on one PostgreSQL test database, started the way an operator starts them:
 * two web instances (`node bin/quartier.js serve`, each on its own port on 127.0.0.1) and one
 * worker (`node bin/quartier.js worker`). Instance 1 runs as documented with WORKER_IN_PROCESS=0;
 * instance 2 runs with WORKER_IN_PROCESS=1, so two processes work jobs at the same time and
 * "each job and each mail once" is contested, not trivially true. This test process only prepares
 * data, sends HTTP requests (a small load balancer: requests alternate between the instances, no
 * sticky sessions) and reads the database; all mail goes to a local SMTP server.
 *
 * It checks: a session made by signing in on one instance works on the other and a sign-out there
 * ends it everywhere; rate-limit counters are shared; concurrent booking approvals and public
 * registrations split across both instances give no overlap and no more than capacity; every queued
 * mail is delivered exactly once while two processes work the queue, and every job ran once.
 *
 * It bites: with the bookings exclusion constraint dropped, 24 of the 60 approvals were confirmed
 * (overlapping bookings); with sessions known only to the process that made them, instance 2 sent
 * the signed-in user to the sign-in page; with mail sent without the 'sending' claim, every queued
 * mail arrived twice. Its first runs also found instances starting together deadlocking in pg-boss
 * queue creation (now retried, src/platform/jobs).
 *
 * PostgreSQL only (project "pg"): PGlite is one process's embedded database and cannot be shared.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '../src/modules/events/test/fixtures.ts';
import { bookings } from '../src/modules/houses/db/schema.ts';
import { countOverlaps } from '../src/modules/houses/queries.ts';
import { futureWeekday, makeHouse, requestForm } from '../src/modules/houses/test-helpers.ts';
import { prepareRequest, readInput, submitRequest } from '../src/modules/houses/use-cases/booking.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { rows } from '../src/platform/db/index.ts';
import { mailOutbox, queueMail } from '../src/platform/mail/index.ts';
import { startTestSmtp } from '../src/platform/mail/smtp-test-server.ts';
import { Agent, createTestContext, engine, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const onPostgres = engine() === 'postgres';

/** Approvals per slot and instance: 2 × N requests for the same slot, ROUNDS slots at once. */
const N = 10;
const ROUNDS = 3;
/** Public registrations per instance for one event of CAPACITY places. */
const M = 20;
const CAPACITY = 10;
/** Mails queued in rounds while the queue is being worked, and jobs sent per round. */
const MAIL_ROUNDS = 4;
const MAILS_PER_ROUND = 25;
const JOBS_PER_ROUND = 2;

interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

const procs: Proc[] = [];
let urls: string[] = [];

function start(name: string, command: 'serve' | 'worker', env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [join(ROOT, 'bin/quartier.js'), command], {
    cwd: ROOT,
    // Only what a process manager would set: the test runner's own variables (BASE_URL=/ from Vite,
    // TEST_DATABASE_URL …) must not leak into the app's configuration.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'UTC',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 2000) output.splice(0, output.length - 2000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const p = { name, child, output, exited };
  procs.push(p);
  return p;
}

const alive = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tail = (p: Proc) => `${p.name} output:\n${p.output.slice(-30).join('\n')}`;

/** SIGTERM, then SIGKILL after `ms`: the worker may take up to 30 s to finish jobs otherwise. */
async function stop(p: Proc, ms = 8000): Promise<void> {
  if (!alive(p)) return;
  p.child.kill('SIGTERM');
  await Promise.race([p.exited, sleep(ms)]);
  if (alive(p)) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
}

/** Last resort if this test process goes away without afterAll: no orphans. */
const killAll = () => {
  for (const p of procs) if (alive(p)) p.child.kill('SIGKILL');
};

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function until(what: string, p: Proc | null, check: () => Promise<boolean> | boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (p && !alive(p)) throw new Error(`${p.name} exited early (code ${p.child.exitCode})\n${tail(p)}`);
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${p ? `\n${tail(p)}` : ''}`);
}

/**
 * What Agent needs of an app, over real HTTP: `pick()` chooses the instance for each request (a
 * load balancer); `ip` is the client address the proxy would pass on in X-Forwarded-For.
 */
function balanced(pick: () => number, ip = '203.0.113.1'): TestContext['app'] {
  return {
    request: (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('x-forwarded-for', ip);
      return fetch(urls[pick()] + path, { ...init, headers, redirect: 'manual' });
    },
  } as unknown as TestContext['app'];
}

/** Alternates between the instances request by request, starting with `first`. */
const alternating = (first: number) => {
  let n = first;
  return () => n++ % urls.length;
};

/** Mails each process reported as delivered ("outbox delivered" log lines of pino). */
function deliveredBy(p: Proc): number {
  let sent = 0;
  for (const line of p.output) {
    if (!line.includes('"outbox delivered"')) continue;
    try {
      sent += Number(JSON.parse(line).sent ?? 0);
    } catch {
      // not a log line
    }
  }
  return sent;
}

describe.skipIf(!onPostgres)(
  'scale-out: two web instances and a worker on one database — PostgreSQL only, project pg',
  () => {
    let ctx: TestContext;
    let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
    let dataDir: string;
    let tenant: Awaited<ReturnType<typeof makeTenant>>;
    let adminId: string;
    let web1: Proc;
    let web2: Proc;
    let worker: Proc;

    beforeAll(async () => {
      process.once('exit', killAll);
      // An installation of its own: the worker started below delivers every mail of the database and
      // runs every queued job, and the test counts all of them.
      ctx = await createTestContext({ fresh: true });
      smtp = await startTestSmtp();
      dataDir = mkdtempSync(join(tmpdir(), 'quartier-scale-out-'));
      tenant = await makeTenant(ctx.services, 'scale');
      adminId = (
        await makeUser(ctx.services, {
          tenantId: tenant.id,
          role: 'admin',
          email: 'sina@example.org',
          name: 'Sina Skalierung',
          password: 'scale out twice',
        })
      ).id;

      const common = {
        DATABASE_URL: ctx.services.database.connectionString!,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Quartier <no-reply@scale-out.test>',
        SEED_DEMO: '0',
        TRUST_PROXY: '1',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        // info: the mail job logs "outbox delivered" with counts, which attributes each delivery to a process.
        LOG_LEVEL: 'info',
      };
      const [p1, p2] = [await freePort(), await freePort()];
      urls = [`http://127.0.0.1:${p1}`, `http://127.0.0.1:${p2}`];
      web1 = start('instance 1', 'serve', {
        ...common,
        PORT: String(p1),
        BASE_URL: urls[0],
        WORKER_IN_PROCESS: '0',
      });
      web2 = start('instance 2', 'serve', {
        ...common,
        PORT: String(p2),
        BASE_URL: urls[1],
        WORKER_IN_PROCESS: '1',
      });
      worker = start('worker', 'worker', common);
      const healthy = (i: number, working: boolean) => async () => {
        const r = await fetch(`${urls[i]}/healthz`).catch(() => null);
        if (r?.status !== 200) return false;
        const body = (await r.json()) as { jobs: { running: boolean; working: boolean } };
        return body.jobs.running && body.jobs.working === working;
      };
      await Promise.all([
        until('instance 1 /healthz', web1, healthy(0, false)),
        until('instance 2 /healthz', web2, healthy(1, true)),
        until('worker started', worker, () => worker.output.some((l) => l.includes('"worker started"'))),
      ]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all(procs.map((p) => stop(p)));
      process.removeListener('exit', killAll);
      await smtp?.close();
      await ctx?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it('a session made on instance 1 is accepted on instance 2, and a sign-out there ends it on instance 1', async () => {
      const route = { to: 0 };
      const agent = new Agent(balanced(() => route.to));
      const signIn = await agent.post(
        '/login',
        { email: 'sina@example.org', password: 'scale out twice' },
        { csrfFrom: '/login' },
      );
      expect(signIn.status).toBe(303);
      const token = agent.cookie('q_session');
      expect(token).toBeDefined();

      route.to = 1;
      const home = await agent.get('/staff/scale');
      expect(home.status).toBe(200);
      expect(agent.lastHtml).toContain('Sina Skalierung');
      const signOut = await agent.post('/logout', {});
      expect(signOut.status).toBe(303);
      expect(agent.cookie('q_session')).toBeUndefined();

      route.to = 0;
      agent.setCookie('q_session', token!);
      const after = await agent.get('/staff/scale');
      expect(after.status).toBe(302);
      expect(after.headers.get('location')).toMatch(/^\/login/);
      const left = rows<{ n: number }>(
        await ctx.services.db.execute(
          sql`select count(*)::int as n from sessions where user_id = ${adminId}`,
        ),
      );
      expect(Number(left[0].n)).toBe(0);
    });

    it('rate-limit counters are shared: 30 posts from one address over both instances, exactly 20 pass', async () => {
      const e = await publishEvent(ctx.services, tenant.id, {
        title: 'Zähltest',
        registrationRequired: true,
        capacity: 5,
      });
      const first = new Agent(balanced(alternating(0), '198.51.100.7'));
      await first.get(`/scale/events/${e.id}/register`);
      const csrf = first.csrfToken();
      expect(csrf).toBeDefined();
      // Empty forms: the limit is counted before validation, so nothing is registered.
      const statuses = await Promise.all(
        Array.from({ length: 30 }, (_, i) => {
          const a = new Agent(balanced(() => i % 2, '198.51.100.7'));
          a.setCookie('q_csrf', first.cookie('q_csrf')!);
          return a
            .post(`/scale/events/${e.id}/register`, { name: '', email: '' }, { csrf })
            .then((r) => r.status);
        }),
      );
      const count = (s: number) => statuses.filter((x) => x === s).length;
      console.log(
        `[scale-out] rate limit: 30 posts over 2 instances → ${count(422)} × 422, ${count(429)} × 429`,
      );
      expect(count(422)).toBe(20);
      expect(count(429)).toBe(10);
    });

    it(`${ROUNDS} slots × ${2 * N} simultaneous approvals over both instances: one booking per slot, no overlap`, async () => {
      const setup = await makeHouse(ctx.services, tenant.id);
      const { token } = await createApiToken(ctx.services.db, tenant.id, adminId, 'scale-out');
      const slots: { date: string; ids: string[] }[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const date = futureWeekday(1 + r);
        const ids: string[] = [];
        for (let i = 0; i < 2 * N; i++) {
          const input = readInput(
            requestForm(setup.hall.id, date, {
              email: `g${r}-${i}@example.org`,
              organisation: `Gruppe ${r}-${i}`,
              start: i % 2 ? '18:30' : '18:00',
              end: i % 2 ? '20:30' : '20:00',
            }),
          );
          const p = await prepareRequest(ctx.services.db, {
            tenantId: tenant.id,
            house: setup.house,
            rooms: [setup.hall, setup.seminar],
            input,
            mode: 'public',
          });
          expect(p.ok).toBe(true);
          ids.push(
            (await submitRequest(ctx.services, tenant, setup.house, p, { source: 'public', lang: 'de' })).id,
          );
        }
        slots.push({ date, ids });
      }
      const started = Date.now();
      const results = await Promise.all(
        slots.flatMap((s) =>
          s.ids.map(async (id, i) => {
            const instance = i % 2;
            const res = await fetch(`${urls[instance]}/api/v1/tenants/scale/booking-requests/${id}/approve`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: '{}',
            });
            const body = (await res.json()) as { error?: { code: string } };
            return { date: s.date, instance, status: res.status, code: body.error?.code };
          }),
        ),
      );
      const ms = Date.now() - started;
      const ok = results.filter((r) => r.status === 200);
      const taken = results.filter((r) => r.status === 409 && r.code === 'slot_taken');
      console.log(
        `[scale-out] approvals: ${results.length} requests for ${ROUNDS} slots in ${ms} ms — ${ok.length} × 200 (instance 1: ${ok.filter((r) => r.instance === 0).length}, instance 2: ${ok.filter((r) => r.instance === 1).length}), ${taken.length} × 409 slot_taken, other: ${results.length - ok.length - taken.length}`,
      );
      expect(results.length - ok.length - taken.length).toBe(0);
      for (const s of slots) expect(ok.filter((r) => r.date === s.date)).toHaveLength(1);
      const confirmed = await ctx.services.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.roomId, setup.hall.id), eq(bookings.status, 'confirmed')));
      expect(confirmed).toHaveLength(ROUNDS);
      expect(await countOverlaps(ctx.services.db, tenant.id)).toBe(0);
    });

    it(`${2 * M} simultaneous public registrations over both instances for ${CAPACITY} places: exactly ${CAPACITY} confirmed`, async () => {
      const e = await publishEvent(ctx.services, tenant.id, {
        title: 'Ansturm auf zwei Instanzen',
        registrationRequired: true,
        capacity: CAPACITY,
      });
      const started = Date.now();
      // Each visitor loads the form from one instance and posts it to the other.
      const statuses = await Promise.all(
        Array.from({ length: 2 * M }, async (_, i) => {
          const a = new Agent(balanced(alternating(i % 2), `192.0.2.${i + 1}`));
          const res = await a.post(
            `/scale/events/${e.id}/register`,
            { name: `Person ${i}`, email: `p${i}@example.org`, places: '1' },
            { csrfFrom: `/scale/events/${e.id}/register` },
          );
          return res.status;
        }),
      );
      const ms = Date.now() - started;
      const [c] = rows<{ confirmed: number; waiting: number; counter: number }>(
        await ctx.services.db.execute(sql`
          select
            (select coalesce(sum(places), 0)::int from events_registrations
              where tenant_id = ${tenant.id} and event_id = ${e.id} and status = 'confirmed') as confirmed,
            (select count(*)::int from events_registrations
              where tenant_id = ${tenant.id} and event_id = ${e.id} and status = 'waitlisted') as waiting,
            confirmed_places as counter
          from events_events where tenant_id = ${tenant.id} and id = ${e.id}`),
      );
      console.log(
        `[scale-out] registrations: ${2 * M} in ${ms} ms over 2 instances — ${Number(c.confirmed)} confirmed, ${Number(c.waiting)} waitlisted, counter ${Number(c.counter)}, capacity ${CAPACITY}`,
      );
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(Number(c.confirmed)).toBe(CAPACITY);
      expect(Number(c.counter)).toBe(CAPACITY);
      expect(Number(c.waiting)).toBe(2 * M - CAPACITY);
    });

    it('every mail in the outbox is delivered exactly once while two processes work the queue; every job ran once', {
      timeout: 90_000,
    }, async () => {
      // From here the test's own services send jobs too (like a web instance); the worker and instance 2
      // run them. Started only now, so the set-up above queued its mails without kicking a job each.
      await ctx.services.jobs.start({ work: false });
      const jobIds: string[] = [];
      const subjects: string[] = [];
      const started = Date.now();
      for (let r = 0; r < MAIL_ROUNDS; r++) {
        await Promise.all(
          Array.from({ length: MAILS_PER_ROUND }, (_, i) => {
            const subject = `Scale-out ${r}-${i}`;
            subjects.push(subject);
            return queueMail(ctx.services.db, {
              tenantId: tenant.id,
              to: `m${r}-${i}@example.org`,
              subject,
              text: 'Einmal, nicht zweimal.',
            });
          }),
        );
        for (let j = 0; j < JOBS_PER_ROUND; j++) {
          const id = await ctx.services.jobs.send('mail.deliver', {});
          if (id) jobIds.push(id);
        }
      }
      expect(jobIds).toHaveLength(MAIL_ROUNDS * JOBS_PER_ROUND);

      // Everything in the outbox: these mails plus the booking and registration mails of the tests above.
      const outboxState = async () =>
        rows<{ status: string; n: number }>(
          await ctx.services.db.execute(
            sql`select status, count(*)::int as n from mail_outbox group by status`,
          ),
        );
      const jobState = async () =>
        rows<{ id: string; state: string; retry_count: number }>(
          await ctx.services.db.execute(
            sql`select id::text, state::text, retry_count from pgboss.job where id = any(${`{${jobIds.join(',')}}`}::uuid[])`,
          ),
        );
      await until(
        'the outbox to empty and the jobs to complete',
        null,
        async () =>
          (await outboxState()).every((s) => s.status === 'sent') &&
          (await jobState()).filter((j) => j.state === 'completed').length === jobIds.length,
        75_000,
      );
      const ms = Date.now() - started;

      const all = await ctx.services.db.select().from(mailOutbox);
      // Counted by what arrived: the same outbox mail twice is the same subject to the same address.
      const received = new Map<string, number>();
      for (const m of smtp.received) {
        const head = m.raw.slice(0, m.raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
        const key = `${m.to.join(',')} ${/^Subject: (.*)$/m.exec(head)?.[1] ?? '?'}`;
        received.set(key, (received.get(key) ?? 0) + 1);
      }
      const twice = [...received].filter(([, n]) => n > 1);
      expect(twice, 'mails delivered more than once').toEqual([]);
      expect(smtp.received).toHaveLength(all.length);
      expect(all.filter((m) => m.status !== 'sent' || m.attempts !== 1)).toEqual([]);
      const ids = smtp.received.map((m) => /^Message-ID:\s*(<[^>]+>)/im.exec(m.raw)?.[1]);
      expect(new Set(ids)).toEqual(new Set(all.map((m) => m.messageId)));
      for (const s of subjects)
        expect(
          smtp.received.filter((m) => m.raw.includes(`Subject: ${s}\r\n`)),
          s,
        ).toHaveLength(1);

      const jobs = await jobState();
      expect(jobs.filter((j) => j.state !== 'completed' || Number(j.retry_count) !== 0)).toEqual([]);
      const failedJobs = rows<{ n: number }>(
        await ctx.services.db.execute(
          sql`select count(*)::int as n from pgboss.job where name = 'mail.deliver' and state not in ('completed', 'created', 'active')`,
        ),
      );
      expect(Number(failedJobs[0].n)).toBe(0);

      const byWorker = deliveredBy(worker);
      const byWeb2 = deliveredBy(web2);
      console.log(
        `[scale-out] mail: ${all.length} outbox mails (${subjects.length} queued here, ${jobIds.length} jobs sent) delivered in ${ms} ms — worker ${byWorker}, instance 2 ${byWeb2}, instance 1 ${deliveredBy(web1)}; SMTP received ${smtp.received.length}, duplicates ${twice.length}`,
      );
      expect(byWorker + byWeb2 + deliveredBy(web1)).toBe(all.length);
      expect(deliveredBy(web1)).toBe(0);
    });
  },
);

import PgBoss from 'pg-boss';
import type { Database } from '../db/engine.ts';

// biome-ignore lint/suspicious/noExplicitAny: job payloads are typed by each definition; a list holds many kinds
export interface JobDefinition<T = any> {
  name: string;
  handler: (data: T) => Promise<void>;
  /** Cron expression (UTC) for recurring jobs, e.g. '* * * * *'. */
  schedule?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

export interface JobQueueState {
  /** pg-boss is started in this process (jobs can be sent). */
  running: boolean;
  /** This process also runs the handlers. */
  working: boolean;
  /** Jobs waiting per queue. */
  queues: Record<string, number>;
}

export interface JobsOptions {
  onError?: (err: Error) => void;
  /** How often a working process asks for new jobs. */
  pollingIntervalSeconds?: number;
}

/**
 * Thin wrapper over pg-boss; the same code on PGlite (through the SQL executor) and PostgreSQL
 * (its own small pool). A process that only sends (web instances next to a worker) does no
 * maintenance and no scheduling; the working process does both.
 *
 * On PGlite never call `send` inside a database transaction: there is one connection, and pg-boss
 * would wait for the transaction that waits for it. Send after the commit (the outbox sweep catches
 * anything missed).
 */
export class Jobs {
  private boss: PgBoss | null = null;
  private started = false;
  private working = false;
  private readonly defs = new Map<string, JobDefinition>();
  private readonly onError: (err: Error) => void;
  private readonly pollingIntervalSeconds: number;

  constructor(
    private readonly database: Database,
    opts: JobsOptions | ((err: Error) => void) = {},
  ) {
    const o = typeof opts === 'function' ? { onError: opts } : opts;
    this.onError = o.onError ?? (() => {});
    this.pollingIntervalSeconds = o.pollingIntervalSeconds ?? 1;
  }

  register(def: JobDefinition): void {
    if (this.started) throw new Error(`Job "${def.name}" registered after start`);
    this.defs.set(def.name, def);
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  /** Creates queues and schedules; with `work`, this process also runs the handlers. */
  async start(opts: { work: boolean }): Promise<void> {
    if (this.started) return;
    const common = { schema: 'pgboss', supervise: opts.work, schedule: opts.work };
    const boss =
      this.database.kind === 'postgres'
        ? new PgBoss({ ...common, connectionString: this.database.connectionString, max: 4 })
        : new PgBoss({ ...common, db: this.database.executor });
    boss.on('error', (err) => this.onError(err));
    await boss.start();
    this.boss = boss;
    this.started = true;
    for (const def of this.defs.values()) {
      await retryOnDeadlock(() =>
        boss.createQueue(def.name, {
          name: def.name,
          retryLimit: def.retryLimit ?? 3,
          retryDelay: def.retryDelaySeconds ?? 30,
          retryBackoff: true,
        }),
      );
      if (def.schedule) await boss.schedule(def.name, def.schedule);
    }
    if (opts.work) {
      for (const def of this.defs.values()) {
        await boss.work(def.name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async (jobs) => {
          for (const job of jobs) await def.handler(job.data);
        });
      }
      this.working = true;
    }
  }

  /** Queues a job; returns its id, or null when the queue is not started in this process (CLI commands). */
  async send(
    name: string,
    data: object = {},
    opts: { singletonKey?: string; startAfterSeconds?: number } = {},
  ) {
    if (!this.started || !this.boss) return null;
    return this.boss.send(name, data, {
      singletonKey: opts.singletonKey,
      startAfter: opts.startAfterSeconds,
    });
  }

  async state(): Promise<JobQueueState> {
    const queues: Record<string, number> = {};
    if (this.started && this.boss) {
      for (const name of this.defs.keys()) queues[name] = await this.boss.getQueueSize(name);
    }
    return { running: this.started, working: this.working, queues };
  }

  /** Stops taking new jobs and waits up to `timeoutMs` for running ones to finish. */
  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.started || !this.boss) return;
    const boss = this.boss;
    this.started = false;
    this.working = false;
    this.boss = null;
    await boss.stop({ graceful: true, wait: true, timeout: opts.timeoutMs ?? 5000 });
  }
}

/**
 * pg-boss creates a new queue's table (a partition of its job table, with a foreign key to its queue
 * list) without a lock, so web instances and workers starting together on a database where the queue
 * is new can deadlock there (40P01). PostgreSQL rolls the loser's statement back whole; trying again
 * finds the queue made by the winner, or makes it.
 */
async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 20 * i + Math.random() * 50));
    }
  }
}

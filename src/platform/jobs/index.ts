import PgBoss from 'pg-boss';
import type { Database } from '../db/engine.ts';

export interface JobContext {
  /** Set by the composition root: the services a job handler needs. */
  [key: string]: unknown;
}

export interface JobDefinition<T = any> {
  name: string;
  handler: (data: T) => Promise<void>;
  /** Cron expression (UTC) for recurring jobs, e.g. '* * * * *'. */
  schedule?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

export interface JobQueueState {
  running: boolean;
  working: boolean;
  queues: Record<string, number>;
}

/** Thin wrapper over pg-boss; the same code on PGlite (through the SQL executor) and PostgreSQL. */
export class Jobs {
  private boss: PgBoss;
  private started = false;
  private working = false;
  private readonly defs = new Map<string, JobDefinition>();

  constructor(database: Database, private readonly onError: (err: Error) => void = () => {}) {
    this.boss =
      database.kind === 'postgres'
        ? new PgBoss({ connectionString: database.connectionString, schema: 'pgboss', max: 4 })
        : new PgBoss({ db: database.executor, schema: 'pgboss' });
    this.boss.on('error', (err) => this.onError(err));
  }

  register(def: JobDefinition): void {
    this.defs.set(def.name, def);
  }

  /** Creates queues and schedules; with `work`, this process also runs the handlers. */
  async start(opts: { work: boolean }): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const def of this.defs.values()) {
      await this.boss.createQueue(def.name, {
        name: def.name,
        retryLimit: def.retryLimit ?? 3,
        retryDelay: def.retryDelaySeconds ?? 30,
        retryBackoff: true,
      });
      if (def.schedule) await this.boss.schedule(def.name, def.schedule);
    }
    if (opts.work) {
      for (const def of this.defs.values()) {
        await this.boss.work(def.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await def.handler(job.data);
        });
      }
      this.working = true;
    }
  }

  async send(name: string, data: object = {}, opts: { singletonKey?: string; startAfterSeconds?: number } = {}) {
    if (!this.started) return null;
    return this.boss.send(name, data, {
      singletonKey: opts.singletonKey,
      startAfter: opts.startAfterSeconds,
    });
  }

  async state(): Promise<JobQueueState> {
    const queues: Record<string, number> = {};
    if (this.started) {
      for (const name of this.defs.keys()) queues[name] = await this.boss.getQueueSize(name);
    }
    return { running: this.started, working: this.working, queues };
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}

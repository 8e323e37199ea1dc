import { type Config, ConfigError } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';
import type { Services } from './platform/http/context.ts';
import { createServices } from './server.ts';

export interface RunningWorker {
  services: Services;
  /** Stops taking jobs, waits up to `timeoutMs` for running ones, closes the database. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The job worker of a server deployment: the same services as the web process, pg-boss with
 * `work: true` (handlers, schedules, maintenance). Web instances then run with WORKER_IN_PROCESS=0.
 */
export async function startWorker(
  config: Config,
  opts: { database?: Database } = {},
): Promise<RunningWorker> {
  if (!opts.database && !config.databaseUrl) {
    // A PGlite folder must only ever be opened by one process: the web process runs the jobs itself.
    throw new ConfigError(
      'The worker needs DATABASE_URL (PostgreSQL). With the embedded database the web process runs the jobs itself.',
    );
  }
  const services = await createServices(config, opts);
  await services.jobs.start({ work: true });
  services.log.info({ queues: services.jobs.names(), database: services.database.kind }, 'worker started');
  let closed = false;
  return {
    services,
    async close(timeoutMs = 30_000) {
      if (closed) return;
      closed = true;
      services.log.info('worker stopping');
      await services.jobs.stop({ timeoutMs });
      services.mailer.close();
      if (!opts.database) await services.database.close();
      services.log.info('worker stopped');
    },
  };
}

/** `quartier worker`: runs until SIGTERM/SIGINT, then finishes running jobs (up to 30 s) and exits. */
export async function runWorker(config: Config): Promise<RunningWorker> {
  const worker = await startWorker(config);
  const stop = (signal: string) => {
    worker.services.log.info({ signal }, 'signal received');
    worker
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        worker.services.log.error({ err }, 'worker did not stop cleanly');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return worker;
}

import { Command, CommanderError } from 'commander';
import { MODULES } from './app/modules.ts';
import { seedDemo } from './app/seed-demo.ts';
import { listTenants } from './modules/tenancy/index.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import type { Services } from './platform/http/context.ts';
import { AppError, ValidationError } from './platform/http/errors.ts';
import { createServices, startServer } from './server.ts';

/** Services for one CLI command; closed by the caller. */
export async function openServices(): Promise<Services> {
  return createServices(loadConfig());
}

export async function closeServices(s: Services): Promise<void> {
  await s.jobs.stop();
  s.mailer.close();
  await s.database.close();
}

/** Runs a command body with services and closes them afterwards, whatever happens. */
export async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const s = await openServices();
  try {
    return await fn(s);
  } finally {
    await closeServices(s);
  }
}

export function buildProgram(): Command {
  const program = new Command('quartier')
    .description('Quartier – platform for neighbourhood management')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('serve')
    .description('Start the web app (migrates the database; seeds the demo tenant on first start unless SEED_DEMO=0)')
    .action(async () => {
      const startedAt = Date.now();
      const config = loadConfig();
      const server = await startServer(config);
      const { services } = server;
      if (config.seedDemo && (await listTenants(services.db)).length === 0) {
        const { loginLink } = await seedDemo(services);
        console.log('\nDemo tenant "Berlin" created from the bundled LOR extract.');
        console.log(`One-time sign-in link for the demo administrator (admin@example.org, valid 7 days):\n\n  ${loginLink}\n`);
      }
      console.log(`Quartier ${config.version} on ${services.database.kind} listening at ${config.baseUrl} (ready in ${Date.now() - startedAt} ms)`);
      console.log(`Public demo site: ${config.baseUrl}/berlin   Staff sign-in: ${config.baseUrl}/login`);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('seed')
    .description('Seed data')
    .command('demo')
    .description('Create or refresh the demo tenant "Berlin" and print a sign-in link for its administrator')
    .action(async () => {
      await withServices(async (s) => {
        const { created, loginLink } = await seedDemo(s);
        console.log(created ? 'Demo tenant created.' : 'Demo tenant refreshed.');
        console.log(`Sign-in link for admin@example.org: ${loginLink}`);
      });
    });

  program
    .command('migrate')
    .description('Apply database migrations and exit')
    .action(async () => {
      await withServices(async () => {
        console.log('Migrations applied.');
      });
    });

  for (const m of MODULES) m.cli?.(program, withServices);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode;
    }
    console.error(`Error: ${describe(err)}`);
    return 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof ValidationError) return Object.entries(err.fields).map(([f, m]) => `${f}: ${m}`).join('; ');
  if (err instanceof AppError || err instanceof ConfigError) return err.message;
  if (err instanceof Error) {
    if (process.env.LOG_LEVEL === 'debug') console.error(err.stack);
    return err.message.split('\n')[0];
  }
  return String(err);
}

const isEntry = !!process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exit(code);
    // serve keeps running; one-shot commands end here.
    if (process.argv[2] !== 'serve' && process.argv[2] !== 'worker') process.exit(0);
  });
}

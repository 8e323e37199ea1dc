import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadAppConfig } from './app/config.ts';
import { MODULES } from './app/modules.ts';
import { seedDemo } from './app/seed-demo.ts';
import { providersNeedingSecret } from './modules/identity/index.ts';
import { backupTenant, getTenantBySlug, listTenants, restoreTenant } from './modules/tenancy/index.ts';
import { auditBackupTables } from './platform/audit/index.ts';
import type { BackupPlan } from './platform/backup/index.ts';
import { ConfigError } from './platform/config.ts';
import { citusSql, readCatalog } from './platform/db/citus.ts';
import { DataDirInUseError } from './platform/db/data-dir-lock.ts';
import type { Services } from './platform/http/context.ts';
import { AppError, ValidationError } from './platform/http/errors.ts';
import { commonTranslations } from './platform/i18n/common.ts';
import { createI18n } from './platform/i18n/index.ts';
import type { ModuleManifest } from './platform/modules.ts';
import { createServices, startServer } from './server.ts';
import { runWorker } from './worker.ts';

/**
 * What a tenant backup contains: the manifests' tenant tables in module order, then the audit log;
 * plus the accounts (global `users`) of the tenant's members, matched by e-mail on restore.
 */
export function backupPlan(modules: ModuleManifest[] = MODULES): BackupPlan {
  return {
    tables: [...modules.flatMap((m) => m.backup ?? []), ...auditBackupTables],
    shared: [
      {
        name: 'users',
        key: 'email',
        columns: ['id', 'email', 'name', 'locale', 'password_hash', 'email_verified_at', 'disabled_at'],
        referencedBy: [{ table: 'memberships', column: 'user_id' }],
      },
    ],
  };
}

/** The command being run ("user login-link"), named in the embedded database's lock. */
let runningCommand = 'command';

/** Services for one CLI command; closed by the caller. */
export async function openServices(): Promise<Services> {
  return createServices(loadAppConfig(), { purpose: runningCommand });
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
    .exitOverride()
    .hook('preAction', (_program, action) => {
      const names: string[] = [];
      for (let c: Command | null = action; c && c !== _program; c = c.parent) names.unshift(c.name());
      runningCommand = names.join(' ') || 'command';
    });

  program
    .command('serve')
    .description(
      'Start the web app (migrates the database; seeds the demo tenant on first start unless SEED_DEMO=0)',
    )
    .action(async () => {
      const startedAt = Date.now();
      const config = loadAppConfig();
      let loginLink: string | undefined;
      const server = await startServer(config, {
        // What a first start is doing while it takes seconds.
        progress: (message) => console.log(message),
        beforeListen: async (services) => {
          if (config.seedDemo && (await listTenants(services.db)).length === 0) {
            console.log('Creating the demo tenant "Berlin" …');
            loginLink = (await seedDemo(services)).loginLink;
          }
        },
      });
      const { services } = server;
      if (loginLink) {
        console.log('\nDemo tenant "Berlin" created from the bundled LOR extract.');
        console.log(
          `One-time sign-in link for the demo administrator (admin@example.org, valid 7 days):\n\n  ${loginLink}\n`,
        );
      } else {
        console.log('A new sign-in link: npx quartier user login-link --email admin@example.org');
      }
      console.log(
        `Quartier ${config.version} on ${services.database.kind} listening at ${config.baseUrl} (ready in ${Date.now() - startedAt} ms)`,
      );
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

  program
    .command('worker')
    .description(
      'Run the job worker until SIGTERM (server deployments: needs DATABASE_URL; run the web app with WORKER_IN_PROCESS=0)',
    )
    .action(async () => {
      await runWorker(loadAppConfig());
    });

  program
    .command('backup')
    .description(
      'Write a backup of one tenant (its rows, the accounts of its members, its audit log and its uploaded files from STORAGE_DIR) as gzip-compressed JSON lines',
    )
    .requiredOption('--tenant <slug>', 'tenant to back up')
    .requiredOption('--file <path>', 'file to write, e.g. berlin-2025-01-31.qbak.gz')
    .option('--force', 'overwrite an existing file')
    .action(async (o: { tenant: string; file: string; force?: boolean }) => {
      const file = resolve(o.file);
      if (existsSync(file) && !o.force)
        throw new AppError(409, 'file_exists', `${file} already exists (use --force to overwrite it)`);
      const header = await withServices((s) =>
        backupTenant(s.database, {
          slug: o.tenant,
          file,
          plan: backupPlan(),
          appVersion: s.config.version,
          storageDir: s.config.storageDir,
        }),
      );
      const total = header.tables.reduce((n, t) => n + t.rows, 0);
      console.log(
        `Backup of tenant "${header.tenant.slug}" written to ${file}: ${total} rows in ${header.tables.length} tables, ${header.shared.map((x) => `${x.rows} ${x.name}`).join(', ')}, ${header.files.count} files (${megabytes(header.files.bytes)}) (migration ${header.migration}).`,
      );
    });

  program
    .command('restore')
    .description(
      'Restore a tenant backup into this database in one transaction (also from the other engine), and its files into STORAGE_DIR',
    )
    .requiredOption('--file <path>', 'backup file written by "quartier backup"')
    .option(
      '--as <slug>',
      "restore under another slug (a copy next to the original, or a rename): without the original's API tokens and sign-in providers, with new private links",
    )
    .option('--replace', 'if the tenant exists, delete its data first and replace it with the backup')
    .action(async (o: { file: string; as?: string; replace?: boolean }) => {
      const file = resolve(o.file);
      if (!existsSync(file)) throw new AppError(404, 'file_not_found', `${file} not found`);
      const { r, needing } = await withServices(async (s) => {
        const r = await restoreTenant(s.database, {
          file,
          plan: backupPlan(),
          storageDir: s.config.storageDir,
          as: o.as,
          replace: o.replace,
        });
        // Client secrets are sealed under the key of the server that wrote them: on another server
        // without that key, the providers came along but cannot be used until their secret is given again.
        const tenant = await getTenantBySlug(s.db, r.slug);
        return { r, needing: tenant ? await providersNeedingSecret(s.db, tenant.id) : [] };
      });
      const total = Object.values(r.tables).reduce((n, x) => n + x, 0);
      const users = r.shared.users ?? { created: 0, matched: 0 };
      console.log(
        `Tenant "${r.slug}" ${r.replaced ? 'replaced' : 'restored'}: ${total} rows; accounts: ${users.created} created, ${users.matched} already present (matched by e-mail); ${r.files.count} files (${megabytes(r.files.bytes)}).`,
      );
      if (needing.length)
        console.log(
          `Sign-in providers that need their client secret again: ${needing.join(', ')}. Their secrets were sealed with the key of the server the backup came from (SECRET_KEY, or DATA_DIR/secret.key on the embedded database): set that SECRET_KEY here, or remove each provider under Single sign-on and add it again with its secret.`,
        );
      if (r.copy) {
        const left = Object.entries(r.copy.left).map(([t, n]) => `${n} ${t}`);
        const reissued = Object.values(r.copy.reissued).reduce((n, x) => n + x, 0);
        console.log(
          `Restored as a copy: left behind ${left.length ? left.join(', ') : 'no API tokens or sign-in providers'}; ${reissued} private links re-issued (the original's links do not open the copy).`,
        );
      }
    });

  program
    .command('db')
    .description('Database layout')
    .command('citus-sql')
    .description(
      'Check the schema against the Citus layout (docs/operations.md) and print the statements that place every table on a Citus coordinator',
    )
    .action(async () => {
      const text = await withServices(async (s) => citusSql(await readCatalog(s.db)));
      process.stdout.write(text);
    });

  for (const m of MODULES) m.cli?.(program, withServices);
  return program;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

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

/** Field messages of a ValidationError are translation keys; the command line speaks English. */
function cliT() {
  const namespaces: Record<string, typeof commonTranslations> = { common: commonTranslations };
  for (const m of MODULES) namespaces[m.name] = m.i18n;
  return createI18n(namespaces).t('en');
}

function describe(err: unknown): string {
  if (err instanceof ValidationError) {
    const t = cliT();
    return Object.entries(err.fields)
      .map(([f, m]) => `${f}: ${t(m)}`)
      .join('; ');
  }
  if (err instanceof AppError || err instanceof ConfigError || err instanceof DataDirInUseError)
    return err.message;
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

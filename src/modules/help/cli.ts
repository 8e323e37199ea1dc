// `quartier directory import --tenant T --file F [--dry-run]`: the Berlin directory (hilf-mir Berlin
// CSV, UTF-8 or Windows-1252, detected) into a tenant's help directory, through the same use cases
// as the import screen; prints what was (or would be) created, updated, left unchanged, merged and
// refused, and why.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { getTenantBySlug } from '../tenancy/index.ts';
import {
  type BerlinImportReport,
  importBerlinServices,
  previewBerlinServices,
} from './use-cases/import-berlin.ts';

type Run = <T>(fn: (s: Services) => Promise<T>) => Promise<T>;

function printReport(file: string, r: BerlinImportReport, dryRun: boolean, t: (k: string) => string): void {
  const would = dryRun ? ' (dry run: nothing was written)' : '';
  console.log(
    `${file} (${r.encoding}): ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ` +
      `${r.merged.length} rows merged into another row's service, ${r.keptApart.length} kept apart, ` +
      `${r.rejected.length} rejected, ${r.blankRows} blank rows skipped${would}.`,
  );
  for (const x of r.rejected.slice(0, 200))
    console.log(
      `  line ${x.line}${x.id ? ` (ID ${x.id})` : ''}: ${t(`import.reasons.${x.reason}`)}${x.detail ? ` (${x.detail})` : ''}`,
    );
  if (r.rejected.length > 200) console.log(`  … and ${r.rejected.length - 200} more`);
}

export function registerHelpCli(program: Command, run: Run): void {
  const directory = program
    .command('directory')
    .description('Help directory: counselling services and help offers');
  directory
    .command('import')
    .description(
      'Import the Berlin directory of psychosocial services (hilf-mir Berlin CSV); a second run creates nothing new',
    )
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--file <path>', 'CSV file (UTF-8 or Windows-1252)')
    .option('--dry-run', 'check only, write nothing')
    .action(async (o: { tenant: string; file: string; dryRun?: boolean }) => {
      await run(async (s) => {
        const t = s.i18n.t('en', 'help');
        const tenant = await getTenantBySlug(s.db, o.tenant);
        if (!tenant) throw new AppError(404, 'tenant_not_found', `Tenant "${o.tenant}" not found`);
        const bytes = new Uint8Array(readFileSync(o.file));
        const actor = systemActor(tenant.id);
        const r = o.dryRun
          ? await previewBerlinServices(actor, s.db, bytes)
          : await importBerlinServices(actor, s.db, bytes);
        if (r.fileProblem) {
          console.error(
            r.fileProblem.code === 'missing_columns'
              ? `${o.file}: not the Berlin directory, the columns ${r.fileProblem.columns.join(', ')} are missing.`
              : `${o.file}: cannot be read as a CSV file separated by semicolons (${r.fileProblem.detail}).`,
          );
          process.exitCode = 2;
          return;
        }
        printReport(o.file, r, !!o.dryRun, t);
      });
    });
}

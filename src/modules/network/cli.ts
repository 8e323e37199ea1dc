import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Services } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { getAreaByKey } from '../areas/index.ts';
import { getTenantBySlug } from '../tenancy/index.ts';
import {
  guessMapping,
  IMPORT_TARGETS,
  type ImportReport,
  type ImportTarget,
  parseImportFile,
  runImport,
  TARGET_FIELDS,
} from './use-cases/import.ts';
import { importYouthCentres } from './use-cases/import-youth-centres.ts';

type Run = <T>(fn: (s: Services) => Promise<T>) => Promise<T>;

function printReport(r: ImportReport, t: (k: string) => string): void {
  console.log(
    `${r.fileName}: ${r.total} rows, ${r.created} created, ${r.updated} updated, ${r.rejected.length} rejected, ${r.unplaced} not placed in any area.`,
  );
  for (const x of r.rejected.slice(0, 200)) {
    console.log(
      `  line ${x.line}${x.name ? ` (${x.name})` : ''}: ${x.reasons.map((y) => `${y.field}: ${t(`import.reasons.${y.code}`)}${y.value ? ` "${y.value}"` : ''}`).join('; ')}`,
    );
  }
  if (r.rejected.length > 200) console.log(`  … and ${r.rejected.length - 200} more`);
  if (r.dryRun) console.log('Dry run: nothing was written.');
  else if (!r.imported)
    console.log(
      'Nothing was imported (the file is imported completely or not at all; use --skip-invalid to import the valid rows).',
    );
}

/** `quartier network import --tenant T --file F [--kind organisation|venue|youth-centres] [--map field=column …]` */
export function registerNetworkCli(program: Command, run: Run): void {
  const network = program
    .command('network')
    .description('Network of local actors, venues and consultation hours');
  network
    .command('import')
    .description(
      'Import organisations or venues from CSV/GeoJSON (all or nothing), or Berlin youth centres (--kind youth-centres)',
    )
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--file <path>', 'CSV or GeoJSON file')
    .option('--kind <kind>', 'organisation | venue | youth-centres', 'organisation')
    .option(
      '--map <field=column...>',
      'column mapping, e.g. name=Einrichtung (guessed from the header when left out)',
    )
    .option(
      '--crs <crs>',
      'CRS of x/y columns or GeoJSON points when the file does not name one, e.g. EPSG:25833',
    )
    .option('--area <kind:key>', 'place every row in this area as well, e.g. programme:QM-DEMO-1')
    .option('--skip-invalid', 'import the valid rows even if some are rejected')
    .option('--dry-run', 'check only, write nothing')
    .action(
      async (o: {
        tenant: string;
        file: string;
        kind: string;
        map?: string[];
        crs?: string;
        area?: string;
        skipInvalid?: boolean;
        dryRun?: boolean;
      }) => {
        await run(async (s) => {
          const t = s.i18n.t('en', 'network');
          const tenant = await getTenantBySlug(s.db, o.tenant);
          if (!tenant) throw new AppError(404, 'tenant_not_found', `Tenant "${o.tenant}" not found`);
          const text = readFileSync(o.file, 'utf8');
          const fileName = basename(o.file);
          if (o.kind === 'youth-centres') {
            if (o.dryRun)
              throw new AppError(400, 'unsupported', '--dry-run is not available for youth centres');
            const r = await importYouthCentres(s.db, tenant.id, text, {
              fileName,
              skipRejected: o.skipInvalid,
            });
            printReport(r, t);
            if (!r.imported) process.exitCode = 2;
            return;
          }
          if (!(IMPORT_TARGETS as readonly string[]).includes(o.kind))
            throw new AppError(400, 'kind', `Unknown --kind "${o.kind}"`);
          const target = o.kind as ImportTarget;
          const parsed = parseImportFile(fileName, text);
          const mapping = guessMapping(target, parsed.columns);
          for (const m of o.map ?? []) {
            const [field, ...col] = m.split('=');
            if (!TARGET_FIELDS[target].includes(field))
              throw new AppError(
                400,
                'map',
                `Unknown field "${field}" (fields: ${TARGET_FIELDS[target].join(', ')})`,
              );
            mapping[field] = col.join('=');
          }
          let defaultAreaId: string | null = null;
          if (o.area) {
            const [kind, key] = o.area.split(':');
            const area = await getAreaByKey(s.db, tenant.id, kind as never, key ?? '');
            if (!area) throw new AppError(404, 'area', `Area ${o.area} not found`);
            defaultAreaId = area.id;
          }
          console.log(
            `Mapping: ${Object.entries(mapping)
              .map(([f, c]) => `${f}=${c}`)
              .join(', ')}`,
          );
          const r = await runImport(s.db, tenant.id, parsed, {
            target,
            mapping,
            crs: o.crs ?? null,
            defaultAreaId,
            skipRejected: o.skipInvalid,
            dryRun: o.dryRun,
            fileName,
          });
          printReport(r, t);
          if (!r.imported && !r.dryRun) process.exitCode = 2;
        });
      },
    );
}

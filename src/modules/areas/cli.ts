import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { getTenantBySlug } from '../tenancy/index.ts';
import { AREA_KINDS, type AreaKind } from './db/schema.ts';
import { resolveCrs } from './geo/index.ts';
import { rejectionMessage } from './rejection-messages.ts';
import { importAddresses, openCsvFile } from './use-cases/import-addresses.ts';
import { isWholeFileRejection, runBoundaryImport } from './use-cases/import-boundaries.ts';
import { importLorHierarchy } from './use-cases/import-lor-hierarchy.ts';
import { readLorCsv } from './use-cases/read-lor-csv.ts';

type Print = (line: string) => void;

/** A wrong argument: one clear line, exit code 1. */
export class CliArgumentError extends Error {}

export const MAX_BOUNDARY_FILE_BYTES = 200 * 1024 * 1024;

function checkFile(file: string | undefined): string {
  if (!file) throw new CliArgumentError('Missing --file.');
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliArgumentError(`File not found: ${file}`);
  return file;
}

function checkKind(kind: string | undefined, option: string): AreaKind {
  if (!kind || !(AREA_KINDS as readonly string[]).includes(kind)) {
    throw new CliArgumentError(
      `Unknown area kind for ${option}: "${kind ?? ''}" (one of ${AREA_KINDS.join(', ')}).`,
    );
  }
  return kind as AreaKind;
}

async function tenantOf(services: Services, slug: string | undefined) {
  if (!slug) throw new CliArgumentError('Missing --tenant.');
  const tenant = await getTenantBySlug(services.db, slug);
  if (!tenant) throw new CliArgumentError(`Unknown tenant: "${slug}".`);
  return tenant;
}

export interface ImportCommandOptions {
  tenant?: string;
  kind?: string;
  file?: string;
  keyProperty?: string;
  nameProperty?: string;
  parentKind?: string;
  parentKeyProperty?: string;
  sourceCrs?: string;
  dryRun?: boolean;
}

/** `quartier areas import`: returns the exit code (1 when the file was rejected as a whole). */
export async function importCommand(
  services: Services,
  o: ImportCommandOptions,
  print: Print,
): Promise<number> {
  const file = checkFile(o.file);
  const kind = checkKind(o.kind, '--kind');
  const parentKind = o.parentKind ? checkKind(o.parentKind, '--parent-kind') : undefined;
  if (parentKind === kind) throw new CliArgumentError('--parent-kind must differ from --kind.');
  if (o.parentKeyProperty && !parentKind)
    throw new CliArgumentError('--parent-key-property needs --parent-kind.');
  if (!o.keyProperty) throw new CliArgumentError('Missing --key-property.');
  if (!o.nameProperty) throw new CliArgumentError('Missing --name-property.');
  if (o.sourceCrs && !resolveCrs(o.sourceCrs))
    throw new CliArgumentError(
      `Unsupported --source-crs "${o.sourceCrs}" (EPSG:4326, EPSG:25833, EPSG:25832, EPSG:3857).`,
    );
  if (statSync(file).size > MAX_BOUNDARY_FILE_BYTES) throw new CliArgumentError(`File too large: ${file}`);
  const tenant = await tenantOf(services, o.tenant);
  const t = services.i18n.t('en');
  const { report } = await runBoundaryImport(services.db, tenant.id, {
    kind,
    fileName: basename(file),
    content: await readFile(file, 'utf8'),
    keyProperty: o.keyProperty,
    nameProperty: o.nameProperty,
    parentKind,
    parentKeyProperty: o.parentKeyProperty,
    sourceCrs: o.sourceCrs,
    dryRun: !!o.dryRun,
  });
  print(
    `${report.dryRun ? 'Dry run (nothing written): ' : ''}import of ${kind} areas from ${report.fileName} into ${tenant.slug}`,
  );
  print(`CRS: ${report.crs}`);
  print(
    `created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}`,
  );
  if (parentKind)
    print(`parents (${parentKind}) assigned ${report.parentsAssigned}, not found ${report.parentsMissing}`);
  for (const r of report.rejected) {
    const where =
      r.index < 0 ? 'file' : `feature ${r.index + 1}${r.key !== undefined ? ` (key ${r.key})` : ''}`;
    print(`rejected ${where}: ${rejectionMessage(t, r)}`);
  }
  return isWholeFileRejection(report) ? 1 : 0;
}

export async function importLorCommand(
  services: Services,
  o: { tenant?: string; file?: string },
  print: Print,
): Promise<number> {
  const file = checkFile(o.file);
  const tenant = await tenantOf(services, o.tenant);
  let rows: ReturnType<typeof readLorCsv>;
  try {
    rows = readLorCsv(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CliArgumentError(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const counts = await importLorHierarchy(services.db, tenant.id, rows, `LOR 2021 (${basename(file)})`);
  print(`LOR hierarchy from ${basename(file)} (${rows.length} rows) into ${tenant.slug}:`);
  for (const [level, c] of Object.entries(counts)) {
    print(`  ${level}: created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}`);
  }
  return 0;
}

export async function importAddressesCommand(
  services: Services,
  o: { tenant?: string; file?: string },
  print: Print,
): Promise<number> {
  const file = checkFile(o.file);
  const tenant = await tenantOf(services, o.tenant);
  const r = await importAddresses(systemActor(tenant.id), services.db, await openCsvFile(file));
  print(
    `${r.rows} addresses imported into ${tenant.slug} in ${r.seconds.toFixed(1)} s (${r.rowsPerSecond} rows/s)`,
  );
  if (r.skipped) print(`${r.skipped} rows skipped (no street or Planungsraum number)`);
  if (r.unknownAreaKeys)
    print(
      `${r.unknownAreaKeys} Planungsraum numbers are not areas of this tenant yet (run "areas import-lor" first)`,
    );
  return 0;
}

/** Runs a command body; argument problems become one line on stderr and exit code 1. */
async function execute(
  run: <T>(fn: (s: Services) => Promise<T>) => Promise<T>,
  body: (s: Services, print: Print) => Promise<number>,
  precheck?: () => void,
): Promise<void> {
  let code: number;
  try {
    // Cheap checks first, so a typo does not wait for the database to open.
    precheck?.();
    code = await run((s) => body(s, (line) => console.log(line)));
  } catch (err) {
    if (!(err instanceof CliArgumentError)) throw err;
    console.error(`Error: ${err.message}`);
    code = 1;
  }
  if (code !== 0) throw new CommanderError(code, 'quartier.areas.failed', '');
}

export function registerAreasCli(
  program: Command,
  run: <T>(fn: (s: Services) => Promise<T>) => Promise<T>,
): void {
  const areas = program.command('areas').description('Areas: boundaries, LOR hierarchy, addresses');
  areas
    .command('import')
    .description('Import area boundaries from a GeoJSON file (validated; all or nothing)')
    .requiredOption('--tenant <slug>', 'tenant')
    .requiredOption('--kind <kind>', `area kind (${AREA_KINDS.join(', ')})`)
    .requiredOption('--file <path>', 'GeoJSON FeatureCollection of Polygons/MultiPolygons')
    .requiredOption('--key-property <name>', 'feature property with the area key')
    .requiredOption('--name-property <name>', 'feature property with the area name')
    .option('--parent-kind <kind>', 'kind of the parent areas (alone: parent found by point in polygon)')
    .option('--parent-key-property <name>', 'feature property with the parent key')
    .option(
      '--source-crs <crs>',
      'projection of the file, e.g. EPSG:25833 (default: from the file, else WGS84)',
    )
    .option('--dry-run', 'only check and report, write nothing')
    .action((o: ImportCommandOptions) =>
      execute(
        run,
        (s, print) => importCommand(s, o, print),
        () => {
          checkFile(o.file);
          checkKind(o.kind, '--kind');
          if (o.parentKind) checkKind(o.parentKind, '--parent-kind');
        },
      ),
    );
  areas
    .command('import-lor')
    .description(
      'Import the Berlin LOR 2021 hierarchy (districts, Prognoseräume, Bezirksregionen, Planungsräume) from CSV',
    )
    .requiredOption('--tenant <slug>', 'tenant')
    .requiredOption('--file <path>', 'LOR_2021 CSV (official table or demo extract)')
    .action((o: { tenant?: string; file?: string }) =>
      execute(
        run,
        (s, print) => importLorCommand(s, o, print),
        () => checkFile(o.file),
      ),
    );
  areas
    .command('import-addresses')
    .description("Replace the tenant's address list (address → Planungsraum) from a CSV or CSV.gz file")
    .requiredOption('--tenant <slug>', 'tenant')
    .requiredOption('--file <path>', 'CSV (.gz) with hnr,hnr_zusatz,str_name,plz,ort_name,PLR_NAME,PLR_ID')
    .action((o: { tenant?: string; file?: string }) =>
      execute(
        run,
        (s, print) => importAddressesCommand(s, o, print),
        () => checkFile(o.file),
      ),
    );
}

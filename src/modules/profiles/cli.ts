// `quartier indicators import --tenant T --file F [--year Y]`: the same use case as the import
// screen, as the system actor of the tenant, with the suggested mapping (every numeric column).
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, CommanderError } from 'commander';
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { getTenantBySlug } from '../tenancy/index.ts';
import { importIndicatorFile } from './use-cases/import.ts';

type Print = (line: string) => void;

export interface IndicatorImportOptions {
  tenant?: string;
  file?: string;
  year?: string;
}

/** Runs one import and prints its report; returns the exit code. */
export async function indicatorImportCommand(
  services: Services,
  o: IndicatorImportOptions,
  print: Print,
): Promise<number> {
  const tenant = o.tenant ? await getTenantBySlug(services.db, o.tenant) : undefined;
  if (!tenant) {
    print(`Error: unknown tenant "${o.tenant ?? ''}".`);
    return 1;
  }
  if (!o.file || !existsSync(o.file) || !statSync(o.file).isFile()) {
    print(`Error: file not found: ${o.file ?? ''}`);
    return 1;
  }
  try {
    const { report } = await importIndicatorFile(systemActor(tenant.id), services.db, {
      fileName: basename(o.file),
      bytes: new Uint8Array(await readFile(o.file)),
      period: o.year ?? null,
    });
    const f = report.format;
    print(
      `Read ${report.rows} rows (${f.layout}, separator "${f.separator === '\t' ? 'tab' : f.separator}", decimal "${f.decimal}", ${f.encoding}${f.bom ? ' with BOM' : ''}).`,
    );
    print(`Indicators: ${report.indicators.join(', ')}`);
    print(
      `Imported ${report.imported} new values, updated ${report.updated}, derived ${report.derived} for higher levels.`,
    );
    if (report.oldKeys?.length) {
      const count = (k: string) => report.oldKeys?.filter((m) => m.kind === k).length ?? 0;
      print(
        `Old LOR keys mapped to 2021 planning areas: ${count('one_to_one')} one to one, ${count('split')} split, ${count('merged')} merged.`,
      );
    }
    const reasons = new Map<string, number>();
    for (const s of report.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    if (reasons.size) print(`Not imported: ${[...reasons].map(([r, n]) => `${n} × ${r}`).join(', ')}`);
    for (const s of report.skipped.filter((x) => x.reason !== 'missingValue').slice(0, 50))
      print(
        `  line ${s.line}: ${s.area}${s.column ? ` / ${s.column}` : ''}: ${s.reason}${s.raw ? ` ("${s.raw}")` : ''}`,
      );
    return 0;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const field = Object.keys(err.fields)[0];
    print(
      field === 'period'
        ? 'Error: this table has one column per indicator; give its year or date with --year.'
        : `Error: the file cannot be imported (${Object.values(err.fields).join(', ')}).`,
    );
    return 1;
  }
}

export function registerIndicatorsCli(
  program: Command,
  run: <T>(fn: (s: Services) => Promise<T>) => Promise<T>,
): void {
  const cmd = program
    .command('indicators')
    .description('Indicators of area profiles: import statistics tables');
  cmd
    .command('import')
    .description('Import an indicator table (CSV: one column per indicator, or area/indicator/year/value)')
    .requiredOption('--tenant <slug>', 'tenant')
    .requiredOption('--file <path>', 'CSV file (, or ; separated, UTF-8 or Windows-1252)')
    .option('--year <period>', 'year or date of a table with one column per indicator (2021, 30.06.2022)')
    .action(async (o: IndicatorImportOptions) => {
      const code = await run((s) => indicatorImportCommand(s, o, (line) => console.log(line)));
      if (code !== 0) throw new CommanderError(code, 'quartier.indicators.failed', '');
    });
}

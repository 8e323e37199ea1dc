import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../platform/authz.ts';
import type { Services } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { getAreaByKey, getAreaBySlug } from '../areas/index.ts';
import { getTenantBySlug } from '../tenancy/index.ts';
import { findSourceByName } from './import/run.ts';
import { createImportSource, runImportFor } from './use-cases/manage.ts';

type Run = <T>(fn: (s: Services) => Promise<T>) => Promise<T>;

/** `quartier events import --tenant T --area A --file F [--source NAME] [--publish]` */
export function registerEventsCli(program: Command, run: Run): void {
  const events = program.command('events').description('Events calendar');
  events
    .command('import')
    .description(
      'Import an iCalendar file into an area; repeatable (events already there are recognised, changes applied, removed ones cancelled)',
    )
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--area <area>', 'area slug or kind:key, e.g. programme:QM-DEMO-1')
    .requiredOption('--file <path>', '.ics file')
    .option(
      '--source <name>',
      'name of the source (default: the file name); the same name continues the same source',
    )
    .option('--attribution <text>', 'attribution shown on imported events')
    .option('--publish', 'publish imported events at once instead of sending them to the review queue')
    .action(
      async (o: {
        tenant: string;
        area: string;
        file: string;
        source?: string;
        attribution?: string;
        publish?: boolean;
      }) => {
        await run(async (s) => {
          const tenant = await getTenantBySlug(s.db, o.tenant);
          if (!tenant) throw new AppError(404, 'tenant_not_found', `Tenant "${o.tenant}" not found`);
          const [kind, key] = o.area.includes(':') ? o.area.split(':', 2) : [null, null];
          const area =
            kind && key
              ? await getAreaByKey(s.db, tenant.id, kind as 'programme', key)
              : await getAreaBySlug(s.db, tenant.id, o.area);
          if (!area) throw new AppError(404, 'area_not_found', `Area "${o.area}" not found`);
          const bytes = readFileSync(o.file);
          // The operator on the server acts as the system (allowed everything in this tenant).
          const actor = systemActor(tenant.id);
          const name = o.source ?? basename(o.file);
          const source =
            (await findSourceByName(s.db, tenant.id, name)) ??
            (await createImportSource(actor, s, {
              name,
              kind: 'file',
              url: null,
              areaId: area.id,
              categoryIds: [],
              attribution: o.attribution ?? name,
              attributionUrl: null,
              publishMode: o.publish ? 'publish' : 'review',
              intervalMinutes: 360,
              enabled: true,
            }));
          const r = await runImportFor(actor, s, source.id, {
            trigger: 'cli',
            bytes,
            fileName: basename(o.file),
          });
          const t = s.i18n.t('en', 'events');
          console.log(
            `${basename(o.file)} → ${tenant.slug} / ${area.name}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.duplicates} already in the calendar, ${r.cancelled} cancelled (no longer in the file), ${r.failed} failed. Status: ${r.status}.`,
          );
          for (const p of r.problems.slice(0, 200))
            console.log(
              `  ${p.line ? `line ${p.line}` : 'file'}${p.summary ? ` (${p.summary})` : ''}: ${t(`import.problems.${p.code}`)}${p.detail ? ` – ${p.detail}` : ''}`,
            );
          if (r.problems.length > 200) console.log(`  … and ${r.problems.length - 200} more`);
          if (r.status === 'failed') process.exitCode = 1;
        });
      },
    );
}

import type { Command } from 'commander';
import type { Services } from '../../platform/http/context.ts';
import { createTenant, listTenants } from './tenants.ts';

type Run = <T>(fn: (services: Services) => Promise<T>) => Promise<T>;

/** `quartier tenant create|list`. */
export function tenantCommands(program: Command, run: Run): void {
  const tenant = program.command('tenant').description('Manage tenants (a city or a programme)');
  tenant
    .command('create')
    .description('Create a tenant')
    .requiredOption(
      '--slug <slug>',
      'short name used in addresses, e.g. "berlin" (lower-case letters, digits, hyphens)',
    )
    .requiredOption('--name <name>', 'display name, e.g. "Berlin"')
    .action(async (o: { slug: string; name: string }) => {
      const t = await run((s) => createTenant(s.db, { slug: o.slug, name: o.name }));
      console.log(`Tenant "${t.slug}" (${t.name}) created with id ${t.id}.`);
    });
  tenant
    .command('list')
    .description('List all tenants')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await run((s) => listTenants(s.db));
      if (o.json) {
        console.log(
          JSON.stringify(
            list.map((t) => ({ id: t.id, slug: t.slug, name: t.name, createdAt: t.createdAt })),
            null,
            2,
          ),
        );
        return;
      }
      if (list.length === 0) {
        console.log('No tenants yet. Create one with: quartier tenant create --slug <slug> --name <name>');
        return;
      }
      const width = Math.max(4, ...list.map((t) => t.slug.length));
      console.log(`${'slug'.padEnd(width)}  name`);
      for (const t of list) console.log(`${t.slug.padEnd(width)}  ${t.name}`);
    });
}

import type { ModuleManifest } from '../../platform/modules.ts';
import { helpFigures } from './figures.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { permissions } from './policies.ts';

export const helpManifest: ModuleManifest = {
  name: 'help',
  // Staff wording in German and English; the public search page brings Turkish, Arabic and easy German.
  i18n: { de, en },
  permissions,
  backup: [
    { name: 'help_topics', tenantColumn: 'tenant_id' },
    { name: 'help_life_situations', tenantColumn: 'tenant_id' },
    { name: 'help_situation_topics', tenantColumn: 'tenant_id' },
    { name: 'help_services', tenantColumn: 'tenant_id' },
    { name: 'help_service_topics', tenantColumn: 'tenant_id' },
    { name: 'help_locations', tenantColumn: 'tenant_id' },
    { name: 'help_search_counts', tenantColumn: 'tenant_id' },
  ],
  figures: helpFigures,
  seedDemo: async (services, tenantId) => (await import('./seed-demo.ts')).seedDemoHelp(services, tenantId),
  // No privacy hook: a service's contact is the desk, line or functional mailbox of the provider (no
  // named person), and searches are stored as counts only.
  /** Loaded only by the tests (tenant-isolation walk, figures). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createHelpTestEntities(ctx),
};

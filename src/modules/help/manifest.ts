import type { ModuleManifest } from '../../platform/modules.ts';
import { registerHelpCli } from './cli.ts';
import { helpFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountHelpRoutes } from './routes.ts';
import { referralTargetNames } from './use-cases/referrals.ts';

export const helpManifest: ModuleManifest = {
  name: 'help',
  // Staff wording in German and English; the public search page also in Turkish, Arabic and easy
  // German (i18n/public.ts).
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  nav: [{ path: '/help', label: 'nav', permission: READ, order: 48 }],
  // Beside the consultation hours: where to get help when no consultation hour is near.
  publicNav: [{ path: '/help', label: 'publicNav.help', order: 25 }],
  mount: mountHelpRoutes,
  cli: registerHelpCli,
  backup: [
    { name: 'help_topics', tenantColumn: 'tenant_id' },
    { name: 'help_life_situations', tenantColumn: 'tenant_id' },
    { name: 'help_situation_topics', tenantColumn: 'tenant_id' },
    { name: 'help_services', tenantColumn: 'tenant_id' },
    { name: 'help_service_topics', tenantColumn: 'tenant_id' },
    { name: 'help_locations', tenantColumn: 'tenant_id' },
    { name: 'help_search_counts', tenantColumn: 'tenant_id' },
    { name: 'help_review_links', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
    { name: 'help_kiosks', tenantColumn: 'tenant_id' },
  ],
  figures: helpFigures,
  referralTargets: (services, tenantId) => referralTargetNames(services.db, tenantId),
  seedDemo: async (services, tenantId) => (await import('./seed-demo.ts')).seedDemoHelp(services, tenantId),
  // No privacy hook: a service's contact is the desk, line or functional mailbox of the provider (no
  // named person), and searches are stored as counts only.
  /** Loaded only by the tests (tenant-isolation walk, figures). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createHelpTestEntities(ctx),
};

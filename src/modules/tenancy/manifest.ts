import type { ModuleManifest } from '../../platform/modules.ts';
import { tenantCommands } from './cli.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountTenancyRoutes } from './routes.ts';

export const tenancyManifest: ModuleManifest = {
  name: 'tenancy',
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  nav: [{ path: '/settings', label: 'settings.nav', permission: PERMS.settings, order: 95 }],
  mount: mountTenancyRoutes,
  cli: tenantCommands,
  backup: [{ name: 'tenants', tenantColumn: 'id' }],
};

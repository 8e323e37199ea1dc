import type { ModuleManifest } from '../../platform/modules.ts';
import { registerAreasCli } from './cli.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountAreasRoutes } from './routes.ts';

export const areasManifest: ModuleManifest = {
  name: 'areas',
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  nav: [{ path: '/areas', label: 'nav', permission: PERMS.read, order: 10 }],
  mount: mountAreasRoutes,
  cli: registerAreasCli,
  backup: [
    { name: 'areas', tenantColumn: 'tenant_id' },
    { name: 'area_addresses', tenantColumn: 'tenant_id' },
    { name: 'area_imports', tenantColumn: 'tenant_id' },
  ],
  apiTags: {
    Areas: 'Areas of a tenant (districts, planning areas, programme areas) with their boundaries as GeoJSON.',
  },
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createAreaTestEntities(ctx),
};

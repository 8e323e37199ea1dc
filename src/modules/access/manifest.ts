import type { ModuleManifest } from '../../platform/modules.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { permissions } from './policies.ts';
import { mountAccessRoutes } from './routes.ts';

export const accessManifest: ModuleManifest = {
  name: 'access',
  i18n: { de, en },
  permissions,
  mount: mountAccessRoutes,
  backup: [{ name: 'memberships', tenantColumn: 'tenant_id' }],
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createAccessTestEntities(ctx),
};

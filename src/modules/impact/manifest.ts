import type { ModuleManifest } from '../../platform/modules.ts';
import { impactFigures } from './figures.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountImpactRoutes } from './routes.ts';

export const impactManifest: ModuleManifest = {
  name: 'impact',
  // Staff screens only (dashboard, activities, annual reports): German and English.
  i18n: { de, en },
  permissions,
  nav: [{ path: '/impact', label: 'nav', permission: READ, order: 80 }],
  mount: mountImpactRoutes,
  apiTags: {
    Impact: 'Key figures of every module per area and period, against the same period a year before.',
  },
  backup: [
    { name: 'impact_activities', tenantColumn: 'tenant_id' },
    { name: 'impact_reports', tenantColumn: 'tenant_id' },
  ],
  figures: impactFigures,
  seedDemo: async (services, tenantId) => (await import('./seed-demo.ts')).seedDemoImpact(services, tenantId),
  /** Loaded only by the tests (tenant-isolation walk, figures). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createImpactTestEntities(ctx),
};

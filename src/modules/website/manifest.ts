import type { ModuleManifest } from '../../platform/modules.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import lsDe from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountWebsiteRoutes } from './routes.ts';

export const websiteManifest: ModuleManifest = {
  name: 'website',
  i18n: { de, en, tr, ar, 'de-x-ls': lsDe },
  permissions,
  nav: [{ path: '/website', label: 'nav', permission: PERMS.manage, order: 16 }],
  mount: mountWebsiteRoutes,
  backup: [
    { name: 'website_posts', tenantColumn: 'tenant_id' },
    { name: 'website_post_texts', tenantColumn: 'tenant_id' },
    { name: 'website_pages', tenantColumn: 'tenant_id' },
    { name: 'website_page_texts', tenantColumn: 'tenant_id' },
  ],
  seedDemo: async (services, tenantId) =>
    (await import('./seed-demo.ts')).seedDemoWebsite(services, tenantId),
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createWebsiteTestEntities(ctx),
};

import type { ModuleManifest } from '../../platform/modules.ts';
import { registerIndicatorsCli } from './cli.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import profileAr from './i18n/profile/ar.json' with { type: 'json' };
import profileDe from './i18n/profile/de.json' with { type: 'json' };
import profileLs from './i18n/profile/de-x-ls.json' with { type: 'json' };
import profileEn from './i18n/profile/en.json' with { type: 'json' };
import profileTr from './i18n/profile/tr.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountProfilesRoutes } from './routes.ts';

export const profilesManifest: ModuleManifest = {
  name: 'profiles',
  // Staff screens (indicators, import) in German and English.
  // The profile pages (i18n/profile) are public too: five languages.
  i18n: {
    de: { ...de, ...profileDe },
    en: { ...en, ...profileEn },
    tr: profileTr,
    ar: profileAr,
    'de-x-ls': profileLs,
  },
  mount: mountProfilesRoutes,
  permissions,
  cli: registerIndicatorsCli,
  apiTags: {
    Indicators: 'Indicators of the area profiles and their values per area and period (published ones).',
  },
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createProfilesTestEntities(ctx),
  nav: [
    { path: '/profiles', label: 'navProfiles', permission: READ, order: 12 },
    { path: '/profiles/indicators', label: 'nav', permission: READ, order: 13 },
  ],
  seedDemo: async (services, tenantId) =>
    (await import('./seed-demo.ts')).seedDemoProfiles(services, tenantId),
  backup: [
    { name: 'profiles_indicators', tenantColumn: 'tenant_id' },
    { name: 'profiles_imports', tenantColumn: 'tenant_id' },
    { name: 'profiles_values', tenantColumn: 'tenant_id' },
  ],
};

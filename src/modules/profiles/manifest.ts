import type { ModuleManifest } from '../../platform/modules.ts';
import { registerIndicatorsCli } from './cli.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountProfilesRoutes } from './routes.ts';
import profileAr from './ui/profile-i18n/ar.json' with { type: 'json' };
import profileDe from './ui/profile-i18n/de.json' with { type: 'json' };
import profileLs from './ui/profile-i18n/de-x-ls.json' with { type: 'json' };
import profileEn from './ui/profile-i18n/en.json' with { type: 'json' };
import profileTr from './ui/profile-i18n/tr.json' with { type: 'json' };

export const profilesManifest: ModuleManifest = {
  name: 'profiles',
  // Staff screens (indicators, import) in German and English.
  // The profile pages (ui/profile-i18n) are public too: five languages.
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
  nav: [{ path: '/profiles/indicators', label: 'nav', permission: READ, order: 12 }],
  backup: [
    { name: 'profiles_indicators', tenantColumn: 'tenant_id' },
    { name: 'profiles_imports', tenantColumn: 'tenant_id' },
    { name: 'profiles_values', tenantColumn: 'tenant_id' },
  ],
};

import type { ModuleManifest } from '../../platform/modules.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';

export const profilesManifest: ModuleManifest = {
  name: 'profiles',
  // Staff screens (indicators, import) in German and English.
  i18n: { de, en },
  permissions,
  nav: [{ path: '/profiles/indicators', label: 'nav', permission: READ, order: 12 }],
  backup: [
    { name: 'profiles_indicators', tenantColumn: 'tenant_id' },
    { name: 'profiles_imports', tenantColumn: 'tenant_id' },
    { name: 'profiles_values', tenantColumn: 'tenant_id' },
  ],
};

import type { ModuleManifest } from '../../platform/modules.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { mountLegalPages } from './ui/public.tsx';

export const tenancyManifest: ModuleManifest = {
  name: 'tenancy',
  i18n: { de, en },
  permissions: { 'tenant.settings': ['admin'] },
  mount(r) {
    mountLegalPages(r.public);
  },
  backup: [{ name: 'tenants', tenantColumn: 'id' }],
};

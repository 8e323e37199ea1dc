import type { ModuleManifest } from '../../platform/modules.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { mountAuthRoutes } from './ui/routes.tsx';

export const identityManifest: ModuleManifest = {
  name: 'identity',
  i18n: { de, en },
  permissions: {
    'users.manage': ['admin'],
    'tokens.own': ['admin', 'coordinator', 'team', 'department', 'jury'],
  },
  mount(r) {
    mountAuthRoutes(r.root);
  },
  backup: [
    { name: 'api_tokens', tenantColumn: 'tenant_id' },
    { name: 'oidc_providers', tenantColumn: 'tenant_id' },
    { name: 'oidc_identities', tenantColumn: 'tenant_id' },
  ],
};

import type { ModuleManifest } from '../../platform/modules.ts';
import { registerIdentityCli } from './cli.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountIdentityRoutes } from './routes.ts';
import { pruneSessions } from './sessions.ts';
import { pruneAuthTokens } from './tokens.ts';

export const identityManifest: ModuleManifest = {
  name: 'identity',
  i18n: { de, en },
  permissions,
  nav: [
    { path: '/users', label: 'nav.users', permission: PERMS.users, order: 90 },
    { path: '/account', label: 'nav.account', permission: PERMS.tokens, order: 100 },
  ],
  mount: mountIdentityRoutes,
  jobs: (services) => [
    {
      name: 'identity.prune',
      // Nightly: expired sessions and one-time tokens (sign-in links, invitations, sign-on states).
      schedule: '17 3 * * *',
      handler: async () => {
        await pruneSessions(services.db);
        await pruneAuthTokens(services.db);
      },
    },
  ],
  cli: registerIdentityCli,
  backup: [
    // Credentials of the tenant they were made for: a copy starts without API tokens and without
    // sign-in providers (the provider's client is registered for the original's address).
    { name: 'api_tokens', tenantColumn: 'tenant_id', notInCopy: true },
    { name: 'oidc_providers', tenantColumn: 'tenant_id', notInCopy: true },
    { name: 'oidc_identities', tenantColumn: 'tenant_id' },
  ],
  apiTags: { Accounts: 'The signed-in account: who am I, in which tenants, with which roles.' },
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createIdentityTestEntities(ctx),
};

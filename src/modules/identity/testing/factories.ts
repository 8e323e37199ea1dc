// Test factory of the identity module (see TestFactoryContext): an API token and an SSO provider.
import { newId } from '../../../platform/db/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { createApiToken } from '../api-tokens.ts';
import { oidcProviders } from '../db/schema.ts';

export async function createIdentityTestEntities({ services, tenant, marker, userId }: TestFactoryContext) {
  const token = await createApiToken(services.db, tenant.id, userId, `${marker} token`);
  const providerId = newId();
  await services.db.insert(oidcProviders).values({
    tenantId: tenant.id,
    id: providerId,
    name: `${marker} SSO`,
    issuer: 'https://sso.example.org/realms/test',
    clientId: 'quartier',
    clientSecret: 'not-a-secret',
  });
  const params: TestParams = {
    'tokens/:id': [{ value: token.id, table: 'api_tokens' }],
    'sso/:id': [{ value: providerId, table: 'oidc_providers' }],
  };
  return params;
}

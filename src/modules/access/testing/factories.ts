// Test factory of the access module (see TestFactoryContext): a second membership of the tenant's
// member, limited to the tenant's test area (access creates no accounts: identity does).
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { addMembership, listMemberships } from '../memberships.ts';

export async function createAccessTestEntities({ services, tenant, userId, params }: TestFactoryContext) {
  const scopeAreaId = params['areas/:id']?.[0]?.value ?? null;
  await addMembership(services.db, { tenantId: tenant.id, userId, role: 'coordinator', scopeAreaId });
  const m = (await listMemberships(services.db, tenant.id)).find(
    (x) => x.userId === userId && x.role === 'coordinator',
  )!;
  const params_: TestParams = { 'users/:membershipId': [{ value: m.id, table: 'memberships' }] };
  return params_;
}

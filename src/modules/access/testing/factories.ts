// Test factory of the access module (see TestFactoryContext): a second member with a membership.
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { createUser } from '../../identity/index.ts';
import { addMembership, listMemberships } from '../memberships.ts';

export async function createAccessTestEntities({ services, tenant, marker }: TestFactoryContext) {
  const user = await createUser(services.db, {
    email: `member-${tenant.slug}@example.org`,
    name: `${marker} member`,
    verified: true,
  });
  await addMembership(services.db, { tenantId: tenant.id, userId: user.id, role: 'coordinator' });
  const m = (await listMemberships(services.db, tenant.id)).find((x) => x.userId === user.id)!;
  const params: TestParams = { 'users/:membershipId': [{ value: m.id, table: 'memberships' }] };
  return params;
}

// Test factory of the admin module (see TestFactoryContext): a mail in the tenant's outbox.
import { queueMail } from '../../../platform/mail/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';

export async function createAdminTestEntities({ services, tenant, marker }: TestFactoryContext) {
  const id = await queueMail(services.db, {
    tenantId: tenant.id,
    to: `outbox-${tenant.slug}@example.org`,
    subject: `${marker} mail`,
    text: `${marker} text`,
  });
  const params: TestParams = { 'outbox/:id': [{ value: id, table: 'mail_outbox' }] };
  return params;
}

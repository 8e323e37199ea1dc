// Test factory of the admin module (see TestFactoryContext): a mail in the tenant's outbox and the
// report of a data-subject erasure.
import { writeAudit } from '../../../platform/audit/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { DATA_SUBJECT } from '../use-cases/data-subject.ts';

export async function createAdminTestEntities({ services, tenant, marker }: TestFactoryContext) {
  const id = await queueMail(services.db, {
    tenantId: tenant.id,
    to: `outbox-${tenant.slug}@example.org`,
    subject: `${marker} mail`,
    text: `${marker} text`,
  });
  const erasure = await writeAudit(services.db, {
    tenantId: tenant.id,
    action: 'erase',
    entityType: DATA_SUBJECT,
    entityId: `subject:${tenant.slug}`,
    personal: true,
    details: { results: [{ module: 'admin', erased: 1, details: { 'admin.mails': 1 }, kept: `${marker}` }] },
  });
  const params: TestParams = {
    'outbox/:id': [{ value: id, table: 'mail_outbox' }],
    'erasures/:id': [{ value: erasure, table: 'audit_log' }],
  };
  return params;
}

/** The person in the outbox: a mail to them and a notice to staff that names their address. */
export async function createAdminTestPerson(
  { services, tenant }: TestFactoryContext,
  person: { email: string; name: string },
) {
  await queueMail(services.db, {
    tenantId: tenant.id,
    to: person.email,
    subject: 'Ihre Nachricht',
    text: `Hallo ${person.name},\n\nvielen Dank.`,
  });
  await queueMail(services.db, {
    tenantId: tenant.id,
    to: `team-${tenant.slug}@example.org`,
    subject: 'Rückrufbitte',
    text: `Bitte ${person.name} zurückrufen (${person.email}).`,
  });
}

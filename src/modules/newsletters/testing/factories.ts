// Test factory of the newsletters module (see TestFactoryContext): a subscriber waiting for
// confirmation, a confirmed one, and a sent issue with its delivery (the mail's own token).
import { randomBytes } from 'node:crypto';
import { newId } from '../../../platform/db/index.ts';
import { hashToken } from '../../../platform/http/security.ts';
import type { TestFactoryContext, TestParams } from '../../../platform/modules.ts';
import { bounces, deliveries, issues, subscribers } from '../db/schema.ts';

const token = () => randomBytes(24).toString('base64url');

export async function createNewsletterTestEntities({ services, tenant, marker, userId }: TestFactoryContext) {
  const { db } = services;
  const t = tenant.id;
  const [pending, confirmed, issue] = Array.from({ length: 3 }, () => newId());
  const confirmToken = token();
  const manageToken = token();
  const mailToken = token();
  const consent = { consentText: `${marker} consent`, consentVersion: '1', consentAt: new Date() };
  await db.insert(subscribers).values([
    {
      tenantId: t,
      id: pending,
      email: `pending-${tenant.slug}@example.org`,
      confirmTokenHash: hashToken(confirmToken),
      ...consent,
    },
    {
      tenantId: t,
      id: confirmed,
      email: `confirmed-${tenant.slug}@example.org`,
      status: 'active',
      confirmedAt: new Date(),
      manageTokenHash: hashToken(manageToken),
      ...consent,
    },
  ]);
  await db.insert(issues).values({
    tenantId: t,
    id: issue,
    subject: `${marker} issue`,
    introHtml: `<p>${marker}</p>`,
    createdBy: userId,
  });
  await db.insert(deliveries).values({
    tenantId: t,
    issueId: issue,
    subscriberId: confirmed,
    tokenHash: hashToken(mailToken),
  });
  const p: TestParams = {
    'issues/:id': [{ value: issue, table: 'newsletter_issues' }],
    'subscribers/:id': [
      { value: pending, table: 'newsletter_subscribers' },
      { value: confirmed, table: 'newsletter_subscribers' },
    ],
    'confirm/:token': [{ value: confirmToken, table: 'newsletter_subscribers' }],
    's/:token': [
      { value: manageToken, table: 'newsletter_subscribers' },
      { value: mailToken, table: 'newsletter_deliveries' },
    ],
    'unsubscribe/:token': [
      { value: manageToken, table: 'newsletter_subscribers' },
      { value: mailToken, table: 'newsletter_deliveries' },
    ],
  };
  return p;
}

/**
 * The person as a newsletter reader (data-subject test): a confirmed subscription with their consent,
 * an issue sent to them (its recipient count stays after erasure) and a soft bounce recorded for it.
 */
export async function createNewsletterTestPerson(
  { services, tenant, userId }: TestFactoryContext,
  person: { email: string; name: string; phone: string },
) {
  const { db } = services;
  const t = tenant.id;
  const [subscriber, issue] = [newId(), newId()];
  await db.insert(subscribers).values({
    tenantId: t,
    id: subscriber,
    email: person.email,
    status: 'active',
    confirmedAt: new Date(),
    manageTokenHash: hashToken(token()),
    consentText: 'Ja, ich möchte den Newsletter erhalten.',
    consentVersion: '1',
    consentAt: new Date(),
  });
  await db.insert(issues).values({
    tenantId: t,
    id: issue,
    subject: 'Neues aus dem Kiez',
    introHtml: '<p>Hallo</p>',
    status: 'sent',
    recipients: 1,
    createdBy: userId,
  });
  await db.insert(deliveries).values({
    tenantId: t,
    issueId: issue,
    subscriberId: subscriber,
    status: 'sent',
    sentAt: new Date(),
    tokenHash: hashToken(token()),
  });
  await db.insert(bounces).values({
    tenantId: t,
    id: newId(),
    subscriberId: subscriber,
    issueId: issue,
    kind: 'soft',
    status: '4.2.2',
    diagnostic: 'mailbox full',
    outcome: 'counted',
    source: 'cli',
    mailHash: hashToken(token()),
    reportedAt: new Date(),
  });
}

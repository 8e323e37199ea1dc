import type { ModuleManifest } from '../../platform/modules.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountAdminRoutes } from './routes.ts';
import { runRetention } from './use-cases/data-subject.ts';
import { adminInbox } from './use-cases/inbox.ts';
import { outboxPrivacy } from './use-cases/mail-privacy.ts';

/**
 * Administration screens over the platform services: mail outbox, audit log, and the tenant-wide
 * data-subject screen that asks every module's privacy hook.
 */
export const adminManifest: ModuleManifest = {
  name: 'admin',
  i18n: { de, en },
  permissions,
  nav: [
    { path: '/admin/outbox', label: 'nav.outbox', permission: PERMS.read, order: 90 },
    { path: '/admin/audit', label: 'nav.audit', permission: PERMS.read, order: 91 },
    { path: '/admin/privacy', label: 'nav.privacy', permission: PERMS.privacy, order: 92 },
  ],
  mount: mountAdminRoutes,
  // What waits for the member (staff start page).
  inbox: adminInbox,
  jobs: (services) => [
    {
      name: 'privacy.retention',
      // Daily at 03:30 UTC: every module deletes what is past its retention (events: 30 days after
      // the event); what waits for staff to confirm is only counted.
      schedule: '30 3 * * *',
      retryLimit: 1,
      handler: async () => {
        const r = await runRetention(services);
        if (r.erased + r.failed > 0) services.log.info(r, 'retention: expired personal data deleted');
      },
    },
  ],
  // The outbox has no module of its own: mails to (or naming) the person's address.
  privacy: outboxPrivacy,
  /** Loaded only by the tests (tenant-isolation walk, data-subject test). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createAdminTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createAdminTestPerson(ctx, person),
};

import type { ModuleManifest } from '../../platform/modules.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountAuditScreen } from './ui/audit.tsx';
import { mountOutboxScreens } from './ui/outbox.tsx';

/** Administration screens over the platform services: mail outbox and audit log. */
export const adminManifest: ModuleManifest = {
  name: 'admin',
  i18n: { de, en },
  permissions,
  nav: [
    { path: '/admin/outbox', label: 'nav.outbox', permission: PERMS.read, order: 90 },
    { path: '/admin/audit', label: 'nav.audit', permission: PERMS.read, order: 91 },
  ],
  mount(r) {
    mountOutboxScreens(r.staff);
    mountAuditScreen(r.staff);
  },
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createAdminTestEntities(ctx),
};

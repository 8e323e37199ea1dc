import type { ModuleManifest } from '../../platform/modules.ts';
import { getUser } from '../identity/index.ts';
import { getTenant } from '../tenancy/index.ts';
import { registerNetworkCli } from './cli.ts';
import { networkFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { PERMS, permissions } from './policies.ts';
import { mountNetworkRoutes } from './routes.ts';
import { todayIn } from './use-cases/consultation.ts';
import { sendTaskReminders } from './use-cases/contacts.ts';
import { networkInbox } from './use-cases/inbox.ts';
import { networkPrivacy } from './use-cases/privacy.ts';
import { TIME_ZONE } from './vocab.ts';

export const networkManifest: ModuleManifest = {
  name: 'network',
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  publicNav: [{ path: '/consultation-hours', label: 'publicNav.consultation', order: 20 }],
  nav: [
    { path: '/network/actors', label: 'nav.actors', permission: PERMS.view, order: 20 },
    {
      path: '/network/consultation-hours',
      label: 'nav.consultationHours',
      permission: PERMS.read,
      order: 21,
    },
    { path: '/network/concerns', label: 'nav.concerns', permission: PERMS.view, order: 22 },
    { path: '/network/week', label: 'nav.week', permission: PERMS.read, order: 23 },
  ],
  mount: mountNetworkRoutes,
  // What waits for the member (staff start page).
  inbox: networkInbox,
  jobs: (services) => [
    {
      name: 'network.task-reminders',
      // Every morning at 06:00 UTC (07:00/08:00 in Berlin).
      schedule: '0 6 * * *',
      handler: async () => {
        await sendTaskReminders(services.db, {
          today: todayIn(TIME_ZONE),
          baseUrl: services.config.baseUrl,
          userOf: async (id) => {
            const u = await getUser(services.db, id);
            return u && !u.disabledAt ? { email: u.email, name: u.name, locale: u.locale } : undefined;
          },
          tenantSlug: async (id) => (await getTenant(services.db, id))?.slug,
          text: (locale, lines, link) => {
            const t = services.i18n.t(locale === 'en' ? 'en' : 'de', 'network');
            return {
              subject: t('reminder.subject', { count: lines.length }),
              text: t('reminder.body', { list: lines.map((l) => `- ${l}`).join('\n'), link }),
            };
          },
        });
      },
    },
  ],
  cli: registerNetworkCli,
  backup: [
    { name: 'network_actors', tenantColumn: 'tenant_id' },
    { name: 'network_relations', tenantColumn: 'tenant_id' },
    { name: 'network_venues', tenantColumn: 'tenant_id' },
    { name: 'network_contacts', tenantColumn: 'tenant_id' },
    { name: 'network_tasks', tenantColumn: 'tenant_id' },
    { name: 'network_series', tenantColumn: 'tenant_id' },
    { name: 'network_series_slots', tenantColumn: 'tenant_id' },
    { name: 'network_series_exceptions', tenantColumn: 'tenant_id' },
    { name: 'network_series_extras', tenantColumn: 'tenant_id' },
    { name: 'network_concerns', tenantColumn: 'tenant_id' },
    { name: 'network_outreach', tenantColumn: 'tenant_id' },
    { name: 'network_imports', tenantColumn: 'tenant_id' },
  ],
  seedDemo: async (services, tenantId) => (await import('./demo.ts')).seedDemoNetwork(services, tenantId),
  figures: networkFigures,
  // People, their contact log and follow-ups, contact data in concerns; expired records wait on the
  // retention review for staff to confirm.
  privacy: networkPrivacy,
  apiTags: {
    Network: 'The mobile neighbourhood office: local actors, venues, consultation dates and concerns.',
  },
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createNetworkTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createNetworkTestPerson(ctx, person),
};

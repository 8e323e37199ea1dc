import type { ModuleManifest } from '../../platform/modules.ts';
import { councilsAgenda } from './agenda-hook.ts';
import { councilFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { councilsPublicDates } from './public-dates.ts';
import { mountCouncilsRoutes } from './routes.ts';
import { closeDueCirculations } from './use-cases/circulation.ts';
import { councilsPrivacy } from './use-cases/privacy.ts';
import { sendDueReminders } from './use-cases/reminder-mails.ts';
import { councilsInbox } from './use-cases/reminders.ts';

export const councilsManifest: ModuleManifest = {
  name: 'councils',
  // Staff wording in German and English; the public body pages and the OParl API's messages also in
  // Turkish, Arabic and easy German (i18n/public.ts).
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  nav: [{ path: '/councils', label: 'nav', permission: READ, order: 40 }],
  publicNav: [{ path: '/councils', label: 'publicNav.councils', order: 35 }],
  // Public meetings of public bodies in the public calendar of their area (the area page).
  publicDates: councilsPublicDates,
  mount: mountCouncilsRoutes,
  // What waits for the staff who manage bodies (staff start page): invitations due and not sent,
  // terms that end within 30 days. Read from the records as they are, so
  // nothing is stored and a line clears itself once the work is done.
  inbox: councilsInbox,
  // Agenda items for other modules: the coordination module escalates overdue needs to a steering round.
  agenda: councilsAgenda,
  jobs: (services) => [
    {
      name: 'councils.close-circulations',
      // Every 10 minutes: circulation votes whose window has ended get their result.
      schedule: '*/10 * * * *',
      handler: async () => {
        await closeDueCirculations(services.db);
      },
    },
    {
      name: 'councils.send-reminders',
      // Every morning (05:30 UTC, before the working day in Berlin): invitations due and terms
      // ending within 30 days, mailed once to the staff who manage the body.
      schedule: '30 5 * * *',
      handler: async () => {
        await sendDueReminders(services);
      },
    },
  ],
  backup: [
    { name: 'councils_bodies', tenantColumn: 'tenant_id' },
    { name: 'councils_meetings', tenantColumn: 'tenant_id' },
    { name: 'councils_agenda_items', tenantColumn: 'tenant_id' },
    { name: 'councils_votes', tenantColumn: 'tenant_id' },
    { name: 'councils_members', tenantColumn: 'tenant_id' },
    { name: 'councils_attendance', tenantColumn: 'tenant_id' },
    { name: 'councils_circulations', tenantColumn: 'tenant_id' },
    { name: 'councils_conflicts', tenantColumn: 'tenant_id' },
    { name: 'councils_ballots', tenantColumn: 'tenant_id' },
    { name: 'councils_circulation_ballots', tenantColumn: 'tenant_id' },
    // A member's private voting link never opens a copy of the tenant.
    { name: 'councils_circulation_links', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
    // Uploaded papers: the rows here, the bytes with the tenant's stored files.
    { name: 'councils_item_files', tenantColumn: 'tenant_id' },
    { name: 'councils_paper_link_withdrawals', tenantColumn: 'tenant_id' },
    { name: 'councils_reminders_sent', tenantColumn: 'tenant_id' },
    { name: 'councils_oparl_tombstones', tenantColumn: 'tenant_id' },
  ],
  seedDemo: async (services, tenantId) =>
    (await import('./seed-demo.ts')).seedDemoCouncils(services, tenantId),
  figures: councilFigures,
  // Members' names and e-mail addresses; kept with the body's history until erased on request.
  privacy: councilsPrivacy,
  /** Loaded only by the tests (tenant-isolation walk, figures, data-subject requests). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createCouncilTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createCouncilTestPerson(ctx, person),
};

import type { ModuleManifest } from '../../platform/modules.ts';
import { getTenant } from '../tenancy/index.ts';
import { registerEventsCli } from './cli.ts';
import { eventFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import lsDe from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { importJobs } from './import/jobs.ts';
import { PERMS, permissions } from './policies.ts';
import { mountEventsRoutes } from './routes.ts';
import { eventsInbox } from './use-cases/inbox.ts';
import { eventsPrivacy } from './use-cases/privacy.ts';
import { sendReminders } from './use-cases/registrations.ts';

export const eventsManifest: ModuleManifest = {
  name: 'events',
  // Public pages and mails to the public also in Turkish, Arabic and easy German (staff screens: de/en).
  i18n: { de, en, tr, ar, 'de-x-ls': lsDe },
  permissions,
  publicNav: [{ path: '/events', label: 'publicNav.events', order: 10 }],
  nav: [{ path: '/events', label: 'nav', permission: PERMS.read, order: 15 }],
  mount: mountEventsRoutes,
  // What waits for the member (staff start page).
  inbox: eventsInbox,
  jobs: (services) => [
    {
      name: 'events.reminders',
      // Hourly: registrations for events in the next day get one reminder each.
      schedule: '7 * * * *',
      handler: async () => {
        await sendReminders(services, async (id) => {
          const t = await getTenant(services.db, id);
          return t ? { id: t.id, slug: t.slug, name: t.name, settings: t.settings } : undefined;
        });
      },
    },
    ...importJobs(services),
  ],
  cli: registerEventsCli,
  backup: [
    { name: 'events_categories', tenantColumn: 'tenant_id' },
    { name: 'events_settings', tenantColumn: 'tenant_id' },
    { name: 'events_sources', tenantColumn: 'tenant_id' },
    // Private links (a submitter's edit link, a registration's link) never open a copy; the import
    // hash is a fingerprint of what a feed said, no credential.
    {
      name: 'events_events',
      tenantColumn: 'tenant_id',
      secrets: { edit_token_hash: 'reissue', import_hash: 'keep' },
    },
    { name: 'events_occurrence_places', tenantColumn: 'tenant_id' },
    { name: 'events_registrations', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
    { name: 'events_attendance', tenantColumn: 'tenant_id' },
    { name: 'events_result_files', tenantColumn: 'tenant_id' },
    { name: 'events_import_runs', tenantColumn: 'tenant_id' },
  ],
  seedDemo: async (services, tenantId) => (await import('./seed-demo.ts')).seedDemoEvents(services, tenantId),
  figures: eventFigures,
  // Registrations, submitters and contact addresses; the deletion 30 days after an event is its
  // retention (run daily by the admin module's retention job).
  privacy: eventsPrivacy,
  apiTags: {
    Events: 'The calendar: events, their review queue, publication, cancellation and attendance counts.',
  },
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createEventTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createEventTestPerson(ctx, person),
};

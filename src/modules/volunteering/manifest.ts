import { z } from 'zod';
import type { ModuleManifest } from '../../platform/modules.ts';
import { todayLocal } from '../../platform/time/index.ts';
import { listTenants } from '../tenancy/index.ts';
import { volunteeringFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountVolunteeringRoutes } from './routes.ts';
import { remindSignups } from './use-cases/calls.ts';
import { expireProposals } from './use-cases/matches.ts';
import { volunteeringPrivacy } from './use-cases/privacy.ts';

/** The module's settings, checked at start (README "Configuration"). */
const config = z
  .object({
    /** Years an extended criminal-record certificate counts from its issue date. */
    VOLUNTEERING_CERTIFICATE_YEARS: z.coerce.number().int().min(1).max(10).default(5),
    /** Months without activity after which a volunteer's entry is erased (after a warning mail). */
    VOLUNTEERING_RETENTION_MONTHS: z.coerce.number().int().min(3).max(120).default(24),
  })
  .transform((c) => ({
    certificateYears: c.VOLUNTEERING_CERTIFICATE_YEARS,
    retentionMonths: c.VOLUNTEERING_RETENTION_MONTHS,
  }));

export const volunteeringManifest: ModuleManifest = {
  name: 'volunteering',
  // Staff wording in German and English; the "Get involved" pages, the offer form, the volunteer's
  // private page, mails and the certificate also in Turkish, Arabic and easy German (i18n/public.ts).
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  config,
  nav: [{ path: '/volunteering', label: 'nav', permission: READ, order: 47 }],
  publicNav: [{ path: '/volunteering', label: 'publicNav.volunteering', order: 36 }],
  mount: mountVolunteeringRoutes,
  apiTags: {
    Volunteering: 'Get involved: open needs and calls, initiatives, and the matches of a need (staff).',
  },
  jobs: (services) => [
    {
      name: 'volunteering.daily',
      // Every morning (05:45 UTC): proposals past their time expire, sign-ups for tomorrow's calls
      // get their reminder. Deletion after inactivity runs in the admin module's retention job.
      schedule: '45 5 * * *',
      handler: async () => {
        for (const t of await listTenants(services.db)) {
          await expireProposals(services.db, t.id);
          await remindSignups(services.db, t.id, todayLocal());
        }
      },
    },
  ],
  backup: [
    { name: 'volunteering_needs', tenantColumn: 'tenant_id' },
    // The volunteer's and the sign-up's private links never open a copy of the tenant.
    { name: 'volunteering_volunteers', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
    { name: 'volunteering_matches', tenantColumn: 'tenant_id' },
    { name: 'volunteering_hours', tenantColumn: 'tenant_id' },
    { name: 'volunteering_certificates', tenantColumn: 'tenant_id' },
    { name: 'volunteering_thanks', tenantColumn: 'tenant_id' },
    { name: 'volunteering_initiatives', tenantColumn: 'tenant_id' },
    { name: 'volunteering_signups', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
  ],
  figures: volunteeringFigures,
  seedDemo: async (services, tenantId) =>
    (await import('./seed-demo.ts')).seedDemoVolunteering(services, tenantId),
  // Volunteers' entries (consent) and sign-ups for calls.
  privacy: volunteeringPrivacy,
  /** Loaded only by the tests (tenant-isolation walk, figures, data-subject requests). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createVolunteeringTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createVolunteeringTestPerson(ctx, person),
};

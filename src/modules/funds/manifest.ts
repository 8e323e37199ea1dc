import { z } from 'zod';
import type { ModuleManifest } from '../../platform/modules.ts';
import { fundFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountFundsRoutes } from './routes.ts';
import { fundsPrivacy } from './use-cases/privacy.ts';
import { sendSettlementReminders } from './use-cases/settlement.ts';

/** The module's settings, checked at start (README "Configuration"). */
const config = z
  .object({
    /** Years after an application is settled, closed or withdrawn before its applicant's data go. */
    FUNDS_RETENTION_YEARS: z.coerce.number().int().min(1).max(30).default(5),
  })
  .transform((c) => ({ retentionYears: c.FUNDS_RETENTION_YEARS }));

export const fundsManifest: ModuleManifest = {
  name: 'funds',
  // Staff wording in German and English; the calls, the application form, the applicant's page, mails
  // and the decision letter also in Turkish, Arabic and easy German (i18n/public.ts).
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  config,
  nav: [{ path: '/funds', label: 'nav', permission: READ, order: 45 }],
  // After the councils: the calls of the funds that take applications.
  publicNav: [{ path: '/funds', label: 'publicNav.funds', order: 37 }],
  mount: mountFundsRoutes,
  apiTags: {
    Funds:
      'Neighbourhood funds: the open calls, and for staff the fund-years with balances, applications, decisions, ledger and report.',
  },
  backup: [
    { name: 'funds_funds', tenantColumn: 'tenant_id' },
    { name: 'funds_fund_years', tenantColumn: 'tenant_id' },
    { name: 'funds_budget_changes', tenantColumn: 'tenant_id' },
    // The applicant's private link never opens a copy of the tenant.
    { name: 'funds_applications', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
    { name: 'funds_cost_lines', tenantColumn: 'tenant_id' },
    // Quotes of an application: the rows here, the bytes with the tenant's stored files.
    { name: 'funds_application_files', tenantColumn: 'tenant_id' },
    { name: 'funds_eligibility_notes', tenantColumn: 'tenant_id' },
    { name: 'funds_status_changes', tenantColumn: 'tenant_id' },
    { name: 'funds_ledger', tenantColumn: 'tenant_id' },
    // The settlement; its receipts and photos: the rows here, the bytes with the tenant's stored files.
    { name: 'funds_settlements', tenantColumn: 'tenant_id' },
    { name: 'funds_settlement_files', tenantColumn: 'tenant_id' },
  ],
  jobs: (services) => [
    {
      name: 'funds.settlement-reminders',
      // Every morning (05:45 UTC, before the working day in Berlin): applicants whose settlement is
      // due within two weeks and not in yet, mailed once in their language.
      schedule: '45 5 * * *',
      handler: async () => {
        await sendSettlementReminders(services);
      },
    },
  ],
  seedDemo: async (services, tenantId) => (await import('./seed-demo.ts')).seedDemoFunds(services, tenantId),
  figures: fundFigures,
  // Applicants' names and contact data; the ledger keeps amounts, never names.
  privacy: fundsPrivacy,
  /** Loaded only by the tests (tenant-isolation walk, figures, data-subject requests). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createFundTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createFundTestPerson(ctx, person),
};

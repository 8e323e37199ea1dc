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

export const fundsManifest: ModuleManifest = {
  name: 'funds',
  // Staff wording in German and English; the calls, the application form, the applicant's page, mails
  // and the decision letter also in Turkish, Arabic and easy German (i18n/public.ts).
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  nav: [{ path: '/funds', label: 'nav', permission: READ, order: 45 }],
  // After the councils: the calls of the funds that take applications.
  publicNav: [{ path: '/funds', label: 'publicNav.funds', order: 37 }],
  mount: mountFundsRoutes,
  backup: [
    { name: 'funds_funds', tenantColumn: 'tenant_id' },
    { name: 'funds_fund_years', tenantColumn: 'tenant_id' },
    { name: 'funds_budget_changes', tenantColumn: 'tenant_id' },
    // The applicant's private link never opens a copy of the tenant.
    { name: 'funds_applications', tenantColumn: 'tenant_id', secrets: { token_hash: 'reissue' } },
    { name: 'funds_cost_lines', tenantColumn: 'tenant_id' },
    { name: 'funds_eligibility_notes', tenantColumn: 'tenant_id' },
    { name: 'funds_status_changes', tenantColumn: 'tenant_id' },
    { name: 'funds_ledger', tenantColumn: 'tenant_id' },
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

import type { ModuleManifest } from '../../platform/modules.ts';
import { coordinationFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountCoordinationRoutes } from './routes.ts';
import { coordinationInbox } from './use-cases/reminders.ts';

export const coordinationManifest: ModuleManifest = {
  name: 'coordination',
  // Staff wording in German and English; the public pages of adopted action plans also in Turkish,
  // Arabic and easy German (i18n/public.ts). A body's recommendations with the answers are on the
  // councils module's public body page.
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  nav: [
    { path: '/coordination', label: 'nav', permission: READ, order: 42 },
    { path: '/coordination/plans', label: 'navPlans', permission: READ, order: 43 },
    { path: '/coordination/resources', label: 'navResources', permission: READ, order: 44 },
    { path: '/coordination/pruefsteine', label: 'navPruefsteine', permission: READ, order: 44.5 },
  ],
  publicNav: [{ path: '/plans', label: 'publicNav.plans', order: 38 }],
  mount: mountCoordinationRoutes,
  apiTags: {
    Coordination:
      'Needs reported from the areas with their routings to departments and the answers; integrated action plans with fields of action, goals, indicators, measures (projects) and progress.',
  },
  // Reminders: overdue routings (deadline passed, no answer), needs waiting to be routed, needs waiting
  // for one's own department. Read from the routings as they are; nothing stored.
  inbox: coordinationInbox,
  backup: [
    { name: 'coordination_departments', tenantColumn: 'tenant_id' },
    { name: 'coordination_needs', tenantColumn: 'tenant_id' },
    { name: 'coordination_routings', tenantColumn: 'tenant_id' },
    { name: 'coordination_plans', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_versions', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_fields', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_goals', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_indicators', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_progress', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_measures', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_milestones', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_steps', tenantColumn: 'tenant_id' },
    { name: 'coordination_plan_budget_years', tenantColumn: 'tenant_id' },
    { name: 'coordination_budgets', tenantColumn: 'tenant_id' },
    { name: 'coordination_pruefstein_ratings', tenantColumn: 'tenant_id' },
  ],
  seedDemo: async (services, tenantId) =>
    (await import('./seed-demo.ts')).seedDemoCoordination(services, tenantId),
  figures: coordinationFigures,
  // No privacy hook: needs carry no personal data of residents (the form says so); reporters are staff.
  /** Loaded only by the tests (tenant-isolation walk, figures). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createCoordinationTestEntities(ctx),
};

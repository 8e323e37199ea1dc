import type { ModuleManifest } from '../../platform/modules.ts';
import { coordinationFigures } from './figures.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountCoordinationRoutes } from './routes.ts';
import { coordinationInbox } from './use-cases/reminders.ts';

export const coordinationManifest: ModuleManifest = {
  name: 'coordination',
  // Staff wording in German and English. What residents see of it (a body's recommendations with the
  // answers) is on the councils module's public body page, in its five languages.
  i18n: { de, en },
  permissions,
  nav: [{ path: '/coordination', label: 'nav', permission: READ, order: 42 }],
  mount: mountCoordinationRoutes,
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
  ],
  seedDemo: async (services, tenantId) =>
    (await import('./seed-demo.ts')).seedDemoCoordination(services, tenantId),
  figures: coordinationFigures,
  // No privacy hook: needs carry no personal data of residents (the form says so); reporters are staff.
  /** Loaded only by the tests (tenant-isolation walk, figures). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createCoordinationTestEntities(ctx),
};

import type { ModuleManifest } from '../../platform/modules.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { permissions } from './policies.ts';

export const councilsManifest: ModuleManifest = {
  name: 'councils',
  // Staff wording in German and English; public body pages will add Turkish, Arabic and easy German.
  i18n: { de, en },
  permissions,
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
  ],
  /** Loaded only by the tests (tenant-isolation walk, figures, data-subject requests). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createCouncilTestEntities(ctx),
};

import type { ModuleManifest } from '../../platform/modules.ts';
import { houseFigures } from './figures.ts';
import ar from './i18n/ar.json' with { type: 'json' };
import de from './i18n/de.json' with { type: 'json' };
import deLs from './i18n/de-x-ls.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import tr from './i18n/tr.json' with { type: 'json' };
import { permissions, READ } from './policies.ts';
import { mountHousesRoutes } from './routes.ts';
import { housesInbox } from './use-cases/inbox.ts';
import { housesPrivacy } from './use-cases/privacy.ts';

export const housesManifest: ModuleManifest = {
  name: 'houses',
  // Staff screens and most public texts in German and English; the public navigation label in all five.
  i18n: { de, en, tr, ar, 'de-x-ls': deLs },
  permissions,
  publicNav: [{ path: '/houses', label: 'publicNav.houses', order: 30 }],
  nav: [{ path: '/houses', label: 'nav', permission: READ, order: 30 }],
  mount: mountHousesRoutes,
  // What waits for the member (staff start page).
  inbox: housesInbox,
  backup: [
    { name: 'houses', tenantColumn: 'tenant_id' },
    { name: 'rooms', tenantColumn: 'tenant_id' },
    { name: 'room_photos', tenantColumn: 'tenant_id' },
    // The group-key salt stays: the copy's stored group keys were made with it (it opens nothing).
    { name: 'house_settings', tenantColumn: 'tenant_id', secrets: { group_key_salt: 'keep' } },
    { name: 'house_closures', tenantColumn: 'tenant_id' },
    // A requester's private link (status, cancellation) never opens the copy.
    { name: 'booking_requests', tenantColumn: 'tenant_id', secrets: { cancel_token_hash: 'reissue' } },
    { name: 'bookings', tenantColumn: 'tenant_id' },
  ],
  seedDemo: async (services, tenantId) =>
    (await import('./use-cases/seed-demo.ts')).seedDemoHouses(services, tenantId),
  figures: houseFigures,
  // Requesters' details on booking requests; expired ones wait on the houses' data protection screen.
  privacy: housesPrivacy,
  apiTags: {
    Houses: 'Community houses: rooms, their availability and booking requests with the staff decision.',
  },
  /** Loaded only by the tests (tenant-isolation walk). */
  testFactory: async (ctx) => (await import('./testing/factories.ts')).createHouseTestEntities(ctx),
  testPerson: async (ctx, person) =>
    (await import('./testing/factories.ts')).createHouseTestPerson(ctx, person),
};

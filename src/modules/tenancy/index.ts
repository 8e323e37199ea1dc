export type { TenantSettings } from './db/schema.ts';
export { tenancyManifest } from './manifest.ts';
export { backupTenant, restoreTenant, type TenantRestoreResult } from './tenant-backup.ts';
export {
  assertSlug,
  createTenant,
  getTenant,
  getTenantBySlug,
  listTenants,
  RESERVED_SLUGS,
  type Tenant,
  updateTenantSettings,
} from './tenants.ts';

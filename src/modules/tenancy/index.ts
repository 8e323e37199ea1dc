export type { TenantSettings } from './db/schema.ts';
export { tenancyManifest } from './manifest.ts';
export { backupTenant, restoreTenant, type TenantRestoreResult } from './tenant-backup.ts';
export {
  assertSlug,
  createTenant,
  forgetPublicTenant,
  getPublicTenantBySlug,
  getTenant,
  getTenantBySlug,
  listTenants,
  RESERVED_SLUGS,
  saveTenantSettings,
  type Tenant,
  type TenantSettingsForm,
  updateTenantSettings,
} from './tenants.ts';

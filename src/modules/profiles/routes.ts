// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountProfilesApi } from './api.ts';
import { mountStaffProfilesImport } from './ui/import.tsx';
import { mountStaffIndicatorPages } from './ui/indicators.tsx';
import { mountProfilePages } from './ui/profile-pages.tsx';

export function mountProfilesRoutes(r: Routers): void {
  mountStaffIndicatorPages(r.staff);
  mountStaffProfilesImport(r.staff);
  mountProfilePages(r);
  mountProfilesApi(r.api);
}

// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountImpactApi } from './api.ts';
import { mountStaffImpactPages } from './ui/staff.tsx';

export function mountImpactRoutes(r: Routers): void {
  mountStaffImpactPages(r.staff);
  mountImpactApi(r.api);
}

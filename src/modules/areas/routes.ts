// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountAreasApi } from './api.ts';
import { mountPublicAreaPages } from './ui/public.tsx';
import { mountStaffAreaPages } from './ui/staff.tsx';

export function mountAreasRoutes(r: Routers): void {
  mountPublicAreaPages(r.public);
  mountStaffAreaPages(r.staff);
  mountAreasApi(r.api);
}

// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountVolunteeringApi } from './api.ts';
import { mountPublicVolunteeringPages } from './ui/public.tsx';
import { mountStaffVolunteeringPages } from './ui/staff.tsx';

export function mountVolunteeringRoutes(r: Routers): void {
  mountStaffVolunteeringPages(r.staff);
  mountPublicVolunteeringPages(r.public);
  mountVolunteeringApi(r.api);
}

// Where the module's screens are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountCoordinationApi } from './api.ts';
import { mountStaffPlanPages } from './ui/plans.tsx';
import { mountStaffPruefsteinPages } from './ui/pruefsteine.tsx';
import { mountPublicPlanPages } from './ui/public-plans.tsx';
import { mountStaffResourcePages } from './ui/resources.tsx';
import { mountStaffCoordinationPages } from './ui/staff.tsx';

export function mountCoordinationRoutes(r: Routers): void {
  mountStaffCoordinationPages(r.staff);
  mountStaffPlanPages(r.staff);
  mountStaffResourcePages(r.staff);
  mountStaffPruefsteinPages(r.staff);
  mountPublicPlanPages(r.public);
  mountCoordinationApi(r.api);
}

// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountHousesApi } from './api.ts';
import { mountPublicHousePages } from './ui/public.tsx';
import { mountStaffHousePages } from './ui/staff.tsx';
import { mountStaffManagePages } from './ui/staff-manage.tsx';
import { mountStaffPrivacyPages } from './ui/staff-privacy.tsx';
import { mountStaffReportPages } from './ui/staff-report.tsx';
import { mountStaffRequestPages } from './ui/staff-requests.tsx';

export function mountHousesRoutes(r: Routers): void {
  mountPublicHousePages(r.public);
  // Fixed paths (/houses/requests, /houses/utilisation, …) before /houses/:id.
  mountStaffRequestPages(r.staff);
  mountStaffReportPages(r.staff);
  mountStaffPrivacyPages(r.staff);
  mountStaffManagePages(r.staff);
  mountStaffHousePages(r.staff);
  mountHousesApi(r.api);
}

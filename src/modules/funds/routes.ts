// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountFundsApi, mountPublicFundsApi } from './api.ts';
import { mountFundedProjectPages } from './ui/funded-projects.tsx';
import { mountPublicFundPages } from './ui/public.tsx';
import { mountStaffReportPages } from './ui/reports.tsx';
import { mountPublicSettlementPages, mountStaffSettlementPages } from './ui/settlement.tsx';
import { mountStaffFundPages } from './ui/staff.tsx';

export function mountFundsRoutes(r: Routers): void {
  mountStaffReportPages(r.staff);
  mountStaffFundPages(r.staff);
  mountStaffSettlementPages(r.staff);
  // The settlement's pages before the application's (both below /funds/applications/:token).
  mountPublicSettlementPages(r.public);
  // The area website's funded projects and their photos.
  mountFundedProjectPages(r.public);
  mountPublicFundPages(r.public);
  mountFundsApi(r.api);
  mountPublicFundsApi(r.publicApi);
}

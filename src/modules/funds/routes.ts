// Where the module's screens are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountPublicFundPages } from './ui/public.tsx';
import { mountStaffFundPages } from './ui/staff.tsx';

export function mountFundsRoutes(r: Routers): void {
  mountStaffFundPages(r.staff);
  mountPublicFundPages(r.public);
}

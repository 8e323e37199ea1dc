// Where the module's screens are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountHsds } from './hsds/routes.ts';
import { mountHelpKiosk } from './ui/kiosk.tsx';
import { mountPublicHelpPages } from './ui/public.tsx';
import { mountHelpReviewPages } from './ui/review.tsx';
import { mountStaffHelpPages } from './ui/staff.tsx';

export function mountHelpRoutes(r: Routers): void {
  mountStaffHelpPages(r.staff);
  mountHelpKiosk(r.public);
  mountPublicHelpPages(r.public);
  mountHelpReviewPages(r.public);
  mountHsds(r.public);
}

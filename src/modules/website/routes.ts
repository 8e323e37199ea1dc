// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountWebsitePublicPages } from './ui/public.tsx';
import { mountWebsiteStaffPages } from './ui/staff.tsx';

export function mountWebsiteRoutes(r: Routers): void {
  mountWebsitePublicPages(r.public);
  mountWebsiteStaffPages(r.staff);
}

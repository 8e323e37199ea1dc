// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountNewsletterApi } from './api.ts';
import { mountNewsletterPublicPages } from './ui/public.tsx';
import { mountNewsletterStaffPages } from './ui/staff.tsx';

export function mountNewslettersRoutes(r: Routers): void {
  mountNewsletterPublicPages(r.public);
  mountNewsletterStaffPages(r.staff);
  mountNewsletterApi(r.api);
}

// Where the module's screens are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountOParl } from './oparl/routes.ts';
import { mountPaperPages } from './ui/papers.tsx';
import { mountPublicCouncilPages } from './ui/public.tsx';
import { mountStaffCouncilPages } from './ui/staff.tsx';

export function mountCouncilsRoutes(r: Routers): void {
  mountStaffCouncilPages(r.staff);
  mountOParl(r.root);
  mountPaperPages(r.public);
  mountPublicCouncilPages(r.public);
}

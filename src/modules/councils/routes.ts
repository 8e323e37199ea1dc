// Where the module's screens are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountOParl } from './oparl/routes.ts';
import { mountPaperPages } from './ui/papers.tsx';
import { mountPublicCouncilPages } from './ui/public.tsx';
import { mountRecommendationPages } from './ui/recommendations.tsx';
import { mountStaffCouncilPages } from './ui/staff.tsx';

export function mountCouncilsRoutes(r: Routers): void {
  // Before the body page (`/councils/:id`): a body's recommendations to the administration (BODY-3).
  mountRecommendationPages(r.staff);
  mountStaffCouncilPages(r.staff);
  mountOParl(r.root);
  mountPaperPages(r.public);
  mountPublicCouncilPages(r.public);
}

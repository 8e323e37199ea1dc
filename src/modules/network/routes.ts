// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountNetworkApi } from './api.ts';
import { mountActorPages } from './ui/actors.tsx';
import { mountConcernPages } from './ui/concerns.tsx';
import { mountImportPages } from './ui/import.tsx';
import { mountPosterPages } from './ui/posters.tsx';
import { mountPrivacyPages } from './ui/privacy.tsx';
import { mountPublicPages } from './ui/public.tsx';
import { mountSeriesPages } from './ui/series.tsx';
import { mountVenuePages } from './ui/venues.tsx';
import { mountWeekPages } from './ui/week.tsx';

export function mountNetworkRoutes(r: Routers): void {
  // Static paths before parameterised ones (Hono matches in order).
  mountConcernPages(r.staff);
  mountImportPages(r.staff);
  mountPrivacyPages(r.staff);
  mountPosterPages(r.staff);
  mountActorPages(r.staff);
  mountVenuePages(r.staff);
  mountSeriesPages(r.staff);
  mountWeekPages(r.staff);
  mountPublicPages(r.public);
  mountNetworkApi(r.api);
}

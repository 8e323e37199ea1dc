// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountEventsApi } from './api.ts';
import { mountPublicEventPage, mountPublicEventPages } from './ui/public.tsx';
import { mountRegistrationPages } from './ui/register.tsx';
import { mountSettingsPages } from './ui/settings.tsx';
import { mountSourcePages } from './ui/sources.tsx';
import { mountStaffEventPages } from './ui/staff.tsx';
import { mountSubmissionPages } from './ui/submit.tsx';

export function mountEventsRoutes(r: Routers): void {
  // Fixed paths before parameterised ones (Hono matches in order).
  mountSubmissionPages(r.public);
  mountRegistrationPages(r.public);
  mountPublicEventPages(r.public);
  mountPublicEventPage(r.public);
  mountSettingsPages(r.staff);
  mountSourcePages(r.staff);
  mountStaffEventPages(r.staff);
  mountEventsApi(r.api);
}

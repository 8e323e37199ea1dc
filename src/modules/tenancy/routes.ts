// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountLegalPages } from './ui/public.tsx';
import { mountSettings } from './ui/settings.tsx';
import { mountStartPage } from './ui/start.tsx';

export function mountTenancyRoutes(r: Routers): void {
  mountStartPage(r.root);
  mountLegalPages(r.public);
  mountSettings(r.staff);
}

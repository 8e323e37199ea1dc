// Where the module's screens are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountProfilePages } from './ui/profile-pages.tsx';

export function mountProfilesRoutes(r: Routers): void {
  mountProfilePages(r);
}

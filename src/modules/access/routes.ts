// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountStaffHome } from './ui/home.tsx';

export function mountAccessRoutes(r: Routers): void {
  mountStaffHome(r.staff);
}

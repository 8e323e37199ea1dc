// Where the module's screens are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountStaffCoordinationPages } from './ui/staff.tsx';

export function mountCoordinationRoutes(r: Routers): void {
  mountStaffCoordinationPages(r.staff);
}

// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountAuditScreen } from './ui/audit.tsx';
import { mountOutboxScreens } from './ui/outbox.tsx';
import { mountPrivacyScreen } from './ui/privacy.tsx';

export function mountAdminRoutes(r: Routers): void {
  mountOutboxScreens(r.staff);
  mountAuditScreen(r.staff);
  mountPrivacyScreen(r.staff);
}

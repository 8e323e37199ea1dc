// Where the module's screens and API are mounted; the manifest only declares the module.
import type { Routers } from '../../platform/modules.ts';
import { mountIdentityApi } from './api.ts';
import { mountAccount } from './ui/account.tsx';
import { mountAuthRoutes } from './ui/routes.tsx';
import { mountSsoAdmin } from './ui/sso-admin.tsx';
import { mountUserAdmin } from './ui/users.tsx';

export function mountIdentityRoutes(r: Routers): void {
  mountAuthRoutes(r.root);
  mountUserAdmin(r.staff);
  mountSsoAdmin(r.staff);
  mountAccount(r.staff);
  mountIdentityApi(r.api);
}

export { memberships, ROLES, type Role } from './db/schema.ts';
export { accessManifest } from './manifest.ts';
export {
  addMembership,
  listDepartments,
  listMemberships,
  type Membership,
  principalFor,
  removeMembership,
  tenantIdsOfUser,
} from './memberships.ts';
export { Policy, roleLabelKey } from './policy.ts';

export { memberships, ROLES, type Role } from './db/schema.ts';
export {
  addMembership,
  listMemberships,
  type Membership,
  principalFor,
  removeMembership,
  tenantIdsOfUser,
} from './memberships.ts';
export { Policy, roleLabelKey } from './policy.ts';
export { accessManifest } from './manifest.ts';

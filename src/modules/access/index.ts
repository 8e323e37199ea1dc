export { memberships, ROLES, type Role } from './db/schema.ts';
export { accessManifest } from './manifest.ts';
export {
  addMembership,
  canonicalDepartment,
  DEPARTMENT_MAX,
  listDepartments,
  listMemberships,
  type Membership,
  normaliseDepartment,
  principalFor,
  removeMembership,
  setMembershipDepartment,
  tenantIdsOfUser,
} from './memberships.ts';
export { Policy, roleLabelKey } from './policy.ts';

export { ROLES, type Role } from './db/schema.ts';
export { accessManifest } from './manifest.ts';
export {
  addMembership,
  canonicalDepartment,
  DEPARTMENT_MAX,
  getMembership,
  holdsDepartmentElsewhere,
  listDepartments,
  listMemberships,
  type Membership,
  normaliseDepartment,
  principalFor,
  removeMembership,
  removeMembershipKeepingAnAdmin,
  setMembershipDepartment,
  tenantIdsOfUser,
} from './memberships.ts';
export { Policy, roleLabelKey } from './policy.ts';

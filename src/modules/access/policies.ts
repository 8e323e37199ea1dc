// Permissions of the access module (granted to roles here; the Policy that checks every module's
// permissions is policy.ts).

export const PERMS = {
  /** Opens the staff side of a tenant at all: every role has it. */
  enter: 'staff.enter',
} as const;

export const permissions: Record<string, string[]> = {
  [PERMS.enter]: ['admin', 'coordinator', 'team', 'department', 'jury'],
};

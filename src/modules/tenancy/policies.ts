/** Permissions of the tenancy module. */
export const PERMS = {
  /** The tenant's name, legal texts, contact address and attribution. */
  settings: 'tenant.settings',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.settings]: ['admin'],
};

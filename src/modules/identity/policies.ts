/** Permissions of the identity module. */
export const PERMS = {
  /** Invite members, change their roles, remove them. */
  users: 'users.manage',
  /** Sign-in through the tenant's identity provider (OIDC). */
  sso: 'sso.manage',
  /** One's own personal API tokens. */
  tokens: 'tokens.own',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.users]: ['admin'],
  [PERMS.sso]: ['admin'],
  [PERMS.tokens]: ['admin', 'coordinator', 'team', 'department', 'jury'],
};

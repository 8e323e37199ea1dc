/** Permissions of the administration screens (outbox, audit log). */
export const PERMS = {
  read: 'admin.read',
  retryMail: 'admin.mail.retry',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.read]: ['admin'],
  [PERMS.retryMail]: ['admin'],
};

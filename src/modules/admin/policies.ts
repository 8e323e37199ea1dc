/** Permissions of the administration screens (outbox, audit log, data-subject requests). */
export const PERMS = {
  read: 'admin.read',
  retryMail: 'admin.mail.retry',
  /**
   * One person's data across every module: find, export, erase (GDPR Art. 15/17). Administrators
   * only, for the whole tenant: the answer reaches into every module and every area, more than any
   * other role may see, and an erasure cannot be undone.
   */
  privacy: 'admin.privacy',
} as const;

/** Which roles hold them (administrators hold every permission). */
export const permissions: Record<string, string[]> = {
  [PERMS.read]: ['admin'],
  [PERMS.retryMail]: ['admin'],
  [PERMS.privacy]: ['admin'],
};

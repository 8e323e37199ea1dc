import { and, desc, eq } from 'drizzle-orm';
import { auditLog } from '../../../platform/audit/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import { mailOutbox } from '../../../platform/mail/index.ts';
import type { TestContext } from '../../../test/kit.ts';

/** The newest mail to an address in the outbox (tests run without SMTP, so mail stays there). */
export async function lastMailTo(ctx: TestContext, to: string) {
  const [m] = await ctx.services.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, to))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  return m;
}

export async function mailsTo(ctx: TestContext, to: string) {
  return ctx.services.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));
}

/** The path of the first link to the app in a mail text, e.g. "/invite/abc". */
export function linkPath(text: string | undefined, prefix: string): string {
  const m = new RegExp(`http://localhost(${prefix}/[A-Za-z0-9_-]+)`).exec(text ?? '');
  if (!m) throw new Error(`no ${prefix} link in mail: ${text}`);
  return m[1];
}

export async function auditOf(ctx: TestContext, tenantId: string, entityType: string) {
  return ctx.services.db
    .select()
    .from(auditLog)
    .where(and(ofTenant(auditLog, tenantId), eq(auditLog.entityType, entityType)))
    .orderBy(desc(auditLog.id));
}

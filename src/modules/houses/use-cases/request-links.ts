import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { ofTenant } from '../../../platform/db/index.ts';
import type { RequestTenant, Services } from '../../../platform/http/context.ts';
import { hashToken, randomToken } from '../../../platform/http/security.ts';
import { bookingRequests } from '../db/schema.ts';
import { type BookingRequest, getRequestByTokenHash } from '../queries.ts';

/**
 * Issues a fresh private link for the requester and stores only its hash. Every mail that needs the
 * link carries a new one and the older links stop working — the newest mail is always the valid one.
 * `keep`: the requester has just used this token (accepting a proposal), so it stays valid.
 */
export async function issueLink(
  tx: Db,
  services: Services,
  tenant: RequestTenant,
  requestId: string,
  keep?: string,
): Promise<string> {
  if (keep) return `${services.config.baseUrl}/${tenant.slug}/houses/requests/${keep}`;
  const token = randomToken(24);
  await tx
    .update(bookingRequests)
    .set({ cancelTokenHash: hashToken(token), updatedAt: new Date() })
    .where(and(ofTenant(bookingRequests, tenant.id), eq(bookingRequests.id, requestId)));
  return `${services.config.baseUrl}/${tenant.slug}/houses/requests/${token}`;
}

/** Finds a request by its private link. */
export async function requestByToken(
  db: Db,
  tenantId: string,
  token: string,
): Promise<BookingRequest | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  return getRequestByTokenHash(db, tenantId, hashToken(token));
}

import { localParts } from '../../../platform/time/index.ts';

/**
 * How long the personal details of a booking request (name, e-mail, phone, organisation, purpose,
 * notes) are kept: until the end of the calendar year after the last requested date. That covers
 * settling the fee, refunds and questions about a rental; the accounting records themselves are the
 * payments export (see README, "Personal data"). One rule for the whole tenant.
 */
export const RETENTION_YEARS_AFTER_LAST_DATE = 1;

/** The local date (YYYY-MM-DD) until which a request's personal details are kept. */
export function retentionUntilFor(lastDate: string | Date): string {
  const date = typeof lastDate === 'string' ? lastDate : localParts(lastDate).date;
  return `${Number(date.slice(0, 4)) + RETENTION_YEARS_AFTER_LAST_DATE}-12-31`;
}

/** The last local date a request asks for: the end of its series, else its (only) date. */
export const lastRequestedDate = (r: { startsAt: Date; repeatUntil: string | null }): string =>
  r.repeatUntil ?? localParts(r.startsAt).date;

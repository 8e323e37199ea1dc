/**
 * Safeguarding (§ 72a SGB VIII): work with children or vulnerable people needs an extended
 * criminal-record certificate (erweitertes Führungszeugnis). Staff record only that they have seen it
 * and its issue date — never the document. It counts as valid for a set number of years from its
 * issue date (5 unless the module is configured otherwise); staff are reminded a while before.
 */
import { addDays, addMonths } from '../../../platform/time/index.ts';

export const CERTIFICATE_YEARS = 5;
/** Staff are reminded this many days before a seen certificate runs out. */
export const REMINDER_DAYS = 60;

export type CertificateState = 'none' | 'valid' | 'due_soon' | 'expired' | 'future';

/** The last day a certificate issued on `issuedOn` counts (YYYY-MM-DD). */
export const validUntil = (issuedOn: string, years = CERTIFICATE_YEARS): string =>
  addDays(addMonths(issuedOn, years * 12), -1);

/** The state of a seen certificate on `today` (both YYYY-MM-DD, Berlin). */
export function certificateState(
  issuedOn: string | null,
  today: string,
  years = CERTIFICATE_YEARS,
): CertificateState {
  if (!issuedOn) return 'none';
  if (issuedOn > today) return 'future';
  const until = validUntil(issuedOn, years);
  if (until < today) return 'expired';
  if (addDays(today, REMINDER_DAYS) > until) return 'due_soon';
  return 'valid';
}

/** May a match be confirmed? Only needs without safeguarding, or with a seen and valid certificate. */
export function safeguardingAllows(
  needSafeguarding: boolean,
  issuedOn: string | null,
  today: string,
  years = CERTIFICATE_YEARS,
): boolean {
  if (!needSafeguarding) return true;
  const s = certificateState(issuedOn, today, years);
  return s === 'valid' || s === 'due_soon';
}

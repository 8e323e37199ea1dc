// Helpers the funds use cases share: the audit entry, the database's refusals in words, the fund's rules.
import { writeAudit } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/authz.ts';
import type { Db } from '../../../platform/db/index.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import type { FundRules } from '../domain/rules.ts';
import type { Fund } from '../queries.ts';

export const audit = (
  db: Db,
  actor: Actor | null,
  tenantId: string,
  action: string,
  entityType: string,
  entityId: string,
  details: Record<string, unknown> = {},
) =>
  writeAudit(db, {
    tenantId,
    actorUserId: actor?.userId ?? null,
    action,
    entityType: `funds.${entityType}`,
    entityId,
    // An application holds the applicant's personal data (GDPR Art. 30 trail).
    personal: entityType === 'application',
    details,
  });

/** The constraint PostgreSQL named when it refused a statement (drizzle wraps the driver's error). */
export function refusedBy(err: unknown): string | null {
  let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (e.code === '23514' && e.constraint) return e.constraint;
    e = e.cause as typeof e;
  }
  return null;
}

/**
 * Turns the database's refusal of a ledger entry into the field message the forms show; anything
 * else is thrown as it is. The database is the guard; the use cases' own checks only say it first.
 */
export function ledgerRefusal(err: unknown, field: string): unknown {
  const c = refusedBy(err);
  if (c === 'funds_fund_years_not_overcommitted')
    return new ValidationError({ [field]: 'funds:errors.overCommitted' });
  if (c === 'funds_fund_years_paid' || c === 'funds_ledger_application_balance')
    return new ValidationError({ [field]: 'funds:errors.paidOverCommitted' });
  if (c === 'funds_fund_years_committed')
    return new ValidationError({ [field]: 'funds:errors.negativeCommitment' });
  return err;
}

export const rulesOf = (f: Fund): FundRules => ({
  capCents: f.capCents,
  allowedCostKinds: f.allowedCostKinds,
  ownContributionPercent: f.ownContributionPercent,
  volunteerHourRateCents: f.volunteerHourRateCents,
  noStartBeforeDecision: f.noStartBeforeDecision,
  deadlineDaysBeforeSession: f.deadlineDaysBeforeSession,
});

import { type Actor, authorize, can } from '../../platform/authz.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  type Application,
  type Fund,
  type FundYear,
  getApplication,
  getFund,
  getFundYear,
} from './queries.ts';

/** Read funds, their years, ledgers and applications (applicants' contact data included). */
export const READ = 'funds.read';
/** Create and change funds, their yearly budgets and the split across working groups; the year end. */
export const MANAGE = 'funds.manage';
/**
 * Work on applications: enter one for an applicant, check eligibility, ask for changes, put it on
 * the deciding body's agenda, record the decision, book payments, returns and corrections.
 */
export const PROCESS = 'funds.process';
/** Find, export and erase one applicant's data (for the whole tenant). */
export const PRIVACY = 'funds.privacy';

/** Which roles hold them (administrators hold every permission). Jury members read the applications. */
export const permissions: Record<string, string[]> = {
  [READ]: ['admin', 'coordinator', 'team', 'jury'],
  [MANAGE]: ['admin', 'coordinator', 'team'],
  [PROCESS]: ['admin', 'coordinator', 'team'],
  [PRIVACY]: ['admin', 'coordinator'],
};

type Permission = typeof READ | typeof MANAGE | typeof PROCESS;

/**
 * The one rule for a fund: a fund outside every area the actor may read or work in does not exist
 * for them (404); one they may see but not use this way is refused (403). A fund of the whole tenant
 * (no area) needs a tenant-wide grant.
 */
export function authorizeFund(actor: Actor, fund: Pick<Fund, 'areaIds'>, permission: Permission): void {
  const path = fund.areaIds;
  if (!can(actor, READ, path) && !can(actor, MANAGE, path) && !can(actor, PROCESS, path))
    throw new AppError(404, 'fund_not_found');
  authorize(actor, permission, path);
}

export async function loadFund(actor: Actor, db: Db, id: string, permission: Permission): Promise<Fund> {
  const fund = await getFund(db, actor.tenantId, id);
  if (!fund) throw new AppError(404, 'fund_not_found');
  authorizeFund(actor, fund, permission);
  return fund;
}

export async function loadFundYear(
  actor: Actor,
  db: Db,
  id: string,
  permission: Permission,
): Promise<{ fundYear: FundYear; fund: Fund }> {
  const fundYear = await getFundYear(db, actor.tenantId, id);
  if (!fundYear) throw new AppError(404, 'fund_year_not_found');
  return { fundYear, fund: await loadFund(actor, db, fundYear.fundId, permission) };
}

export async function loadApplication(
  actor: Actor,
  db: Db,
  id: string,
  permission: Permission,
): Promise<{ application: Application; fund: Fund }> {
  const application = await getApplication(db, actor.tenantId, id);
  if (!application) throw new AppError(404, 'application_not_found');
  return { application, fund: await loadFund(actor, db, application.fundId, permission) };
}

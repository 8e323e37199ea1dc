// Staff screens of funds: the list, a fund with its rules and years, a fund-year with its balances,
// applications, ledger and budget history, and an application with its rules checked, notes, status
// path and bookings. Parse → call the use case → render; no rules here.
import type { Context, Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { staffPage } from '../../../ui/page.tsx';
import { bodyFor } from '../../councils/index.ts';
import { PROCESS } from '../policies.ts';
import { applicationFor } from '../use-cases/applications.ts';
import { fundFor, fundYearFor, listFundsFor } from '../use-cases/funds.ts';
import { checkEligibility, putOnAgenda } from '../use-cases/review.ts';
import { ApplicationView, FundListView, FundView, FundYearView } from './views.tsx';

const base = (c: Context<AppEnv>) => `/staff/${c.get('tenant')!.slug}/funds`;
const db = (c: Context<AppEnv>) => c.get('services').db;
const ctxOf = (c: Context<AppEnv>) => ({ t: c.get('t'), lang: c.get('lang'), base: base(c) });

/** A route id that is a UUID, else 404 (the use cases answer 404 for unknown ones). */
function idParam(c: Context<AppEnv>, name: string, missing: string): string {
  const id = c.req.param(name);
  if (!id || !isUuid(id)) throw new AppError(404, missing);
  return id;
}

async function applicationPage(c: Context<AppEnv>, errors: Record<string, string> = {}) {
  const actor = actorOf(c);
  const view = await applicationFor(actor, db(c), idParam(c, 'applicationId', 'application_not_found'));
  return staffPage(c, {
    title: view.application.title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <ApplicationView
        {...ctxOf(c)}
        {...view}
        csrf={csrfTokenFor(c)}
        canProcess={can(actor, PROCESS, view.fund.areaIds)}
        errors={errors}
      />
    ),
  });
}

/** Runs a step on the application and shows it again: with the step's field messages when refused. */
async function step(c: Context<AppEnv>, run: (id: string) => Promise<unknown>) {
  const id = idParam(c, 'applicationId', 'application_not_found');
  try {
    await run(id);
  } catch (err) {
    if (err instanceof ValidationError) return applicationPage(c, err.fields);
    throw err;
  }
  return c.redirect(`${base(c)}/applications/${id}`, 303);
}

export function mountStaffFundPages(staff: Hono<AppEnv>) {
  staff.get('/funds', async (c) => {
    const funds = await listFundsFor(actorOf(c), db(c));
    return staffPage(c, {
      title: String(c.get('t')('funds:staff.title')),
      children: <FundListView {...ctxOf(c)} funds={funds} />,
    });
  });

  staff.get('/funds/years/:yearId', async (c) => {
    const view = await fundYearFor(actorOf(c), db(c), idParam(c, 'yearId', 'fund_year_not_found'));
    return staffPage(c, {
      title: String(c.get('t')('funds:staff.yearTitle', { name: view.fund.name, year: view.fundYear.year })),
      children: <FundYearView {...ctxOf(c)} {...view} />,
    });
  });

  staff.get('/funds/applications/:applicationId', (c) => applicationPage(c));
  staff.post('/funds/applications/:applicationId/check', (c) =>
    step(c, (id) => checkEligibility(actorOf(c), db(c), id, {})),
  );
  staff.post('/funds/applications/:applicationId/agenda', (c) =>
    step(c, (id) => putOnAgenda(actorOf(c), db(c), id, {})),
  );

  staff.get('/funds/:id', async (c) => {
    const actor = actorOf(c);
    const view = await fundFor(actor, db(c), idParam(c, 'id', 'fund_not_found'));
    const bodyName = view.fund.decidingBodyId
      ? await bodyFor(actor, db(c), view.fund.decidingBodyId).then(
          (b) => b.name,
          () => null,
        )
      : null;
    return staffPage(c, {
      title: view.fund.name,
      children: <FundView {...ctxOf(c)} {...view} bodyName={bodyName} />,
    });
  });
}

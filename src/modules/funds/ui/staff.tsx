// Staff screens of funds: the list, a fund with its rules and years, a fund-year with its balances,
// applications, ledger and budget history, and an application with its rules checked, notes, status
// path and bookings. Parse → call the use case → render; no rules here.
import type { Context, Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { staffPage } from '../../../ui/page.tsx';
import { bodyFor } from '../../councils/index.ts';
import { parseEuros } from '../domain/money.ts';
import { PROCESS } from '../policies.ts';
import { applicationFor } from '../use-cases/applications.ts';
import { recordDecision } from '../use-cases/decide.ts';
import { fundFor, fundYearFor, listFundsFor } from '../use-cases/funds.ts';
import { bookEntry } from '../use-cases/ledger.ts';
import { checkEligibility, putOnAgenda, requestChanges } from '../use-cases/review.ts';
import type { FormValues } from './forms.tsx';
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

async function applicationPage(
  c: Context<AppEnv>,
  errors: Record<string, string> = {},
  form: 'action' | 'decision' | 'booking' = 'action',
  values: FormValues = {},
) {
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
        form={form}
        values={values}
      />
    ),
  });
}

/** Runs a step on the application and shows it again: with the step's field messages when refused. */
async function step(
  c: Context<AppEnv>,
  run: (id: string, values: FormValues) => Promise<unknown>,
  form: 'action' | 'decision' | 'booking' = 'action',
) {
  const id = idParam(c, 'applicationId', 'application_not_found');
  const values = Object.fromEntries(
    Object.entries(await formData(c)).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
  ) as FormValues;
  try {
    await run(id, values);
  } catch (err) {
    if (err instanceof ValidationError) return applicationPage(c, err.fields, form, values);
    throw err;
  }
  return c.redirect(`${base(c)}/applications/${id}`, 303);
}

/** An amount typed in euros, or a field message. */
function cents(value: string | undefined, field: string): number | null {
  const n = parseEuros(value ?? '');
  if (n !== null && Number.isNaN(n)) throw new ValidationError({ [field]: 'funds:errors.amount' });
  return n;
}

const count = (v: string | undefined) => (v?.trim() ? Number(v) : 0);

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
  staff.post('/funds/applications/:applicationId/changes', (c) =>
    step(c, (id, v) => requestChanges(actorOf(c), db(c), id, { note: v.note ?? '' })),
  );
  staff.post('/funds/applications/:applicationId/agenda', (c) =>
    step(c, (id) => putOnAgenda(actorOf(c), db(c), id, {})),
  );
  // The jury's decision as a vote on the application's agenda item, counted by hand.
  staff.post('/funds/applications/:applicationId/decision', (c) =>
    step(
      c,
      (id, v) =>
        recordDecision(actorOf(c), db(c), id, {
          outcome: v.outcome === 'refused' ? 'refused' : 'granted',
          grantedCents: v.outcome === 'refused' ? null : cents(v.granted, 'grantedCents'),
          conditions: v.conditions ?? '',
          refusalReasons: v.refusalReasons ?? '',
          vote: { kind: 'open', counts: { yes: count(v.yes), no: count(v.no), abstain: count(v.abstain) } },
        }),
      'decision',
    ),
  );
  staff.post('/funds/applications/:applicationId/booking', (c) =>
    step(
      c,
      (id, v) =>
        bookEntry(actorOf(c), db(c), id, {
          kind: (['payment', 'return', 'correction'].includes(v.kind) ? v.kind : 'payment') as 'payment',
          amountCents: cents(v.amount, 'amountCents') ?? 0,
          paymentKind:
            v.paymentKind === 'advance' || v.paymentKind === 'reimbursement' ? v.paymentKind : null,
          note: v.note ?? '',
        }),
      'booking',
    ),
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

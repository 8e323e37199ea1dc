// Staff screens of funds: the list, a fund with its rules and years, a fund-year with its balances,
// applications, ledger and budget history, and an application with its rules checked, notes, status
// path and bookings. Parse → call the use case → render; no rules here.
import type { Context, Hono } from 'hono';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { localParts, todayLocal } from '../../../platform/time/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { bodyFor } from '../../councils/index.ts';
import { parseEuros } from '../domain/money.ts';
import { defaultRules } from '../domain/rules.ts';
import { MANAGE, PROCESS } from '../policies.ts';
import { applicationFor } from '../use-cases/applications.ts';
import { recordDecision } from '../use-cases/decide.ts';
import {
  archiveFund,
  createFund,
  fundFor,
  fundFormChoices,
  fundYearFor,
  listFundsFor,
  setYearBudget,
  splitBudget,
  updateFund,
} from '../use-cases/funds.ts';
import { bookEntry, closeYear } from '../use-cases/ledger.ts';
import { checkEligibility, putOnAgenda, requestChanges } from '../use-cases/review.ts';
import type { FormValues } from './forms.tsx';
import { ArchiveForm, FundForm } from './manage.tsx';
import {
  euroText,
  fundFormValues,
  type Posted,
  readBudgetForm,
  readFundForm,
  readSplitForm,
} from './manage-form.ts';
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

/** What a form sent, as text (a list for checkboxes of one name). */
async function posted(c: Context<AppEnv>): Promise<Posted> {
  return Object.fromEntries(
    Object.entries(await formData(c)).map(([k, v]) => [
      k,
      typeof v === 'string' || Array.isArray(v) ? v : '',
    ]),
  );
}

/** The new fund's form, prefilled with the rules of an Aktionsfonds (the kind's defaults). */
function newFundValues(): Posted {
  const d = defaultRules('action');
  return {
    kind: 'action',
    cap: euroText(d.capCents),
    allowedCostKinds: [...d.allowedCostKinds],
    ownContributionPercent: String(d.ownContributionPercent),
    hourRate: euroText(d.volunteerHourRateCents),
    deadlineDaysBeforeSession:
      d.deadlineDaysBeforeSession === null ? '' : String(d.deadlineDaysBeforeSession),
    noStartBeforeDecision: d.noStartBeforeDecision ? 'on' : '',
    yearEndRule: 'lapse',
    publicBalance: 'on',
  };
}

/** The fund form (new when there is no `fundId`), with what was typed and the messages. */
async function fundFormPage(
  c: Context<AppEnv>,
  fundId: string | null,
  values: Posted | null = null,
  errors: Record<string, string> = {},
) {
  const t = c.get('t');
  const choices = await fundFormChoices(actorOf(c), db(c), fundId);
  const title = String(t(fundId ? 'funds:manage.editFund' : 'funds:manage.newFund'));
  const back = fundId ? `${base(c)}/${fundId}` : base(c);
  return staffPage(c, {
    title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <p>
          <a href={back}>{choices.fund?.name ?? t('funds:staff.title')}</a>
        </p>
        <h1>{title}</h1>
        <p>{t('funds:manage.intro')}</p>
        <FundForm
          t={t}
          action={fundId ? `${back}/edit` : `${base(c)}/new`}
          csrf={csrfTokenFor(c)}
          values={values ?? (choices.fund ? fundFormValues(choices.fund) : newFundValues())}
          errors={errors}
          areas={choices.areas}
          bodies={choices.bodies}
          parents={choices.parents}
          submit={String(t(fundId ? 'funds:manage.save' : 'funds:manage.create'))}
        />
        {choices.fund ? (
          <ArchiveForm
            t={t}
            action={`${back}/archive`}
            csrf={csrfTokenFor(c)}
            archivedAt={choices.fund.archivedAt}
            lang={c.get('lang')}
          />
        ) : null}
      </>
    ),
  });
}

/** Runs a form's use case; a refusal shows the form again with every value as typed. */
async function submitted(
  c: Context<AppEnv>,
  run: (values: Posted) => Promise<string>,
  again: (values: Posted, errors: Record<string, string>) => Promise<Response>,
) {
  const values = await posted(c);
  try {
    return c.redirect(await run(values), 303);
  } catch (err) {
    if (err instanceof ValidationError) return again(values, err.fields);
    throw err;
  }
}

export function mountStaffFundPages(staff: Hono<AppEnv>) {
  // Current funds; `?archived=1` lists the archived ones instead.
  staff.get('/funds', async (c) => {
    const archived = c.req.query('archived') === '1';
    const funds = await listFundsFor(actorOf(c), db(c), { archived });
    return staffPage(c, {
      title: String(c.get('t')(archived ? 'funds:archive.archivedTitle' : 'funds:staff.title')),
      children: (
        <FundListView {...ctxOf(c)} funds={funds} canManage={can(actorOf(c), MANAGE)} archived={archived} />
      ),
    });
  });

  staff.get('/funds/new', (c) => fundFormPage(c, null));
  staff.post('/funds/new', (c) =>
    submitted(
      c,
      async (v) => `${base(c)}/${(await createFund(actorOf(c), db(c), readFundForm(v))).id}`,
      (v, e) => fundFormPage(c, null, v, e),
    ),
  );
  staff.get('/funds/:id/edit', (c) => fundFormPage(c, idParam(c, 'id', 'fund_not_found')));
  staff.post('/funds/:id/edit', (c) => {
    const id = idParam(c, 'id', 'fund_not_found');
    return submitted(
      c,
      async (v) => `${base(c)}/${(await updateFund(actorOf(c), db(c), id, readFundForm(v))).id}`,
      (v, e) => fundFormPage(c, id, v, e),
    );
  });
  // Archive the fund, or take it back (from its form).
  staff.post('/funds/:id/archive', async (c) => {
    const id = idParam(c, 'id', 'fund_not_found');
    const v = await posted(c);
    await archiveFund(actorOf(c), db(c), id, { archived: v.archived === 'on' });
    return c.redirect(`${base(c)}/${id}`, 303);
  });
  // A year's budget from the fund's page (any year) …
  staff.post('/funds/:id/budget', (c) => {
    const id = idParam(c, 'id', 'fund_not_found');
    return submitted(
      c,
      async (v) => {
        await setYearBudget(actorOf(c), db(c), id, readBudgetForm(v));
        return `${base(c)}/${id}`;
      },
      (v, e) => fundPage(c, { values: v, errors: e }),
    );
  });

  staff.get('/funds/years/:yearId', (c) => yearPage(c));
  // The year's applications as a table for spreadsheets and the year's report: per project its
  // target groups, criteria, participants and money — nothing that names the applicant (a group's
  // name may be a person's, e.g. "Chor Ilka Lesewitz"): readers of the year's page read this too.
  staff.get('/funds/years/:yearId/applications.csv', async (c) => {
    const t = c.get('t');
    const view = await fundYearFor(actorOf(c), db(c), idParam(c, 'yearId', 'fund_year_not_found'));
    const euros = (cents: number | null) =>
      cents === null ? '' : (cents / 100).toFixed(2).replace('.', ',');
    const day = (d: Date | null) => (d ? localParts(d).date : '');
    const link = `${c.get('services').config.baseUrl}${base(c)}/applications/`;
    const csv = toCsv(
      APPLICATION_CSV.map((k) => t(`funds:staff.csvColumns.${k}`)),
      view.applications.map((a) => [
        a.title,
        t(`funds:vocab.status.${a.status}`),
        a.startsOn ?? '',
        a.endsOn ?? '',
        a.targetGroups.join(', '),
        a.criteria.join(', '),
        a.expectedParticipants,
        a.actualParticipants,
        euros(a.requestedCents),
        euros(a.grantedCents),
        euros(a.ownMoneyCents),
        a.volunteerHours,
        day(a.submittedAt),
        day(a.decidedAt),
        `${link}${a.id}`,
      ]),
    );
    return csvResponse(csv, `antraege-${view.fundYear.year}.csv`);
  });
  // … and from the fund-year's page (its year), with the split and the year end.
  staff.post('/funds/years/:yearId/budget', (c) =>
    submitted(
      c,
      async (v) => {
        const view = await fundYearFor(actorOf(c), db(c), idParam(c, 'yearId', 'fund_year_not_found'));
        await setYearBudget(actorOf(c), db(c), view.fund.id, {
          ...readBudgetForm(v),
          year: view.fundYear.year,
        });
        return `${base(c)}/years/${view.fundYear.id}`;
      },
      (v, e) => yearPage(c, { form: 'budget', values: v, errors: e }),
    ),
  );
  staff.post('/funds/years/:yearId/split', (c) =>
    submitted(
      c,
      async (v) => {
        const view = await fundYearFor(actorOf(c), db(c), idParam(c, 'yearId', 'fund_year_not_found'));
        const input = readSplitForm(
          v,
          view.shares.map((s) => s.fund.id),
        );
        await splitBudget(actorOf(c), db(c), view.fundYear.id, input);
        return `${base(c)}/years/${view.fundYear.id}`;
      },
      (v, e) => yearPage(c, { form: 'split', values: v, errors: e }),
    ),
  );
  staff.post('/funds/years/:yearId/close', (c) =>
    submitted(
      c,
      async (v) => {
        const id = idParam(c, 'yearId', 'fund_year_not_found');
        if (v.confirm !== 'on') {
          // Only someone who may close the year learns that it must be confirmed (closeYear checks again).
          const view = await fundYearFor(actorOf(c), db(c), id);
          authorize(actorOf(c), MANAGE, view.fund.areaIds);
          throw new ValidationError({ confirm: 'funds:errors.confirmClose' });
        }
        await closeYear(actorOf(c), db(c), id);
        return `${base(c)}/years/${id}`;
      },
      (v, e) => yearPage(c, { form: 'close', values: v, errors: e }),
    ),
  );

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

  staff.get('/funds/:id', (c) => fundPage(c));
}

/** A fund's page; the budget form with what was typed and its messages when it was refused. */
async function fundPage(
  c: Context<AppEnv>,
  form: { values: Posted; errors: Record<string, string> } | null = null,
) {
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
    status: form ? 422 : 200,
    children: (
      <FundView
        {...ctxOf(c)}
        {...view}
        bodyName={bodyName}
        csrf={csrfTokenFor(c)}
        canManage={can(actor, MANAGE, view.fund.areaIds)}
        budgetValues={form?.values ?? { year: todayLocal().slice(0, 4) }}
        budgetErrors={form?.errors ?? {}}
      />
    ),
  });
}

/** A fund-year's page; one of its forms with what was typed and its messages when it was refused. */
const APPLICATION_CSV = [
  'title',
  'status',
  'startsOn',
  'endsOn',
  'targetGroups',
  'criteria',
  'expected',
  'actual',
  'requested',
  'granted',
  'ownMoney',
  'volunteerHours',
  'submitted',
  'decided',
  'link',
] as const;

async function yearPage(
  c: Context<AppEnv>,
  form: { form: 'budget' | 'split' | 'close'; values: Posted; errors: Record<string, string> } | null = null,
) {
  const actor = actorOf(c);
  const view = await fundYearFor(actor, db(c), idParam(c, 'yearId', 'fund_year_not_found'));
  return staffPage(c, {
    title: String(c.get('t')('funds:staff.yearTitle', { name: view.fund.name, year: view.fundYear.year })),
    status: form ? 422 : 200,
    children: (
      <FundYearView
        {...ctxOf(c)}
        {...view}
        csrf={csrfTokenFor(c)}
        canManage={can(actor, MANAGE, view.fund.areaIds)}
        form={form}
      />
    ),
  });
}

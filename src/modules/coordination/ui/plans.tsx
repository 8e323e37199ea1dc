// Staff screens of integrated action plans: the list, a new plan, the plan with its parts, the forms
// for its parts (each on its own page, so a phone shows one thing at a time), measure status,
// progress, adoption and a new version. Parse → call the use case → render; a refused form comes
// back with its field messages and every value as typed.
import type { Context, Hono } from 'hono';
import { actorOf, can, scopeOf } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { type FormShape, fromForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { areaChoices } from '../../areas/index.ts';
import { PLAN } from '../policies.ts';
import {
  addBudgetYear,
  addField,
  addGoal,
  addIndicator,
  addMeasure,
  addMilestone,
  addStep,
  adoptPlan,
  createPlan,
  listPlansFor,
  openNewVersion,
  type PlanPartKind,
  type PlanView,
  planFor,
  recordProgress,
  removePlanPart,
  setMeasureStatus,
  setMilestoneDone,
  updateField,
  updateGoal,
  updateIndicator,
  updateMeasure,
  updatePlan,
} from '../use-cases/plans.ts';
import {
  FieldFields,
  GoalFields,
  IndicatorFields,
  MeasureFields,
  MeasurePage,
  PartForm,
  PlanForm,
  PlanListView,
  PlanPage,
  ProgressFields,
} from './plan-views.tsx';
import { planPdfResponse } from './public-plans.tsx';
import type { Errors, FormState, Values } from './views.tsx';

type C = Context<AppEnv>;
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/coordination`;
const db = (c: C) => c.get('services').db;
const ctxOf = (c: C) => ({ t: c.get('t'), lang: c.get('lang'), base: base(c), csrf: csrfTokenFor(c) });
const t = (c: C, key: string, o?: Record<string, unknown>) => String(c.get('t')(key, o));
const publicHref = (c: C, planId?: string) => `/${c.get('tenant')!.slug}/plans${planId ? `/${planId}` : ''}`;

function idParam(c: C, name: string, missing: string): string {
  const id = c.req.param(name);
  if (!id || !isUuid(id)) throw new AppError(404, missing);
  return id;
}
const planId = (c: C) => idParam(c, 'planId', 'plan_not_found');
const planHref = (c: C) => `${base(c)}/plans/${planId(c)}`;

const PLAN_SHAPE = {
  title: 'text',
  areaId: 'text',
  periodFrom: 'text',
  periodTo: 'text',
  summary: 'text',
  continuation: 'text',
} as const;
const FIELD_SHAPE = { name: 'text', description: 'text' } as const;
const GOAL_SHAPE = { fieldId: 'text', title: 'text', description: 'text' } as const;
const INDICATOR_SHAPE = {
  goalId: 'text',
  name: 'text',
  unit: 'text',
  baseline: 'number',
  target: 'number',
  measureId: 'text',
} as const;
const MEASURE_SHAPE = {
  goalId: 'text',
  title: 'text',
  description: 'text',
  departmentId: 'text',
  responsible: 'text',
  fundingKind: 'text',
  investive: 'checkbox',
  budgetLine: 'text',
  budget: 'text',
  startsOn: 'text',
  endsOn: 'text',
  status: 'text',
  continuation: 'text',
} as const;
const PROGRESS_SHAPE = { measuredOn: 'text', value: 'number', note: 'text' } as const;

async function areaNames(c: C): Promise<Map<string, string>> {
  return new Map((await areaChoices(db(c), c.get('tenant')!.id, null)).map((a) => [a.value, a.label]));
}

async function planFormPage(c: C, mode: 'new' | 'edit', values: Values, errors: Errors = {}) {
  const actor = actorOf(c);
  if (!can(actor, PLAN)) throw new AppError(403, 'forbidden');
  const areas = await areaChoices(db(c), actor.tenantId, scopeOf(actor, PLAN));
  const heading = mode === 'new' ? t(c, 'coordination:plan.new') : t(c, 'coordination:plan.edit');
  return staffPage(c, {
    title: heading,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <PlanForm
        {...ctxOf(c)}
        heading={heading}
        action={mode === 'new' ? `${base(c)}/plans/new` : `${planHref(c)}/edit`}
        back={mode === 'new' ? `${base(c)}/plans` : planHref(c)}
        values={values}
        errors={errors}
        areas={areas.map(({ value, label }) => ({ value, label }))}
      />
    ),
  });
}

async function planPage(
  c: C,
  form: FormState = { form: '', values: {}, errors: {} },
  status: 200 | 422 = 200,
) {
  const view = await planFor(actorOf(c), db(c), planId(c));
  return staffPage(c, {
    title: view.plan.title,
    status,
    children: (
      <PlanPage
        {...ctxOf(c)}
        view={view}
        areaName={(await areaNames(c)).get(view.plan.areaId) ?? ''}
        form={form}
        publicHref={publicHref(c, view.plan.id)}
        today={todayLocal()}
      />
    ),
  });
}

/** Runs a step shown on the plan page; refused: the page again with the step's messages. */
async function planStep(c: C, form: string, values: Values, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    if (err instanceof ValidationError) return planPage(c, { form, values, errors: err.fields }, 422);
    throw err;
  }
  return c.redirect(planHref(c), 303);
}

type PartKind = 'field' | 'goal' | 'indicator' | 'measure' | 'progress';

/** What an existing field, goal or indicator holds, as its edit form shows it. */
function partValues(view: PlanView, kind: PartKind, id: string): Values | null {
  if (kind === 'field') {
    const x = view.parts.fields.find((f) => f.id === id);
    return x ? { name: x.name, description: x.description } : null;
  }
  if (kind === 'goal') {
    const x = view.parts.goals.find((g) => g.id === id);
    return x ? { fieldId: x.fieldId, title: x.title, description: x.description } : null;
  }
  if (kind === 'indicator') {
    const x = view.parts.indicators.find((i) => i.id === id);
    return x
      ? {
          goalId: x.goalId,
          name: x.name,
          unit: x.unit,
          baseline: String(x.baseline),
          target: String(x.target),
          measureId: x.measureId ?? '',
        }
      : null;
  }
  return null;
}

/**
 * The page of one part's form: checks the member may change the plan, then shows the form (to add a
 * part, or with `edit` the part's id, to change it in place while the plan is a draft).
 */
async function partPage(c: C, kind: PartKind, values: Values, errors: Errors = {}, edit?: string) {
  const view = await planFor(actorOf(c), db(c), planId(c));
  if (!view.mayEdit) throw new AppError(403, 'forbidden');
  if (edit) {
    if (view.plan.status !== 'draft') throw new AppError(409, 'plan_adopted');
    const stored = partValues(view, kind, edit);
    if (!stored) throw new AppError(404, `${kind}_not_found`);
    if (Object.keys(values).length === 0) Object.assign(values, stored);
    else values[kind === 'goal' ? 'fieldId' : 'goalId'] = stored[kind === 'goal' ? 'fieldId' : 'goalId'];
  }
  const ctx = ctxOf(c);
  const f = { t: ctx.t, values, errors };
  const q = (k: string) => (isUuid(c.req.query(k) ?? '') ? c.req.query(k)! : str(values, k));
  let heading = '';
  let action = '';
  let body: React.ReactNode = null;
  if (kind === 'field') {
    heading = edit
      ? t(c, 'coordination:plan.editWhat', { what: str(partValues(view, kind, edit)!, 'name') })
      : t(c, 'coordination:plan.addField');
    action = edit ? `${planHref(c)}/fields/${edit}/edit` : `${planHref(c)}/fields/new`;
    body = <FieldFields {...f} />;
  } else if (kind === 'goal') {
    const field = view.parts.fields.find((x) => x.id === q('fieldId'));
    if (!field) throw new AppError(404, 'field_not_found');
    heading = edit
      ? t(c, 'coordination:plan.editWhat', { what: str(partValues(view, kind, edit)!, 'title') })
      : t(c, 'coordination:plan.addGoalTo', { field: field.name });
    action = edit ? `${planHref(c)}/goals/${edit}/edit` : `${planHref(c)}/goals/new`;
    body = <GoalFields {...f} fieldId={field.id} />;
  } else if (kind === 'indicator' && edit) {
    const goalId = str(values, 'goalId');
    heading = t(c, 'coordination:plan.editWhat', { what: str(partValues(view, kind, edit)!, 'name') });
    action = `${planHref(c)}/indicators/${edit}/edit`;
    body = <IndicatorFields {...f} goalId={goalId} measures={measureChoices(view, goalId)} />;
  } else if (kind === 'indicator' || kind === 'measure') {
    const goal = view.parts.goals.find((x) => x.id === q('goalId'));
    if (!goal) throw new AppError(404, 'goal_not_found');
    heading = t(
      c,
      kind === 'indicator' ? 'coordination:plan.addIndicatorTo' : 'coordination:plan.addMeasureTo',
      {
        goal: goal.title,
      },
    );
    action = `${planHref(c)}/${kind}s/new`;
    body =
      kind === 'indicator' ? (
        <IndicatorFields {...f} goalId={goal.id} measures={measureChoices(view, goal.id)} />
      ) : (
        <MeasureFields {...f} goalId={goal.id} departments={activeDepartments(view)} />
      );
  } else {
    const indicator = view.parts.indicators.find((x) => x.id === c.req.param('indicatorId'));
    if (!indicator) throw new AppError(404, 'indicator_not_found');
    heading = t(c, 'coordination:plan.progressOf', { indicator: indicator.name });
    action = `${planHref(c)}/indicators/${indicator.id}/progress`;
    body = <ProgressFields {...f} indicator={indicator} />;
    if (!values.measuredOn) values.measuredOn = todayLocal();
  }
  return staffPage(c, {
    title: heading,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <PartForm
        {...ctx}
        heading={heading}
        action={action}
        back={planHref(c)}
        errors={errors}
        submit={t(c, 'coordination:form.save')}
      >
        {body}
      </PartForm>
    ),
  });
}

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const measureChoices = (view: PlanView, goalId: string) =>
  view.parts.measures.filter((m) => m.goalId === goalId).map((m) => ({ value: m.id, label: m.title }));
const activeDepartments = (view: PlanView) =>
  view.departments.filter((d) => !d.archivedAt).map((d) => ({ value: d.id, label: d.name }));

type Sub = { form: string; values: Values; errors: Errors };

/** The measure's page (a draft): its form, milestones, participation steps and budget per year. */
async function measurePage(c: C, values: Values | null, errors: Errors = {}, sub?: Sub) {
  const view = await planFor(actorOf(c), db(c), planId(c));
  if (!view.mayEdit) throw new AppError(403, 'forbidden');
  if (view.plan.status !== 'draft') throw new AppError(409, 'plan_adopted');
  const m = view.parts.measures.find((x) => x.id === c.req.param('measureId'));
  if (!m) throw new AppError(404, 'measure_not_found');
  const stored: Values = {
    goalId: m.goalId,
    title: m.title,
    description: m.description,
    departmentId: m.departmentId ?? '',
    responsible: m.responsible,
    fundingKind: m.fundingKind ?? '',
    investive: m.investive ? 'on' : '',
    budgetLine: m.budgetLine,
    budget: m.budgetCents === null ? '' : formatMoneyInput(m.budgetCents),
    startsOn: m.startsOn ?? '',
    endsOn: m.endsOn ?? '',
    status: m.status,
    continuation: m.continuation,
  };
  const failed = Object.keys(errors).length > 0 || Object.keys(sub?.errors ?? {}).length > 0;
  return staffPage(c, {
    title: t(c, 'coordination:plan.editMeasureTitle', { measure: m.title }),
    status: failed ? 422 : 200,
    children: (
      <MeasurePage
        {...ctxOf(c)}
        view={view}
        measure={m}
        values={values ?? stored}
        errors={errors}
        sub={sub ?? { form: '', values: {}, errors: {} }}
        departments={activeDepartments(view)}
      />
    ),
  });
}

/** An amount in cents as the budget field takes it (12500.5 → "12500,50"). */
const formatMoneyInput = (cents: number) =>
  cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2).replace('.', ',');

/** A part's form posted: the use case, or the form again with its messages. */
function postPart<S extends FormShape>(
  staff: Hono<AppEnv>,
  path: string,
  kind: PartKind,
  shape: S,
  run: (c: C, input: never) => Promise<unknown>,
) {
  staff.get(path, (c) => partPage(c, kind, {}));
  staff.post(path, async (c) => {
    const { input, values } = fromForm(await formData(c), shape);
    try {
      await run(c, input as never);
    } catch (err) {
      if (err instanceof ValidationError) return partPage(c, kind, values, err.fields);
      throw err;
    }
    return c.redirect(planHref(c), 303);
  });
}

export function mountStaffPlanPages(staff: Hono<AppEnv>) {
  staff.get('/coordination/plans', async (c) => {
    const actor = actorOf(c);
    const plans = await listPlansFor(actor, db(c));
    return staffPage(c, {
      title: t(c, 'coordination:plan.title'),
      children: (
        <PlanListView
          {...ctxOf(c)}
          plans={plans}
          areaNames={await areaNames(c)}
          mayCreate={can(actor, PLAN)}
          publicHref={publicHref(c)}
        />
      ),
    });
  });

  staff.get('/coordination/plans/new', (c) => planFormPage(c, 'new', {}));
  staff.post('/coordination/plans/new', async (c) => {
    const { input, values } = fromForm(await formData(c), PLAN_SHAPE);
    try {
      const plan = await createPlan(actorOf(c), db(c), input as never);
      return c.redirect(`${base(c)}/plans/${plan.id}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return planFormPage(c, 'new', values, err.fields);
      throw err;
    }
  });

  staff.get('/coordination/plans/:planId', (c) => planPage(c));
  // The adopted version as PDF, for members who read the plan (404 before the first adoption).
  staff.get('/coordination/plans/:planId/plan.pdf', async (c) => {
    await planFor(actorOf(c), db(c), planId(c));
    return planPdfResponse(c, planId(c), { publishedOnly: false });
  });

  staff.get('/coordination/plans/:planId/edit', async (c) => {
    const { plan } = await planFor(actorOf(c), db(c), planId(c));
    return planFormPage(c, 'edit', {
      title: plan.title,
      areaId: plan.areaId,
      periodFrom: plan.periodFrom,
      periodTo: plan.periodTo,
      summary: plan.summary,
      continuation: plan.continuation,
    });
  });
  staff.post('/coordination/plans/:planId/edit', async (c) => {
    const { input, values } = fromForm(await formData(c), PLAN_SHAPE);
    try {
      await updatePlan(actorOf(c), db(c), planId(c), input as never);
    } catch (err) {
      if (err instanceof ValidationError) return planFormPage(c, 'edit', values, err.fields);
      throw err;
    }
    return c.redirect(planHref(c), 303);
  });

  postPart(staff, '/coordination/plans/:planId/fields/new', 'field', FIELD_SHAPE, (c, input) =>
    addField(actorOf(c), db(c), planId(c), input),
  );
  postPart(staff, '/coordination/plans/:planId/goals/new', 'goal', GOAL_SHAPE, (c, input) =>
    addGoal(actorOf(c), db(c), planId(c), input),
  );
  postPart(staff, '/coordination/plans/:planId/indicators/new', 'indicator', INDICATOR_SHAPE, (c, input) =>
    addIndicator(actorOf(c), db(c), planId(c), input),
  );
  postPart(staff, '/coordination/plans/:planId/measures/new', 'measure', MEASURE_SHAPE, (c, input) =>
    addMeasure(actorOf(c), db(c), planId(c), input),
  );
  postPart(
    staff,
    '/coordination/plans/:planId/indicators/:indicatorId/progress',
    'progress',
    PROGRESS_SHAPE,
    (c, input) =>
      recordProgress(actorOf(c), db(c), planId(c), idParam(c, 'indicatorId', 'indicator_not_found'), input),
  );

  // Changing a field, goal or indicator in place (a draft).
  for (const [kind, shape, run] of [
    ['field', FIELD_SHAPE, updateField],
    ['goal', GOAL_SHAPE, updateGoal],
    ['indicator', INDICATOR_SHAPE, updateIndicator],
  ] as const) {
    const path = `/coordination/plans/:planId/${kind}s/:partId/edit`;
    const partId = (c: C) => idParam(c, 'partId', `${kind}_not_found`);
    staff.get(path, (c) => partPage(c, kind, {}, {}, partId(c)));
    staff.post(path, async (c) => {
      const { input, values } = fromForm(await formData(c), shape);
      try {
        await (run as (a: unknown, d: unknown, p: string, i: string, x: never) => Promise<unknown>)(
          actorOf(c),
          db(c),
          planId(c),
          partId(c),
          input as never,
        );
      } catch (err) {
        if (err instanceof ValidationError) return partPage(c, kind, values, err.fields, partId(c));
        throw err;
      }
      return c.redirect(planHref(c), 303);
    });
  }

  const measurePath = '/coordination/plans/:planId/measures/:measureId';
  const measureId = (c: C) => idParam(c, 'measureId', 'measure_not_found');
  staff.get(`${measurePath}/edit`, (c) => measurePage(c, null));
  staff.post(`${measurePath}/edit`, async (c) => {
    const { input, values } = fromForm(await formData(c), MEASURE_SHAPE);
    try {
      await updateMeasure(actorOf(c), db(c), planId(c), measureId(c), input as never);
    } catch (err) {
      if (err instanceof ValidationError) return measurePage(c, values, err.fields);
      throw err;
    }
    return c.redirect(planHref(c), 303);
  });
  // The measure's milestones, participation steps and budget per year: back to the measure's page.
  for (const [name, path, shape, run] of [
    ['milestone', 'milestones', { title: 'text', dueOn: 'text' }, addMilestone],
    ['step', 'steps', { what: 'text', takesPlaceOn: 'text', withWhom: 'text' }, addStep],
    ['budgetYear', 'budget-years', { year: 'number', amount: 'text' }, addBudgetYear],
  ] as const) {
    staff.post(`${measurePath}/${path}`, async (c) => {
      const { input, values } = fromForm(await formData(c), shape);
      try {
        await (run as (a: unknown, d: unknown, p: string, m: string, x: never) => Promise<unknown>)(
          actorOf(c),
          db(c),
          planId(c),
          measureId(c),
          input as never,
        );
      } catch (err) {
        if (err instanceof ValidationError)
          return measurePage(c, null, {}, { form: name, values, errors: err.fields });
        throw err;
      }
      return c.redirect(`${planHref(c)}/measures/${measureId(c)}/edit#${path}-heading`, 303);
    });
  }

  staff.post('/coordination/plans/:planId/milestones/:milestoneId/done', async (c) => {
    const milestoneId = idParam(c, 'milestoneId', 'milestone_not_found');
    const { input, values } = fromForm(await formData(c), { doneOn: 'text' });
    return planStep(c, `milestone-${milestoneId}`, values, () =>
      setMilestoneDone(actorOf(c), db(c), planId(c), milestoneId, input as never),
    );
  });

  staff.post('/coordination/plans/:planId/measures/:measureId/status', async (c) => {
    const measureId = idParam(c, 'measureId', 'measure_not_found');
    const { input, values } = fromForm(await formData(c), { status: 'text' });
    return planStep(c, `status-${measureId}`, values, () =>
      setMeasureStatus(actorOf(c), db(c), planId(c), measureId, input as never),
    );
  });

  staff.post('/coordination/plans/:planId/remove', async (c) => {
    const { values } = fromForm(await formData(c), { kind: 'text', id: 'text', back: 'text' });
    await removePlanPart(
      actorOf(c),
      db(c),
      planId(c),
      str(values, 'kind') as PlanPartKind,
      str(values, 'id'),
    );
    // From the measure's page (a milestone, step or budget year): back there.
    const back = str(values, 'back');
    return c.redirect(isUuid(back) ? `${planHref(c)}/measures/${back}/edit` : planHref(c), 303);
  });

  staff.post('/coordination/plans/:planId/adopt', async (c) => {
    const { input, values } = fromForm(await formData(c), {
      adoptedOn: 'text',
      adoptedBy: 'text',
      changeNote: 'text',
    });
    return planStep(c, 'adopt', values, () => adoptPlan(actorOf(c), db(c), planId(c), input as never));
  });

  staff.post('/coordination/plans/:planId/new-version', async (c) => {
    await openNewVersion(actorOf(c), db(c), planId(c));
    return c.redirect(planHref(c), 303);
  });
}

// Staff screens of coordination: the needs list, reporting a need, a need with its routings and
// answers (route, answer, escalate), and the departments. Parse → call the use case → render; a
// refused form comes back with its field messages and every value as typed.
import type { Context, Hono } from 'hono';
import { actorOf, can, scopeOf } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { fromForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { addDays, localParts, todayLocal } from '../../../platform/time/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { areaChoices } from '../../areas/index.ts';
import { NEED_STATUSES, type NeedStatus } from '../domain/vocab.ts';
import { REPORT, ROUTE } from '../policies.ts';
import { createDepartment, departmentsFor, updateDepartment } from '../use-cases/departments.ts';
import { listNeedsFor, needFor, reportNeed } from '../use-cases/needs.ts';
import { answerRouting, escalateNeed, escalationTargetsFor, routeNeed } from '../use-cases/routing.ts';
import {
  DepartmentEditView,
  DepartmentsView,
  type Errors,
  type FormState,
  NeedListView,
  NeedView,
  ReportForm,
  type Values,
} from './views.tsx';

type C = Context<AppEnv>;
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/coordination`;
const db = (c: C) => c.get('services').db;
const ctxOf = (c: C) => ({ t: c.get('t'), lang: c.get('lang'), base: base(c), csrf: csrfTokenFor(c) });
/** How long a department has by default to answer (the route form's preset deadline). */
const DEFAULT_DAYS = 28;

function idParam(c: C, name: string, missing: string): string {
  const id = c.req.param(name);
  if (!id || !isUuid(id)) throw new AppError(404, missing);
  return id;
}

async function areaNames(c: C): Promise<Map<string, string>> {
  return new Map((await areaChoices(db(c), c.get('tenant')!.id, null)).map((a) => [a.value, a.label]));
}

const NEED_SHAPE = {
  title: 'text',
  description: 'text',
  areaId: 'text',
  topic: 'text',
  evidence: 'text',
  urgency: 'text',
} as const;

async function reportPage(c: C, values: Values = {}, errors: Errors = {}) {
  const actor = actorOf(c);
  if (!can(actor, REPORT)) throw new AppError(403, 'forbidden');
  const areas = await areaChoices(db(c), actor.tenantId, scopeOf(actor, REPORT));
  return staffPage(c, {
    title: String(c.get('t')('coordination:staff.report')),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <ReportForm
        {...ctxOf(c)}
        values={values}
        errors={errors}
        areas={areas.map(({ value, label }) => ({ value, label }))}
      />
    ),
  });
}

async function needPage(
  c: C,
  form: FormState = { form: '', values: {}, errors: {} },
  status: 200 | 422 = 200,
) {
  const actor = actorOf(c);
  const view = await needFor(actor, db(c), idParam(c, 'needId', 'need_not_found'));
  const targets = view.mayEscalate ? await escalationTargetsFor(actor, c.get('services')) : [];
  const names = await areaNames(c);
  return staffPage(c, {
    title: view.need.title,
    status,
    children: (
      <NeedView
        {...ctxOf(c)}
        {...view}
        areaName={names.get(view.need.areaId) ?? ''}
        targets={targets}
        defaultDeadline={addDays(todayLocal(), DEFAULT_DAYS)}
        form={form}
      />
    ),
  });
}

/** Runs a step on the need and shows it again: with the step's field messages when refused. */
async function needStep(
  c: C,
  form: string,
  values: Values,
  run: () => Promise<unknown>,
  fieldOf: (k: string) => string = (k) => k,
) {
  try {
    await run();
  } catch (err) {
    if (err instanceof ValidationError) {
      const errors = Object.fromEntries(Object.entries(err.fields).map(([k, m]) => [fieldOf(k), m]));
      return needPage(c, { form, values, errors }, 422);
    }
    throw err;
  }
  return c.redirect(`${base(c)}/needs/${idParam(c, 'needId', 'need_not_found')}`, 303);
}

const DEPARTMENT_SHAPE = { name: 'text', shortName: 'text', areaIds: 'list', archived: 'text' } as const;

async function departmentsPage(c: C, values: Values = {}, errors: Errors = {}) {
  const actor = actorOf(c);
  if (!can(actor, ROUTE)) throw new AppError(403, 'forbidden');
  const list = await departmentsFor(actor, db(c), { archived: true });
  const areas = await areaChoices(db(c), actor.tenantId, null);
  return staffPage(c, {
    title: String(c.get('t')('coordination:departments.title')),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <DepartmentsView
        {...ctxOf(c)}
        departments={list}
        areaNames={await areaNames(c)}
        areas={areas.map(({ value, label }) => ({ value, label }))}
        values={values}
        errors={errors}
      />
    ),
  });
}

async function departmentPage(c: C, values?: Values, errors: Errors = {}) {
  const actor = actorOf(c);
  const id = idParam(c, 'id', 'department_not_found');
  const d = (await departmentsFor(actor, db(c), { archived: true })).find((x) => x.id === id);
  if (!d || !can(actor, ROUTE)) throw new AppError(404, 'department_not_found');
  const areas = await areaChoices(db(c), actor.tenantId, null);
  return staffPage(c, {
    title: d.name,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <DepartmentEditView
        {...ctxOf(c)}
        name={d.name}
        action={`${base(c)}/departments/${d.id}`}
        areas={areas.map(({ value, label }) => ({ value, label }))}
        values={
          values ?? {
            name: d.name,
            shortName: d.shortName,
            areaIds: d.areaIds,
            archived: d.archivedAt ? '1' : '',
          }
        }
        errors={errors}
      />
    ),
  });
}

const NEED_CSV = [
  'title',
  'area',
  'topic',
  'urgency',
  'status',
  'departments',
  'overdueDays',
  'reportedAt',
  'link',
] as const;

export function mountStaffCoordinationPages(staff: Hono<AppEnv>) {
  staff.get('/coordination', async (c) => {
    const actor = actorOf(c);
    const q = (k: string) => c.req.query(k) ?? '';
    const status = (NEED_STATUSES as readonly string[]).includes(q('status'))
      ? (q('status') as NeedStatus)
      : undefined;
    const filter = {
      status: status ?? '',
      areaId: isUuid(q('areaId')) ? q('areaId') : '',
      departmentId: isUuid(q('departmentId')) ? q('departmentId') : '',
      overdue: q('overdue') === '1',
      mine: q('mine') === '1',
    };
    const needs = await listNeedsFor(actor, db(c), {
      status,
      areaId: filter.areaId || undefined,
      departmentId: filter.departmentId || undefined,
      overdue: filter.overdue,
      mine: filter.mine,
    });
    const areas = await areaChoices(db(c), actor.tenantId, null);
    if (q('format') === 'csv') {
      // The list as filtered, for a steering round's handout or a spreadsheet.
      const t = c.get('t');
      const names = new Map(areas.map((a) => [a.value, a.label]));
      const link = `${c.get('services').config.baseUrl}${base(c)}/needs/`;
      const csv = toCsv(
        NEED_CSV.map((k) => t(`coordination:staff.csvColumns.${k}`)),
        needs.map((n) => [
          n.title,
          names.get(n.areaId) ?? '',
          t(`coordination:vocab.topic.${n.topic}`),
          t(`coordination:vocab.urgency.${n.urgency}`),
          t(`coordination:vocab.status.${n.status}`),
          n.routings.map((r) => r.department.name).join(', '),
          n.overdueDays,
          localParts(n.createdAt).date,
          `${link}${n.id}`,
        ]),
      );
      return csvResponse(csv, 'bedarfe.csv');
    }
    return staffPage(c, {
      title: String(c.get('t')('coordination:staff.title')),
      children: (
        <NeedListView
          {...ctxOf(c)}
          needs={needs}
          filter={filter}
          areas={areas.map(({ value, label }) => ({ value, label }))}
          areaNames={new Map(areas.map((a) => [a.value, a.label]))}
          departments={await departmentsFor(actor, db(c))}
          mayReport={can(actor, REPORT)}
          mayRoute={can(actor, ROUTE)}
        />
      ),
    });
  });

  staff.get('/coordination/new', (c) => reportPage(c));
  staff.post('/coordination/new', async (c) => {
    const { input, values } = fromForm(await formData(c), NEED_SHAPE);
    try {
      const need = await reportNeed(actorOf(c), db(c), input as never);
      return c.redirect(`${base(c)}/needs/${need.id}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return reportPage(c, values, err.fields);
      throw err;
    }
  });

  staff.get('/coordination/needs/:needId', (c) => needPage(c));

  staff.post('/coordination/needs/:needId/route', async (c) => {
    const raw = await formData(c);
    const { values } = fromForm(raw, { departmentIds: 'list' });
    const chosen = (values.departmentIds as string[]).filter(isUuid);
    for (const k of Object.keys(raw)) if (k.startsWith('deadline-')) values[k] = String(raw[k] ?? '').trim();
    const routes = chosen.map((departmentId) => ({
      departmentId,
      deadline: String(values[`deadline-${departmentId}`] ?? ''),
    }));
    // routes.2.deadline → the deadline field of the third chosen department.
    const fieldOf = (k: string) => {
      const m = /^routes\.(\d+)\.(departmentId|deadline)$/.exec(k);
      if (!m) return k === 'routes' ? 'departmentIds' : k;
      const id = chosen[Number(m[1])];
      return m[2] === 'deadline' ? `deadline-${id}` : `dept-${id}`;
    };
    return needStep(
      c,
      'route',
      values,
      () => routeNeed(actorOf(c), db(c), idParam(c, 'needId', 'need_not_found'), { routes }),
      fieldOf,
    );
  });

  staff.post('/coordination/needs/:needId/routings/:routingId/answer', async (c) => {
    const routingId = idParam(c, 'routingId', 'routing_not_found');
    const { input, values } = fromForm(await formData(c), { status: 'text', answer: 'text' });
    const prefix = `a${routingId.slice(-6)}-`;
    return needStep(
      c,
      `answer-${routingId}`,
      values,
      async () => {
        const view = await needFor(actorOf(c), db(c), idParam(c, 'needId', 'need_not_found'));
        if (!view.need.routings.some((r) => r.id === routingId)) throw new AppError(404, 'routing_not_found');
        await answerRouting(actorOf(c), db(c), routingId, input as never);
      },
      (k) => (k === 'answer' || k === 'status' ? k : `${prefix}${k}`),
    );
  });

  staff.post('/coordination/needs/:needId/escalate', async (c) => {
    const { input, values } = fromForm(await formData(c), { bodyId: 'text', date: 'text', time: 'text' });
    return needStep(c, 'escalate', values, () =>
      escalateNeed(actorOf(c), c.get('services'), idParam(c, 'needId', 'need_not_found'), input as never),
    );
  });

  staff.get('/coordination/departments', (c) => departmentsPage(c));
  staff.post('/coordination/departments', async (c) => {
    const { input, values } = fromForm(await formData(c), DEPARTMENT_SHAPE);
    try {
      await createDepartment(actorOf(c), db(c), input as never);
    } catch (err) {
      if (err instanceof ValidationError) return departmentsPage(c, values, err.fields);
      throw err;
    }
    return c.redirect(`${base(c)}/departments`, 303);
  });
  staff.get('/coordination/departments/:id', (c) => departmentPage(c));
  staff.post('/coordination/departments/:id', async (c) => {
    const { input, values } = fromForm(await formData(c), DEPARTMENT_SHAPE);
    try {
      await updateDepartment(actorOf(c), db(c), idParam(c, 'id', 'department_not_found'), {
        ...(input as never as { name: string }),
        archived: values.archived === '1',
      });
    } catch (err) {
      if (err instanceof ValidationError) return departmentPage(c, values, err.fields);
      throw err;
    }
    return c.redirect(`${base(c)}/departments`, 303);
  });
}

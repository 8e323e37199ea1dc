// Staff views of integrated action plans: the list, the plan with its fields of action, goals,
// indicators and measures, and the forms (plan, field, goal, indicator, measure, progress, adoption).
// They take props and hold no rules.
import type { ReactNode } from 'react';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatMoney } from '../../../platform/i18n/index.ts';
import { formatDate } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  FormFrame,
  KeyValueList,
  LinkButton,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { milestoneOverdue, progressPercent, type RollUp } from '../domain/plans.ts';
import { FUNDING_KINDS, MEASURE_STATUSES } from '../domain/vocab.ts';
import type { Plan, PlanGoal, PlanIndicator, PlanMeasure } from '../queries.ts';
import type { PlanView } from '../use-cases/plans.ts';
import { rollUpText } from '../use-cases/public-plans.ts';
import type { Errors, FormState, Values } from './views.tsx';

type Ctx = { t: TFunction; lang: string; base: string; csrf: string };
type Choice = { value: string; label: string };

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const msg = (t: TFunction, e: Errors) =>
  Object.fromEntries(Object.entries(e).map(([k, m]) => [k, String(t(m))]));
const day = (d: string | null, lang: string) => (d ? formatDate(d, lang) : '–');
const num = (n: number, lang: string) => new Intl.NumberFormat(lang === 'de-x-ls' ? 'de' : lang).format(n);

const MEASURE_VARIANT: Record<string, 'info' | 'success' | 'warning' | 'danger'> = {
  planned: 'info',
  running: 'warning',
  done: 'success',
  dropped: 'danger',
};

export function MeasureTag(p: { t: TFunction; status: string }) {
  return (
    <span className={`kern-badge kern-badge--${MEASURE_VARIANT[p.status] ?? 'info'} kern-badge--small`}>
      <span className="kern-label">{p.t(`coordination:vocab.measure.${p.status}`)}</span>
    </span>
  );
}

const plansBase = (p: { base: string }) => `${p.base}/plans`;

export function PlanListView(
  p: Ctx & { plans: Plan[]; areaNames: Map<string, string>; mayCreate: boolean; publicHref: string },
) {
  const { t } = p;
  return (
    <>
      <p>
        <a href={p.base}>{t('coordination:staff.title')}</a>
      </p>
      <h1>{t('coordination:plan.title')}</h1>
      <p>{t('coordination:plan.intro')}</p>
      <p className="q-actions">
        {p.mayCreate ? (
          <LinkButton href={`${plansBase(p)}/new`}>{t('coordination:plan.new')}</LinkButton>
        ) : null}
        <LinkButton href={p.publicHref} variant="secondary">
          {t('coordination:plan.publicPage')}
        </LinkButton>
      </p>
      <DataTable
        caption={t('coordination:plan.caption', { count: p.plans.length })}
        rows={p.plans}
        rowKey={(x) => x.id}
        emptyMessage={t('coordination:plan.none')}
        stack
        columns={[
          {
            key: 'title',
            header: t('coordination:fields.title'),
            rowHeader: true,
            cell: (x) => (
              <a href={`${plansBase(p)}/${x.id}`} dir="auto">
                {x.title}
              </a>
            ),
          },
          {
            key: 'area',
            header: t('coordination:fields.area'),
            cell: (x) => p.areaNames.get(x.areaId) ?? '',
          },
          {
            key: 'period',
            header: t('coordination:plan.period'),
            cell: (x) => `${day(x.periodFrom, p.lang)} – ${day(x.periodTo, p.lang)}`,
          },
          {
            key: 'status',
            header: t('coordination:fields.status'),
            cell: (x) => t(`coordination:plan.status.${x.status}`, { version: x.version }),
          },
        ]}
      />
    </>
  );
}

/** The plan's own form: title, area, period, summary, continuation. */
export function PlanForm(
  p: Ctx & { action: string; heading: string; back: string; values: Values; errors: Errors; areas: Choice[] },
) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <p>
        <a href={p.back}>{t('coordination:plan.back')}</a>
      </p>
      <h1>{p.heading}</h1>
      <FormFrame
        action={p.action}
        csrf={p.csrf}
        errorTitle={t('coordination:staff.errorTitle')}
        errors={msg(t, e)}
      >
        <TextField
          name="title"
          label={t('coordination:fields.title')}
          hint={t('coordination:plan.titleHint')}
          value={str(v, 'title')}
          error={err('title')}
          maxLength={200}
        />
        <SelectField
          name="areaId"
          label={t('coordination:fields.area')}
          value={str(v, 'areaId')}
          placeholder={t('coordination:form.choose')}
          options={p.areas}
          error={err('areaId')}
        />
        <TextField
          type="date"
          name="periodFrom"
          label={t('coordination:plan.periodFrom')}
          value={str(v, 'periodFrom')}
          error={err('periodFrom')}
        />
        <TextField
          type="date"
          name="periodTo"
          label={t('coordination:plan.periodTo')}
          value={str(v, 'periodTo')}
          error={err('periodTo')}
        />
        <TextArea
          name="summary"
          label={t('coordination:plan.summary')}
          value={str(v, 'summary')}
          error={err('summary')}
        />
        <TextArea
          name="continuation"
          label={t('coordination:plan.continuation')}
          hint={t('coordination:plan.continuationHint')}
          value={str(v, 'continuation')}
          error={err('continuation')}
        />
        <Button>{t('coordination:form.save')}</Button>
      </FormFrame>
    </>
  );
}

/** A form for one part of a plan (field, goal, indicator, measure, progress) on its own page. */
export function PartForm(
  p: Ctx & {
    heading: string;
    intro?: ReactNode;
    action: string;
    back: string;
    errors: Errors;
    submit: string;
    children: ReactNode;
  },
) {
  const { t } = p;
  return (
    <>
      <p>
        <a href={p.back}>{t('coordination:plan.back')}</a>
      </p>
      <h1 dir="auto">{p.heading}</h1>
      {p.intro}
      <FormFrame
        action={p.action}
        csrf={p.csrf}
        errorTitle={t('coordination:staff.errorTitle')}
        errors={msg(t, p.errors)}
      >
        {p.children}
        <Button>{p.submit}</Button>
      </FormFrame>
    </>
  );
}

export function FieldFields(p: { t: TFunction; values: Values; errors: Errors }) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <TextField
        name="name"
        label={t('coordination:fields.name')}
        value={str(v, 'name')}
        error={err('name')}
        maxLength={200}
      />
      <TextArea
        name="description"
        label={t('coordination:fields.description')}
        value={str(v, 'description')}
        error={err('description')}
      />
    </>
  );
}

export function GoalFields(p: { t: TFunction; values: Values; errors: Errors; fieldId: string }) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <input type="hidden" name="fieldId" value={p.fieldId} />
      {e.fieldId ? (
        <p className="kern-error" id="fieldId">
          {err('fieldId')}
        </p>
      ) : null}
      <TextField
        name="title"
        label={t('coordination:plan.goal')}
        value={str(v, 'title')}
        error={err('title')}
        maxLength={300}
      />
      <TextArea
        name="description"
        label={t('coordination:fields.description')}
        value={str(v, 'description')}
        error={err('description')}
      />
    </>
  );
}

export function IndicatorFields(p: {
  t: TFunction;
  values: Values;
  errors: Errors;
  goalId: string;
  measures: Choice[];
}) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <input type="hidden" name="goalId" value={p.goalId} />
      {e.goalId ? (
        <p className="kern-error" id="goalId">
          {err('goalId')}
        </p>
      ) : null}
      <TextField
        name="name"
        label={t('coordination:plan.indicator')}
        hint={t('coordination:plan.indicatorHint')}
        value={str(v, 'name')}
        error={err('name')}
        maxLength={200}
      />
      <TextField
        name="unit"
        label={t('coordination:plan.unit')}
        hint={t('coordination:plan.unitHint')}
        value={str(v, 'unit')}
        error={err('unit')}
        maxLength={40}
      />
      <TextField
        name="baseline"
        inputMode="decimal"
        label={t('coordination:plan.baseline')}
        value={str(v, 'baseline')}
        error={err('baseline')}
      />
      <TextField
        name="target"
        inputMode="decimal"
        label={t('coordination:plan.target')}
        value={str(v, 'target')}
        error={err('target')}
      />
      {p.measures.length > 0 ? (
        <SelectField
          name="measureId"
          label={t('coordination:plan.measuredMeasure')}
          hint={t('coordination:plan.measuredMeasureHint')}
          value={str(v, 'measureId')}
          placeholder={t('coordination:plan.wholeGoal')}
          options={p.measures}
          error={err('measureId')}
        />
      ) : null}
    </>
  );
}

export function MeasureFields(p: {
  t: TFunction;
  values: Values;
  errors: Errors;
  goalId: string;
  departments: Choice[];
}) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <input type="hidden" name="goalId" value={p.goalId} />
      {e.goalId ? (
        <p className="kern-error" id="goalId">
          {err('goalId')}
        </p>
      ) : null}
      <TextField
        name="title"
        label={t('coordination:plan.measure')}
        value={str(v, 'title')}
        error={err('title')}
        maxLength={300}
      />
      <TextArea
        name="description"
        label={t('coordination:fields.description')}
        value={str(v, 'description')}
        error={err('description')}
      />
      <SelectField
        name="departmentId"
        label={t('coordination:fields.department')}
        hint={t('coordination:plan.departmentHint')}
        value={str(v, 'departmentId')}
        placeholder={t('coordination:plan.noDepartment')}
        options={p.departments}
        error={err('departmentId')}
      />
      <TextField
        name="responsible"
        label={t('coordination:plan.responsible')}
        hint={t('coordination:plan.responsibleHint')}
        value={str(v, 'responsible')}
        error={err('responsible')}
        maxLength={200}
      />
      <SelectField
        name="fundingKind"
        label={t('coordination:plan.fundingKind')}
        value={str(v, 'fundingKind')}
        placeholder={t('coordination:plan.fundingKindNone')}
        options={FUNDING_KINDS.map((k) => ({
          value: k,
          label: String(t(`coordination:vocab.funding.${k}`)),
        }))}
        error={err('fundingKind')}
      />
      <TextField
        name="budgetLine"
        label={t('coordination:plan.budgetLine')}
        hint={t('coordination:plan.budgetLineHint')}
        value={str(v, 'budgetLine')}
        error={err('budgetLine')}
        maxLength={300}
      />
      <TextField
        name="budget"
        inputMode="decimal"
        label={t('coordination:plan.budget')}
        value={str(v, 'budget')}
        error={err('budget')}
      />
      <TextField
        type="date"
        name="startsOn"
        label={t('coordination:plan.startsOn')}
        value={str(v, 'startsOn')}
        error={err('startsOn')}
      />
      <TextField
        type="date"
        name="endsOn"
        label={t('coordination:plan.endsOn')}
        value={str(v, 'endsOn')}
        error={err('endsOn')}
      />
      <SelectField
        name="status"
        label={t('coordination:fields.status')}
        value={str(v, 'status') || 'planned'}
        options={MEASURE_STATUSES.map((s) => ({
          value: s,
          label: String(t(`coordination:vocab.measure.${s}`)),
        }))}
        error={err('status')}
      />
      <CheckboxField
        name="investive"
        label={t('coordination:plan.investive')}
        hint={t('coordination:plan.investiveHint')}
        checked={['on', 'true', '1', 'yes'].includes(str(v, 'investive'))}
        error={err('investive')}
      />
      <TextArea
        name="continuation"
        label={t('coordination:plan.continuation')}
        hint={t('coordination:plan.measureContinuationHint')}
        value={str(v, 'continuation')}
        error={err('continuation')}
      />
    </>
  );
}

export function ProgressFields(p: {
  t: TFunction;
  values: Values;
  errors: Errors;
  indicator: PlanIndicator;
}) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <TextField
        type="date"
        name="measuredOn"
        label={t('coordination:plan.measuredOn')}
        value={str(v, 'measuredOn')}
        error={err('measuredOn')}
      />
      <TextField
        name="value"
        inputMode="decimal"
        label={
          p.indicator.unit
            ? t('coordination:plan.valueIn', { unit: p.indicator.unit })
            : t('coordination:plan.value')
        }
        value={str(v, 'value')}
        error={err('value')}
      />
      <TextField
        name="note"
        label={t('coordination:plan.note')}
        value={str(v, 'note')}
        error={err('note')}
        maxLength={500}
      />
    </>
  );
}

function RemoveButton(p: Ctx & { planId: string; kind: string; id: string; label: string; back?: string }) {
  return (
    <form method="post" action={`${p.base}/plans/${p.planId}/remove`} className="q-inline-form">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="kind" value={p.kind} />
      <input type="hidden" name="id" value={p.id} />
      {p.back ? <input type="hidden" name="back" value={p.back} /> : null}
      <Button variant="tertiary" small>
        {p.t('coordination:plan.remove', { what: p.label })}
      </Button>
    </form>
  );
}

function IndicatorTable(
  p: Ctx & { view: PlanView; indicators: PlanIndicator[]; draft: boolean; planId: string },
) {
  const { t } = p;
  if (p.indicators.length === 0) return null;
  return (
    <DataTable
      caption={t('coordination:plan.indicators')}
      emptyMessage=""
      rows={p.indicators}
      rowKey={(i) => i.id}
      stack
      columns={[
        {
          key: 'name',
          header: t('coordination:plan.indicator'),
          rowHeader: true,
          cell: (i) => {
            const m = i.measureId ? p.view.parts.measures.find((x) => x.id === i.measureId) : undefined;
            return (
              <>
                <span dir="auto">{i.name}</span>
                {m ? (
                  <span className="q-meta" dir="auto">
                    {' '}
                    ({t('coordination:plan.measuresMeasure', { measure: m.title })})
                  </span>
                ) : null}
              </>
            );
          },
        },
        {
          key: 'baseline',
          header: t('coordination:plan.baseline'),
          cell: (i) => `${num(i.baseline, p.lang)} ${i.unit}`,
        },
        {
          key: 'target',
          header: t('coordination:plan.target'),
          cell: (i) => `${num(i.target, p.lang)} ${i.unit}`,
        },
        {
          key: 'latest',
          header: t('coordination:plan.latest'),
          cell: (i) => {
            const l = p.view.latest.get(i.id);
            if (!l) return t('coordination:plan.notMeasured');
            const pct = progressPercent(i, l.value);
            return t('coordination:plan.latestValue', {
              value: `${num(l.value, p.lang)} ${i.unit}`.trim(),
              date: day(l.measuredOn, p.lang),
              percent: pct ?? 0,
            });
          },
        },
        {
          key: 'actions',
          header: t('coordination:plan.actions'),
          cell: (i) => (
            <>
              {p.view.mayEdit ? (
                <a href={`${p.base}/plans/${p.planId}/indicators/${i.id}/progress`}>
                  {t('coordination:plan.recordProgress')}
                </a>
              ) : null}
              {p.draft && p.view.mayEdit ? (
                <>
                  {' '}
                  <a href={`${p.base}/plans/${p.planId}/indicators/${i.id}/edit`}>
                    {t('coordination:plan.editWhat', { what: i.name })}
                  </a>
                  <RemoveButton {...p} kind="indicator" id={i.id} label={i.name} />
                </>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}

function MeasureCard(
  p: Ctx & { view: PlanView; m: PlanMeasure; draft: boolean; planId: string; form: FormState },
) {
  const { t, m } = p;
  const d = p.view.departments.find((x) => x.id === m.departmentId);
  const mine = p.form.form === `status-${m.id}`;
  const prefix = `m${m.id.slice(-6)}-`;
  const years = p.view.parts.budgetYears.filter((b) => b.measureId === m.id);
  const milestones = p.view.parts.milestones.filter((x) => x.measureId === m.id);
  const steps = p.view.parts.steps.filter((x) => x.measureId === m.id);
  return (
    <li className="q-measure">
      <h5 dir="auto">{m.title}</h5>
      <KeyValueList
        items={[
          { term: t('coordination:fields.status'), value: <MeasureTag t={t} status={m.status} /> },
          {
            term: t('coordination:plan.responsible'),
            value: [d?.name, m.responsible].filter(Boolean).join(', ') || '–',
          },
          ...(m.fundingKind
            ? [
                {
                  term: t('coordination:plan.fundingKind'),
                  value: t(`coordination:vocab.funding.${m.fundingKind}`),
                },
              ]
            : []),
          ...(years.length
            ? [
                {
                  term: t('coordination:plan.budgetYears'),
                  value: years.map((b) => `${b.year}: ${formatMoney(b.amountCents, p.lang)}`).join(' · '),
                },
              ]
            : []),
          ...(m.budgetLine || m.budgetCents !== null
            ? [
                {
                  term: t('coordination:plan.budgetLine'),
                  value: [m.budgetLine, m.budgetCents !== null ? formatMoney(m.budgetCents, p.lang) : '']
                    .filter(Boolean)
                    .join(': '),
                },
              ]
            : []),
          ...(m.startsOn || m.endsOn
            ? [
                {
                  term: t('coordination:plan.schedule'),
                  value: `${day(m.startsOn, p.lang)} – ${day(m.endsOn, p.lang)}`,
                },
              ]
            : []),
          ...(m.description
            ? [{ term: t('coordination:fields.description'), value: <span dir="auto">{m.description}</span> }]
            : []),
          ...(m.continuation
            ? [{ term: t('coordination:plan.continuation'), value: <span dir="auto">{m.continuation}</span> }]
            : []),
        ]}
      />
      {milestones.length > 0 ? (
        <>
          <h6 className="q-subheading">{t('coordination:plan.milestones')}</h6>
          <ul className="q-plain-list">
            {milestones.map((x) => (
              <MilestoneLine key={x.id} {...p} x={x} may={p.view.mayStatus.has(m.id)} />
            ))}
          </ul>
        </>
      ) : null}
      {m.investive ? (
        <>
          <h6 className="q-subheading">{t('coordination:plan.steps')}</h6>
          {steps.length === 0 ? <p>{t('coordination:plan.noSteps')}</p> : null}
          <ul>
            {steps.map((x) => (
              <li key={x.id}>
                {day(x.takesPlaceOn, p.lang)}: <span dir="auto">{x.what}</span>
                {x.withWhom ? (
                  <>
                    {' – '}
                    {t('coordination:plan.withWhomLine', { who: x.withWhom })}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.view.mayStatus.has(m.id) ? (
        <FormFrame
          action={`${p.base}/plans/${p.planId}/measures/${m.id}/status`}
          csrf={p.csrf}
          prefix={prefix}
          className="q-form q-inline-form"
          errorTitle={t('coordination:staff.errorTitle')}
          errors={msg(t, mine ? p.form.errors : {})}
        >
          <SelectField
            name="status"
            id={`${prefix}status`}
            label={t('coordination:plan.statusOf', { measure: m.title })}
            value={mine ? str(p.form.values, 'status') : m.status}
            options={MEASURE_STATUSES.map((s) => ({
              value: s,
              label: String(t(`coordination:vocab.measure.${s}`)),
            }))}
            error={mine && p.form.errors.status ? String(t(p.form.errors.status)) : undefined}
          />
          <Button variant="secondary" small>
            {t('coordination:plan.setStatus')}
          </Button>
        </FormFrame>
      ) : null}
      {p.draft && p.view.mayEdit ? (
        <p className="q-actions">
          <LinkButton small variant="secondary" href={`${p.base}/plans/${p.planId}/measures/${m.id}/edit`}>
            {t('coordination:plan.editMeasure')}
          </LinkButton>
          <RemoveButton {...p} kind="measure" id={m.id} label={m.title} />
        </p>
      ) : null}
    </li>
  );
}

/** One milestone: due, reached or overdue; those who may set the measure's status mark it reached. */
function MilestoneLine(
  p: Ctx & {
    view: PlanView;
    planId: string;
    form: FormState;
    x: PlanView['parts']['milestones'][number];
    may: boolean;
  },
) {
  const { t, x } = p;
  const today = p.view.today;
  const mine = p.form.form === `milestone-${x.id}`;
  const prefix = `ms${x.id.slice(-6)}-`;
  return (
    <li>
      <span dir="auto">{x.title}</span>
      {' – '}
      {x.doneOn
        ? t('coordination:plan.reachedOn', { date: day(x.doneOn, p.lang), due: day(x.dueOn, p.lang) })
        : t('coordination:plan.dueLine', { date: day(x.dueOn, p.lang) })}
      {milestoneOverdue(x, today) ? (
        <>
          {' '}
          <span className="kern-badge kern-badge--danger kern-badge--small">
            <span className="kern-label">{t('coordination:plan.overdue')}</span>
          </span>
        </>
      ) : null}
      {p.may && !x.doneOn ? (
        <FormFrame
          action={`${p.base}/plans/${p.planId}/milestones/${x.id}/done`}
          csrf={p.csrf}
          prefix={prefix}
          className="q-form q-inline-form"
          errorTitle={t('coordination:staff.errorTitle')}
          errors={msg(t, mine ? p.form.errors : {})}
        >
          <TextField
            type="date"
            name="doneOn"
            id={`${prefix}doneOn`}
            label={t('coordination:plan.doneOnOf', { milestone: x.title })}
            value={mine ? str(p.form.values, 'doneOn') : today}
            error={mine && p.form.errors.doneOn ? String(t(p.form.errors.doneOn)) : undefined}
          />
          <Button variant="secondary" small>
            {t('coordination:plan.markReached')}
          </Button>
        </FormFrame>
      ) : null}
    </li>
  );
}

/** The roll-up of a goal, a field or the plan in one line (public wording, five languages). */
export function RollUpLine(p: { t: TFunction; r: RollUp | undefined }) {
  const text = rollUpText(p.t, p.r);
  return text ? <p className="q-meta">{text}</p> : null;
}

function GoalSection(p: Ctx & { view: PlanView; g: PlanGoal; draft: boolean; form: FormState }) {
  const { t, g, view } = p;
  const planId = view.plan.id;
  const measures = view.parts.measures.filter((m) => m.goalId === g.id);
  return (
    <section className="q-goal" aria-labelledby={`goal-${g.id}`}>
      <h4 id={`goal-${g.id}`} dir="auto">
        {t('coordination:plan.goalHeading', { title: g.title })}
      </h4>
      {g.description ? <p dir="auto">{g.description}</p> : null}
      <RollUpLine t={t} r={view.rollup.goals.get(g.id)} />
      <IndicatorTable
        {...p}
        indicators={view.parts.indicators.filter((i) => i.goalId === g.id)}
        planId={planId}
      />
      <h5 className="q-subheading">{t('coordination:plan.measures')}</h5>
      {measures.length === 0 ? <p>{t('coordination:plan.noMeasures')}</p> : null}
      <ul className="q-plain-list">
        {measures.map((m) => (
          <MeasureCard key={m.id} {...p} m={m} planId={planId} />
        ))}
      </ul>
      {p.draft && view.mayEdit ? (
        <p className="q-actions">
          <LinkButton
            small
            variant="secondary"
            href={`${p.base}/plans/${planId}/indicators/new?goalId=${g.id}`}
          >
            {t('coordination:plan.addIndicator')}
          </LinkButton>
          <LinkButton
            small
            variant="secondary"
            href={`${p.base}/plans/${planId}/measures/new?goalId=${g.id}`}
          >
            {t('coordination:plan.addMeasure')}
          </LinkButton>
          <LinkButton small variant="tertiary" href={`${p.base}/plans/${planId}/goals/${g.id}/edit`}>
            {t('coordination:plan.editWhat', { what: g.title })}
          </LinkButton>
          <RemoveButton {...p} planId={planId} kind="goal" id={g.id} label={g.title} />
        </p>
      ) : null}
    </section>
  );
}

export function PlanPage(
  p: Ctx & { view: PlanView; areaName: string; form: FormState; publicHref: string; today: string },
) {
  const { t, view } = p;
  const plan = view.plan;
  const draft = plan.status === 'draft';
  const adopted = view.parts.versions[0];
  const adopt = p.form.form === 'adopt' ? p.form : { values: {} as Values, errors: {} as Errors };
  const err = (k: string) => (adopt.errors[k] ? String(t(adopt.errors[k])) : undefined);
  return (
    <>
      <p>
        <a href={`${p.base}/plans`}>{t('coordination:plan.title')}</a>
      </p>
      <h1 dir="auto">{plan.title}</h1>
      <KeyValueList
        items={[
          { term: t('coordination:fields.area'), value: p.areaName },
          {
            term: t('coordination:plan.period'),
            value: `${day(plan.periodFrom, p.lang)} – ${day(plan.periodTo, p.lang)}`,
          },
          {
            term: t('coordination:fields.status'),
            value: t(`coordination:plan.status.${plan.status}`, { version: plan.version }),
          },
          ...(adopted
            ? [
                {
                  term: t('coordination:plan.inForce'),
                  value: t('coordination:plan.adoptedLine', {
                    version: adopted.version,
                    date: day(adopted.adoptedOn, p.lang),
                    body: adopted.adoptedBy,
                  }),
                },
              ]
            : []),
          ...(plan.summary
            ? [{ term: t('coordination:plan.summary'), value: <span dir="auto">{plan.summary}</span> }]
            : []),
          ...(plan.continuation
            ? [
                {
                  term: t('coordination:plan.continuation'),
                  value: <span dir="auto">{plan.continuation}</span>,
                },
              ]
            : []),
        ]}
      />
      <p className="q-actions">
        {draft && view.mayEdit ? (
          <LinkButton variant="secondary" href={`${p.base}/plans/${plan.id}/edit`}>
            {t('coordination:plan.edit')}
          </LinkButton>
        ) : null}
        {adopted ? (
          <>
            <LinkButton variant="secondary" href={p.publicHref}>
              {t('coordination:plan.publicPage')}
            </LinkButton>
            <LinkButton variant="secondary" href={`${p.base}/plans/${plan.id}/plan.pdf`}>
              {t('coordination:plan.pdf', { version: adopted.version })}
            </LinkButton>
          </>
        ) : null}
      </p>
      <RollUpLine t={t} r={view.rollup.plan} />
      {view.overdue.length > 0 ? (
        <Alert variant="warning" title={t('coordination:plan.overdueTitle', { count: view.overdue.length })}>
          <ul>
            {view.overdue.map((x) => (
              <li key={x.id}>
                <span dir="auto">{x.title}</span> (
                <span dir="auto">{view.parts.measures.find((m) => m.id === x.measureId)?.title}</span>):{' '}
                {t('coordination:plan.dueLine', { date: day(x.dueOn, p.lang) })}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {draft && adopted ? (
        <Alert variant="info" title={t('coordination:plan.revisingTitle')}>
          {t('coordination:plan.revising', { version: plan.version })}
        </Alert>
      ) : null}
      {!draft ? <p>{t('coordination:plan.fixed')}</p> : null}
      {view.parts.fields.length === 0 ? <p>{t('coordination:plan.noFields')}</p> : null}
      {view.parts.fields.map((f) => (
        <section key={f.id} className="q-field-of-action" aria-labelledby={`field-${f.id}`}>
          <h2 id={`field-${f.id}`} dir="auto">
            {f.name}
          </h2>
          {f.description ? <p dir="auto">{f.description}</p> : null}
          <RollUpLine t={t} r={view.rollup.fields.get(f.id)} />
          {view.parts.goals
            .filter((g) => g.fieldId === f.id)
            .map((g) => (
              <GoalSection key={g.id} {...p} g={g} draft={draft} />
            ))}
          {draft && view.mayEdit ? (
            <p className="q-actions">
              <LinkButton
                small
                variant="secondary"
                href={`${p.base}/plans/${plan.id}/goals/new?fieldId=${f.id}`}
              >
                {t('coordination:plan.addGoal')}
              </LinkButton>
              <LinkButton small variant="tertiary" href={`${p.base}/plans/${plan.id}/fields/${f.id}/edit`}>
                {t('coordination:plan.editWhat', { what: f.name })}
              </LinkButton>
              <RemoveButton {...p} planId={plan.id} kind="field" id={f.id} label={f.name} />
            </p>
          ) : null}
        </section>
      ))}
      {draft && view.mayEdit ? (
        <p>
          <LinkButton href={`${p.base}/plans/${plan.id}/fields/new`}>
            {t('coordination:plan.addField')}
          </LinkButton>
        </p>
      ) : null}
      {draft && view.mayEdit ? (
        <section aria-labelledby="adopt-heading">
          <h2 id="adopt-heading">{t('coordination:plan.adoptTitle', { version: plan.version })}</h2>
          <p>{t('coordination:plan.adoptIntro')}</p>
          <FormFrame
            action={`${p.base}/plans/${plan.id}/adopt`}
            csrf={p.csrf}
            errorTitle={t('coordination:staff.errorTitle')}
            errors={msg(t, adopt.errors)}
          >
            <TextField
              type="date"
              name="adoptedOn"
              label={t('coordination:plan.adoptedOn')}
              value={str(adopt.values, 'adoptedOn') || p.today}
              error={err('adoptedOn')}
            />
            <TextField
              name="adoptedBy"
              label={t('coordination:plan.adoptedBy')}
              hint={t('coordination:plan.adoptedByHint')}
              value={str(adopt.values, 'adoptedBy')}
              error={err('adoptedBy')}
              maxLength={200}
            />
            {plan.version > 1 ? (
              <TextArea
                name="changeNote"
                label={t('coordination:plan.changeNote')}
                hint={t('coordination:plan.changeNoteHint')}
                value={str(adopt.values, 'changeNote')}
                error={err('changeNote')}
              />
            ) : null}
            <Button>{t('coordination:plan.adopt')}</Button>
          </FormFrame>
        </section>
      ) : null}
      {!draft && view.mayEdit ? (
        <form method="post" action={`${p.base}/plans/${plan.id}/new-version`}>
          <input type="hidden" name="_csrf" value={p.csrf} />
          <p>{t('coordination:plan.newVersionIntro')}</p>
          <Button variant="secondary">
            {t('coordination:plan.newVersion', { version: plan.version + 1 })}
          </Button>
        </form>
      ) : null}
      {view.parts.versions.length > 0 ? (
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">{t('coordination:plan.versions')}</h2>
          <ul>
            {view.parts.versions.map((v) => (
              <li key={v.id}>
                {t('coordination:plan.adoptedLine', {
                  version: v.version,
                  date: day(v.adoptedOn, p.lang),
                  body: v.adoptedBy,
                })}
                {v.changeNote ? (
                  <>
                    {' – '}
                    <span dir="auto">{v.changeNote}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

type SubForm = { form: string; values: Values; errors: Errors };

/** One small form of the measure page (milestone, participation step, budget year). */
function SubFormFrame(
  p: Ctx & {
    name: string;
    action: string;
    sub: SubForm;
    children: (f: SubField) => ReactNode;
    submit: string;
  },
) {
  const mine = p.sub.form === p.name;
  const errors = mine ? p.sub.errors : {};
  const prefix = `${p.name}-`;
  const f: SubField = (name) => ({
    name,
    id: `${prefix}${name}`,
    value: mine ? str(p.sub.values, name) : '',
    error: errors[name] ? String(p.t(errors[name])) : undefined,
  });
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      prefix={prefix}
      errorTitle={p.t('coordination:staff.errorTitle')}
      errors={msg(p.t, errors)}
    >
      {p.children(f)}
      <Button variant="secondary">{p.submit}</Button>
    </FormFrame>
  );
}
type SubField = (name: string) => { name: string; id: string; value: string; error: string | undefined };

/**
 * The measure's own page (draft): its details in one form, then its milestones, participation steps
 * (investive measures) and budget per year, each listed with a form to add one.
 */
export function MeasurePage(
  p: Ctx & {
    view: PlanView;
    measure: PlanMeasure;
    values: Values;
    errors: Errors;
    sub: SubForm;
    departments: Choice[];
  },
) {
  const { t, view, measure: m } = p;
  const planHref = `${p.base}/plans/${view.plan.id}`;
  const here = `${planHref}/measures/${m.id}`;
  const milestones = view.parts.milestones.filter((x) => x.measureId === m.id);
  const steps = view.parts.steps.filter((x) => x.measureId === m.id);
  const years = view.parts.budgetYears.filter((x) => x.measureId === m.id);
  const remove = (kind: string, id: string, label: string) => (
    <RemoveButton {...p} planId={view.plan.id} kind={kind} id={id} label={label} back={m.id} />
  );
  return (
    <>
      <p>
        <a href={planHref}>{t('coordination:plan.back')}</a>
      </p>
      <h1 dir="auto">{t('coordination:plan.editMeasureTitle', { measure: m.title })}</h1>
      <FormFrame
        action={`${here}/edit`}
        csrf={p.csrf}
        errorTitle={t('coordination:staff.errorTitle')}
        errors={msg(t, p.errors)}
      >
        <MeasureFields
          t={t}
          values={p.values}
          errors={p.errors}
          goalId={m.goalId}
          departments={p.departments}
        />
        <Button>{t('coordination:form.save')}</Button>
      </FormFrame>

      <section aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">{t('coordination:plan.milestones')}</h2>
        {milestones.length === 0 ? <p>{t('coordination:plan.noMilestones')}</p> : null}
        <ul className="q-plain-list">
          {milestones.map((x) => (
            <li key={x.id}>
              <span dir="auto">{x.title}</span> –{' '}
              {t('coordination:plan.dueLine', { date: day(x.dueOn, p.lang) })}
              {x.doneOn ? ` – ${t('coordination:plan.reachedShort', { date: day(x.doneOn, p.lang) })}` : ''}
              {remove('milestone', x.id, x.title)}
            </li>
          ))}
        </ul>
        <h3>{t('coordination:plan.addMilestone')}</h3>
        <SubFormFrame
          {...p}
          name="milestone"
          action={`${here}/milestones`}
          submit={t('coordination:plan.addMilestone')}
        >
          {(f) => (
            <>
              <TextField {...f('title')} label={t('coordination:plan.milestone')} maxLength={300} />
              <TextField {...f('dueOn')} type="date" label={t('coordination:plan.dueOn')} />
            </>
          )}
        </SubFormFrame>
      </section>

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t('coordination:plan.steps')}</h2>
        {m.investive ? (
          <>
            <p>{t('coordination:plan.stepsIntro')}</p>
            {steps.length === 0 ? <p>{t('coordination:plan.noSteps')}</p> : null}
            <ul className="q-plain-list">
              {steps.map((x) => (
                <li key={x.id}>
                  {day(x.takesPlaceOn, p.lang)}: <span dir="auto">{x.what}</span> –{' '}
                  {t('coordination:plan.withWhomLine', { who: x.withWhom })}
                  {remove('step', x.id, x.what)}
                </li>
              ))}
            </ul>
            <h3>{t('coordination:plan.addStep')}</h3>
            <SubFormFrame {...p} name="step" action={`${here}/steps`} submit={t('coordination:plan.addStep')}>
              {(f) => (
                <>
                  <TextField {...f('what')} label={t('coordination:plan.stepWhat')} maxLength={300} />
                  <TextField {...f('takesPlaceOn')} type="date" label={t('coordination:plan.takesPlaceOn')} />
                  <TextField
                    {...f('withWhom')}
                    label={t('coordination:plan.withWhom')}
                    hint={t('coordination:plan.withWhomHint')}
                    maxLength={300}
                  />
                </>
              )}
            </SubFormFrame>
          </>
        ) : (
          <p>{t('coordination:plan.stepsOnlyInvestive')}</p>
        )}
      </section>

      <section aria-labelledby="budget-years-heading">
        <h2 id="budget-years-heading">{t('coordination:plan.budgetYears')}</h2>
        {years.length === 0 ? <p>{t('coordination:plan.noBudgetYears')}</p> : null}
        <ul className="q-plain-list">
          {years.map((x) => (
            <li key={x.id}>
              {x.year}: {formatMoney(x.amountCents, p.lang)}
              {remove('budgetYear', x.id, String(x.year))}
            </li>
          ))}
        </ul>
        <h3>{t('coordination:plan.addBudgetYear')}</h3>
        <SubFormFrame
          {...p}
          name="budgetYear"
          action={`${here}/budget-years`}
          submit={t('coordination:plan.addBudgetYear')}
        >
          {(f) => (
            <>
              <TextField {...f('year')} inputMode="numeric" label={t('coordination:plan.year')} />
              <TextField {...f('amount')} inputMode="decimal" label={t('coordination:plan.amount')} />
            </>
          )}
        </SubFormFrame>
      </section>
    </>
  );
}

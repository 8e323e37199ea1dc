// Staff views of coordination: the needs list, a need with its routings and answers, the forms to
// report, route, answer and escalate, and the departments. They take props and hold no rules.
import type { ReactNode } from 'react';
import type { TFunction } from '../../../platform/i18n/index.ts';
import type { AgendaBody } from '../../../platform/modules.ts';
import { formatDate, formatDateTime } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  DataTable,
  FormFrame,
  KeyValueList,
  LinkButton,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { NEED_STATUSES, TOPICS, URGENCIES } from '../domain/vocab.ts';
import type { Department } from '../queries.ts';
import type { NeedSummary, RoutingView } from '../use-cases/shared.ts';

type Ctx = { t: TFunction; lang: string; base: string; csrf: string };
export type Values = Record<string, string | string[]>;
export type Errors = Record<string, string>;
type Choice = { value: string; label: string };

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const list = (v: Values, k: string) =>
  Array.isArray(v[k]) ? (v[k] as string[]) : v[k] ? [v[k] as string] : [];
const day = (d: string, lang: string) => formatDate(d, lang);
const msg = (t: TFunction, e: Errors) =>
  Object.fromEntries(Object.entries(e).map(([k, m]) => [k, String(t(m))]));

const VARIANT: Record<string, 'info' | 'success' | 'warning' | 'danger'> = {
  reported: 'warning',
  sent: 'info',
  in_progress: 'info',
  answered: 'success',
  closed: 'success',
};

/** The status as a badge; an overdue one says so in words too. */
function StatusTag(p: { t: TFunction; status: string; overdue?: boolean }) {
  return (
    <span
      className={`kern-badge kern-badge--${p.overdue ? 'danger' : (VARIANT[p.status] ?? 'info')} kern-badge--small`}
    >
      <span className="kern-label">
        {p.t(`coordination:vocab.status.${p.status}`)}
        {p.overdue ? ` – ${p.t('coordination:staff.overdue')}` : ''}
      </span>
    </span>
  );
}

/** Text as typed, line breaks kept. */
const Multiline = (p: { text: string }) => (
  <span dir="auto">
    {p.text.split('\n').map((line, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity of their own
      <span key={i}>
        {i > 0 ? <br /> : null}
        {line}
      </span>
    ))}
  </span>
);

export interface ListFilter {
  status: string;
  areaId: string;
  departmentId: string;
  overdue: boolean;
  mine: boolean;
}

export function NeedListView(
  p: Ctx & {
    needs: NeedSummary[];
    filter: ListFilter;
    areas: Choice[];
    departments: Department[];
    areaNames: Map<string, string>;
    mayReport: boolean;
    mayRoute: boolean;
  },
) {
  const { t, filter: f } = p;
  return (
    <>
      <h1>{t('coordination:staff.title')}</h1>
      <p>{t('coordination:staff.intro')}</p>
      <p className="q-actions">
        {p.mayReport ? (
          <LinkButton href={`${p.base}/new`}>{t('coordination:staff.report')}</LinkButton>
        ) : null}
        {p.mayRoute ? (
          <LinkButton href={`${p.base}/departments`} variant="secondary">
            {t('coordination:departments.title')}
          </LinkButton>
        ) : null}
      </p>
      <form method="get" action={p.base} className="q-filter">
        <SelectField
          name="status"
          label={t('coordination:fields.status')}
          value={f.status}
          placeholder={t('coordination:staff.all')}
          options={NEED_STATUSES.map((s) => ({
            value: s,
            label: String(t(`coordination:vocab.status.${s}`)),
          }))}
        />
        <SelectField
          name="areaId"
          label={t('coordination:fields.area')}
          value={f.areaId}
          placeholder={t('coordination:staff.all')}
          options={p.areas}
        />
        <SelectField
          name="departmentId"
          label={t('coordination:fields.department')}
          value={f.departmentId}
          placeholder={t('coordination:staff.all')}
          options={p.departments.map((d) => ({ value: d.id, label: d.name }))}
        />
        <CheckboxField
          name="overdue"
          value="1"
          checked={f.overdue}
          label={t('coordination:staff.onlyOverdue')}
        />
        <Button variant="secondary">{t('coordination:staff.filter')}</Button>
      </form>
      {p.needs.length ? (
        <p>
          <a
            href={`${p.base}?${new URLSearchParams({
              ...Object.fromEntries(
                Object.entries({
                  status: f.status,
                  areaId: f.areaId,
                  departmentId: f.departmentId,
                  overdue: f.overdue ? '1' : '',
                  mine: f.mine ? '1' : '',
                }).filter(([, v]) => v),
              ),
              format: 'csv',
            })}`}
            download
          >
            {t('coordination:staff.csv')}
          </a>
        </p>
      ) : null}
      <DataTable
        caption={t('coordination:staff.listCaption', { count: p.needs.length })}
        rows={p.needs}
        rowKey={(n) => n.id}
        emptyMessage={t('coordination:staff.none')}
        stack
        columns={[
          {
            key: 'title',
            header: t('coordination:fields.title'),
            rowHeader: true,
            cell: (n) => (
              <a href={`${p.base}/needs/${n.id}`} dir="auto">
                {n.title}
              </a>
            ),
          },
          {
            key: 'status',
            header: t('coordination:fields.status'),
            cell: (n) => <StatusTag t={t} status={n.status} overdue={n.overdueDays > 0} />,
          },
          {
            key: 'area',
            header: t('coordination:fields.area'),
            cell: (n) => p.areaNames.get(n.areaId) ?? '',
          },
          {
            key: 'topic',
            header: t('coordination:fields.topic'),
            cell: (n) => t(`coordination:vocab.topic.${n.topic}`),
          },
          {
            key: 'departments',
            header: t('coordination:staff.departments'),
            cell: (n) => n.routings.map((r) => r.department.shortName || r.department.name).join(', ') || '–',
          },
          {
            key: 'urgency',
            header: t('coordination:fields.urgency'),
            cell: (n) => t(`coordination:vocab.urgency.${n.urgency}`),
          },
        ]}
      />
    </>
  );
}

export function ReportForm(p: Ctx & { values: Values; errors: Errors; areas: Choice[] }) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <p>
        <a href={p.base}>{t('coordination:staff.title')}</a>
      </p>
      <h1>{t('coordination:staff.report')}</h1>
      <Alert variant="info" title={t('coordination:form.noPersonalDataTitle')}>
        {t('coordination:form.noPersonalData')}
      </Alert>
      <FormFrame
        action={`${p.base}/new`}
        csrf={p.csrf}
        errorTitle={t('coordination:staff.errorTitle')}
        errors={msg(t, e)}
      >
        <TextField
          name="title"
          label={t('coordination:fields.title')}
          value={str(v, 'title')}
          error={err('title')}
          maxLength={200}
        />
        <TextArea
          name="description"
          label={t('coordination:fields.description')}
          hint={t('coordination:form.descriptionHint')}
          value={str(v, 'description')}
          error={err('description')}
        />
        <SelectField
          name="areaId"
          label={t('coordination:fields.area')}
          value={str(v, 'areaId')}
          placeholder={t('coordination:form.choose')}
          options={p.areas}
          error={err('areaId')}
        />
        <SelectField
          name="topic"
          label={t('coordination:fields.topic')}
          value={str(v, 'topic')}
          placeholder={t('coordination:form.choose')}
          options={TOPICS.map((x) => ({ value: x, label: String(t(`coordination:vocab.topic.${x}`)) }))}
          error={err('topic')}
        />
        <TextArea
          name="evidence"
          label={t('coordination:fields.evidence')}
          hint={t('coordination:form.evidenceHint')}
          value={str(v, 'evidence')}
          error={err('evidence')}
        />
        <RadioGroup
          name="urgency"
          label={t('coordination:fields.urgency')}
          value={str(v, 'urgency') || 'normal'}
          options={URGENCIES.map((x) => ({ value: x, label: t(`coordination:vocab.urgency.${x}`) }))}
          error={err('urgency')}
        />
        <Button>{t('coordination:form.submitReport')}</Button>
      </FormFrame>
    </>
  );
}

function RoutingCard(p: Ctx & { needId: string; r: RoutingView; form: FormState; showEscalation: boolean }) {
  const { t, r } = p;
  const mine = p.form.form === `answer-${r.id}`;
  const v = mine
    ? p.form.values
    : { status: r.status === 'sent' ? 'in_progress' : 'answered', answer: r.answer };
  const e = mine ? p.form.errors : {};
  const next = (['in_progress', 'answered', 'closed'] as const).filter(
    (s) => s !== 'in_progress' || r.status === 'sent' || r.status === 'in_progress',
  );
  return (
    <section className="q-routing" aria-labelledby={`routing-${r.id}`}>
      <h3 id={`routing-${r.id}`}>{r.department.name}</h3>
      <KeyValueList
        items={[
          {
            term: t('coordination:fields.status'),
            value: <StatusTag t={t} status={r.status} overdue={r.overdue} />,
          },
          {
            term: t('coordination:fields.deadline'),
            value: r.overdue
              ? t('coordination:staff.deadlineOverdue', {
                  date: day(r.deadline, p.lang),
                  count: r.daysOverdue,
                })
              : day(r.deadline, p.lang),
          },
          {
            term: t('coordination:fields.answer'),
            value: r.answer ? <Multiline text={r.answer} /> : t('coordination:staff.noAnswer'),
          },
          ...(r.answeredAt
            ? [{ term: t('coordination:staff.answeredAt'), value: formatDateTime(r.answeredAt, p.lang) }]
            : []),
          ...(r.escalatedAt && p.showEscalation
            ? [{ term: t('coordination:staff.escalated'), value: formatDateTime(r.escalatedAt, p.lang) }]
            : []),
        ]}
      />
      {r.mayAnswer && r.status !== 'closed' ? (
        <FormFrame
          action={`${p.base}/needs/${p.needId}/routings/${r.id}/answer`}
          csrf={p.csrf}
          prefix={`a${r.id.slice(-6)}-`}
          errorTitle={t('coordination:staff.errorTitle')}
          errors={msg(t, e)}
        >
          <TextArea
            name="answer"
            id={`a${r.id.slice(-6)}-answer`}
            label={t('coordination:fields.answer')}
            value={str(v, 'answer')}
            error={e.answer ? String(t(e.answer)) : undefined}
          />
          <RadioGroup
            name="status"
            id={`a${r.id.slice(-6)}-status`}
            label={t('coordination:fields.status')}
            value={str(v, 'status')}
            options={next.map((s) => ({ value: s, label: t(`coordination:vocab.status.${s}`) }))}
            error={e.status ? String(t(e.status)) : undefined}
          />
          <Button>{t('coordination:form.saveAnswer')}</Button>
        </FormFrame>
      ) : null}
    </section>
  );
}

export interface FormState {
  form: string;
  values: Values;
  errors: Errors;
}

export function NeedView(
  p: Ctx & {
    need: NeedSummary;
    areaName: string;
    routable: Department[];
    mayRoute: boolean;
    mayEscalate: boolean;
    targets: AgendaBody[];
    defaultDeadline: string;
    form: FormState;
    flash?: ReactNode;
  },
) {
  const { t, need: n } = p;
  const route = p.form.form === 'route' ? p.form : { values: {} as Values, errors: {} as Errors };
  const esc = p.form.form === 'escalate' ? p.form : { values: {} as Values, errors: {} as Errors };
  const chosen = list(route.values, 'departmentIds');
  return (
    <>
      <p>
        <a href={p.base}>{t('coordination:staff.title')}</a>
      </p>
      <h1 dir="auto">{n.title}</h1>
      {p.flash}
      <KeyValueList
        items={[
          {
            term: t('coordination:fields.status'),
            value: <StatusTag t={t} status={n.status} overdue={n.overdueDays > 0} />,
          },
          { term: t('coordination:fields.area'), value: p.areaName },
          { term: t('coordination:fields.topic'), value: t(`coordination:vocab.topic.${n.topic}`) },
          { term: t('coordination:fields.urgency'), value: t(`coordination:vocab.urgency.${n.urgency}`) },
          {
            term: t('coordination:fields.source'),
            value:
              n.sourceKind === 'body'
                ? t('coordination:staff.fromBody', { body: n.sourceLabel })
                : t('coordination:staff.fromTeam'),
          },
          { term: t('coordination:staff.reportedAt'), value: formatDateTime(n.createdAt, p.lang) },
          { term: t('coordination:fields.description'), value: <Multiline text={n.description} /> },
          {
            term: t('coordination:fields.evidence'),
            value: n.evidence ? <Multiline text={n.evidence} /> : '–',
          },
        ]}
      />
      <h2>{t('coordination:staff.routings')}</h2>
      {n.routings.length === 0 ? <p>{t('coordination:staff.notRouted')}</p> : null}
      {n.routings.map((r) => (
        <RoutingCard key={r.id} {...p} needId={n.id} r={r} showEscalation />
      ))}
      {p.mayRoute && p.routable.length > 0 ? (
        <section aria-labelledby="route-heading">
          <h2 id="route-heading">{t('coordination:route.title')}</h2>
          <p>{t('coordination:route.intro')}</p>
          <FormFrame
            action={`${p.base}/needs/${n.id}/route`}
            csrf={p.csrf}
            errorTitle={t('coordination:staff.errorTitle')}
            errors={msg(t, route.errors)}
          >
            {p.routable.map((d) => (
              <div key={d.id} className="q-route">
                <CheckboxField
                  name="departmentIds"
                  id={`dept-${d.id}`}
                  value={d.id}
                  checked={chosen.includes(d.id)}
                  label={t('coordination:route.send', { department: d.name })}
                  error={route.errors[`dept-${d.id}`] ? String(t(route.errors[`dept-${d.id}`])) : undefined}
                />
                <TextField
                  type="date"
                  name={`deadline-${d.id}`}
                  id={`deadline-${d.id}`}
                  label={t('coordination:route.deadlineFor', { department: d.shortName || d.name })}
                  value={str(route.values, `deadline-${d.id}`) || p.defaultDeadline}
                  error={
                    route.errors[`deadline-${d.id}`] ? String(t(route.errors[`deadline-${d.id}`])) : undefined
                  }
                />
              </div>
            ))}
            {route.errors.departmentIds ? (
              <p className="kern-error" id="departmentIds">
                {String(t(route.errors.departmentIds))}
              </p>
            ) : null}
            <Button>{t('coordination:route.submit')}</Button>
          </FormFrame>
        </section>
      ) : null}
      {p.mayEscalate ? (
        <section aria-labelledby="escalate-heading">
          <h2 id="escalate-heading">{t('coordination:escalate.title')}</h2>
          <p>{t('coordination:escalate.intro')}</p>
          {p.targets.length === 0 ? (
            <p>{t('coordination:escalate.noBodies')}</p>
          ) : (
            <FormFrame
              action={`${p.base}/needs/${n.id}/escalate`}
              csrf={p.csrf}
              prefix="esc-"
              errorTitle={t('coordination:staff.errorTitle')}
              errors={msg(t, esc.errors)}
            >
              <RadioGroup
                name="bodyId"
                id="esc-bodyId"
                label={t('coordination:escalate.body')}
                value={str(esc.values, 'bodyId')}
                options={p.targets.map((b) => ({
                  value: b.id,
                  label: b.name,
                  hint: b.nextMeeting
                    ? t('coordination:escalate.next', {
                        date: formatDateTime(b.nextMeeting.startsAt, p.lang),
                      })
                    : t('coordination:escalate.noNext'),
                }))}
                error={esc.errors.bodyId ? String(t(esc.errors.bodyId)) : undefined}
              />
              <TextField
                type="date"
                name="date"
                id="esc-date"
                label={t('coordination:fields.meetingDate')}
                hint={t('coordination:escalate.dateHint')}
                value={str(esc.values, 'date')}
                error={esc.errors.date ? String(t(esc.errors.date)) : undefined}
              />
              <TextField
                type="time"
                name="time"
                id="esc-time"
                label={t('coordination:fields.meetingTime')}
                value={str(esc.values, 'time') || '18:00'}
                error={esc.errors.time ? String(t(esc.errors.time)) : undefined}
              />
              <Button>{t('coordination:escalate.submit')}</Button>
            </FormFrame>
          )}
        </section>
      ) : null}
    </>
  );
}

export function DepartmentsView(
  p: Ctx & {
    departments: Department[];
    areaNames: Map<string, string>;
    areas: Choice[];
    values: Values;
    errors: Errors;
  },
) {
  const { t, values: v, errors: e } = p;
  return (
    <>
      <p>
        <a href={p.base}>{t('coordination:staff.title')}</a>
      </p>
      <h1>{t('coordination:departments.title')}</h1>
      <p>{t('coordination:departments.intro')}</p>
      <DataTable
        caption={t('coordination:departments.caption', { count: p.departments.length })}
        rows={p.departments}
        rowKey={(d) => d.id}
        emptyMessage={t('coordination:departments.none')}
        stack
        columns={[
          {
            key: 'name',
            header: t('coordination:fields.name'),
            rowHeader: true,
            cell: (d) => <a href={`${p.base}/departments/${d.id}`}>{d.name}</a>,
          },
          { key: 'short', header: t('coordination:fields.shortName'), cell: (d) => d.shortName || '–' },
          {
            key: 'areas',
            header: t('coordination:fields.areas'),
            cell: (d) =>
              d.areaIds.length
                ? d.areaIds.map((a) => p.areaNames.get(a) ?? '').join(', ')
                : t('coordination:departments.everywhere'),
          },
          {
            key: 'archived',
            header: t('coordination:fields.status'),
            cell: (d) =>
              d.archivedAt ? t('coordination:departments.archived') : t('coordination:departments.active'),
          },
        ]}
      />
      <h2>{t('coordination:departments.add')}</h2>
      <DepartmentForm {...p} action={`${p.base}/departments`} values={v} errors={e} />
    </>
  );
}

export function DepartmentForm(
  p: Ctx & { action: string; areas: Choice[]; values: Values; errors: Errors; editing?: boolean },
) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <FormFrame
      action={p.action}
      csrf={p.csrf}
      errorTitle={t('coordination:staff.errorTitle')}
      errors={msg(t, e)}
    >
      <TextField
        name="name"
        label={t('coordination:fields.name')}
        hint={t(p.editing ? 'coordination:departments.nameFixedHint' : 'coordination:departments.nameHint')}
        value={str(v, 'name')}
        error={err('name')}
        readOnly={p.editing}
        maxLength={120}
      />
      <TextField
        name="shortName"
        label={t('coordination:fields.shortName')}
        value={str(v, 'shortName')}
        error={err('shortName')}
        width={20}
        maxLength={30}
      />
      <CheckboxGroup
        name="areaIds"
        label={t('coordination:fields.areas')}
        hint={t('coordination:departments.areasHint')}
        values={list(v, 'areaIds')}
        options={p.areas}
        error={err('areaIds')}
      />
      {p.editing ? (
        <CheckboxField
          name="archived"
          value="1"
          checked={str(v, 'archived') === '1'}
          label={t('coordination:departments.archive')}
        />
      ) : null}
      <Button>{t('coordination:form.save')}</Button>
    </FormFrame>
  );
}

export function DepartmentEditView(
  p: Ctx & { name: string; areas: Choice[]; values: Values; errors: Errors; action: string },
) {
  const { t } = p;
  return (
    <>
      <p>
        <a href={`${p.base}/departments`}>{t('coordination:departments.title')}</a>
      </p>
      <h1>{p.name}</h1>
      <DepartmentForm {...p} editing />
    </>
  );
}

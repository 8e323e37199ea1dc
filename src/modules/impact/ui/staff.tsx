// Staff screens of impact: the key figures of an area or the tenant against the year before (table,
// bar chart, CSV), the areas side by side, the team's activities (list, form, delete) and the annual
// reports (texts per section, figures, finalise, PDF, CSV). Parse → use case → render; no rules here.
import type { Context, Hono } from 'hono';
import { actorOf, can, canTenantWide, scopeOf } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { fromForm, parseFields } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { addDays, formatDate, todayLocal } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxGroup,
  DataTable,
  FormFrame,
  Pagination,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { areaChoices, listAreas } from '../../areas/index.ts';
import { PERIOD_KINDS, type Period, periodParams, periodSlug, readPeriod } from '../domain/period.ts';
import { FINALISE, MANAGE, READ } from '../policies.ts';
import {
  dashboardCsv,
  formatChangePercent,
  formatSigned,
  formatValue,
  periodLabel,
  reportCsv,
  sideBySideCsv,
} from '../present.ts';
import { ACTIVITY_FORM, activityFields, REPORT_FORM, REPORT_SECTIONS, reportTextFields } from '../schemas.ts';
import {
  type Activity,
  activityFor,
  activityFormChoices,
  createActivity,
  deleteActivity,
  listActivitiesFor,
  updateActivity,
} from '../use-cases/activities.ts';
import { areasSideBySide, type DashboardRow, dashboardFor } from '../use-cases/dashboard.ts';
import { formatNumber, reportPdf } from '../use-cases/report-pdf.ts';
import {
  finaliseReport,
  listReportsFor,
  openReport,
  type ReportStatistic,
  reopenReport,
  reportFor,
  saveReportTexts,
} from '../use-cases/reports.ts';
import { BarChart } from './chart.tsx';

type C = Context<AppEnv>;
type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;

const base = (c: C) => `/staff/${c.get('tenant')!.slug}/impact`;
const db = (c: C) => c.get('services').db;
const errorOf = (c: C, errors: Errors) => (k: string) => (errors[k] ? c.get('t')(errors[k]) : undefined);
const shown = (c: C, errors: Errors) =>
  Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, c.get('t')(key)]));
const refusal = (err: unknown): Errors => {
  if (err instanceof ValidationError) return err.fields;
  throw err;
};
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

function idParam(c: C): string {
  const id = c.req.param('id');
  if (!id || !isUuid(id)) throw new AppError(404, 'not_found');
  return id;
}

function SubNav({ c }: { c: C }) {
  const t = c.get('t');
  const path = new URL(c.req.url).pathname;
  const items = [
    { href: base(c), label: t('impact:staff.dashboard') },
    { href: `${base(c)}/areas`, label: t('impact:staff.sideBySide') },
    { href: `${base(c)}/activities`, label: t('impact:staff.activities') },
    { href: `${base(c)}/reports`, label: t('impact:staff.reports') },
  ];
  return (
    <nav aria-label={t('impact:staff.sections')}>
      <ul className="q-inline-list">
        {items.map((i) => (
          <li key={i.href}>
            <a href={i.href} aria-current={path === i.href ? 'page' : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// ── The question: area and period ──

interface Question {
  period: Period;
  params: Record<string, string>;
  errors: Errors;
}

/** The period asked for in the query; a bad value shows its message and the current year instead. */
function periodOf(c: C): Question {
  const q = c.req.query();
  const raw = {
    period: q.period ?? '',
    month: q.month ?? '',
    quarter: q.quarter ?? '',
    year: q.year ?? '',
    from: q.from ?? '',
    to: q.to ?? '',
  };
  const today = todayLocal(c.get('services').now());
  const r = readPeriod(raw, today);
  if ('period' in r) return { period: r.period, params: { ...raw, ...periodParams(r.period) }, errors: {} };
  const fallback = readPeriod({}, today) as { period: Period };
  return { period: fallback.period, params: raw, errors: { [r.field]: r.error } };
}

function PeriodFields({ c, params, errors }: { c: C; params: Record<string, string>; errors: Errors }) {
  const t = c.get('t');
  const err = errorOf(c, errors);
  return (
    <>
      <SelectField
        name="period"
        label={t('impact:dashboard.period')}
        value={params.period || 'year'}
        options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`impact:dashboard.kinds.${k}`) }))}
        error={err('period')}
      />
      <TextField
        name="year"
        type="number"
        inputMode="numeric"
        label={t('impact:dashboard.year')}
        value={params.year}
        min={2000}
        max={2100}
        width={10}
        error={err('year')}
      />
      <TextField
        name="quarter"
        label={t('impact:dashboard.quarter')}
        value={params.quarter}
        maxLength={7}
        width={10}
        error={err('quarter')}
      />
      <TextField
        name="month"
        type="month"
        label={t('impact:dashboard.month')}
        value={params.month}
        error={err('month')}
      />
      <TextField
        name="from"
        type="date"
        label={t('impact:dashboard.from')}
        value={params.from}
        error={err('from')}
      />
      <TextField name="to" type="date" label={t('impact:dashboard.to')} value={params.to} error={err('to')} />
    </>
  );
}

/** The areas the member may ask about (with "all areas" for a tenant-wide member). */
async function areaOptions(c: C) {
  const actor = actorOf(c);
  const wide = canTenantWide(actor, READ);
  const choices = await areaChoices(db(c), actor.tenantId, scopeOf(actor, READ), [
    'district',
    'programme',
    'stadtteil',
  ]);
  return { wide, options: choices.map((a) => ({ value: a.value, label: a.label })) };
}

// ── Dashboard ──

function DashboardTable({ c, rows, caption }: { c: C; rows: DashboardRow[]; caption: string }) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.key}
      emptyMessage="–"
      small
      striped
      stack
      columns={[
        { key: 'figure', header: t('impact:dashboard.figure'), cell: (r) => t(r.label), rowHeader: true },
        {
          key: 'module',
          header: t('impact:dashboard.module'),
          cell: (r) => t(`impact:modules.${r.module}`, { defaultValue: r.module }),
        },
        {
          key: 'current',
          header: t('impact:dashboard.current'),
          cell: (r) => formatValue(r.current, r.unit, lang),
          numeric: true,
        },
        {
          key: 'previous',
          header: t('impact:dashboard.previous'),
          cell: (r) => formatValue(r.previous, r.unit, lang),
          numeric: true,
        },
        {
          key: 'change',
          header: t('impact:dashboard.change'),
          cell: (r) => formatSigned(r.delta, r.unit, lang),
          numeric: true,
        },
        {
          key: 'percent',
          header: t('impact:dashboard.changePercent'),
          cell: (r) => formatChangePercent(r.percent, lang),
          numeric: true,
        },
      ]}
    />
  );
}

/** The area asked for: the query's, else the area switcher's, else the first the member may read. */
function chosenArea(c: C, wide: boolean, options: { value: string }[]): string | null {
  const asked = c.req.query('area');
  if (asked !== undefined) return asked === '' ? (wide ? null : (options[0]?.value ?? null)) : asked;
  const current = c.get('currentAreaId');
  if (current) return current;
  return wide ? null : (options[0]?.value ?? null);
}

async function dashboardData(c: C) {
  const { wide, options } = await areaOptions(c);
  const areaId = chosenArea(c, wide, options);
  if (areaId !== null && !isUuid(areaId)) throw new AppError(404, 'not_found');
  const q = periodOf(c);
  const d = await dashboardFor(actorOf(c), c.get('services'), { areaId, period: q.period });
  return { d, q, wide, options, areaId };
}

/**
 * The area's official statistics (its profile's published indicators) with the latest value up to
 * `year` and the one before, with unit and source: in the annual report, and beside the activity
 * figures on an area's dashboard.
 */
function StatisticsSection(p: { t: TFunction; lang: string; statistics: ReportStatistic[]; year: number }) {
  const { t, lang } = p;
  if (p.statistics.length === 0) return null;
  type S = ReportStatistic;
  const statValue = (v: S['previous']) => (v ? `${formatNumber(v.value, lang)} (${v.period})` : '–');
  return (
    <section aria-labelledby="impact-statistics">
      <h2 id="impact-statistics">{t('impact:report.statistics')}</h2>
      <p>{t('impact:report.statisticsIntro', { year: p.year })}</p>
      <DataTable
        caption={t('impact:report.statistics')}
        hideCaption
        rows={p.statistics}
        rowKey={(x) => `${x.nameDe}-${x.latest.period}`}
        emptyMessage="–"
        small
        stack
        columns={[
          {
            key: 'indicator',
            header: t('impact:report.indicator'),
            // The source under the name (a column of its own squeezes the long official names); a
            // plain cell, as row headers do not wrap.
            cell: (x: S) => (
              <>
                {`${(lang === 'en' && x.nameEn) || x.nameDe} (${t(`profiles:units.${x.unit}`)})`}
                <br />
                <span className="q-meta">
                  {t('impact:report.source')}: {[x.source, x.licence].filter(Boolean).join(' · ') || '–'}
                </span>
              </>
            ),
          },
          {
            key: 'latest',
            header: t('impact:report.latest'),
            cell: (x: S) => statValue(x.latest),
            numeric: true,
          },
          {
            key: 'before',
            header: t('impact:report.before'),
            cell: (x: S) => statValue(x.previous),
            numeric: true,
          },
        ]}
      />
    </section>
  );
}

async function dashboardPage(c: C) {
  const t = c.get('t');
  const lang = c.get('lang');
  const { d, q, wide, options, areaId } = await dashboardData(c);
  const areaName = d.area?.name ?? t('impact:dashboard.wholeTenant');
  const period = periodLabel(d.period, lang, t);
  const previous = periodLabel(d.previous, lang, t);
  const charted = d.rows.filter((r) => r.current !== 0 || r.previous !== 0);
  const csvHref = `${base(c)}/dashboard.csv?${query({ ...periodParams(d.period), area: areaId ?? '' })}`;
  return staffPage(c, {
    title: t('impact:dashboard.title'),
    children: (
      <>
        <h1>{t('impact:dashboard.title')}</h1>
        <SubNav c={c} />
        <p>{t('impact:dashboard.intro')}</p>
        <form method="get" action={base(c)} className="q-filter" noValidate>
          <SelectField
            name="area"
            label={t('impact:dashboard.area')}
            value={areaId ?? ''}
            options={[...(wide ? [{ value: '', label: t('impact:dashboard.wholeTenant') }] : []), ...options]}
          />
          <PeriodFields c={c} params={q.params} errors={q.errors} />
          <Button type="submit" variant="secondary">
            {t('impact:dashboard.show')}
          </Button>
        </form>
        {Object.keys(q.errors).length ? (
          <Alert variant="error" title={t('errorSummaryTitle')}>
            {Object.values(q.errors).map((k) => t(k))}
          </Alert>
        ) : null}
        <h2>{t('impact:dashboard.caption', { area: areaName, period, previous })}</h2>
        <p className="q-actions">
          <a href={csvHref} download>
            {t('impact:dashboard.csv')}
          </a>
        </p>
        <section aria-labelledby="impact-chart">
          <h3 id="impact-chart">{t('impact:dashboard.chartHeading')}</h3>
          {charted.length ? (
            <BarChart
              title={t('impact:dashboard.chartTitle', { area: areaName, period })}
              desc={t('impact:dashboard.chartDesc')}
              legend={{ current: period, previous }}
              rows={charted.map((r) => ({
                label: t(r.label),
                current: r.current,
                previous: r.previous,
                currentText: formatValue(r.current, r.unit, lang),
                previousText: formatValue(r.previous, r.unit, lang),
              }))}
            />
          ) : (
            <p>–</p>
          )}
        </section>
        <section aria-labelledby="impact-table">
          <h3 id="impact-table">{t('impact:dashboard.tableHeading')}</h3>
          <DashboardTable
            c={c}
            rows={d.rows}
            caption={t('impact:dashboard.caption', { area: areaName, period, previous })}
          />
        </section>
        <StatisticsSection
          t={t}
          lang={lang}
          statistics={d.statistics}
          year={Number(addDays(d.period.to, -1).slice(0, 4))}
        />
      </>
    ),
  });
}

// ── Areas side by side ──

async function sideBySideData(c: C) {
  const { options } = await areaOptions(c);
  const parent = c.req.query('parent') ?? '';
  if (parent !== '' && !isUuid(parent)) throw new AppError(404, 'not_found');
  const q = periodOf(c);
  const s = await areasSideBySide(actorOf(c), c.get('services'), {
    parentId: parent || null,
    period: q.period,
  });
  return { s, q, options, parent };
}

async function sideBySidePage(c: C) {
  const t = c.get('t');
  const lang = c.get('lang');
  const { s, q, options, parent } = await sideBySideData(c);
  const module = c.req.query('module') ?? '';
  const modules = [...new Set(s.figures.map((f) => f.module))];
  const cols = s.figures.map((f, i) => ({ f, i })).filter(({ f }) => !module || f.module === module);
  const period = periodLabel(s.period, lang, t);
  type Row = { id: string; name: string; values: number[]; total?: boolean };
  const rows: Row[] = [
    ...s.areas,
    { id: 'total', name: t('impact:dashboard.total'), values: s.total, total: true },
  ];
  return staffPage(c, {
    title: t('impact:staff.sideBySide'),
    children: (
      <>
        <h1>{t('impact:staff.sideBySide')}</h1>
        <SubNav c={c} />
        <p>{t('impact:dashboard.sideIntro')}</p>
        <form method="get" action={`${base(c)}/areas`} className="q-filter" noValidate>
          <SelectField
            name="parent"
            label={t('impact:dashboard.parent')}
            value={parent}
            options={[{ value: '', label: t('impact:dashboard.programmeAreas') }, ...options]}
          />
          <SelectField
            name="module"
            label={t('impact:dashboard.module')}
            value={module}
            options={[
              { value: '', label: '—' },
              ...modules.map((m) => ({ value: m, label: t(`impact:modules.${m}`, { defaultValue: m }) })),
            ]}
          />
          <PeriodFields c={c} params={q.params} errors={q.errors} />
          <Button type="submit" variant="secondary">
            {t('impact:dashboard.show')}
          </Button>
        </form>
        <p className="q-actions">
          <a href={`${base(c)}/areas.csv?${query({ ...periodParams(s.period), parent })}`} download>
            {t('impact:dashboard.csv')}
          </a>
        </p>
        {s.areas.length === 0 ? (
          <p>{t('impact:dashboard.noAreas')}</p>
        ) : (
          <DataTable
            caption={t('impact:dashboard.sideCaption', { period })}
            rows={rows}
            rowKey={(r) => r.id}
            emptyMessage="–"
            small
            striped
            columns={[
              {
                key: 'area',
                header: t('impact:dashboard.areaColumn'),
                cell: (r: Row) => (r.total ? <strong>{r.name}</strong> : r.name),
                rowHeader: true,
              },
              ...cols.map(({ f, i }) => ({
                key: f.key,
                header: t(f.label),
                cell: (r: Row) => formatValue(r.values[i], f.unit, lang),
                numeric: true,
              })),
            ]}
          />
        )}
      </>
    ),
  });
}

// ── Activities ──

const ACTIVITIES_PER_PAGE = 50;

async function activitiesPage(c: C, notice?: string) {
  const t = c.get('t');
  const lang = c.get('lang');
  const actor = actorOf(c);
  // One more than a page tells whether a next page exists, without counting every row.
  const page = pageNumber(c.req.query('page'));
  const found = await listActivitiesFor(actor, db(c), {
    areaId: c.get('currentAreaId') ?? null,
    limit: ACTIVITIES_PER_PAGE + 1,
    offset: (page - 1) * ACTIVITIES_PER_PAGE,
  });
  const list = found.slice(0, ACTIVITIES_PER_PAGE);
  const more = found.length > ACTIVITIES_PER_PAGE;
  const names = await areaNames(
    c,
    list.map((a) => a.areaId),
  );
  return staffPage(c, {
    title: t('impact:staff.activities'),
    children: (
      <>
        <h1>{t('impact:staff.activities')}</h1>
        <SubNav c={c} />
        {notice ? <Alert variant="success" title={t(notice)} /> : null}
        <p>{t('impact:activities.intro')}</p>
        {can(actor, MANAGE) ? (
          <p className="q-actions">
            <a className="kern-btn kern-btn--primary" href={`${base(c)}/activities/new`}>
              <span className="kern-label">{t('impact:activities.new')}</span>
            </a>
          </p>
        ) : null}
        <DataTable
          caption={t('impact:activities.list')}
          rows={list}
          rowKey={(a) => a.id}
          emptyMessage={t('impact:activities.none')}
          small
          stack
          columns={[
            {
              key: 'heldOn',
              header: t('impact:fields.heldOn'),
              cell: (a: Activity) => formatDate(a.heldOn, lang),
            },
            {
              key: 'title',
              header: t('impact:fields.title'),
              rowHeader: true,
              cell: (a: Activity) => (
                <a href={`${base(c)}/activities/${a.id}`} dir="auto">
                  {a.title}
                </a>
              ),
            },
            {
              key: 'area',
              header: t('impact:fields.area'),
              cell: (a: Activity) => names.get(a.areaId) ?? '',
            },
            {
              key: 'participants',
              header: t('impact:fields.participants'),
              cell: (a: Activity) => a.participants.toLocaleString(lang === 'en' ? 'en-GB' : 'de-DE'),
              numeric: true,
            },
            {
              key: 'partners',
              header: t('impact:fields.partners'),
              cell: (a: Activity) => <span dir="auto">{a.partners}</span>,
            },
          ]}
        />
        <Pagination
          page={page}
          totalPages={more ? page + 1 : page}
          href={(n) => (n > 1 ? `${base(c)}/activities?page=${n}` : `${base(c)}/activities`)}
          label={t('impact:activities.pages')}
          previousLabel={t('previous')}
          nextLabel={t('next')}
        />
      </>
    ),
  });
}

async function areaNames(c: C, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const list = await listAreas(db(c), c.get('tenant')!.id, { ids: unique });
  return new Map(list.map((a) => [a.id, a.name]));
}

async function activityFormPage(c: C, id: string | null, values: Values, errors: Errors = {}) {
  const t = c.get('t');
  const choices = await activityFormChoices(actorOf(c), db(c));
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const vs = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const err = errorOf(c, errors);
  const optional = t('impact:staff.optional');
  const title = id ? t('impact:activities.editTitle') : t('impact:activities.new');
  return staffPage(c, {
    title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <h1>{title}</h1>
        <p>
          <a href={`${base(c)}/activities`}>{t('impact:staff.back')}</a>
        </p>
        <FormFrame
          action={id ? `${base(c)}/activities/${id}` : `${base(c)}/activities/new`}
          csrf={csrfTokenFor(c)}
          errors={shown(c, errors)}
          errorTitle={t('errorSummaryTitle')}
        >
          <TextField
            name="title"
            label={t('impact:fields.title')}
            hint={t('impact:fields.titleHint')}
            value={v('title')}
            error={err('title')}
            maxLength={200}
            required
          />
          <TextField
            name="heldOn"
            type="date"
            label={t('impact:fields.heldOn')}
            value={v('heldOn')}
            error={err('heldOn')}
            required
          />
          <SelectField
            name="areaId"
            label={t('impact:fields.area')}
            value={v('areaId')}
            placeholder={t('impact:staff.choose')}
            options={choices.areas}
            error={err('areaId')}
            required
          />
          <TextField
            name="participants"
            type="number"
            inputMode="numeric"
            min={0}
            max={100000}
            width={10}
            label={t('impact:fields.participants')}
            value={v('participants')}
            error={err('participants')}
          />
          <TextField
            name="partners"
            label={t('impact:fields.partners')}
            hint={t('impact:fields.partnersHint')}
            value={v('partners')}
            error={err('partners')}
            maxLength={500}
            optionalText={optional}
          />
          {choices.organisations.length ? (
            <CheckboxGroup
              name="partnerActorIds"
              label={t('impact:fields.partnerActors')}
              values={vs('partnerActorIds')}
              options={choices.organisations}
              error={err('partnerActorIds')}
              optionalText={optional}
            />
          ) : null}
          <TextArea
            name="note"
            label={t('impact:fields.note')}
            value={v('note')}
            error={err('note')}
            rows={3}
            maxLength={2000}
            optionalText={optional}
          />
          <Button type="submit">{t('impact:staff.save')}</Button>
        </FormFrame>
        {id ? (
          <form method="post" action={`${base(c)}/activities/${id}/delete`} className="q-actions">
            <CsrfField token={csrfTokenFor(c)} />
            <Button type="submit" variant="secondary">
              {t('impact:staff.delete')}
            </Button>
          </form>
        ) : null}
      </>
    ),
  });
}

function readActivityForm(body: Record<string, string | string[] | File>) {
  const { input, values } = fromForm(body, ACTIVITY_FORM);
  const i = input as Record<string, unknown>;
  const { errors } = parseFields(activityFields, i);
  return { input: i as never, values, errors: errors as Errors };
}

const activityValues = (a: Activity): Values => ({
  title: a.title,
  heldOn: a.heldOn,
  areaId: a.areaId,
  participants: String(a.participants),
  partners: a.partners,
  partnerActorIds: a.partnerActorIds,
  note: a.note,
});

// ── Annual reports ──

async function reportsPage(c: C, values: Values = {}, errors: Errors = {}) {
  const t = c.get('t');
  const actor = actorOf(c);
  const list = await listReportsFor(actor, db(c));
  const names = await areaNames(
    c,
    list.map((r) => r.areaId),
  );
  const err = errorOf(c, errors);
  const canOpen = can(actor, MANAGE);
  const choices = canOpen ? (await activityFormChoices(actor, db(c))).areas : [];
  const year = typeof values.year === 'string' ? values.year : String(Number(todayLocal().slice(0, 4)) - 1);
  return staffPage(c, {
    title: t('impact:report.title'),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <h1>{t('impact:report.title')}</h1>
        <SubNav c={c} />
        <p>{t('impact:report.intro')}</p>
        {canOpen ? (
          <FormFrame
            action={`${base(c)}/reports/open`}
            csrf={csrfTokenFor(c)}
            errors={shown(c, errors)}
            errorTitle={t('errorSummaryTitle')}
            className="q-filter"
          >
            <SelectField
              name="areaId"
              label={t('impact:report.area')}
              value={typeof values.areaId === 'string' ? values.areaId : ''}
              placeholder={t('impact:staff.choose')}
              options={choices}
              error={err('areaId')}
              required
            />
            <TextField
              name="year"
              type="number"
              inputMode="numeric"
              min={2000}
              max={2100}
              width={10}
              label={t('impact:report.year')}
              value={year}
              error={err('year')}
              required
            />
            <Button type="submit" variant="secondary">
              {t('impact:report.open')}
            </Button>
          </FormFrame>
        ) : null}
        <DataTable
          caption={t('impact:staff.reports')}
          rows={list}
          rowKey={(r) => r.id}
          emptyMessage={t('impact:report.none')}
          small
          stack
          columns={[
            {
              key: 'area',
              header: t('impact:report.area'),
              rowHeader: true,
              cell: (r) => <a href={`${base(c)}/reports/${r.id}`}>{names.get(r.areaId) ?? ''}</a>,
            },
            { key: 'year', header: t('impact:report.year'), cell: (r) => String(r.year), numeric: true },
            {
              key: 'status',
              header: t('impact:report.status'),
              cell: (r) => (r.status === 'final' ? t('impact:report.final') : t('impact:report.draft')),
            },
          ]}
        />
      </>
    ),
  });
}

async function reportPage(c: C, id: string, o: { notice?: string; values?: Values; errors?: Errors } = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const actor = actorOf(c);
  const view = await reportFor(actor, c.get('services'), id);
  const errors = o.errors ?? {};
  const err = errorOf(c, errors);
  const texts = o.values ?? view.texts;
  const editable = !view.final && can(actor, MANAGE, view.report.areaIds);
  const heading = t('impact:report.heading', { area: view.area.name, year: view.year });
  type F = (typeof view.figures)[number];
  const unit = (f: F) => f.unit as DashboardRow['unit'];
  return staffPage(c, {
    title: heading,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <h1>{heading}</h1>
        <p>
          <a href={`${base(c)}/reports`}>{t('impact:staff.back')}</a>
        </p>
        {o.notice ? <Alert variant="success" title={t(o.notice)} /> : null}
        <p>
          {view.final && view.report.finalisedAt
            ? t('impact:report.finalNote', { date: formatDate(view.report.finalisedAt, lang) })
            : t('impact:report.draftNote')}
        </p>
        <p className="q-actions">
          <a className="kern-btn kern-btn--secondary" href={`${base(c)}/reports/${id}/report.pdf`}>
            <span className="kern-label">{t('impact:report.pdf')}</span>
          </a>
          <a className="kern-btn kern-btn--secondary" href={`${base(c)}/reports/${id}/report.csv`} download>
            <span className="kern-label">{t('impact:report.csv')}</span>
          </a>
        </p>
        <h2>{t('impact:report.texts')}</h2>
        <FormFrame
          action={`${base(c)}/reports/${id}`}
          csrf={csrfTokenFor(c)}
          errors={shown(c, errors)}
          errorTitle={t('errorSummaryTitle')}
        >
          {REPORT_SECTIONS.map((s) => (
            <TextArea
              key={s}
              name={s}
              label={t(`impact:sections.${s}`)}
              hint={t(`impact:sectionHints.${s}`)}
              value={typeof texts[s] === 'string' ? (texts[s] as string) : ''}
              error={err(s)}
              rows={6}
              maxLength={20000}
              readOnly={!editable}
              optionalText={t('impact:staff.optional')}
            />
          ))}
          {editable ? <Button type="submit">{t('impact:staff.save')}</Button> : null}
        </FormFrame>
        {can(actor, FINALISE, view.report.areaIds) ? (
          <form
            method="post"
            action={`${base(c)}/reports/${id}/${view.final ? 'reopen' : 'finalise'}`}
            className="q-actions"
          >
            <CsrfField token={csrfTokenFor(c)} />
            {view.final ? null : <p>{t('impact:report.finaliseHint')}</p>}
            <Button type="submit" variant="secondary">
              {view.final ? t('impact:report.reopen') : t('impact:report.finalise')}
            </Button>
          </form>
        ) : null}
        <h2>{t('impact:report.figuresHeading')}</h2>
        <DataTable
          caption={t('impact:report.figures', { year: view.year, previous: view.year - 1 })}
          rows={view.figures}
          rowKey={(f) => f.key}
          emptyMessage="–"
          small
          striped
          stack
          columns={[
            {
              key: 'figure',
              header: t('impact:dashboard.figure'),
              cell: (f: F) => t(f.label),
              rowHeader: true,
            },
            ...[0, 1, 2, 3].map((q) => ({
              key: `q${q}`,
              header: t('impact:report.q', { n: q + 1 }),
              cell: (f: F) => formatValue(f.quarters[q] ?? 0, unit(f), lang),
              numeric: true,
            })),
            {
              key: 'year',
              header: String(view.year),
              cell: (f: F) => formatValue(f.current, unit(f), lang),
              numeric: true,
            },
            {
              key: 'previous',
              header: String(view.year - 1),
              cell: (f: F) => formatValue(f.previous, unit(f), lang),
              numeric: true,
            },
            {
              key: 'change',
              header: t('impact:dashboard.changePercent'),
              cell: (f: F) => formatChangePercent(f.percent, lang),
              numeric: true,
            },
          ]}
        />
        <StatisticsSection t={t} lang={lang} statistics={view.statistics} year={view.year} />
      </>
    ),
  });
}

export function mountStaffImpactPages(staff: Hono<AppEnv>): void {
  staff.get('/impact', (c) => dashboardPage(c));
  staff.get('/impact/dashboard.csv', async (c) => {
    const { d } = await dashboardData(c);
    const { header, rows } = dashboardCsv(d, c.get('t'), c.get('lang'));
    return csvResponse(toCsv(header, rows), `kennzahlen-${periodSlug(d.period)}.csv`);
  });
  staff.get('/impact/areas', (c) => sideBySidePage(c));
  staff.get('/impact/areas.csv', async (c) => {
    const { s } = await sideBySideData(c);
    const { header, rows } = sideBySideCsv(s, c.get('t'));
    return csvResponse(toCsv(header, rows), `gebiete-${periodSlug(s.period)}.csv`);
  });

  staff.get('/impact/activities', (c) => {
    const done = c.req.query('done');
    return activitiesPage(
      c,
      done === 'saved' ? 'impact:staff.saved' : done === 'deleted' ? 'impact:staff.deleted' : undefined,
    );
  });
  staff.get('/impact/activities/new', (c) =>
    activityFormPage(c, null, {
      heldOn: todayLocal(),
      areaId: c.get('currentAreaId') ?? '',
      participants: '',
    }),
  );
  staff.post('/impact/activities/new', async (c) => {
    const r = readActivityForm(await formData(c));
    if (Object.keys(r.errors).length) return activityFormPage(c, null, r.values, r.errors);
    try {
      await createActivity(actorOf(c), db(c), r.input);
    } catch (err) {
      return activityFormPage(c, null, r.values, refusal(err));
    }
    return c.redirect(`${base(c)}/activities?done=saved`, 303);
  });
  staff.get('/impact/activities/:id', async (c) => {
    const a = await activityFor(actorOf(c), db(c), idParam(c), MANAGE);
    return activityFormPage(c, a.id, activityValues(a));
  });
  staff.post('/impact/activities/:id', async (c) => {
    const id = idParam(c);
    await activityFor(actorOf(c), db(c), id, MANAGE);
    const r = readActivityForm(await formData(c));
    if (Object.keys(r.errors).length) return activityFormPage(c, id, r.values, r.errors);
    try {
      await updateActivity(actorOf(c), db(c), id, r.input);
    } catch (err) {
      return activityFormPage(c, id, r.values, refusal(err));
    }
    return c.redirect(`${base(c)}/activities?done=saved`, 303);
  });
  staff.post('/impact/activities/:id/delete', async (c) => {
    await deleteActivity(actorOf(c), db(c), idParam(c));
    return c.redirect(`${base(c)}/activities?done=deleted`, 303);
  });

  staff.get('/impact/reports', (c) => reportsPage(c));
  staff.post('/impact/reports/open', async (c) => {
    const body = await formData(c);
    const values = { areaId: str(body.areaId), year: str(body.year) };
    const errors: Errors = {};
    if (!isUuid(values.areaId)) errors.areaId = 'validation.choice';
    const year = Number(values.year);
    if (!/^\d{4}$/.test(values.year)) errors.year = 'impact:errors.year';
    if (Object.keys(errors).length) return reportsPage(c, values, errors);
    try {
      const r = await openReport(actorOf(c), db(c), { areaId: values.areaId, year });
      return c.redirect(`${base(c)}/reports/${r.id}`, 303);
    } catch (err) {
      return reportsPage(c, values, refusal(err));
    }
  });
  staff.get('/impact/reports/:id', (c) => {
    const done = c.req.query('done');
    const notice =
      done === 'saved'
        ? 'impact:staff.saved'
        : done === 'finalised'
          ? 'impact:report.finalisedNotice'
          : done === 'reopened'
            ? 'impact:report.reopenedNotice'
            : undefined;
    return reportPage(c, idParam(c), { notice });
  });
  staff.post('/impact/reports/:id', async (c) => {
    const id = idParam(c);
    const { input, values } = fromForm(await formData(c), REPORT_FORM);
    const { errors } = parseFields(reportTextFields, input as Record<string, unknown>);
    if (Object.keys(errors).length) return reportPage(c, id, { values, errors: errors as Errors });
    try {
      await saveReportTexts(actorOf(c), db(c), id, input as never);
    } catch (err) {
      return reportPage(c, id, { values, errors: refusal(err) });
    }
    return c.redirect(`${base(c)}/reports/${id}?done=saved`, 303);
  });
  staff.post('/impact/reports/:id/finalise', async (c) => {
    const id = idParam(c);
    await finaliseReport(actorOf(c), c.get('services'), id);
    return c.redirect(`${base(c)}/reports/${id}?done=finalised`, 303);
  });
  staff.post('/impact/reports/:id/reopen', async (c) => {
    const id = idParam(c);
    await reopenReport(actorOf(c), db(c), id);
    return c.redirect(`${base(c)}/reports/${id}?done=reopened`, 303);
  });
  staff.get('/impact/reports/:id/report.pdf', async (c) => {
    const view = await reportFor(actorOf(c), c.get('services'), idParam(c));
    const lang = c.get('lang') === 'en' ? 'en' : 'de';
    const pdf = await reportPdf({
      t: c.get('services').i18n.t(lang, 'impact'),
      lang,
      tenantName: c.get('tenant')!.name,
      view,
      now: c.get('services').now(),
    });
    return new Response(new Uint8Array(pdf), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="sachbericht-${view.year}.pdf"`,
        'Cache-Control': 'private, no-store',
      },
    });
  });
  staff.get('/impact/reports/:id/report.csv', async (c) => {
    const view = await reportFor(actorOf(c), c.get('services'), idParam(c));
    const { header, rows } = reportCsv(view, c.get('t'));
    return csvResponse(toCsv(header, rows), `sachbericht-${view.year}.csv`);
  });
}

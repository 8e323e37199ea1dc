// Staff screens of the resources per area (COORD-3): the table areas × sources of a year with its sums
// and a chart, the budget lines, the CSV download, a form for one line, and the CSV import with its
// preview (nothing is written until confirmed). Parse → call the use case → render; a refused form
// comes back with its field messages and every value as typed.
import type { Context, Hono } from 'hono';
import { useId } from 'react';
import { actorOf, canTenantWide, scopeOf } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { fromForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatMoney, type TFunction } from '../../../platform/i18n/index.ts';
import { intlLocale, todayLocal } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  DataTable,
  FileField,
  FormFrame,
  LinkButton,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { areaChoices } from '../../areas/index.ts';
import { BUDGET_KINDS, csvEuros, decodeFile, IMPORT_FIELDS } from '../domain/resources.ts';
import { READ, ROUTE } from '../policies.ts';
import {
  budgetFormChoices,
  budgetLineFor,
  deleteBudgetLine,
  type ImportPreview,
  importBudgets,
  previewBudgetImport,
  type ResourcesView,
  resourcesFor,
  saveBudgetLine,
} from '../use-cases/resources.ts';
import type { Errors, Values } from './views.tsx';

type C = Context<AppEnv>;
type Ctx = { t: TFunction; lang: string; base: string; csrf: string };
type Choice = { value: string; label: string };
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/coordination`;
const db = (c: C) => c.get('services').db;
const ctxOf = (c: C): Ctx => ({ t: c.get('t'), lang: c.get('lang'), base: base(c), csrf: csrfTokenFor(c) });
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const msg = (t: TFunction, e: Errors) =>
  Object.fromEntries(Object.entries(e).map(([k, m]) => [k, String(t(m))]));
const money = (cents: number, lang: string) => formatMoney(cents, lang);
/** Whole euros for the overview table and the chart ("2.400.000 €"); the lines below keep the cents. */
const euros = (cents: number, lang: string) =>
  new Intl.NumberFormat(intlLocale(lang), {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  }).format(Math.round(cents / 100));

const BUDGET_SHAPE = {
  areaId: 'text',
  year: 'number',
  source: 'text',
  kind: 'text',
  amount: 'text',
  reference: 'text',
} as const;

/** The CSV columns: those the import reads (area code, year, source, kind, amount, reference) and the area's name. */
const CSV_COLUMNS = ['area', 'areaName', 'year', 'source', 'kind', 'amount', 'reference'] as const;

function budgetId(c: C): string {
  const id = c.req.param('budgetId');
  if (!id || !isUuid(id)) throw new AppError(404, 'budget_not_found');
  return id;
}

// ── Views ──────────────────────────────────────────────────────────────────────────────────────

/**
 * A horizontal bar chart drawn on the server (no script): per row its name, a bar scaled to the
 * largest value, and the value in words beside it — the table above holds the same numbers.
 */
export function BarList(p: {
  title: string;
  desc: string;
  rows: { label: string; value: number; text: string }[];
}) {
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const width = 360;
  const room = width - 120;
  const row = 40;
  const max = Math.max(0, ...p.rows.map((r) => r.value));
  const w = (v: number) => (max > 0 && v > 0 ? Math.max(2, (v / max) * room) : 0);
  return (
    <svg
      className="q-chart"
      viewBox={`0 0 ${width} ${p.rows.length * row + 4}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      xmlns="http://www.w3.org/2000/svg"
      fontFamily="inherit"
    >
      <title id={`${id}-t`}>{p.title}</title>
      <desc id={`${id}-d`}>{p.desc}</desc>
      {p.rows.map((r, i) => {
        const y = i * row;
        return (
          <g key={r.label}>
            <text x={0} y={y + 14} fontSize={13} fill="#1a1a1a">
              {r.label.length > 48 ? `${r.label.slice(0, 46)}…` : r.label}
            </text>
            <rect x={0} y={y + 19} width={w(r.value)} height={14} fill="#0b4f8a" />
            <text x={w(r.value) + 4} y={y + 31} fontSize={12} fill="#1a1a1a">
              {r.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function ResourcesPage(p: Ctx & { view: ResourcesView; areas: Choice[]; areaName: string }) {
  const { t, view: v, lang } = p;
  const kind = (k: string) => t(`coordination:budget.kinds.${k}`);
  const rows = [
    ...v.table.areas,
    { id: '_total', name: String(t('coordination:budget.total')), cells: {}, totalCents: v.table.totalCents },
  ];
  const sourceTotals = Object.fromEntries(v.table.sources.map((s) => [s.name, s.totalCents]));
  const query = new URLSearchParams({ year: String(v.year), ...(v.areaId ? { areaId: v.areaId } : {}) });
  const filtered = v.areaId ? t('coordination:budget.inArea', { area: p.areaName }) : '';
  return (
    <>
      <h1>{t('coordination:budget.title')}</h1>
      <p>{t('coordination:budget.intro')}</p>
      {v.mayKeep ? (
        <p className="q-actions">
          <LinkButton href={`${p.base}/resources/new?year=${v.year}`}>
            {t('coordination:budget.add')}
          </LinkButton>
          <LinkButton href={`${p.base}/resources/import`} variant="secondary">
            {t('coordination:budget.import')}
          </LinkButton>
        </p>
      ) : null}
      <form method="get" action={`${p.base}/resources`} className="q-filter">
        <SelectField
          name="year"
          label={t('coordination:budget.year')}
          value={String(v.year)}
          options={v.years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <SelectField
          name="areaId"
          label={t('coordination:fields.area')}
          value={v.areaId ?? ''}
          placeholder={t('coordination:staff.all')}
          options={p.areas}
        />
        <Button variant="secondary">{t('coordination:staff.filter')}</Button>
      </form>
      {v.lines.length ? (
        <p>
          <a href={`${p.base}/resources?${query}&format=csv`} download>
            {t('coordination:budget.csv')}
          </a>
        </p>
      ) : null}
      <DataTable
        caption={`${t('coordination:budget.tableCaption', { year: String(v.year), filter: filtered })} ${t('coordination:budget.rounded')}`}
        rows={v.lines.length ? rows : []}
        rowKey={(r) => r.id}
        emptyMessage={t('coordination:budget.none', { year: String(v.year) })}
        stack
        columns={[
          {
            key: 'area',
            header: t('coordination:fields.area'),
            rowHeader: true,
            className: 'q-cell-wrap',
            cell: (r) => (r.id === '_total' ? <strong>{r.name}</strong> : r.name),
          },
          ...v.table.sources.map((s, i) => ({
            key: `s${i}`,
            label: `${s.name} (${kind(s.kind)})`,
            header: (
              <>
                {s.name}
                <br />
                <small>{kind(s.kind)}</small>
              </>
            ),
            numeric: true,
            className: 'q-cell-wrap',
            cell: (r: (typeof rows)[number]) => {
              const cents =
                r.id === '_total' ? sourceTotals[s.name] : (r.cells as Record<string, number>)[s.name];
              if (cents === undefined) return '–';
              return r.id === '_total' ? <strong>{euros(cents, lang)}</strong> : euros(cents, lang);
            },
          })),
          {
            key: 'total',
            header: t('coordination:budget.areaTotal'),
            numeric: true,
            cell: (r) => <strong>{euros(r.totalCents, lang)}</strong>,
          },
        ]}
      />
      {v.lines.length ? (
        <section aria-labelledby="chart-heading">
          <h2 id="chart-heading">{t('coordination:budget.chart')}</h2>
          <h3>{t('coordination:budget.chartAreas', { year: String(v.year) })}</h3>
          <BarList
            title={String(t('coordination:budget.chartAreas', { year: String(v.year) }))}
            desc={String(t('coordination:budget.chartDesc'))}
            rows={v.table.areas.map((a) => ({
              label: a.name,
              value: a.totalCents,
              text: euros(a.totalCents, lang),
            }))}
          />
          <h3>{t('coordination:budget.chartSources', { year: String(v.year) })}</h3>
          <BarList
            title={String(t('coordination:budget.chartSources', { year: String(v.year) }))}
            desc={String(t('coordination:budget.chartDesc'))}
            rows={v.table.sources.map((s) => ({
              label: `${s.name} (${kind(s.kind)})`,
              value: s.totalCents,
              text: euros(s.totalCents, lang),
            }))}
          />
        </section>
      ) : null}
      {v.lines.length ? (
        <>
          <h2>{t('coordination:budget.lines')}</h2>
          <DataTable
            caption={t('coordination:budget.linesCaption', { count: v.lines.length, year: String(v.year) })}
            hideCaption
            rows={v.lines}
            rowKey={(l) => l.id}
            emptyMessage=""
            stack
            columns={[
              {
                key: 'source',
                header: t('coordination:budget.source'),
                rowHeader: true,
                cell: (l) =>
                  v.mayKeep ? (
                    <a href={`${p.base}/resources/${l.id}`} dir="auto">
                      {l.source}
                    </a>
                  ) : (
                    <span dir="auto">{l.source}</span>
                  ),
              },
              { key: 'area', header: t('coordination:fields.area'), cell: (l) => l.areaName },
              { key: 'kind', header: t('coordination:budget.kind'), cell: (l) => kind(l.kind) },
              {
                key: 'amount',
                header: t('coordination:budget.amount'),
                numeric: true,
                cell: (l) => money(l.amountCents, lang),
              },
              {
                key: 'reference',
                header: t('coordination:budget.reference'),
                cell: (l) => <span dir="auto">{l.reference || '–'}</span>,
              },
            ]}
          />
        </>
      ) : null}
    </>
  );
}

function BudgetForm(
  p: Ctx & {
    heading: string;
    action: string;
    areas: Choice[];
    sources: string[];
    values: Values;
    errors: Errors;
    deleteAction?: string;
  },
) {
  const { t, values: v, errors: e } = p;
  const err = (k: string) => (e[k] ? String(t(e[k])) : undefined);
  return (
    <>
      <p>
        <a href={`${p.base}/resources${str(v, 'year') ? `?year=${encodeURIComponent(str(v, 'year'))}` : ''}`}>
          {t('coordination:budget.title')}
        </a>
      </p>
      <h1>{p.heading}</h1>
      <FormFrame
        action={p.action}
        csrf={p.csrf}
        errorTitle={t('coordination:staff.errorTitle')}
        errors={msg(t, e)}
      >
        <SelectField
          name="areaId"
          label={t('coordination:fields.area')}
          value={str(v, 'areaId')}
          placeholder={t('coordination:budget.chooseArea')}
          options={p.areas}
          error={err('areaId')}
        />
        <TextField
          name="year"
          label={t('coordination:budget.year')}
          value={str(v, 'year')}
          inputMode="numeric"
          width={4}
          maxLength={4}
          error={err('year')}
        />
        <TextField
          name="source"
          label={t('coordination:budget.source')}
          hint={t('coordination:budget.sourceHint')}
          value={str(v, 'source')}
          list="budget-sources"
          maxLength={200}
          error={err('source')}
        />
        <datalist id="budget-sources">
          {p.sources.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <RadioGroup
          name="kind"
          label={t('coordination:budget.kind')}
          value={str(v, 'kind')}
          options={BUDGET_KINDS.map((k) => ({
            value: k,
            label: String(t(`coordination:budget.kinds.${k}`)),
            hint: String(t(`coordination:budget.kindHints.${k}`)),
          }))}
          error={err('kind')}
        />
        <TextField
          name="amount"
          label={t('coordination:budget.amount')}
          hint={t('coordination:budget.amountHint')}
          value={str(v, 'amount')}
          inputMode="decimal"
          width={20}
          error={err('amount')}
        />
        <TextField
          name="reference"
          label={t('coordination:budget.reference')}
          hint={t('coordination:budget.referenceHint')}
          value={str(v, 'reference')}
          maxLength={300}
          error={err('reference')}
        />
        <Button>{t('coordination:form.save')}</Button>
      </FormFrame>
      {p.deleteAction ? (
        <form method="post" action={p.deleteAction} className="q-form">
          <input type="hidden" name="_csrf" value={p.csrf} />
          <Button variant="secondary">{t('coordination:budget.delete')}</Button>
        </form>
      ) : null}
    </>
  );
}

function ImportUpload(p: Ctx & { errors: Errors; text?: string }) {
  const { t, errors: e } = p;
  return (
    <>
      <p>
        <a href={`${p.base}/resources`}>{t('coordination:budget.title')}</a>
      </p>
      <h1>{t('coordination:budget.importTitle')}</h1>
      <p>{t('coordination:budget.importIntro')}</p>
      <ul>
        {IMPORT_FIELDS.map((f) => (
          <li key={f}>{t(`coordination:budget.columns.${f}`)}</li>
        ))}
      </ul>
      <p>{t('coordination:budget.importExample')}</p>
      <p>
        <code>Gebiet;Jahr;Quelle;Art;Betrag;Bezug</code>
        <br />
        <code>QM-DEMO-1;2026;Sozialer Zusammenhalt;Förderprogramm;185.000,00;Programmjahr 2026</code>
      </p>
      <FormFrame
        action={`${p.base}/resources/import`}
        csrf={p.csrf}
        multipart
        errorTitle={t('coordination:staff.errorTitle')}
        errors={msg(t, e)}
      >
        <FileField
          name="file"
          label={t('coordination:budget.file')}
          hint={t('coordination:budget.fileHint')}
          accept=".csv,.txt,text/csv"
          error={e.file ? String(t(e.file)) : undefined}
        />
        <TextArea
          name="text"
          label={t('coordination:budget.paste')}
          hint={t('coordination:budget.pasteHint')}
          value={p.text ?? ''}
          rows={6}
        />
        <Button>{t('coordination:budget.check')}</Button>
      </FormFrame>
    </>
  );
}

function ImportPreviewView(p: Ctx & { preview: ImportPreview; text: string }) {
  const { t, preview: pv, lang } = p;
  const problems = pv.rows.flatMap((r) =>
    Object.entries(r.errors).map(([field, m]) => ({
      line: r.line,
      field,
      message: String(t(m as string)),
      value: r.cells[field as keyof typeof r.cells],
    })),
  );
  return (
    <>
      <p>
        <a href={`${p.base}/resources/import`}>{t('coordination:budget.another')}</a>
      </p>
      <h1>{t('coordination:budget.previewTitle')}</h1>
      <p>
        {t('coordination:budget.previewSummary', {
          rows: pv.rows.length,
          creates: pv.creates,
          updates: pv.updates,
          unchanged: pv.unchanged,
          invalid: pv.invalid,
        })}
      </p>
      {pv.invalid > 0 ? (
        <>
          <Alert
            variant="error"
            title={String(t('coordination:budget.problemsTitle', { count: pv.invalid }))}
          >
            <p>{t('coordination:budget.nothingWritten')}</p>
          </Alert>
          <DataTable
            caption={t('coordination:budget.problemsCaption', { count: problems.length })}
            rows={problems}
            rowKey={(r) => `${r.line}-${r.field}`}
            emptyMessage=""
            stack
            columns={[
              {
                key: 'line',
                header: t('coordination:budget.line'),
                rowHeader: true,
                numeric: true,
                cell: (r) => r.line,
              },
              {
                key: 'field',
                header: t('coordination:budget.field'),
                cell: (r) => t(`coordination:budget.columnNames.${r.field}`),
              },
              {
                key: 'value',
                header: t('coordination:budget.value'),
                cell: (r) => <span dir="auto">{r.value || '–'}</span>,
              },
              { key: 'message', header: t('coordination:budget.problem'), cell: (r) => r.message },
            ]}
          />
          <h2>{t('coordination:budget.fixTitle')}</h2>
          <FormFrame
            action={`${p.base}/resources/import`}
            csrf={p.csrf}
            multipart
            errorTitle={t('coordination:staff.errorTitle')}
          >
            <TextArea name="text" label={t('coordination:budget.fixText')} value={p.text} rows={8} />
            <Button>{t('coordination:budget.check')}</Button>
          </FormFrame>
        </>
      ) : (
        <FormFrame
          action={`${p.base}/resources/import/confirm`}
          csrf={p.csrf}
          multipart
          errorTitle={t('coordination:staff.errorTitle')}
        >
          <input type="hidden" name="text" value={p.text} />
          <p>{t('coordination:budget.confirmIntro')}</p>
          <p className="q-actions">
            <Button>{t('coordination:budget.confirm', { count: pv.creates + pv.updates })}</Button>
            <LinkButton href={`${p.base}/resources`} variant="secondary">
              {t('coordination:budget.cancel')}
            </LinkButton>
          </p>
        </FormFrame>
      )}
      <DataTable
        caption={t('coordination:budget.rowsCaption', { count: pv.rows.length })}
        rows={pv.rows}
        rowKey={(r) => r.line}
        emptyMessage=""
        stack
        columns={[
          {
            key: 'line',
            header: t('coordination:budget.line'),
            rowHeader: true,
            numeric: true,
            cell: (r) => r.line,
          },
          {
            key: 'area',
            header: t('coordination:fields.area'),
            cell: (r) => r.value?.areaName ?? r.cells.area,
          },
          { key: 'year', header: t('coordination:budget.year'), cell: (r) => r.cells.year },
          {
            key: 'source',
            header: t('coordination:budget.source'),
            cell: (r) => <span dir="auto">{r.value?.source ?? r.cells.source}</span>,
          },
          {
            key: 'kind',
            header: t('coordination:budget.kind'),
            cell: (r) => (r.value ? t(`coordination:budget.kinds.${r.value.kind}`) : r.cells.kind),
          },
          {
            key: 'amount',
            header: t('coordination:budget.amount'),
            numeric: true,
            cell: (r) => (r.value ? money(r.value.amountCents, lang) : r.cells.amount),
          },
          {
            key: 'action',
            header: t('coordination:budget.action'),
            cell: (r) =>
              r.action
                ? r.action === 'update' && r.beforeCents !== undefined
                  ? t('coordination:budget.actions.updateFrom', { amount: money(r.beforeCents, lang) })
                  : t(`coordination:budget.actions.${r.action}`)
                : t('coordination:budget.actions.invalid'),
          },
        ]}
      />
    </>
  );
}

// ── Routes ─────────────────────────────────────────────────────────────────────────────────────

async function formPage(c: C, values: Values, errors: Errors = {}, id?: string) {
  const actor = actorOf(c);
  const choices = await budgetFormChoices(actor, db(c));
  const t = c.get('t');
  const heading = String(t(id ? 'coordination:budget.edit' : 'coordination:budget.add'));
  const areas = [...choices.areas];
  const chosen = str(values, 'areaId');
  if (chosen && id && !areas.some((a) => a.value === chosen)) {
    const line = await budgetLineFor(actor, db(c), id);
    areas.push({ value: line.areaId, label: line.areaName });
  }
  return staffPage(c, {
    title: heading,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <BudgetForm
        {...ctxOf(c)}
        heading={heading}
        action={id ? `${base(c)}/resources/${id}` : `${base(c)}/resources/new`}
        deleteAction={id ? `${base(c)}/resources/${id}/delete` : undefined}
        areas={areas}
        sources={choices.sources}
        values={values}
        errors={errors}
      />
    ),
  });
}

function uploadPage(c: C, errors: Errors = {}, text?: string) {
  if (!canTenantWide(actorOf(c), ROUTE)) throw new AppError(403, 'forbidden');
  return staffPage(c, {
    title: String(c.get('t')('coordination:budget.importTitle')),
    status: Object.keys(errors).length ? 422 : 200,
    children: <ImportUpload {...ctxOf(c)} errors={errors} text={text} />,
  });
}

/** The file posted (or the text pasted / carried from the preview), as bytes and as the text shown again. */
async function postedFile(c: C): Promise<{ bytes: Uint8Array; text: string }> {
  const raw = await formData(c);
  const file = raw.file;
  if (file instanceof File && file.size > 0) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { bytes, text: decodeFile(bytes) };
  }
  const text = typeof raw.text === 'string' ? raw.text : '';
  return { bytes: new TextEncoder().encode(text), text };
}

export function mountStaffResourcePages(staff: Hono<AppEnv>) {
  staff.get('/coordination/resources', async (c) => {
    const actor = actorOf(c);
    const q = (k: string) => c.req.query(k) ?? '';
    const year = /^\d{4}$/.test(q('year')) ? Number(q('year')) : undefined;
    const areaId = isUuid(q('areaId')) ? q('areaId').toLowerCase() : undefined;
    const view = await resourcesFor(actor, db(c), { year, areaId });
    const t = c.get('t');
    if (q('format') === 'csv') {
      // The lines as the import reads them: download, change in a spreadsheet, import again.
      const csv = toCsv(
        CSV_COLUMNS.map((k) => String(t(`coordination:budget.columnNames.${k}`))),
        view.lines.map((l) => [
          l.areaKey,
          l.areaName,
          l.year,
          l.source,
          String(t(`coordination:budget.kinds.${l.kind}`)),
          csvEuros(l.amountCents),
          l.reference,
        ]),
      );
      return csvResponse(csv, `ressourcen-${view.year}.csv`);
    }
    const areas = (await areaChoices(db(c), actor.tenantId, scopeOf(actor, READ))).map(
      ({ value, label }) => ({
        value,
        label,
      }),
    );
    return staffPage(c, {
      title: String(t('coordination:budget.title')),
      children: (
        <ResourcesPage
          {...ctxOf(c)}
          view={view}
          areas={areas}
          areaName={areas.find((a) => a.value === areaId)?.label ?? ''}
        />
      ),
    });
  });

  staff.get('/coordination/resources/new', (c) => {
    const year = c.req.query('year') ?? '';
    return formPage(c, { year: /^\d{4}$/.test(year) ? year : todayLocal().slice(0, 4) });
  });
  staff.post('/coordination/resources/new', async (c) => {
    const { input, values } = fromForm(await formData(c), BUDGET_SHAPE);
    try {
      const line = await saveBudgetLine(actorOf(c), db(c), input as never);
      return c.redirect(`${base(c)}/resources?year=${line.year}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return formPage(c, values, err.fields);
      throw err;
    }
  });

  staff.get('/coordination/resources/import', (c) => uploadPage(c));
  staff.post('/coordination/resources/import', async (c) => {
    const { bytes, text } = await postedFile(c);
    try {
      const preview = await previewBudgetImport(actorOf(c), db(c), bytes);
      return staffPage(c, {
        title: String(c.get('t')('coordination:budget.previewTitle')),
        status: preview.invalid > 0 ? 422 : 200,
        children: <ImportPreviewView {...ctxOf(c)} preview={preview} text={text} />,
      });
    } catch (err) {
      if (err instanceof ValidationError)
        return uploadPage(c, { file: err.fields.file ?? 'coordination:budget.errors.unreadable' }, text);
      throw err;
    }
  });
  staff.post('/coordination/resources/import/confirm', async (c) => {
    const { bytes, text } = await postedFile(c);
    try {
      const done = await importBudgets(actorOf(c), db(c), bytes);
      const t = c.get('t');
      return staffPage(c, {
        title: String(t('coordination:budget.doneTitle')),
        children: (
          <>
            <h1>{t('coordination:budget.doneTitle')}</h1>
            <Alert variant="success" title={String(t('coordination:budget.done', { ...done }))} />
            <p className="q-actions">
              <LinkButton href={`${base(c)}/resources`}>{t('coordination:budget.title')}</LinkButton>
            </p>
          </>
        ),
      });
    } catch (err) {
      if (err instanceof ValidationError)
        return uploadPage(c, { file: err.fields.file ?? 'coordination:budget.errors.unreadable' }, text);
      throw err;
    }
  });

  staff.get('/coordination/resources/:budgetId', async (c) => {
    const actor = actorOf(c);
    const line = await budgetLineFor(actor, db(c), budgetId(c));
    return formPage(
      c,
      {
        areaId: line.areaId,
        year: String(line.year),
        source: line.source,
        kind: line.kind,
        amount: csvEuros(line.amountCents),
        reference: line.reference,
      },
      {},
      line.id,
    );
  });
  staff.post('/coordination/resources/:budgetId', async (c) => {
    const id = budgetId(c);
    const { input, values } = fromForm(await formData(c), BUDGET_SHAPE);
    try {
      const line = await saveBudgetLine(actorOf(c), db(c), input as never, id);
      return c.redirect(`${base(c)}/resources?year=${line.year}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return formPage(c, values, err.fields, id);
      throw err;
    }
  });
  staff.post('/coordination/resources/:budgetId/delete', async (c) => {
    const line = await budgetLineFor(actorOf(c), db(c), budgetId(c));
    await deleteBudgetLine(actorOf(c), db(c), line.id);
    return c.redirect(`${base(c)}/resources?year=${line.year}`, 303);
  });
}

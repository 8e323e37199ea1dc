import type { Hono } from 'hono';
import { actorOf, authorize, canTenantWide } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatRange } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  DataTable,
  ErrorSummary,
  KeyValueList,
  LinkButton,
  RadioGroup,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage, UploadForm } from '../../../ui/page.tsx';
import { FormReader, type RawForm } from '../forms.ts';
import {
  getRun,
  type ImportRun,
  listRuns,
  MAX_FEED_BYTES,
  type Source,
  type SourceInput,
} from '../import/run.ts';
import { PERMS } from '../policies.ts';
import { SOURCE_FORM, SOURCE_LIMITS, sourceFields } from '../schemas.ts';
import { listCategories } from '../use-cases/events.ts';
import {
  createImportSource,
  deleteImportSource,
  importAreaChoices,
  importSourceFor,
  listImportSourcesFor,
  mayImportInto,
  runImportFor,
  updateImportSource,
} from '../use-cases/manage.ts';
import { type C, summaryOf } from './common.tsx';

type Values = Record<string, string | string[]>;
const v = (x: Values, k: string) => {
  const y = x[k];
  return Array.isArray(y) ? (y[0] ?? '') : (y ?? '');
};

function readSource(body: RawForm, categoryIds: string[]): { input: SourceInput; form: FormReader } {
  const f = new FormReader(body);
  const d = f.schema(sourceFields, SOURCE_FORM);
  const kind = d.kind ?? 'url';
  const url = d.url || null;
  if (kind === 'url' && !url && !f.errors.url) f.fail('url', 'validation.required');
  const input: SourceInput = {
    name: d.name ?? '',
    kind,
    url: kind === 'url' ? url : null,
    areaId: d.areaId || null,
    // Only the tenant's categories; an unknown id is dropped, as the checkbox group offers none.
    categoryIds: (d.categoryIds ?? []).filter((id) => categoryIds.includes(id)),
    attribution: d.attribution ?? '',
    attributionUrl: d.attributionUrl || null,
    publishMode: d.publishMode ?? 'review',
    intervalMinutes: d.intervalMinutes ?? 360,
    enabled: d.enabled ?? false,
  };
  return { input, form: f };
}

/**
 * The same area rule as the use case (which enforces it), asked first for a field message: the
 * events of a source go into its area, so only an area the member imports into.
 */
async function checkArea(c: C, input: SourceInput, form: FormReader): Promise<void> {
  if (form.errors.areaId) return;
  try {
    if (!(await mayImportInto(actorOf(c), c.get('services').db, input.areaId)))
      form.fail('areaId', input.areaId ? 'events:import.areaNotAllowed' : 'events:import.areaRequired');
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'area_not_found') throw err;
    form.fail('areaId', 'validation.choice');
  }
}

const valuesOf = (s: Source): Values => ({
  name: s.name,
  kind: s.kind,
  url: s.url ?? '',
  areaId: s.areaId ?? '',
  categoryIds: s.categoryIds,
  attribution: s.attribution,
  attributionUrl: s.attributionUrl ?? '',
  publishMode: s.publishMode,
  intervalMinutes: String(s.intervalMinutes),
  enabled: s.enabled ? 'on' : '',
});

async function SourceForm(c: C, action: string, values: Values, errors: Record<string, string>) {
  const t = c.get('t');
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const actor = actorOf(c);
  const [areas, categories] = await Promise.all([importAreaChoices(actor, db), listCategories(db, tenantId)]);
  // Without an area the events are for the whole tenant: only for members who import everywhere.
  const tenantWide = canTenantWide(actor, PERMS.importData);
  const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
  const optional = t('events:form.optional');
  return (
    <>
      <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
      <form method="post" action={action} className="q-form" noValidate>
        <CsrfField token={csrfTokenFor(c)} />
        <TextField
          name="name"
          label={t('events:import.fields.name')}
          value={v(values, 'name')}
          error={err('name')}
          required
          maxLength={SOURCE_LIMITS.name}
        />
        <RadioGroup
          name="kind"
          label={t('events:import.fields.kind')}
          value={v(values, 'kind') || 'url'}
          options={[
            { value: 'url', label: t('events:import.kinds.url'), hint: t('events:import.kindHints.url') },
            { value: 'file', label: t('events:import.kinds.file'), hint: t('events:import.kindHints.file') },
          ]}
        />
        <TextField
          name="url"
          type="url"
          label={t('events:import.fields.url')}
          hint={t('events:import.urlHint')}
          value={v(values, 'url')}
          error={err('url')}
        />
        <TextField
          name="intervalMinutes"
          type="number"
          label={t('events:import.fields.interval')}
          hint={t('events:import.intervalHint')}
          value={v(values, 'intervalMinutes') || '360'}
          error={err('intervalMinutes')}
          width={10}
        />
        <SelectField
          name="areaId"
          label={t('events:fields.area')}
          value={v(values, 'areaId')}
          error={err('areaId')}
          placeholder={tenantWide ? t('events:form.noArea') : t('events:import.chooseArea')}
          options={areas.map((a) => ({ value: a.id, label: a.name }))}
        />
        <CheckboxGroup
          name="categoryIds"
          label={t('events:import.fields.categories')}
          hint={t('events:import.categoriesHint')}
          values={(values.categoryIds as string[]) ?? []}
          optionalText={optional}
          options={categories.map((x) => ({ value: x.id, label: x.name }))}
        />
        <TextField
          name="attribution"
          label={t('events:import.fields.attribution')}
          hint={t('events:import.attributionHint')}
          value={v(values, 'attribution')}
          error={err('attribution')}
          optionalText={optional}
        />
        <TextField
          name="attributionUrl"
          type="url"
          label={t('events:import.fields.attributionUrl')}
          value={v(values, 'attributionUrl')}
          error={err('attributionUrl')}
          optionalText={optional}
        />
        <RadioGroup
          name="publishMode"
          label={t('events:import.fields.publishMode')}
          value={v(values, 'publishMode') || 'review'}
          options={[
            { value: 'review', label: t('events:import.modes.review') },
            { value: 'publish', label: t('events:import.modes.publish') },
          ]}
        />
        <CheckboxField
          name="enabled"
          label={t('events:import.fields.enabled')}
          checked={v(values, 'enabled') === 'on'}
        />
        <div className="q-form__actions">
          <Button type="submit">{t('save')}</Button>
        </div>
      </form>
    </>
  );
}

function RunSummary({ c, run }: { c: C; run: ImportRun }) {
  const t = c.get('t');
  return (
    <KeyValueList
      items={[
        { key: 's', term: t('events:import.run.status'), value: t(`events:import.statuses.${run.status}`) },
        { key: 'c', term: t('events:import.run.created'), value: String(run.created) },
        { key: 'u', term: t('events:import.run.updated'), value: String(run.updated) },
        { key: 'n', term: t('events:import.run.unchanged'), value: String(run.unchanged) },
        { key: 'd', term: t('events:import.run.duplicates'), value: String(run.duplicates) },
        { key: 'x', term: t('events:import.run.cancelled'), value: String(run.cancelled) },
        { key: 'f', term: t('events:import.run.failed'), value: String(run.failed) },
      ]}
    />
  );
}

function ProblemTable({ c, run }: { c: C; run: ImportRun }) {
  const t = c.get('t');
  return (
    <DataTable
      caption={t('events:import.run.problems', { count: run.problems.length })}
      rows={run.problems}
      emptyMessage={t('events:import.run.noProblems')}
      columns={[
        { key: 'line', header: t('events:import.run.line'), numeric: true, cell: (p) => p.line ?? '–' },
        { key: 'event', header: t('events:import.run.event'), cell: (p) => p.summary ?? p.uid ?? '–' },
        {
          key: 'what',
          header: t('events:import.run.what'),
          cell: (p) => (
            <>
              {t(`events:import.problems.${p.code}`)}
              {p.detail ? <span className="q-meta"> ({p.detail})</span> : null}
            </>
          ),
        },
      ]}
    />
  );
}

export function mountSourcePages(staff: Hono<AppEnv>) {
  staff.get('/events/sources', async (c) => {
    authorize(actorOf(c), PERMS.importData);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const list = await listImportSourcesFor(actorOf(c), c.get('services').db);
    const base = `/staff/${tenant.slug}/events/sources`;
    return staffPage(c, {
      title: t('events:import.title'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
          </p>
          <h1>{t('events:import.title')}</h1>
          <p>{t('events:import.intro')}</p>
          <p className="q-actions">
            <LinkButton href={`${base}/new`}>{t('events:import.new')}</LinkButton>
          </p>
          <DataTable
            caption={t('events:import.title')}
            hideCaption
            rows={list}
            rowKey={(s) => s.id}
            emptyMessage={t('events:import.none')}
            columns={[
              {
                key: 'name',
                header: t('events:import.fields.name'),
                rowHeader: true,
                cell: (s) => <a href={`${base}/${s.id}`}>{s.name}</a>,
              },
              {
                key: 'kind',
                header: t('events:import.fields.kind'),
                cell: (s) => t(`events:import.kinds.${s.kind}`),
              },
              {
                key: 'status',
                header: t('events:import.run.status'),
                cell: (s) => (s.lastStatus ? t(`events:import.statuses.${s.lastStatus}`) : '–'),
              },
              {
                key: 'when',
                header: t('events:import.lastRun'),
                cell: (s) =>
                  s.lastPolledAt
                    ? formatRange(s.lastPolledAt, s.lastPolledAt, lang).split(',').slice(0, 2).join(',')
                    : '–',
              },
            ]}
          />
        </>
      ),
    });
  });

  staff.get('/events/sources/new', async (c) => {
    authorize(actorOf(c), PERMS.importData);
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    return staffPage(c, {
      title: t('events:import.new'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events/sources`}>{t('events:import.title')}</a>
          </p>
          <h1>{t('events:import.new')}</h1>
          {
            await SourceForm(
              c,
              `/staff/${tenant.slug}/events/sources/new`,
              { kind: 'url', publishMode: 'review', enabled: 'on', intervalMinutes: '360' },
              {},
            )
          }
        </>
      ),
    });
  });

  staff.post('/events/sources/new', async (c) => {
    const actor = actorOf(c);
    authorize(actor, PERMS.importData); // before the form is read
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const categories = await listCategories(db, tenant.id);
    const { input, form } = readSource(
      await formData(c),
      categories.map((x) => x.id),
    );
    await checkArea(c, input, form);
    if (!form.ok)
      return staffPage(c, {
        title: t('events:import.new'),
        status: 422,
        children: (
          <>
            <h1>{t('events:import.new')}</h1>
            {await SourceForm(c, `/staff/${tenant.slug}/events/sources/new`, form.values, form.errors)}
          </>
        ),
      });
    let s: Source;
    try {
      s = await createImportSource(actor, c.get('services'), input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return staffPage(c, {
        title: t('events:import.new'),
        status: 422,
        children: (
          <>
            <h1>{t('events:import.new')}</h1>
            {await SourceForm(c, `/staff/${tenant.slug}/events/sources/new`, form.values, err.fields)}
          </>
        ),
      });
    }
    return c.redirect(`/staff/${tenant.slug}/events/sources/${s.id}?saved=1`);
  });

  const sourcePage = async (
    c: C,
    s: Source,
    values: Values,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
    run?: ImportRun,
  ) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const base = `/staff/${tenant.slug}/events/sources/${s.id}`;
    const runs = await listRuns(c.get('services').db, tenant.id, s.id);
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: s.name,
      status,
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events/sources`}>{t('events:import.title')}</a>
          </p>
          <h1>{s.name}</h1>
          {c.req.query('saved') ? (
            <Alert variant="success" title={t('events:staff.saved')} role="status" />
          ) : null}
          {!run && runs[0]?.status === 'failed' ? (
            <Alert variant="error" title={t('events:import.lastFailed')}>
              <p className="kern-body">
                {t(`events:import.problems.${runs[0].problems[0]?.code ?? 'fetchFailed'}`)}
                {runs[0].problems[0]?.detail ? (
                  <span className="q-meta"> ({runs[0].problems[0].detail})</span>
                ) : null}
              </p>
            </Alert>
          ) : null}
          {run ? (
            <section aria-labelledby="report">
              <h2 id="report">{t('events:import.run.title')}</h2>
              <RunSummary c={c} run={run} />
              <ProblemTable c={c} run={run} />
            </section>
          ) : null}
          <h2>{t('events:import.now')}</h2>
          {s.kind === 'url' ? (
            <form method="post" action={`${base}/run`}>
              <CsrfField token={csrf} />
              <Button type="submit">{t('events:import.fetchNow')}</Button>
            </form>
          ) : null}
          <UploadForm
            action={`${base}/upload`}
            csrf={csrf}
            label={t('events:import.file')}
            hint={t('events:import.fileHint')}
            accept=".ics,text/calendar"
            error={errors.file ? t(errors.file) : undefined}
            submit={t('events:import.upload')}
            variant="secondary"
          />
          <h2>{t('events:import.runs')}</h2>
          <DataTable
            caption={t('events:import.runs')}
            hideCaption
            rows={runs}
            rowKey={(r) => r.id}
            emptyMessage={t('events:import.noRuns')}
            columns={[
              {
                key: 'when',
                header: t('events:import.lastRun'),
                rowHeader: true,
                cell: (r) => (
                  <a href={`${base}/runs/${r.id}`}>
                    {formatRange(r.startedAt, r.startedAt, lang).split(',').slice(0, 2).join(',')}
                  </a>
                ),
              },
              {
                key: 'status',
                header: t('events:import.run.status'),
                cell: (r) => t(`events:import.statuses.${r.status}`),
              },
              {
                key: 'created',
                header: t('events:import.run.created'),
                numeric: true,
                cell: (r) => r.created,
              },
              {
                key: 'updated',
                header: t('events:import.run.updated'),
                numeric: true,
                cell: (r) => r.updated,
              },
              {
                key: 'problems',
                header: t('events:import.run.problemsShort'),
                numeric: true,
                cell: (r) => r.problems.length,
              },
            ]}
          />
          <h2>{t('events:import.settings')}</h2>
          {await SourceForm(c, base, values, errors)}
          <h2>{t('events:import.deleteTitle')}</h2>
          <p>{t('events:import.deleteHint')}</p>
          <form method="post" action={`${base}/delete`}>
            <CsrfField token={csrf} />
            <Button type="submit" variant="danger">
              {t('events:import.delete')}
            </Button>
          </form>
        </>
      ),
    });
  };

  const load = (c: C) => importSourceFor(actorOf(c), c.get('services').db, c.req.param('id') ?? '');

  staff.get('/events/sources/:id{[0-9a-f-]{36}}', async (c) => {
    const s = await load(c);
    return sourcePage(c, s, valuesOf(s), {});
  });

  staff.post('/events/sources/:id{[0-9a-f-]{36}}', async (c) => {
    const s = await load(c);
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const categories = await listCategories(db, tenant.id);
    const { input, form } = readSource(
      await formData(c),
      categories.map((x) => x.id),
    );
    await checkArea(c, input, form);
    if (!form.ok) return sourcePage(c, s, form.values, form.errors, 422);
    try {
      await updateImportSource(actorOf(c), c.get('services'), s.id, input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return sourcePage(c, s, form.values, err.fields, 422);
    }
    return c.redirect(`/staff/${tenant.slug}/events/sources/${s.id}?saved=1`);
  });

  staff.post('/events/sources/:id{[0-9a-f-]{36}}/run', async (c) => {
    const s = await load(c);
    const run = await runImportFor(actorOf(c), c.get('services'), s.id, { trigger: 'manual' });
    return sourcePage(c, (await load(c))!, valuesOf(s), {}, 200, run);
  });

  staff.post('/events/sources/:id{[0-9a-f-]{36}}/upload', async (c) => {
    const s = await load(c);
    const body = await formData(c);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return sourcePage(c, s, valuesOf(s), { file: 'validation.required' }, 422);
    if (file.size > MAX_FEED_BYTES)
      return sourcePage(c, s, valuesOf(s), { file: 'events:import.tooLarge' }, 422);
    const run = await runImportFor(actorOf(c), c.get('services'), s.id, {
      trigger: 'file',
      bytes: new Uint8Array(await file.arrayBuffer()),
      fileName: file.name.slice(0, 200),
    });
    return sourcePage(c, (await load(c))!, valuesOf(s), {}, 200, run);
  });

  staff.get('/events/sources/:id{[0-9a-f-]{36}}/runs/:runId', async (c) => {
    const s = await load(c);
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const runId = c.req.param('runId');
    const run = isUuid(runId) ? await getRun(c.get('services').db, tenant.id, runId) : undefined;
    if (!run || run.sourceId !== s.id) throw new AppError(404, 'not_found');
    return staffPage(c, {
      title: t('events:import.run.title'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events/sources/${s.id}`}>{s.name}</a>
          </p>
          <h1>{t('events:import.run.title')}</h1>
          <p className="q-meta">
            {run.fileName ?? s.url} · {t(`events:import.triggers.${run.trigger}`)}
          </p>
          <RunSummary c={c} run={run} />
          <ProblemTable c={c} run={run} />
        </>
      ),
    });
  });

  staff.post('/events/sources/:id{[0-9a-f-]{36}}/delete', async (c) => {
    const s = await load(c);
    await deleteImportSource(actorOf(c), c.get('services').db, s.id);
    return c.redirect(`/staff/${c.get('tenant')!.slug}/events/sources`);
  });
}

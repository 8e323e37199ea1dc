import type { Hono } from 'hono';
import { actorOf, authorize, scopeOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  FileField,
  RadioGroup,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { translateErrors } from '../forms.ts';
import { PERMS } from '../policies.ts';
import {
  guessMapping,
  IMPORT_TARGETS,
  type ImportReport,
  type ImportTarget,
  listImports,
  MAX_IMPORT_BYTES,
  type ParsedFile,
  parseImportFile,
  runImport,
  TARGET_FIELDS,
} from '../use-cases/import.ts';
import { importYouthCentres } from '../use-cases/import-youth-centres.ts';
import { FIELDS, LANGUAGES, ORG_TYPES, TARGET_GROUPS } from '../vocab.ts';
import { areaChoices, base, type C, Errors, fmtDateTime } from './common.tsx';

const KINDS = [...IMPORT_TARGETS, 'youth_centres'] as const;
type Kind = (typeof KINDS)[number];

/** Maps German and English labels of the vocabularies to their codes (for files written by people). */
export function labelResolver(c: C) {
  const i18n = c.get('services').i18n;
  const lists = {
    orgType: ['orgTypes', ORG_TYPES],
    fields: ['fields', FIELDS],
    targetGroups: ['targetGroups', TARGET_GROUPS],
    languages: ['languages', LANGUAGES],
  } as const;
  const maps = new Map<string, Map<string, string>>();
  for (const [key, [list, codes]] of Object.entries(lists)) {
    const m = new Map<string, string>();
    for (const lang of ['de', 'en'] as const)
      for (const code of codes) m.set(i18n.t(lang, 'network')(`vocab.${list}.${code}`).toLowerCase(), code);
    maps.set(key, m);
  }
  return (list: string, labelText: string) => maps.get(list)?.get(labelText.trim().toLowerCase());
}

async function startPage(
  c: C,
  o: { errors?: Record<string, string>; status?: 200 | 422; report?: ImportReport } = {},
) {
  const t = c.get('t');
  const b = base(c);
  const history = await listImports(c.get('services').db, c.get('tenant')!.id);
  const errors = o.errors ?? {};
  return staffPage(c, {
    title: t('network:import.title'),
    status: o.status,
    children: (
      <>
        <h1>{t('network:import.title')}</h1>
        <p>{t('network:import.intro')}</p>
        {o.report ? <ReportView c={c} report={o.report} /> : null}
        <Errors c={c} errors={errors} />
        <form
          method="post"
          action={`${b}/import`}
          encType="multipart/form-data"
          className="q-form"
          noValidate
        >
          <CsrfField token={csrfTokenFor(c)} />
          <RadioGroup
            name="kind"
            label={t('network:import.kind')}
            value="organisation"
            options={KINDS.map((k) => ({ value: k, label: t(`network:import.kinds.${k}`) }))}
            error={errors.kind}
          />
          <FileField
            name="file"
            label={t('network:import.file')}
            hint={t('network:import.fileHint')}
            accept=".csv,.geojson,.json,text/csv,application/geo+json"
            error={errors.file}
          />
          <Button type="submit">{t('network:import.next')}</Button>
        </form>
        <h2>{t('network:import.history')}</h2>
        <DataTable
          caption={t('network:import.history')}
          hideCaption
          rows={history}
          rowKey={(r) => r.id}
          emptyMessage={t('network:import.noHistory')}
          columns={[
            { key: 'at', header: t('network:import.at'), cell: (r) => fmtDateTime(c, r.createdAt) },
            { key: 'file', header: t('network:import.file'), cell: (r) => r.fileName },
            { key: 'created', header: t('network:import.created'), numeric: true, cell: (r) => r.created },
            { key: 'updated', header: t('network:import.updated'), numeric: true, cell: (r) => r.updated },
            { key: 'rejected', header: t('network:import.rejected'), numeric: true, cell: (r) => r.rejected },
          ]}
        />
      </>
    ),
  });
}

function ReportView({ c, report }: { c: C; report: ImportReport }) {
  const t = c.get('t');
  const variant = report.imported ? (report.rejected.length ? 'warning' : 'success') : 'error';
  const title = report.dryRun
    ? t('network:import.report.dryRun')
    : report.imported
      ? t('network:import.report.done', { created: report.created, updated: report.updated })
      : t('network:import.report.nothing');
  return (
    <section aria-labelledby="import-report">
      <h2 id="import-report">{t('network:import.report.title', { file: report.fileName })}</h2>
      <Alert variant={variant} title={title}>
        <p>
          {t('network:import.report.summary', {
            total: report.total,
            rejected: report.rejected.length,
            unplaced: report.unplaced,
          })}
          {!report.imported && report.rejected.length && !report.dryRun
            ? ` ${t('network:import.report.allOrNothing')}`
            : ''}
        </p>
      </Alert>
      {report.rejected.length ? (
        <DataTable
          caption={t('network:import.report.rejectedRows')}
          rows={report.rejected.slice(0, 500)}
          rowKey={(r) => String(r.line)}
          emptyMessage=""
          columns={[
            { key: 'line', header: t('network:import.report.line'), numeric: true, cell: (r) => r.line },
            { key: 'name', header: t('network:actor.name'), cell: (r) => r.name },
            {
              key: 'reasons',
              header: t('network:import.report.reasons'),
              cell: (r) =>
                r.reasons
                  .map(
                    (x) =>
                      `${x.field}: ${t(`network:import.reasons.${x.code}`)}${x.value ? ` („${x.value}“)` : ''}`,
                  )
                  .join('; '),
            },
          ]}
        />
      ) : null}
    </section>
  );
}

async function mappingPage(
  c: C,
  o: {
    target: ImportTarget;
    parsed: ParsedFile;
    payload: string;
    fileName: string;
    mapping: Record<string, string>;
    errors?: Record<string, string>;
    values?: Record<string, string>;
    report?: ImportReport;
  },
) {
  const t = c.get('t');
  const b = base(c);
  const errors = o.errors ?? {};
  const areas = await areaChoices(c, scopeOf(actorOf(c), PERMS.importData));
  const columns = [
    { value: '', label: t('network:import.notImported') },
    ...o.parsed.columns.map((x) => ({ value: x, label: x })),
  ];
  const preview = o.parsed.rows.slice(0, 5);
  return staffPage(c, {
    title: t('network:import.mappingTitle'),
    status: Object.keys(errors).length || o.report?.rejected.length ? 422 : 200,
    children: (
      <>
        <h1>{t('network:import.mappingTitle')}</h1>
        <p>{t('network:import.mappingIntro', { file: o.fileName, rows: o.parsed.rows.length })}</p>
        {o.report ? <ReportView c={c} report={o.report} /> : null}
        <Errors c={c} errors={errors} prefix="map." />
        <DataTable
          caption={t('network:import.preview')}
          rows={preview}
          rowKey={(r) => String(r.line)}
          emptyMessage=""
          small
          columns={o.parsed.columns.slice(0, 12).map((col) => ({
            key: col,
            header: col,
            cell: (r: (typeof preview)[number]) => (r.values[col] ?? '').slice(0, 60),
          }))}
        />
        <form method="post" action={`${b}/import/run`} className="q-form" noValidate>
          <CsrfField token={csrfTokenFor(c)} />
          <input type="hidden" name="target" value={o.target} />
          <input type="hidden" name="fileName" value={o.fileName} />
          <input type="hidden" name="payload" value={o.payload} />
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('network:import.mapping')}</legend>
            {TARGET_FIELDS[o.target].map((field) => (
              <SelectField
                key={field}
                name={`map.${field}`}
                label={t(`network:import.fields.${field}`)}
                value={o.mapping[field] ?? ''}
                options={columns}
                required={field === 'name'}
                error={errors[`map.${field}`]}
              />
            ))}
          </fieldset>
          <TextField
            name="crs"
            label={t('network:import.crs')}
            hint={t('network:import.crsHint')}
            value={o.values?.crs ?? o.parsed.crs ?? ''}
            width={30}
            error={errors.crs}
            optionalText={t('network:optional')}
          />
          <SelectField
            name="defaultAreaId"
            label={t('network:import.defaultArea')}
            hint={t('network:import.defaultAreaHint')}
            value={o.values?.defaultAreaId ?? ''}
            placeholder={t('network:place.noArea')}
            options={areas}
          />
          <CheckboxField
            name="skipRejected"
            label={t('network:import.skipRejected')}
            hint={t('network:import.skipRejectedHint')}
            checked={o.values?.skipRejected === 'on'}
          />
          <div className="q-form__actions">
            <Button type="submit" name="mode" value="dry">
              {t('network:import.check')}
            </Button>
            <Button type="submit" name="mode" value="run" variant="secondary">
              {t('network:import.run')}
            </Button>
          </div>
        </form>
      </>
    ),
  });
}

export function mountImportPages(staff: Hono<AppEnv>) {
  staff.get('/network/import', async (c) => {
    authorize(actorOf(c), PERMS.importData);
    return startPage(c);
  });

  staff.post('/network/import', async (c) => {
    authorize(actorOf(c), PERMS.importData);
    const t = c.get('t');
    const body = await formData(c);
    const kind = (KINDS as readonly string[]).includes(String(body.kind))
      ? (String(body.kind) as Kind)
      : null;
    const file = body.file;
    if (!kind) return startPage(c, { errors: { kind: t('validation.choice') }, status: 422 });
    if (!(file instanceof File) || file.size === 0)
      return startPage(c, { errors: { file: t('network:import.errors.noFile') }, status: 422 });
    if (file.size > MAX_IMPORT_BYTES)
      return startPage(c, { errors: { file: t('network:import.errors.tooLarge') }, status: 422 });
    const text = await file.text();
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    try {
      if (kind === 'youth_centres') {
        const report = await importYouthCentres(db, tenant.id, text, {
          fileName: file.name,
          userId: c.get('user')!.id,
        });
        return startPage(c, { report });
      }
      const parsed = parseImportFile(file.name, text);
      return mappingPage(c, {
        target: kind,
        parsed,
        payload: text,
        fileName: file.name,
        mapping: guessMapping(kind, parsed.columns),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return startPage(c, { errors: translateErrors(t, err.fields), status: 422 });
    }
  });

  staff.post('/network/import/run', async (c) => {
    authorize(actorOf(c), PERMS.importData);
    const t = c.get('t');
    const body = await formData(c);
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const target = (IMPORT_TARGETS as readonly string[]).includes(str('target'))
      ? (str('target') as ImportTarget)
      : 'organisation';
    const fileName = str('fileName').slice(0, 200) || 'import';
    const payload = str('payload');
    const mapping: Record<string, string> = {};
    for (const f of TARGET_FIELDS[target]) if (str(`map.${f}`)) mapping[f] = str(`map.${f}`);
    const values = {
      crs: str('crs'),
      defaultAreaId: str('defaultAreaId'),
      skipRejected: str('skipRejected'),
    };
    let parsed: ParsedFile;
    try {
      parsed = parseImportFile(fileName, payload);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return startPage(c, { errors: translateErrors(t, err.fields), status: 422 });
    }
    const areas = await areaChoices(c, scopeOf(actorOf(c), PERMS.importData));
    const defaultAreaId = areas.some((a) => a.value === values.defaultAreaId) ? values.defaultAreaId : null;
    if (scopeOf(actorOf(c), PERMS.importData) !== null && !defaultAreaId) {
      return mappingPage(c, {
        target,
        parsed,
        payload,
        fileName,
        mapping,
        values,
        errors: { defaultAreaId: t('network:errors.areaInScope') },
      });
    }
    try {
      const report = await runImport(c.get('services').db, c.get('tenant')!.id, parsed, {
        target,
        mapping,
        crs: values.crs || null,
        defaultAreaId,
        skipRejected: values.skipRejected === 'on',
        dryRun: str('mode') !== 'run',
        fileName,
        userId: c.get('user')!.id,
        labelToCode: labelResolver(c),
      });
      if (report.dryRun)
        return mappingPage(c, { target, parsed, payload, fileName, mapping, values, report });
      return startPage(c, { report, status: report.imported ? 200 : 422 });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return mappingPage(c, {
        target,
        parsed,
        payload,
        fileName,
        mapping,
        values,
        errors: translateErrors(t, err.fields),
      });
    }
  });
}

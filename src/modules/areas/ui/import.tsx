import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDateTime } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  DataTable,
  ErrorSummary,
  FileField,
  fieldId,
  LinkButton,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { AREA_KINDS, type AreaKind } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import { type AreaImport, getImport, listImports } from '../queries.ts';
import {
  type BoundaryImportReport,
  isWholeFileRejection,
  type runBoundaryImport,
} from '../use-cases/import-boundaries.ts';
import { importAreaBoundaries } from '../use-cases/staff.ts';
import { RejectionTable, ReportCounts } from './import-report.tsx';
import { AreaMap } from './map.tsx';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const SOURCE_CRS_OPTIONS = ['EPSG:4326', 'EPSG:25833', 'EPSG:25832', 'EPSG:3857'] as const;
/** Uploads waiting for confirmation are removed after a day. */
const STALE_UPLOAD_MS = 24 * 3600 * 1000;
/** Above this many features the preview lists numbers only; a map would be unreadable anyway. */
const MAP_PREVIEW_MAX = 3000;

interface ImportValues {
  kind: string;
  keyProperty: string;
  nameProperty: string;
  parentKind: string;
  parentKeyProperty: string;
  sourceCrs: string;
  /** Id of a file already uploaded (kept under storageDir/imports). */
  upload: string;
  fileName: string;
}

const EMPTY: ImportValues = {
  kind: '',
  keyProperty: '',
  nameProperty: '',
  parentKind: '',
  parentKeyProperty: '',
  sourceCrs: '',
  upload: '',
  fileName: '',
};

const uploadDir = (c: Context<AppEnv>) => join(c.get('services').config.storageDir, 'imports');
/** Only ever a UUID, so the path cannot leave the imports folder. */
const uploadPath = (c: Context<AppEnv>, id: string) => {
  if (!isUuid(id)) throw new AppError(400, 'invalid_upload');
  return join(uploadDir(c), `${id.toLowerCase()}.json`);
};

async function removeStaleUploads(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const s = await stat(path).catch(() => null);
    if (s && now - s.mtimeMs > STALE_UPLOAD_MS) await rm(path, { force: true });
  }
}

function readValues(body: Record<string, unknown>): ImportValues {
  const v = (k: keyof ImportValues) => str(body[k]).trim().slice(0, 200);
  return {
    kind: v('kind'),
    keyProperty: v('keyProperty'),
    nameProperty: v('nameProperty'),
    parentKind: v('parentKind'),
    parentKeyProperty: v('parentKeyProperty'),
    sourceCrs: v('sourceCrs'),
    upload: v('upload'),
    fileName: v('fileName'),
  };
}

/** Field errors (already translated) for the options; the file is checked separately. */
function validateOptions(c: Context<AppEnv>, v: ImportValues): Record<string, string> {
  const t = c.get('t');
  const e: Record<string, string> = {};
  const isKind = (k: string) => (AREA_KINDS as readonly string[]).includes(k);
  if (!v.kind) e.kind = t('validation.required');
  else if (!isKind(v.kind)) e.kind = t('validation.choice');
  if (!v.keyProperty) e.keyProperty = t('validation.required');
  else if (v.keyProperty.length > 100) e.keyProperty = t('validation.tooLong', { max: 100 });
  if (!v.nameProperty) e.nameProperty = t('validation.required');
  else if (v.nameProperty.length > 100) e.nameProperty = t('validation.tooLong', { max: 100 });
  if (v.parentKind && (!isKind(v.parentKind) || v.parentKind === v.kind))
    e.parentKind = t('areas:import.parentKindInvalid');
  if (v.parentKeyProperty && !v.parentKind) e.parentKind = t('areas:import.parentKindNeeded');
  if (v.parentKeyProperty.length > 100) e.parentKeyProperty = t('validation.tooLong', { max: 100 });
  if (v.sourceCrs && !(SOURCE_CRS_OPTIONS as readonly string[]).includes(v.sourceCrs))
    e.sourceCrs = t('validation.choice');
  return e;
}

function OptionFields({
  c,
  values,
  errors,
}: {
  c: Context<AppEnv>;
  values: ImportValues;
  errors: Record<string, string>;
}) {
  const t = c.get('t');
  const kindOptions = AREA_KINDS.map((k) => ({ value: k, label: t(`areas:kinds.${k}`) }));
  return (
    <>
      <SelectField
        name="kind"
        label={t('areas:import.kind')}
        required
        placeholder={t('areas:import.choose')}
        options={kindOptions}
        value={values.kind}
        error={errors.kind}
      />
      <TextField
        name="keyProperty"
        label={t('areas:import.keyProperty')}
        hint={t('areas:import.keyPropertyHint')}
        required
        width={20}
        value={values.keyProperty}
        error={errors.keyProperty}
      />
      <TextField
        name="nameProperty"
        label={t('areas:import.nameProperty')}
        hint={t('areas:import.namePropertyHint')}
        required
        width={20}
        value={values.nameProperty}
        error={errors.nameProperty}
      />
      <SelectField
        name="parentKind"
        label={t('areas:import.parentKind')}
        hint={t('areas:import.parentKindHint')}
        optionalText={t('areas:optional')}
        placeholder={t('areas:import.noParent')}
        options={kindOptions}
        value={values.parentKind}
        error={errors.parentKind}
      />
      <TextField
        name="parentKeyProperty"
        label={t('areas:import.parentKeyProperty')}
        hint={t('areas:import.parentKeyPropertyHint')}
        optionalText={t('areas:optional')}
        width={20}
        value={values.parentKeyProperty}
        error={errors.parentKeyProperty}
      />
      <SelectField
        name="sourceCrs"
        label={t('areas:import.sourceCrs')}
        hint={t('areas:import.sourceCrsHint')}
        options={[
          { value: '', label: t('areas:import.crsAuto') },
          ...SOURCE_CRS_OPTIONS.map((crs) => ({
            value: crs,
            label: t(`areas:import.crs.${crs.replace(':', '_')}`),
          })),
        ]}
        value={values.sourceCrs}
        error={errors.sourceCrs}
      />
    </>
  );
}

function errorList(errors: Record<string, string>) {
  return Object.entries(errors).map(([name, message]) => ({ fieldId: fieldId(name), message }));
}

const formatDate = (c: Context<AppEnv>, d: Date) => formatDateTime(d, c.get('lang') === 'en' ? 'en' : 'de');

async function importPage(
  c: Context<AppEnv>,
  values: ImportValues,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const base = `/staff/${tenant.slug}/areas`;
  const past = await listImports(c.get('services').db, tenant.id, 20);
  return staffPage(c, {
    title: t('areas:import.title'),
    status,
    children: (
      <>
        <h1>{t('areas:import.title')}</h1>
        <p>{t('areas:import.intro')}</p>
        <ErrorSummary title={t('errorSummaryTitle')} errors={errorList(errors)} />
        <form
          method="post"
          action={`${base}/import`}
          encType="multipart/form-data"
          className="q-form"
          noValidate
        >
          <CsrfField token={csrfTokenFor(c)} />
          {values.upload ? (
            <>
              <input type="hidden" name="upload" value={values.upload} />
              <input type="hidden" name="fileName" value={values.fileName} />
            </>
          ) : null}
          <FileField
            name="file"
            label={t('areas:import.file')}
            hint={t('areas:import.fileHint', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })}
            required={!values.upload}
            optionalText={values.upload ? t('areas:import.keepFile') : undefined}
            current={values.upload ? t('areas:import.currentFile', { name: values.fileName }) : undefined}
            accept=".geojson,.json,application/geo+json,application/json"
            error={errors.file}
          />
          <OptionFields c={c} values={values} errors={errors} />
          <div className="q-form__actions">
            <Button type="submit">{t('areas:import.check')}</Button>
          </div>
        </form>
        <section aria-labelledby="past-imports">
          <h2 id="past-imports">{t('areas:import.past')}</h2>
          <DataTable
            caption={t('areas:import.pastCaption')}
            hideCaption
            rows={past}
            rowKey={(r) => r.id}
            emptyMessage={t('areas:import.pastEmpty')}
            columns={[
              {
                key: 'date',
                header: t('areas:import.date'),
                rowHeader: true,
                cell: (r: AreaImport) => <a href={`${base}/import/${r.id}`}>{formatDate(c, r.createdAt)}</a>,
              },
              {
                key: 'kind',
                header: t('areas:page.kind'),
                cell: (r: AreaImport) => t(`areas:kinds.${r.kind}`),
              },
              { key: 'file', header: t('areas:import.file'), cell: (r: AreaImport) => r.fileName },
              {
                key: 'created',
                header: t('areas:import.created'),
                numeric: true,
                cell: (r: AreaImport) => r.created,
              },
              {
                key: 'updated',
                header: t('areas:import.updated'),
                numeric: true,
                cell: (r: AreaImport) => r.updated,
              },
              {
                key: 'unchanged',
                header: t('areas:import.unchanged'),
                numeric: true,
                cell: (r: AreaImport) => r.unchanged,
              },
              {
                key: 'rejected',
                header: t('areas:import.rejected'),
                numeric: true,
                cell: (r: AreaImport) => r.rejected,
              },
            ]}
          />
        </section>
      </>
    ),
  });
}

function HiddenOptions({ values }: { values: ImportValues }) {
  return (
    <>
      {(Object.keys(values) as (keyof ImportValues)[]).map((k) => (
        <input key={k} type="hidden" name={k} value={values[k]} />
      ))}
    </>
  );
}

function optionsOf(v: ImportValues) {
  return {
    kind: v.kind as AreaKind,
    fileName: v.fileName || 'upload.geojson',
    keyProperty: v.keyProperty,
    nameProperty: v.nameProperty,
    parentKind: (v.parentKind || undefined) as AreaKind | undefined,
    parentKeyProperty: v.parentKeyProperty || undefined,
    sourceCrs: v.sourceCrs || undefined,
  };
}

export function mountStaffImportPages(staff: Hono<AppEnv>) {
  staff.get('/areas/import', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.manage);
    return importPage(c, EMPTY, {});
  });

  // Upload (or re-check an upload with other options) → dry run → preview.
  staff.post('/areas/import', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.manage);
    const t = c.get('t');
    const body = await formData(c);
    const values = readValues(body);
    const errors = validateOptions(c, values);
    const file = body.file;
    let content: string | undefined;
    if (file instanceof File && file.size > 0) {
      if (file.size > MAX_UPLOAD_BYTES)
        errors.file = t('areas:import.tooLarge', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 });
      else if (!/\.(geo)?json$/i.test(file.name)) errors.file = t('areas:import.wrongType');
      else {
        // Kept on disk until confirmed, so neither a preview nor a typo in the options needs a new upload.
        content = await file.text();
        const dir = uploadDir(c);
        await mkdir(dir, { recursive: true });
        await removeStaleUploads(dir);
        if (isUuid(values.upload)) await rm(uploadPath(c, values.upload), { force: true });
        values.upload = randomUUID();
        values.fileName = file.name.slice(0, 200);
        await writeFile(uploadPath(c, values.upload), content);
      }
    } else if (isUuid(values.upload)) {
      content = await readFile(uploadPath(c, values.upload), 'utf8').catch(() => undefined);
      if (content === undefined) errors.file = t('areas:import.uploadExpired');
    } else {
      errors.file = t('areas:import.fileRequired');
    }
    if (content === undefined) values.upload = '';
    if (Object.keys(errors).length || content === undefined) return importPage(c, values, errors, 422);
    const { report, features } = await importAreaBoundaries(actorOf(c), c.get('services').db, {
      ...optionsOf(values),
      content,
      dryRun: true,
    });
    return previewPage(c, values, report, features);
  });

  staff.post('/areas/import/confirm', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.manage);
    const tenant = c.get('tenant')!;
    const values = readValues(await formData(c));
    const errors = validateOptions(c, values);
    if (!isUuid(values.upload)) throw new AppError(400, 'invalid_upload');
    if (Object.keys(errors).length) return importPage(c, values, errors, 422);
    const path = uploadPath(c, values.upload);
    const content = await readFile(path, 'utf8').catch(() => undefined);
    if (content === undefined) {
      return importPage(
        c,
        { ...values, upload: '' },
        { file: c.get('t')('areas:import.uploadExpired') },
        422,
      );
    }
    const { report } = await importAreaBoundaries(actorOf(c), c.get('services').db, {
      ...optionsOf(values),
      content,
      dryRun: false,
    });
    await rm(path, { force: true });
    return c.redirect(`/staff/${tenant.slug}/areas/import/${report.importId}`, 303);
  });

  staff.get('/areas/import/:importId{[0-9a-fA-F-]{36}}', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.manage);
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const row = await getImport(c.get('services').db, tenant.id, c.req.param('importId'));
    if (!row) throw new AppError(404, 'import_not_found');
    const report = row.report as BoundaryImportReport;
    const base = `/staff/${tenant.slug}/areas`;
    return staffPage(c, {
      title: t('areas:import.resultTitle'),
      children: (
        <>
          <h1>{t('areas:import.resultTitle')}</h1>
          {isWholeFileRejection(report) ? (
            <Alert variant="error" title={t('areas:import.fileRejected')}>
              <p>{t('areas:import.fileRejectedText')}</p>
            </Alert>
          ) : (
            <Alert variant="success" title={t('areas:import.done')}>
              <p>{t('areas:import.doneText', { date: formatDate(c, row.createdAt) })}</p>
              {report.created > 0 ? <p>{t('areas:import.unpublishedNew')}</p> : null}
            </Alert>
          )}
          <ReportCounts t={t} report={report} />
          <RejectionTable t={t} rejections={report.rejected} />
          <p className="q-actions">
            <LinkButton href={`${base}?kind=${report.kind}`} variant="secondary">
              {t('areas:import.showAreas')}
            </LinkButton>
            {report.created > 0 ? (
              <LinkButton href={`${base}?kind=${report.kind}&published=no`} variant="secondary">
                {t('areas:import.showUnpublished')}
              </LinkButton>
            ) : null}
            <LinkButton href={`${base}/import`} variant="tertiary">
              {t('areas:import.another')}
            </LinkButton>
          </p>
        </>
      ),
    });
  });
}

function previewPage(
  c: Context<AppEnv>,
  values: ImportValues,
  report: BoundaryImportReport,
  features: Awaited<ReturnType<typeof runBoundaryImport>>['features'],
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const base = `/staff/${tenant.slug}/areas`;
  const wholeFile = isWholeFileRejection(report);
  const canConfirm = !wholeFile && report.accepted > 0;
  return staffPage(c, {
    title: t('areas:import.previewTitle'),
    children: (
      <>
        <h1>{t('areas:import.previewTitle')}</h1>
        {wholeFile ? (
          <Alert variant="error" title={t('areas:import.fileRejected')}>
            <p>{t('areas:import.fileRejectedText')}</p>
          </Alert>
        ) : report.rejected.length > 0 ? (
          <Alert variant="warning" title={t('areas:import.someRejected', { count: report.rejected.length })}>
            <p>{t('areas:import.someRejectedText')}</p>
          </Alert>
        ) : (
          <Alert variant="info" title={t('areas:import.allFine')}>
            <p>{t('areas:import.dryRunText')}</p>
          </Alert>
        )}
        <ReportCounts t={t} report={report} />
        <RejectionTable t={t} rejections={report.rejected} />
        {features.length > 0 && features.length <= MAP_PREVIEW_MAX ? (
          <AreaMap
            title={t('areas:import.mapTitle', { count: features.length })}
            features={features.map((f) => ({ key: f.key, name: f.name, geometry: f.geometry }))}
          />
        ) : null}
        {canConfirm ? (
          <form method="post" action={`${base}/import/confirm`} className="q-form">
            <CsrfField token={csrfTokenFor(c)} />
            <HiddenOptions values={values} />
            <p>{t('areas:import.confirmText', { count: report.created + report.updated })}</p>
            <div className="q-form__actions">
              <Button type="submit">{t('areas:import.confirm')}</Button>
            </div>
          </form>
        ) : null}
        <section aria-labelledby="change-options">
          <h2 id="change-options">{t('areas:import.changeOptions')}</h2>
          <p>{t('areas:import.changeOptionsText')}</p>
          <form
            method="post"
            action={`${base}/import`}
            encType="multipart/form-data"
            className="q-form"
            noValidate
          >
            <CsrfField token={csrfTokenFor(c)} />
            <input type="hidden" name="upload" value={values.upload} />
            <input type="hidden" name="fileName" value={values.fileName} />
            <FileField
              name="file"
              label={t('areas:import.otherFile')}
              optionalText={t('areas:optional')}
              accept=".geojson,.json,application/geo+json,application/json"
              current={t('areas:import.currentFile', { name: values.fileName })}
            />
            <OptionFields c={c} values={values} errors={{}} />
            <div className="q-form__actions">
              <Button type="submit" variant="secondary">
                {t('areas:import.recheck')}
              </Button>
            </div>
          </form>
        </section>
      </>
    ),
  });
}

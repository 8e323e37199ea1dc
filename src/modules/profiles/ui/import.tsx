// The import of an indicator table by staff who manage indicators: upload → preview with the detected
// format and a mapping step (which column holds the area, the year, and which indicator each column
// is, or skip it) → import → the report of what was stored and every row left out and why. The file
// is kept on disk between the steps (at most a day) under the tenant's folder. Works without JavaScript.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { actorOf } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  Button,
  DataTable,
  FileField,
  FormFrame,
  KeyValueList,
  LinkButton,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { guessColumns, type Mapping, type RawTable, readTable } from '../domain/parse.ts';
import type { ImportReport } from '../domain/vocab.ts';
import { authorizeManage } from '../policies.ts';
import type { Indicator } from '../queries.ts';
import { importIndicatorFile } from '../use-cases/import.ts';
import { importReportFor, indicatorsFor } from '../use-cases/indicators.ts';

type C = Context<AppEnv>;
const MAX_BYTES = 10 * 1024 * 1024;
const STALE_MS = 24 * 3600 * 1000;
const SKIP = '';

const base = (c: C) => `/staff/${c.get('tenant')!.slug}/profiles`;
const dirOf = (c: C) => join(c.get('services').config.storageDir, 'profiles-imports', c.get('tenant')!.id);
/** Only ever a UUID, so the path cannot leave the tenant's folder. */
const pathOf = (c: C, id: string) => join(dirOf(c), `${id.toLowerCase()}.csv`);

async function removeStale(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (s && now - s.mtimeMs > STALE_MS) await rm(join(dir, name), { force: true });
  }
}

function uploadPage(c: C, error?: string) {
  const t = c.get('t');
  return staffPage(c, {
    title: String(t('profiles:import.title')),
    status: error ? 422 : 200,
    children: (
      <>
        <p>
          <a href={`${base(c)}/indicators`}>{t('profiles:back')}</a>
        </p>
        <h1>{t('profiles:import.title')}</h1>
        <p>{t('profiles:import.intro')}</p>
        <FormFrame
          action={`${base(c)}/import`}
          csrf={csrfTokenFor(c)}
          multipart
          errors={error ? { file: error } : {}}
          errorTitle={String(t('profiles:errorTitle'))}
        >
          <FileField
            name="file"
            label={t('profiles:import.file')}
            hint={t('profiles:import.fileHint')}
            accept=".csv,.txt,text/csv"
            error={error}
            required
          />
          <div className="q-form__actions">
            <Button type="submit">{t('profiles:import.check')}</Button>
          </div>
        </FormFrame>
      </>
    ),
  });
}

/** What the mapping form posted (strings as typed, for showing the form again). */
type MappingValues = Record<string, string>;

function defaults(table: RawTable, indicators: Indicator[]): MappingValues {
  const g = guessColumns(table);
  const known = new Set(indicators.map((i) => i.key));
  const v: MappingValues = {
    keyColumn: String(g.keyColumn),
    indicatorColumn: String(Math.max(0, g.indicatorColumn)),
    periodColumn: String(g.periodColumn),
    valueColumn: String(Math.max(0, g.valueColumn)),
    period: '',
  };
  for (const col of g.columns)
    v[`col${col.index}`] = col.suggestedKey
      ? known.has(col.suggestedKey)
        ? col.suggestedKey
        : `new:${col.suggestedKey}`
      : SKIP;
  return v;
}

function mappingOf(
  table: RawTable,
  v: MappingValues,
): { mapping?: Mapping; names: Record<string, string>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const col = (name: string, min = 0) => {
    const n = Number(v[name]);
    return Number.isInteger(n) && n >= min && n < table.header.length ? n : undefined;
  };
  const keyColumn = col('keyColumn');
  if (keyColumn === undefined) errors.keyColumn = 'validation.choice';
  const names: Record<string, string> = {};
  if (table.format.layout === 'wide') {
    const columns: { index: number; indicatorKey: string }[] = [];
    table.header.forEach((h, index) => {
      const choice = v[`col${index}`] ?? SKIP;
      if (choice === SKIP || index === keyColumn) return;
      const key = choice.startsWith('new:') ? choice.slice(4) : choice;
      if (!/^[a-z0-9_]{1,60}$/.test(key)) return;
      if (choice.startsWith('new:')) names[key] = h;
      if (!columns.some((c) => c.indicatorKey === key)) columns.push({ index, indicatorKey: key });
    });
    if (columns.length === 0) errors.columns = 'profiles:errors.noColumns';
    if (!v.period?.trim()) errors.period = 'profiles:errors.periodRequired';
    if (Object.keys(errors).length || keyColumn === undefined) return { names, errors };
    return { mapping: { layout: 'wide', keyColumn, period: v.period.trim(), columns }, names, errors };
  }
  const indicatorColumn = col('indicatorColumn');
  const valueColumn = col('valueColumn');
  const periodColumn = v.periodColumn === '-1' ? -1 : col('periodColumn');
  if (indicatorColumn === undefined) errors.indicatorColumn = 'validation.choice';
  if (valueColumn === undefined) errors.valueColumn = 'validation.choice';
  if (periodColumn === undefined) errors.periodColumn = 'validation.choice';
  if (periodColumn === -1 && !v.period?.trim()) errors.period = 'profiles:errors.periodRequired';
  if (
    Object.keys(errors).length ||
    keyColumn === undefined ||
    indicatorColumn === undefined ||
    valueColumn === undefined ||
    periodColumn === undefined
  )
    return { names, errors };
  return {
    mapping: {
      layout: 'long',
      keyColumn,
      indicatorColumn,
      valueColumn,
      periodColumn,
      period: v.period?.trim() || undefined,
    },
    names,
    errors,
  };
}

function FormatList({ t, f }: { t: TFunction; f: ImportReport['format'] }) {
  return (
    <KeyValueList
      items={[
        { key: 'layout', term: t('profiles:import.layout'), value: t(`profiles:import.layouts.${f.layout}`) },
        {
          key: 'separator',
          term: t('profiles:import.separator'),
          value: f.separator === '\t' ? t('profiles:import.tab') : `„${f.separator}“`,
        },
        {
          key: 'decimal',
          term: t('profiles:import.decimal'),
          value: f.decimal === ',' ? t('profiles:import.comma') : t('profiles:import.point'),
        },
        {
          key: 'encoding',
          term: t('profiles:import.encoding'),
          value: `${f.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252'}${f.bom ? ` (${t('profiles:import.bom')})` : ''}`,
        },
      ]}
    />
  );
}

function previewPage(
  c: C,
  upload: string,
  fileName: string,
  table: RawTable,
  indicators: Indicator[],
  v: MappingValues,
  errors: Record<string, string> = {},
) {
  const t = c.get('t');
  const msg = (k?: string) => (k ? String(t(k.includes(':') ? k : `common:${k}`)) : undefined);
  const shown = Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, msg(e) ?? e]));
  const columnOptions = table.header.map((h, i) => ({ value: String(i), label: `${i + 1}: ${h || '–'}` }));
  const indicatorOptions = (h: string, index: number) => {
    const suggested = guessColumns(table).columns[index]?.suggestedKey;
    const fresh =
      suggested ??
      h
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 60);
    return [
      { value: SKIP, label: String(t('profiles:import.skip')) },
      ...(fresh && !indicators.some((i) => i.key === fresh)
        ? [{ value: `new:${fresh}`, label: String(t('profiles:import.newIndicator', { key: fresh })) }]
        : []),
      ...indicators.map((i) => ({ value: i.key, label: `${i.nameDe} (${i.key})` })),
    ];
  };
  const sample = table.rows.slice(0, 5);
  return staffPage(c, {
    title: String(t('profiles:import.previewTitle')),
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <p>
          <a href={`${base(c)}/import`}>{t('profiles:import.another')}</a>
        </p>
        <h1>{t('profiles:import.previewTitle')}</h1>
        <p>{t('profiles:import.previewIntro', { file: fileName, rows: table.rows.length })}</p>
        <h2>{t('profiles:import.detected')}</h2>
        <FormatList t={t} f={table.format} />
        <DataTable
          caption={t('profiles:import.sample')}
          columns={table.header.map((h, i) => ({
            key: String(i),
            header: h || `${i + 1}`,
            cell: (r: (typeof sample)[number]) => r.cells[i] ?? '',
          }))}
          rows={sample}
          rowKey={(r) => r.line}
          emptyMessage={t('profiles:import.noRows')}
        />
        <h2>{t('profiles:import.mapping')}</h2>
        <FormFrame
          action={`${base(c)}/import/run`}
          csrf={csrfTokenFor(c)}
          errors={shown}
          errorTitle={String(t('profiles:errorTitle'))}
        >
          <input type="hidden" name="upload" value={upload} />
          <input type="hidden" name="fileName" value={fileName} />
          <SelectField
            name="keyColumn"
            label={t('profiles:import.keyColumn')}
            hint={t('profiles:import.keyColumnHint')}
            options={columnOptions}
            value={v.keyColumn}
            error={shown.keyColumn}
            required
          />
          {table.format.layout === 'long' ? (
            <>
              <SelectField
                name="indicatorColumn"
                label={t('profiles:import.indicatorColumn')}
                options={columnOptions}
                value={v.indicatorColumn}
                error={shown.indicatorColumn}
                required
              />
              <SelectField
                name="periodColumn"
                label={t('profiles:import.periodColumn')}
                options={[
                  { value: '-1', label: String(t('profiles:import.noPeriodColumn')) },
                  ...columnOptions,
                ]}
                value={v.periodColumn}
                error={shown.periodColumn}
                required
              />
              <SelectField
                name="valueColumn"
                label={t('profiles:import.valueColumn')}
                options={columnOptions}
                value={v.valueColumn}
                error={shown.valueColumn}
                required
              />
            </>
          ) : null}
          <TextField
            name="period"
            label={t('profiles:import.period')}
            hint={t('profiles:import.periodHint')}
            value={v.period}
            error={shown.period}
            width={10}
            required={table.format.layout === 'wide'}
            optionalText={table.format.layout === 'long' ? t('profiles:optional') : undefined}
          />
          {table.format.layout === 'wide' ? (
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('profiles:import.columns')}</legend>
              {shown.columns ? <p className="kern-error">{shown.columns}</p> : null}
              {table.header.map((h, i) => (
                <SelectField
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are identified by position
                  key={i}
                  name={`col${i}`}
                  label={`${i + 1}: ${h || '–'}`}
                  options={indicatorOptions(h, i)}
                  value={v[`col${i}`] ?? SKIP}
                />
              ))}
            </fieldset>
          ) : null}
          <div className="q-form__actions">
            <Button type="submit">{t('profiles:import.run')}</Button>
            <LinkButton href={`${base(c)}/import`} variant="secondary">
              {t('profiles:import.cancel')}
            </LinkButton>
          </div>
        </FormFrame>
      </>
    ),
  });
}

/** The report of an import: counts, how old keys were mapped, and every row left out and why. */
export function ReportView({ t, r }: { t: TFunction; r: ImportReport }) {
  const count = (k: string) => r.oldKeys?.filter((m) => m.kind === k).length ?? 0;
  const left = r.skipped.filter((s) => s.reason !== 'missingValue');
  const missing = r.skipped.length - left.length;
  return (
    <>
      <FormatList t={t} f={r.format} />
      <KeyValueList
        items={[
          { key: 'period', term: t('profiles:import.period'), value: r.period ?? '–' },
          { key: 'rows', term: t('profiles:report.rows'), value: String(r.rows) },
          { key: 'imported', term: t('profiles:report.imported'), value: String(r.imported) },
          { key: 'updated', term: t('profiles:report.updated'), value: String(r.updated) },
          { key: 'derived', term: t('profiles:report.derived'), value: String(r.derived) },
          { key: 'missing', term: t('profiles:report.missing'), value: String(missing) },
          { key: 'indicators', term: t('profiles:report.indicators'), value: r.indicators.join(', ') || '–' },
        ]}
      />
      {r.oldKeys?.length ? (
        <>
          <h2>{t('profiles:report.oldKeys')}</h2>
          <p>
            {t('profiles:report.oldKeysSummary', {
              oneToOne: count('one_to_one'),
              split: count('split'),
              merged: count('merged'),
            })}
          </p>
          <DataTable
            caption={t('profiles:report.oldKeysCaption')}
            hideCaption
            columns={[
              { key: 'old', header: t('profiles:report.oldKey'), cell: (m) => m.oldKey, rowHeader: true },
              {
                key: 'kind',
                header: t('profiles:report.kind'),
                cell: (m) => t(`profiles:report.kinds.${m.kind}`),
              },
              {
                key: 'targets',
                header: t('profiles:report.targets'),
                cell: (m) =>
                  m.targets
                    .map((x) => (m.kind === 'split' ? `${x.key} (${Math.round(x.share * 100)} %)` : x.key))
                    .join(', '),
              },
            ]}
            rows={r.oldKeys.filter((m) => m.kind !== 'one_to_one')}
            rowKey={(m) => m.oldKey}
            emptyMessage={t('profiles:report.noOldKeys')}
          />
        </>
      ) : null}
      <DataTable
        caption={t('profiles:report.skippedCaption', { count: left.length })}
        stack
        columns={[
          {
            key: 'line',
            header: t('profiles:report.line'),
            cell: (s) => String(s.line || '–'),
            numeric: true,
          },
          { key: 'area', header: t('profiles:report.area'), cell: (s) => s.area },
          { key: 'column', header: t('profiles:report.column'), cell: (s) => s.column || '–' },
          {
            key: 'reason',
            header: t('profiles:report.reason'),
            cell: (s) => `${t(`profiles:report.reasons.${s.reason}`)}${s.raw ? ` („${s.raw}“)` : ''}`,
          },
        ]}
        rows={left.slice(0, 500)}
        rowKey={(s, i) => `${s.line}-${i}`}
        emptyMessage={t('profiles:report.nothingSkipped')}
      />
    </>
  );
}

export function mountStaffProfilesImport(staff: Hono<AppEnv>): void {
  const db = (c: C) => c.get('services').db;
  staff.get('/profiles/import', (c) => {
    authorizeManage(actorOf(c));
    return uploadPage(c);
  });

  staff.post('/profiles/import', async (c) => {
    authorizeManage(actorOf(c));
    const t = c.get('t');
    const file = (await formData(c)).file;
    if (!(file instanceof File) || file.size === 0) return uploadPage(c, String(t('profiles:errors.file')));
    if (file.size > MAX_BYTES) return uploadPage(c, String(t('profiles:errors.fileTooLarge')));
    const bytes = new Uint8Array(await file.arrayBuffer());
    const table = readTable(bytes);
    if (table.header.length < 2 || table.rows.length === 0)
      return uploadPage(c, String(t('profiles:errors.emptyFile')));
    const upload = randomUUID();
    await mkdir(dirOf(c), { recursive: true });
    await removeStale(dirOf(c));
    await writeFile(pathOf(c, upload), bytes);
    const indicators = await indicatorsFor(actorOf(c), db(c));
    return previewPage(c, upload, file.name.slice(0, 200), table, indicators, defaults(table, indicators));
  });

  staff.post('/profiles/import/run', async (c) => {
    authorizeManage(actorOf(c));
    const t = c.get('t');
    const body = await formData(c);
    const v: MappingValues = {};
    for (const [k, val] of Object.entries(body)) if (typeof val === 'string') v[k] = val.slice(0, 200);
    const upload = v.upload ?? '';
    const bytes = isUuid(upload) ? await readFile(pathOf(c, upload)).catch(() => undefined) : undefined;
    if (!bytes) return uploadPage(c, String(t('profiles:import.expired')));
    const table = readTable(new Uint8Array(bytes));
    const indicators = await indicatorsFor(actorOf(c), db(c));
    const fileName = (v.fileName ?? 'import.csv').slice(0, 200);
    const m = mappingOf(table, v);
    if (!m.mapping) return previewPage(c, upload, fileName, table, indicators, v, m.errors);
    try {
      const { importId } = await importIndicatorFile(actorOf(c), db(c), {
        fileName,
        bytes: new Uint8Array(bytes),
        mapping: m.mapping,
        names: m.names,
      });
      await rm(pathOf(c, upload), { force: true });
      return c.redirect(`${base(c)}/imports/${importId}`, 303);
    } catch (err) {
      if (err instanceof ValidationError)
        return previewPage(c, upload, fileName, table, indicators, v, err.fields);
      throw err;
    }
  });

  staff.get('/profiles/imports/:importId', async (c) => {
    const t = c.get('t');
    const id = c.req.param('importId');
    if (!isUuid(id)) throw new AppError(404, 'import_not_found');
    const row = await importReportFor(actorOf(c), db(c), id);
    return staffPage(c, {
      title: String(t('profiles:report.title', { file: row.fileName })),
      children: (
        <>
          <p>
            <a href={`${base(c)}/indicators`}>{t('profiles:back')}</a>
          </p>
          <h1>{t('profiles:report.title', { file: row.fileName })}</h1>
          <ReportView t={t} r={row.report} />
        </>
      ),
    });
  });
}

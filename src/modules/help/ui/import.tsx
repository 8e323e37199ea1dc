// The import of a directory file by staff who curate the directory: upload the Berlin directory (a
// CSV) → preview what would happen (new, updated, unchanged, refused and why) → confirm → what was
// done. The uploaded file is kept on disk until confirmed (at most a day), under the tenant's folder.
// parse → use case → render; works without JavaScript.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import {
  Alert,
  Button,
  DataTable,
  FileField,
  FormFrame,
  KeyValueList,
  LinkButton,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { CURATE } from '../policies.ts';
import {
  type BerlinImportReport,
  importBerlinServices,
  previewBerlinServices,
} from '../use-cases/import-berlin.ts';

type C = Context<AppEnv>;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const STALE_MS = 24 * 3600 * 1000;

const base = (c: C) => `/staff/${c.get('tenant')!.slug}/help`;
const dirOf = (c: C) => join(c.get('services').config.storageDir, 'help-imports', c.get('tenant')!.id);
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
    title: String(t('help:import.title')),
    status: error ? 422 : 200,
    children: (
      <>
        <p>
          <a href={base(c)}>{t('help:form.back')}</a>
        </p>
        <h1>{t('help:import.title')}</h1>
        <p>{t('help:import.intro')}</p>
        <FormFrame
          action={`${base(c)}/import`}
          csrf={csrfTokenFor(c)}
          multipart
          errors={error ? { file: error } : {}}
          errorTitle={t('help:form.errorTitle')}
        >
          <FileField
            name="file"
            label={t('help:import.file')}
            hint={t('help:import.fileHint')}
            accept=".csv,text/csv"
            error={error}
            required
          />
          <div className="q-form__actions">
            <Button type="submit">{t('help:import.check')}</Button>
          </div>
        </FormFrame>
      </>
    ),
  });
}

const reasonOf = (t: TFunction, r: BerlinImportReport['rejected'][number]) =>
  `${t(`help:import.reasons.${r.reason}`)}${r.detail ? ` (${r.detail})` : ''}`;

/** The counts, the refused rows with their reasons, and the services by what happens to them. */
function ReportView({ t, r, done }: { t: TFunction; r: BerlinImportReport; done: boolean }) {
  const names = (outcome: string) => r.rows.filter((x) => x.outcome === outcome);
  return (
    <>
      <KeyValueList
        items={[
          {
            key: 'new',
            term: t(done ? 'help:import.created' : 'help:import.willCreate'),
            value: String(r.created),
          },
          {
            key: 'updated',
            term: t(done ? 'help:import.updated' : 'help:import.willUpdate'),
            value: String(r.updated),
          },
          { key: 'unchanged', term: t('help:import.unchanged'), value: String(r.unchanged) },
          { key: 'refused', term: t('help:import.refused'), value: String(r.rejected.length) },
          { key: 'merged', term: t('help:import.merged'), value: String(r.merged.length) },
          { key: 'apart', term: t('help:import.keptApart'), value: String(r.keptApart.length) },
          { key: 'blank', term: t('help:import.blankRows'), value: String(r.blankRows) },
          {
            key: 'encoding',
            term: t('help:import.encoding'),
            value: r.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252',
          },
        ]}
      />
      {r.rejected.length ? (
        <DataTable
          caption={t('help:import.refusedCaption', { count: r.rejected.length })}
          stack
          rows={r.rejected}
          rowKey={(x, i) => `${x.line}-${i}`}
          emptyMessage=""
          columns={[
            {
              key: 'line',
              header: String(t('help:import.line')),
              numeric: true,
              cell: (x) => String(x.line),
            },
            { key: 'id', header: 'ID', cell: (x) => x.id },
            {
              key: 'reason',
              header: String(t('help:import.reason')),
              className: 'q-cell-wrap',
              cell: (x) => reasonOf(t, x),
            },
          ]}
        />
      ) : null}
      {(['new', 'updated'] as const).map((o) =>
        names(o).length ? (
          <details key={o}>
            <summary>{t(`help:import.list.${o}`, { count: names(o).length })}</summary>
            <ul>
              {names(o).map((x) => (
                <li key={x.key} dir="auto">
                  {x.name}{' '}
                  <span className="q-meta">
                    ({t('help:import.line')} {x.line})
                  </span>
                </li>
              ))}
            </ul>
          </details>
        ) : null,
      )}
    </>
  );
}

function fileProblem(t: TFunction, r: BerlinImportReport): string | undefined {
  const p = r.fileProblem;
  if (!p) return undefined;
  return p.code === 'missing_columns'
    ? String(t('help:import.missingColumns', { columns: p.columns.join(', ') }))
    : String(t('help:import.unreadable'));
}

export function mountStaffHelpImport(staff: Hono<AppEnv>): void {
  staff.get('/help/import', (c) => {
    authorizeTenantWide(actorOf(c), CURATE);
    return uploadPage(c);
  });

  // Upload → a dry run → the preview with the confirm button.
  staff.post('/help/import', async (c) => {
    authorizeTenantWide(actorOf(c), CURATE);
    const t = c.get('t');
    const file = (await formData(c)).file;
    if (!(file instanceof File) || file.size === 0)
      return uploadPage(c, String(t('help:import.fileRequired')));
    if (file.size > MAX_IMPORT_BYTES)
      return uploadPage(c, String(t('help:import.tooLarge', { mb: MAX_IMPORT_BYTES / 1024 / 1024 })));
    const bytes = new Uint8Array(await file.arrayBuffer());
    const report = await previewBerlinServices(actorOf(c), c.get('services').db, bytes);
    const problem = fileProblem(t, report);
    if (problem) return uploadPage(c, problem);
    const upload = randomUUID();
    await mkdir(dirOf(c), { recursive: true });
    await removeStale(dirOf(c));
    await writeFile(pathOf(c, upload), bytes);
    return staffPage(c, {
      title: String(t('help:import.previewTitle')),
      children: (
        <>
          <p>
            <a href={`${base(c)}/import`}>{t('help:import.another')}</a>
          </p>
          <h1>{t('help:import.previewTitle')}</h1>
          <p>{t('help:import.previewIntro', { file: file.name.slice(0, 200) })}</p>
          <ReportView t={t} r={report} done={false} />
          <form method="post" action={`${base(c)}/import/confirm`} className="q-form">
            <CsrfField token={csrfTokenFor(c)} />
            <input type="hidden" name="upload" value={upload} />
            <p>{t('help:import.confirmText', { count: report.created + report.updated })}</p>
            <div className="q-form__actions">
              <Button type="submit">{t('help:import.confirm')}</Button>
              <LinkButton href={`${base(c)}/import`} variant="secondary">
                {t('help:import.cancel')}
              </LinkButton>
            </div>
          </form>
        </>
      ),
    });
  });

  staff.post('/help/import/confirm', async (c) => {
    authorizeTenantWide(actorOf(c), CURATE);
    const t = c.get('t');
    const upload = String((await formData(c)).upload ?? '');
    const bytes = isUuid(upload) ? await readFile(pathOf(c, upload)).catch(() => undefined) : undefined;
    if (!bytes) return uploadPage(c, String(t('help:import.expired')));
    const report = await importBerlinServices(actorOf(c), c.get('services').db, new Uint8Array(bytes));
    await rm(pathOf(c, upload), { force: true });
    return staffPage(c, {
      title: String(t('help:import.doneTitle')),
      children: (
        <>
          <h1>{t('help:import.doneTitle')}</h1>
          <Alert variant="success" role="status" title={t('help:import.done')} />
          <ReportView t={t} r={report} done />
          <p className="q-actions">
            <LinkButton href={`${base(c)}?due=1`}>{t('help:import.toCheck')}</LinkButton>
            <LinkButton href={`${base(c)}/import`} variant="secondary">
              {t('help:import.another')}
            </LinkButton>
          </p>
        </>
      ),
    });
  });
}

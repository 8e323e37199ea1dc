import type { Hono } from 'hono';
import { actorOf } from '../../../../platform/authz.ts';
import { isUuid } from '../../../../platform/db/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import {
  Alert,
  Button,
  CheckboxField,
  ErrorSummary,
  FileField,
  TextArea,
  TextField,
} from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { FormReader } from '../../forms.ts';
import { PERMS } from '../../policies.ts';
import {
  RESULT_FILE_FORM,
  RESULTS_FORM,
  RESULTS_LIMITS,
  resultFileFields,
  resultsFields,
} from '../../schemas.ts';
import type { Event } from '../../use-cases/events.ts';
import { addEventResultFile, removeEventResultFile, saveEventResults } from '../../use-cases/manage.ts';
import { checkResultFile, listResultFiles } from '../../use-cases/results.ts';
import { type C, summaryOf } from '../common.tsx';
import { plainForEdit } from '../submit.tsx';

import { Header, loadEvent } from './shared.tsx';

/** Results of forums and meetings (CAL-8): text and files. */
export function mountResultPages(staff: Hono<AppEnv>) {
  const resultsPage = async (
    c: C,
    e: Event,
    values: Record<string, string>,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const files = await listResultFiles(c.get('services').db, tenant.id, e.id);
    const base = `/staff/${tenant.slug}/events/${e.id}/results`;
    const csrf = csrfTokenFor(c);
    const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
    return staffPage(c, {
      title: t('events:results.title'),
      status,
      children: (
        <>
          <Header c={c} e={e} title={t('events:results.title')} />
          {c.req.query('saved') ? (
            <Alert variant="success" title={t('events:staff.saved')} role="status" />
          ) : null}
          <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
          <form method="post" action={base} className="q-form" noValidate>
            <CsrfField token={csrf} />
            <TextArea
              name="results"
              label={t('events:results.text')}
              hint={t('events:form.descriptionHint')}
              value={values.results}
              error={err('results')}
              rows={10}
            />
            <CheckboxField
              name="publish"
              label={t('events:results.publish')}
              checked={values.publish === 'on'}
            />
            <div className="q-form__actions">
              <Button type="submit">{t('save')}</Button>
            </div>
          </form>
          <h2>{t('events:results.files')}</h2>
          <ul className="q-links">
            {files.map((f) => (
              <li key={f.id}>
                {f.title} ({f.filename}){' '}
                <form method="post" action={`${base}/files/${f.id}/delete`} className="q-inline">
                  <CsrfField token={csrf} />
                  <Button type="submit" variant="tertiary" small>
                    {t('events:results.removeFile')}
                  </Button>
                </form>
              </li>
            ))}
          </ul>
          <form
            method="post"
            action={`${base}/files`}
            encType="multipart/form-data"
            className="q-form"
            noValidate
          >
            <CsrfField token={csrf} />
            <TextField
              name="title"
              label={t('events:results.fileTitle')}
              value={values.title}
              error={err('title')}
              required
              maxLength={RESULTS_LIMITS.fileTitle}
            />
            <FileField
              name="file"
              label={t('events:results.file')}
              hint={t('events:results.fileHint')}
              accept="application/pdf,image/jpeg,image/png,image/webp"
              error={err('file')}
              required
            />
            <div className="q-form__actions">
              <Button type="submit" variant="secondary">
                {t('events:results.upload')}
              </Button>
            </div>
          </form>
        </>
      ),
    });
  };

  staff.get('/events/:id{[0-9a-f-]{36}}/results', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    return resultsPage(
      c,
      e,
      { results: plainForEdit(e.resultsHtml), publish: e.resultsPublishedAt ? 'on' : '' },
      {},
    );
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/results', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const tenant = c.get('tenant')!;
    const f = new FormReader(await formData(c));
    const d = f.schema(resultsFields, RESULTS_FORM);
    const text = d.results ?? '';
    const publish = d.publish ?? false;
    if (publish && !text) f.fail('results', 'validation.required');
    if (!f.ok)
      return resultsPage(
        c,
        e,
        { results: String(f.values.results), publish: publish ? 'on' : '' },
        f.errors,
        422,
      );
    await saveEventResults(actorOf(c), c.get('services').db, e.id, text, publish);
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}/results?saved=1`);
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/results/files', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const f = new FormReader(await formData(c));
    const title = f.schema(resultFileFields, RESULT_FILE_FORM).title ?? '';
    const file = f.file('file');
    let checked: Awaited<ReturnType<typeof checkResultFile>> | null = null;
    if (!file) f.fail('file', 'validation.required');
    else {
      checked = await checkResultFile(file);
      if (!checked.ok)
        f.fail(
          'file',
          checked.reason === 'too_large' ? 'events:errors.fileTooLarge' : 'events:errors.fileType',
        );
    }
    if (!f.ok || !checked?.ok || !file)
      return resultsPage(
        c,
        e,
        {
          results: plainForEdit(e.resultsHtml),
          publish: e.resultsPublishedAt ? 'on' : '',
          title: String(f.values.title),
        },
        f.errors,
        422,
      );
    await addEventResultFile(actorOf(c), services, e.id, {
      title,
      filename: file.name,
      type: checked.type,
      bytes: checked.bytes,
    });
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}/results?saved=1`);
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/results/files/:fid/delete', async (c) => {
    const id = c.req.param('id');
    const tenant = c.get('tenant')!;
    const fid = c.req.param('fid');
    if (isUuid(fid)) await removeEventResultFile(actorOf(c), c.get('services'), id, fid);
    else await loadEvent(c, PERMS.manage);
    return c.redirect(`/staff/${tenant.slug}/events/${id}/results?saved=1`);
  });
}

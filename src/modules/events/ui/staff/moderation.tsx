import type { Hono } from 'hono';
import { actorOf } from '../../../../platform/authz.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { formatRange } from '../../../../platform/time/index.ts';
import { Button, ErrorSummary, KeyValueList, RadioGroup, TextArea } from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { PERMS } from '../../policies.ts';
import { type Event, listCategories } from '../../use-cases/events.ts';
import { decideEvent, submissionFor } from '../../use-cases/manage.ts';
import { readDecisionForm, reviveRevision } from '../../use-cases/moderation.ts';
import { type C, summaryOf } from '../common.tsx';

import { Header, loadEvent } from './shared.tsx';

/** Moderating one event or its revision. */
export function mountEventModerationPages(staff: Hono<AppEnv>) {
  const moderatePage = async (
    c: C,
    e: Event,
    values: Record<string, string>,
    errors: Record<string, string>,
    status: 200 | 409 | 422 = 200,
  ) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const base = `/staff/${tenant.slug}/events/${e.id}`;
    const shown = e.revision ? reviveRevision(e.revision).input : null;
    const cats = await listCategories(c.get('services').db, tenant.id);
    const catNames = (ids: string[]) =>
      cats
        .filter((x) => ids.includes(x.id))
        .map((x) => x.name)
        .join(', ');
    const detail = (
      x: Pick<
        Event,
        | 'title'
        | 'descriptionHtml'
        | 'startsAt'
        | 'endsAt'
        | 'allDay'
        | 'locationName'
        | 'locationAddress'
        | 'onlineUrl'
        | 'organiserName'
        | 'contactEmail'
        | 'categoryIds'
        | 'costNote'
      >,
    ) => (
      <KeyValueList
        items={[
          { key: 't', term: t('events:fields.title'), value: x.title },
          {
            key: 'w',
            term: t('events:fields.when'),
            value: formatRange(x.startsAt, x.endsAt, lang, x.allDay),
          },
          {
            key: 'p',
            term: t('events:fields.where'),
            value: [x.locationName, x.locationAddress, x.onlineUrl].filter(Boolean).join(', '),
          },
          { key: 'o', term: t('events:fields.organiser'), value: x.organiserName },
          { key: 'e', term: t('events:fields.contactEmail'), value: x.contactEmail },
          { key: 'c', term: t('events:fields.categories'), value: catNames(x.categoryIds) },
          { key: 'k', term: t('events:fields.costNote'), value: x.costNote },
          {
            key: 'd',
            term: t('events:fields.description'),
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on save
            value: <div className="q-prose" dangerouslySetInnerHTML={{ __html: x.descriptionHtml }} />,
          },
        ]}
      />
    );
    return staffPage(c, {
      title: t('events:moderate.title', { title: e.title }),
      status,
      children: (
        <>
          <Header c={c} e={e} title={t('events:moderate.title', { title: e.title })} />
          <p>
            {t('events:moderate.submittedBy', {
              name: e.submitterName || '–',
              email: e.submitterEmail || '–',
            })}
          </p>
          {shown ? (
            <>
              <h2>{t('events:moderate.revision')}</h2>
              {detail({ ...shown, categoryIds: shown.categoryIds })}
              <h2>{t('events:moderate.currentVersion')}</h2>
              {detail(e)}
            </>
          ) : (
            detail(e)
          )}
          {e.imageId ? (
            <figure className="q-figure q-figure--small">
              <img src={`${base}/image`} alt={e.imageAlt} />
              <figcaption>
                {t('events:fields.imageAlt')}: {e.imageAlt}
              </figcaption>
            </figure>
          ) : null}
          <p>
            <a href={base}>{t('events:moderate.editFirst')}</a>
          </p>
          <h2>{t('events:moderate.decision')}</h2>
          <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
          <form method="post" action={`${base}/moderate`} className="q-form" noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <RadioGroup
              name="decision"
              label={t('events:moderate.decision')}
              value={values.decision}
              required
              error={errors.decision ? t(errors.decision) : undefined}
              options={(['accept', 'changes', 'reject'] as const).map((d) => ({
                value: d,
                label: t(`events:moderate.decisions.${d}`),
                hint: t(`events:moderate.hints.${d}`),
              }))}
            />
            <TextArea
              name="note"
              label={t('events:moderate.note')}
              hint={t('events:moderate.noteHint')}
              value={values.note}
              error={errors.note ? t(errors.note) : undefined}
              rows={4}
            />
            <div className="q-form__actions">
              <Button type="submit">{t('events:moderate.send')}</Button>
            </div>
          </form>
        </>
      ),
    });
  };

  staff.get('/events/:id{[0-9a-f-]{36}}/moderate', async (c) => {
    // Shows the submitter's name and address: the use case audits the look.
    const e = await submissionFor(actorOf(c), c.get('services').db, c.req.param('id') ?? '');
    return moderatePage(c, e, {}, {});
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/moderate', async (c) => {
    const e = await loadEvent(c, PERMS.moderate);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const { decision, note, form: f } = readDecisionForm(await formData(c));
    const values = { decision: decision ?? '', note };
    if (!f.ok)
      return moderatePage(c, await submissionFor(actorOf(c), services.db, e.id), values, f.errors, 422);
    try {
      await decideEvent(actorOf(c), services, tenant, e.id, { decision: decision!, note });
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_in_queue')
        return moderatePage(
          c,
          await submissionFor(actorOf(c), services.db, e.id),
          values,
          { decision: 'events:errors.notInQueue' },
          409,
        );
      throw err;
    }
    // The queue confirms the decision and offers to undo it for a few minutes.
    return c.redirect(`/staff/${tenant.slug}/events/queue?decided=1&skipped=0&undo=${e.id}`, 303);
  });
}

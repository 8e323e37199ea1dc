import type { Hono } from 'hono';
import { actorOf, can } from '../../../../platform/authz.ts';
import { serveStoredFile } from '../../../../platform/files/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../../platform/http/errors.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { Alert, Button, CheckboxField, KeyValueList, TextField } from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { listVenues, POSTER_LANGS, posterDateLine, renderPoster } from '../../../network/index.ts';
import { FormReader } from '../../forms.ts';
import { PERMS } from '../../policies.ts';
import { type Event, formValuesOf, listCategories, readEventForm } from '../../use-cases/events.ts';
import {
  cancelStaffEvent,
  deleteStaffEvent,
  eventDetailFor,
  mayPlaceEvent,
  publishStaffEvent,
  saveStaffEvent,
} from '../../use-cases/manage.ts';
import { type C, eventHref } from '../common.tsx';
import { EventForm, type FormValues } from '../event-form.tsx';
import { plainForEdit } from '../submit.tsx';

import { formOptions, Header, loadEvent } from './shared.tsx';

/** One event: the edit form, poster, image, publishing, cancelling and deleting. */
export function mountEventEditPages(staff: Hono<AppEnv>) {
  const editPage = async (
    c: C,
    e: Event,
    values: FormValues,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const base = `/staff/${tenant.slug}/events/${e.id}`;
    const csrf = csrfTokenFor(c);
    const manage = can(actorOf(c), PERMS.manage, e.areaIds);
    return staffPage(c, {
      title: e.title,
      status,
      children: (
        <>
          <Header c={c} e={e} title={e.title} />
          {c.req.query('saved') ? (
            <Alert variant="success" title={t('events:staff.saved')} role="status" />
          ) : null}
          {e.revision ? (
            <Alert variant="warning" title={t('events:staff.revisionWaiting')}>
              <a href={`${base}/moderate`}>{t('events:staff.tabs.moderate')}</a>
            </Alert>
          ) : null}
          {manage ? (
            <>
              {e.status !== 'published' ? (
                <form method="post" action={`${base}/publish`} className="q-actions">
                  <CsrfField token={csrf} />
                  <Button type="submit">{t('events:staff.publish')}</Button>
                </form>
              ) : null}
              <EventForm
                t={t}
                lang={c.get('lang')}
                mode="staff"
                action={base}
                csrf={csrf}
                values={values}
                errors={errors}
                customRule={!!e.rrule && formValuesOf(e).repeat === 'custom'}
                currentImage={e.imageId && e.imageType ? { href: `${base}/image`, alt: e.imageAlt } : null}
                submitLabel={t('save')}
                {...(await formOptions(c, e))}
              />
              <h2>{e.cancelledAt ? t('events:staff.uncancelTitle') : t('events:staff.cancelTitle')}</h2>
              <form method="post" action={`${base}/cancel`}>
                <CsrfField token={csrf} />
                {e.cancelledAt ? (
                  <>
                    <input type="hidden" name="undo" value="1" />
                    <Button type="submit" variant="secondary">
                      {t('events:staff.uncancel')}
                    </Button>
                  </>
                ) : (
                  <>
                    <TextField
                      name="reason"
                      label={t('events:staff.cancelReason')}
                      optionalText={t('events:form.optional')}
                    />
                    <CheckboxField name="notify" label={t('events:staff.notifyRegistrants')} checked />
                    <Button type="submit" variant="danger">
                      {t('events:staff.cancelEvent')}
                    </Button>
                  </>
                )}
              </form>
              <h2>{t('events:staff.deleteTitle')}</h2>
              <p>{t('events:staff.deleteHint')}</p>
              <form method="post" action={`${base}/delete`}>
                <CsrfField token={csrf} />
                <Button type="submit" variant="danger">
                  {t('events:staff.delete')}
                </Button>
              </form>
            </>
          ) : (
            <KeyValueList
              items={[
                { term: t('events:fields.title'), value: e.title },
                {
                  term: t('events:fields.where'),
                  value: [e.locationName, e.locationAddress].filter(Boolean).join(', '),
                },
                { term: t('events:fields.organiser'), value: e.organiserName },
              ]}
            />
          )}
        </>
      ),
    });
  };

  staff.get('/events/:id{[0-9a-f-]{36}}', async (c) => {
    // A public submission's contact address is in the form for those who manage it: audited there.
    const e = await eventDetailFor(actorOf(c), c.get('services').db, c.req.param('id') ?? '', 'staff');
    return editPage(c, e, formValuesOf(e, plainForEdit(e.descriptionHtml)), {});
  });

  // Poster (NET-7) for a published event: PDF with a QR code to its public page, German + one language.
  staff.get('/events/:id{[0-9a-f-]{36}}/poster.pdf', async (c) => {
    const e = await loadEvent(c);
    if (e.status !== 'published') throw new AppError(404, 'event_not_published');
    const lang = POSTER_LANGS.find((l) => l === c.req.query('lang')) ?? 'en';
    const { db, i18n, config } = c.get('services');
    const tenant = c.get('tenant')!;
    const venue = e.venueId
      ? (await listVenues(db, tenant.id, { scope: null, limit: 1000 })).find((v) => v.id === e.venueId)
      : undefined;
    const place = venue
      ? [venue.name, venue.street, [venue.postcode, venue.city].filter(Boolean).join(' ')]
          .filter(Boolean)
          .join(', ')
      : (e.onlineUrl ?? null);
    const pdf = await renderPoster(i18n, {
      title: e.title,
      dateLine: posterDateLine(i18n, lang, new Date(e.startsAt), new Date(e.endsAt)),
      place,
      url: `${config.baseUrl}${eventHref(tenant.slug, e.id)}`,
      lang,
      tenantName: tenant.name,
    });
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="plakat-${e.id}-${lang}.pdf"`,
      'Cache-Control': 'private, no-store',
    });
  });

  staff.get('/events/:id{[0-9a-f-]{36}}/image', async (c) => {
    const e = await loadEvent(c);
    if (!e.imageId || !e.imageType) throw new AppError(404, 'not_found');
    const res = await serveStoredFile(c, {
      storageDir: c.get('services').config.storageDir,
      tenantId: e.tenantId,
      id: e.imageId,
      contentType: e.imageType,
    });
    if (!res) throw new AppError(404, 'not_found');
    return res;
  });

  staff.post('/events/:id{[0-9a-f-]{36}}', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const categories = await listCategories(services.db, tenant.id);
    const r = await readEventForm(body, {
      mode: 'staff',
      storageDir: services.config.storageDir,
      db: services.db,
      tenantId: tenant.id,
      categoryIds: categories.map((x) => x.id),
      now: services.now(),
      existing: e,
    });
    const actor = actorOf(c);
    if (r.form.ok && !(await mayPlaceEvent(actor, services.db, r.input.areaId)))
      r.form.fail('areaId', 'events:errors.areaNotAllowed');
    if (!r.form.ok) return editPage(c, e, r.form.values, r.form.errors, 422);
    try {
      await saveStaffEvent(actor, services, tenant, e.id, r.input, {
        image: r.image,
        removeImage: r.removeImage,
      });
    } catch (err) {
      // Capacity below places confirmed on a date, or a registration mode that cannot change now.
      if (err instanceof ValidationError) return editPage(c, e, r.form.values, err.fields, 422);
      throw err;
    }
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}?saved=1`);
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/publish', async (c) => {
    const tenant = c.get('tenant')!;
    const e = await publishStaffEvent(actorOf(c), c.get('services'), tenant, c.req.param('id'));
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}?saved=1`);
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/cancel', async (c) => {
    const actor = actorOf(c);
    const e = await loadEvent(c, PERMS.manage);
    const tenant = c.get('tenant')!;
    const f = new FormReader(await formData(c));
    const undo = f.bool('undo');
    await cancelStaffEvent(actor, c.get('services'), tenant, e.id, {
      cancelled: !undo,
      reason: f.text('reason', { max: 500 }),
      notify: f.bool('notify'),
    });
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}?saved=1`);
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/delete', async (c) => {
    const tenant = c.get('tenant')!;
    await deleteStaffEvent(actorOf(c), c.get('services'), c.req.param('id'));
    return c.redirect(`/staff/${tenant.slug}/events`);
  });
}

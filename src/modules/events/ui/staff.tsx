import type { Hono } from 'hono';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { serveStoredFile } from '../../../platform/files/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatRange, instantToLocal, isDate, todayLocal } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  ErrorSummary,
  FileField,
  KeyValueList,
  LinkButton,
  Pagination,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { descendantIds } from '../../areas/index.ts';
import { listActors, listVenues, POSTER_LANGS, posterDateLine, renderPoster } from '../../network/index.ts';
import { EVENT_STATUSES, type EventStatus, MEETING_KINDS } from '../db/schema.ts';
import { hasOccurrenceOn } from '../domain/recurrence.ts';
import { AGE_GROUPS, GENDERS } from '../domain/vocab.ts';
import { FormReader } from '../forms.ts';
import { PERMS } from '../policies.ts';
import { listAttendance, readAttendanceForm } from '../use-cases/attendance.ts';
import { type Event, formValuesOf, listCategories, readEventForm } from '../use-cases/events.ts';
import {
  addEventResultFile,
  cancelRegistrationByStaff,
  cancelStaffEvent,
  createStaffEvent,
  decideEvent,
  deleteStaffEvent,
  eventAreaChoices,
  eventFor,
  listEventsFor,
  listQueueFor,
  mayPlaceEvent,
  publishStaffEvent,
  queueCountFor,
  registrationsFor,
  removeEventResultFile,
  saveAttendance,
  saveEventResults,
  saveStaffEvent,
} from '../use-cases/manage.ts';
import { readDecisionForm, reviveRevision } from '../use-cases/moderation.ts';
import { isPerDate, placesByDate, registeredDates, registrationTimes } from '../use-cases/registrations.ts';
import { checkResultFile, listResultFiles } from '../use-cases/results.ts';
import { Badge, type C, eventHref, statusLabel, summaryOf } from './common.tsx';
import { EventForm, type FormValues } from './event-form.tsx';
import { plainForEdit } from './submit.tsx';

const PAGE = 50;

/** The event of the route for this permission: 404 when it does not exist for the member, 403 when only readable. */
const loadEvent = (c: C, permission: string = PERMS.read): Promise<Event> =>
  eventFor(actorOf(c), c.get('services').db, c.req.param('id') ?? '', permission);

async function formOptions(c: C) {
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const [categories, areas, venues, actors] = await Promise.all([
    listCategories(db, tenantId),
    eventAreaChoices(actorOf(c), db),
    listVenues(db, tenantId, { scope: null, limit: 1000 }),
    listActors(db, tenantId, { scope: null, kind: 'organisation', limit: 500 }),
  ]);
  return {
    categories,
    areas,
    venues: venues.map((v) => ({ id: v.id, name: v.name })),
    actors: actors.items.map((a) => ({ id: a.id, name: a.name })),
  };
}

function EventNav({ c, e }: { c: C; e: Event }) {
  const t = c.get('t');
  const base = `/staff/${c.get('tenant')!.slug}/events/${e.id}`;
  const path = new URL(c.req.url).pathname;
  const items = [
    { href: base, label: t('events:staff.tabs.edit') },
    ...(e.status === 'pending' || e.revision
      ? [{ href: `${base}/moderate`, label: t('events:staff.tabs.moderate') }]
      : []),
    ...(e.registrationRequired
      ? [{ href: `${base}/registrations`, label: t('events:staff.tabs.registrations') }]
      : []),
    { href: `${base}/attendance`, label: t('events:staff.tabs.attendance') },
    ...(MEETING_KINDS.includes(e.kind)
      ? [{ href: `${base}/results`, label: t('events:staff.tabs.results') }]
      : []),
  ];
  return (
    <nav aria-label={t('events:staff.tabs.label')} className="q-links">
      <ul className="q-badges">
        {items.map((i) => (
          <li key={i.href}>
            <a href={i.href} aria-current={path === i.href ? 'page' : undefined}>
              {i.label}
            </a>
          </li>
        ))}
        {e.status === 'published' ? (
          <li>
            <a href={eventHref(c.get('tenant')!.slug, e.id)}>{t('events:staff.viewPublic')}</a>
          </li>
        ) : null}
        {e.status === 'published'
          ? POSTER_LANGS.map((lang) => (
              <li key={lang}>
                <a href={`${base}/poster.pdf?lang=${lang}`} type="application/pdf">
                  {t(`events:staff.poster.${lang}`)}
                </a>
              </li>
            ))
          : null}
      </ul>
    </nav>
  );
}

function Header({ c, e, title }: { c: C; e: Event; title: string }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return (
    <>
      <p className="q-breadcrumb">
        <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
      </p>
      <h1>{title}</h1>
      <p className="q-meta">
        {statusLabel(t, e)} · {t(`events:sources.${e.source}`)} ·{' '}
        {formatRange(e.startsAt, e.endsAt, c.get('lang'), e.allDay)}
      </p>
      <EventNav c={c} e={e} />
    </>
  );
}

export function mountStaffEventPages(staff: Hono<AppEnv>) {
  // ── List ────────────────────────────────────────────────────────────────────────────────────
  staff.get('/events', async (c) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const statusQ = c.req.query('status') ?? '';
    const status = (EVENT_STATUSES as readonly string[]).includes(statusQ)
      ? (statusQ as EventStatus)
      : undefined;
    const when = (['upcoming', 'past', 'all'] as const).find((w) => w === c.req.query('when')) ?? 'upcoming';
    const q = c.req.query('q') ?? '';
    const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
    const current = c.get('currentAreaId');
    const areaIds = current && isUuid(current) ? await descendantIds(db, tenant.id, current) : null;
    const [{ items, total }, queue] = await Promise.all([
      listEventsFor(actor, db, {
        status,
        when,
        q,
        areaIds,
        limit: PAGE,
        offset: (page - 1) * PAGE,
      }),
      queueCountFor(actor, db),
    ]);
    const base = `/staff/${tenant.slug}/events`;
    const params = (p: number) => {
      const u = new URLSearchParams({
        when,
        ...(status ? { status } : {}),
        ...(q ? { q } : {}),
        page: String(p),
      });
      return `${base}?${u}`;
    };
    return staffPage(c, {
      title: t('events:staff.title'),
      children: (
        <>
          <div className="q-page-header">
            <h1>{t('events:staff.title')}</h1>
            <p className="q-actions">
              {can(actor, PERMS.manage) ? (
                <LinkButton href={`${base}/new`}>{t('events:staff.new')}</LinkButton>
              ) : null}
              {can(actor, PERMS.moderate) ? (
                <LinkButton href={`${base}/queue`} variant="secondary">
                  {t('events:staff.queue', { count: queue })}
                </LinkButton>
              ) : null}
              {can(actor, PERMS.importData) ? (
                <LinkButton href={`${base}/sources`} variant="tertiary">
                  {t('events:staff.imports')}
                </LinkButton>
              ) : null}
              {can(actor, PERMS.settings) ? (
                <LinkButton href={`${base}/settings`} variant="tertiary">
                  {t('events:staff.settings')}
                </LinkButton>
              ) : null}
            </p>
          </div>
          <form method="get" className="q-filter">
            <SelectField
              name="when"
              label={t('events:staff.when')}
              value={when}
              options={(['upcoming', 'past', 'all'] as const).map((w) => ({
                value: w,
                label: t(`events:staff.whenOptions.${w}`),
              }))}
            />
            <SelectField
              name="status"
              label={t('events:staff.status')}
              value={status ?? ''}
              options={[
                { value: '', label: t('events:staff.allStatuses') },
                ...EVENT_STATUSES.map((s) => ({ value: s, label: t(`events:statuses.${s}`) })),
              ]}
            />
            <TextField name="q" type="search" label={t('events:staff.search')} value={q} />
            <Button type="submit" variant="secondary">
              {t('events:public.show')}
            </Button>
          </form>
          <DataTable
            caption={t('events:staff.listCaption', { count: total })}
            rows={items}
            rowKey={(r) => r.id}
            emptyMessage={t('events:staff.empty')}
            columns={[
              {
                key: 'when',
                header: t('events:fields.when'),
                cell: (r) => (
                  <>
                    {formatRange(r.startsAt, r.endsAt, lang, r.allDay)}
                    {r.rrule ? (
                      <>
                        {' '}
                        <Badge variant="info">{t('events:recurring')}</Badge>
                      </>
                    ) : null}
                  </>
                ),
              },
              {
                key: 'title',
                header: t('events:fields.title'),
                rowHeader: true,
                cell: (r) => <a href={`${base}/${r.id}`}>{r.title}</a>,
              },
              {
                key: 'status',
                header: t('events:staff.status'),
                cell: (r) => (
                  <>
                    {r.cancelledAt ? t('events:cancelled') : t(`events:statuses.${r.status}`)}
                    {r.revision ? ` · ${t('events:staff.revision')}` : ''}
                  </>
                ),
              },
              {
                key: 'places',
                header: t('events:staff.places'),
                numeric: true,
                cell: (r) =>
                  r.registrationRequired && r.capacity !== null
                    ? r.registrationMode === 'per_date' && r.rrule
                      ? t('events:staff.placesPerDate', { capacity: r.capacity })
                      : `${r.confirmedPlaces}/${r.capacity}`
                    : '–',
              },
            ]}
          />
          <Pagination
            page={page}
            totalPages={Math.ceil(total / PAGE)}
            href={params}
            label={t('events:public.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  });

  // ── Create ──────────────────────────────────────────────────────────────────────────────────
  const newPage = async (
    c: C,
    values: FormValues,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    return staffPage(c, {
      title: t('events:staff.new'),
      status,
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
          </p>
          <h1>{t('events:staff.new')}</h1>
          <EventForm
            t={t}
            lang={c.get('lang')}
            mode="staff"
            action={`/staff/${tenant.slug}/events/new`}
            csrf={csrfTokenFor(c)}
            values={values}
            errors={errors}
            submitLabel={t('events:staff.create')}
            {...(await formOptions(c))}
          />
        </>
      ),
    });
  };

  staff.get('/events/new', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    const current = c.get('currentAreaId');
    return newPage(
      c,
      {
        cost: 'free',
        repeat: 'none',
        kind: 'event',
        waitlistEnabled: 'on',
        registrationMode: 'per_date',
        areaId: current ?? '',
      },
      {},
    );
  });

  staff.post('/events/new', async (c) => {
    const actor = actorOf(c);
    authorize(actor, PERMS.manage); // before the form is read (an uploaded image would be stored)
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const categories = await listCategories(services.db, tenant.id);
    const r = await readEventForm(body, {
      mode: 'staff',
      storageDir: services.config.storageDir,
      tenantId: tenant.id,
      categoryIds: categories.map((x) => x.id),
    });
    const publish = new FormReader(body).bool('publish');
    if (r.form.ok && !(await mayPlaceEvent(actor, services.db, r.input.areaId)))
      r.form.fail('areaId', 'events:errors.areaNotAllowed');
    if (!r.form.ok) return newPage(c, r.form.values, r.form.errors, 422);
    const e = await createStaffEvent(actor, services.db, r.input, { publish, image: r.image });
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}?saved=1`);
  });

  // ── Moderation queue ────────────────────────────────────────────────────────────────────────
  staff.get('/events/queue', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const { items } = await listQueueFor(actorOf(c), c.get('services').db, {
      when: 'all',
      limit: 200,
    });
    return staffPage(c, {
      title: t('events:queue.title'),
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
          </p>
          <h1>{t('events:queue.title')}</h1>
          <p>{t('events:queue.intro')}</p>
          <DataTable
            caption={t('events:queue.caption', { count: items.length })}
            rows={items}
            rowKey={(r) => r.id}
            emptyMessage={t('events:queue.empty')}
            columns={[
              {
                key: 'title',
                header: t('events:fields.title'),
                rowHeader: true,
                cell: (r) => <a href={`/staff/${tenant.slug}/events/${r.id}/moderate`}>{r.title}</a>,
              },
              {
                key: 'when',
                header: t('events:fields.when'),
                cell: (r) => formatRange(r.startsAt, r.endsAt, lang, r.allDay),
              },
              {
                key: 'what',
                header: t('events:queue.what'),
                cell: (r) => (r.revision ? t('events:queue.revision') : t('events:queue.new')),
              },
              {
                key: 'received',
                header: t('events:queue.received'),
                cell: (r) => formatRange(r.createdAt, r.createdAt, lang).split(',')[0],
              },
            ]}
          />
        </>
      ),
    });
  });

  // ── Edit ────────────────────────────────────────────────────────────────────────────────────
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
                {...(await formOptions(c))}
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
    const e = await loadEvent(c);
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
      tenantId: tenant.id,
      categoryIds: categories.map((x) => x.id),
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

  // ── Moderation of one event ─────────────────────────────────────────────────────────────────
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
    const e = await loadEvent(c, PERMS.moderate);
    return moderatePage(c, e, {}, {});
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/moderate', async (c) => {
    const e = await loadEvent(c, PERMS.moderate);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const { decision, note, form: f } = readDecisionForm(await formData(c));
    const values = { decision: decision ?? '', note };
    if (!f.ok) return moderatePage(c, e, values, f.errors, 422);
    try {
      await decideEvent(actorOf(c), services, tenant, e.id, { decision: decision!, note });
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_in_queue')
        return moderatePage(c, e, values, { decision: 'events:errors.notInQueue' }, 409);
      throw err;
    }
    return c.redirect(`/staff/${tenant.slug}/events/queue`);
  });

  // ── Registrations ───────────────────────────────────────────────────────────────────────────
  staff.get('/events/:id{[0-9a-f-]{36}}/registrations', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const dateQ = c.req.query('date') ?? '';
    const date = isDate(dateQ) ? dateQ : null;
    const { event: e, registrations: list } = await registrationsFor(
      actorOf(c),
      services.db,
      c.req.param('id'),
      { date },
    );
    if (c.req.query('format') === 'csv') {
      const csv = toCsv(
        ['status', 'name', 'email', 'phone', 'places', 'registered_at', 'date'],
        list.map((r) => [
          r.status,
          r.name,
          r.email,
          r.phone,
          r.places,
          r.createdAt.toISOString(),
          r.occurrenceDate ?? '',
        ]),
      );
      return csvResponse(csv, `anmeldungen-${e.id.slice(-8)}${date ? `-${date}` : ''}.csv`);
    }
    const base = `/staff/${tenant.slug}/events/${e.id}/registrations`;
    const csrf = csrfTokenFor(c);
    const perDate = isPerDate(e) || list.some((r) => r.occurrenceDate);
    // Per date: the dates with registrations and those still to come, each with its places.
    const dates = perDate
      ? await placesByDate(services.db, e, {
          dates: [
            ...new Set([
              ...(await registeredDates(services.db, tenant.id, e.id)),
              ...(isPerDate(e) ? (await placesByDate(services.db, e)).map((d) => d.date) : []),
            ]),
          ].sort(),
        })
      : [];
    const shownDates = date ? dates.filter((d) => d.date === date) : dates;
    const waiting = list.filter((r) => r.status === 'waitlisted').reduce((a, r) => a + r.places, 0);
    const dateLabel = (d: { start: Date; end: Date }) => formatRange(d.start, d.end, lang, e.allDay);
    const csvHref = `${base}?format=csv${date ? `&date=${date}` : ''}`;
    return staffPage(c, {
      title: t('events:registrations.title'),
      children: (
        <>
          <Header c={c} e={e} title={t('events:registrations.title')} />
          {perDate ? (
            <>
              <p>{t('events:registrations.perDateIntro', { capacity: e.capacity ?? 0 })}</p>
              <form method="get" action={base} className="q-filter">
                <SelectField
                  name="date"
                  label={t('events:registrations.date')}
                  value={date ?? ''}
                  options={[
                    { value: '', label: t('events:registrations.allDates') },
                    ...dates.map((d) => ({ value: d.date, label: dateLabel(d) })),
                  ]}
                />
                <Button type="submit" variant="secondary">
                  {t('events:public.show')}
                </Button>
              </form>
              <DataTable
                caption={t('events:registrations.datesCaption')}
                rows={shownDates}
                rowKey={(d) => d.date}
                emptyMessage={t('events:registrations.noDates')}
                columns={[
                  {
                    key: 'date',
                    header: t('events:registrations.date'),
                    rowHeader: true,
                    cell: (d) => <a href={`${base}?date=${d.date}`}>{dateLabel(d)}</a>,
                  },
                  {
                    key: 'confirmed',
                    header: t('events:registrations.confirmed'),
                    numeric: true,
                    cell: (d) => `${d.confirmed}/${d.capacity}`,
                  },
                  {
                    key: 'waiting',
                    header: t('events:registrations.waiting'),
                    numeric: true,
                    cell: (d) => d.waitingPlaces,
                  },
                ]}
              />
            </>
          ) : (
            <p>
              {t('events:registrations.summary', {
                confirmed: e.confirmedPlaces,
                capacity: e.capacity ?? 0,
                waiting,
              })}
            </p>
          )}
          <p>
            <a href={csvHref}>{t('events:registrations.csv')}</a>
          </p>
          <DataTable
            caption={t('events:registrations.caption', { count: list.length })}
            rows={list}
            rowKey={(r) => r.id}
            emptyMessage={t('events:registrations.empty')}
            columns={[
              { key: 'name', header: t('events:registration.name'), rowHeader: true, cell: (r) => r.name },
              ...(perDate
                ? [
                    {
                      key: 'date',
                      header: t('events:registrations.date'),
                      cell: (r: (typeof list)[number]) =>
                        r.occurrenceDate
                          ? dateLabel(registrationTimes(e, r))
                          : t('events:registrations.wholeSeries'),
                    },
                  ]
                : []),
              { key: 'email', header: t('events:registration.email'), cell: (r) => r.email },
              {
                key: 'places',
                header: t('events:registration.places'),
                numeric: true,
                cell: (r) => r.places,
              },
              {
                key: 'status',
                header: t('events:staff.status'),
                cell: (r) => t(`events:registration.statusShort.${r.status}`),
              },
              {
                key: 'at',
                header: t('events:registrations.at'),
                cell: (r) => formatRange(r.createdAt, r.createdAt, lang).split(',').slice(0, 2).join(','),
              },
              {
                key: 'actions',
                header: t('events:registrations.actions'),
                hideHeader: true,
                action: true,
                cell: (r) =>
                  r.status === 'cancelled' ? null : (
                    <form method="post" action={`${base}/${r.id}/cancel`}>
                      <CsrfField token={csrf} />
                      {date ? <input type="hidden" name="date" value={date} /> : null}
                      <Button type="submit" variant="tertiary" small>
                        {t('events:registrations.cancel')}
                      </Button>
                    </form>
                  ),
              },
            ]}
          />
        </>
      ),
    });
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/registrations/:rid/cancel', async (c) => {
    const id = c.req.param('id');
    const tenant = c.get('tenant')!;
    await cancelRegistrationByStaff(actorOf(c), c.get('services'), tenant, id, c.req.param('rid'));
    const date = new FormReader(await formData(c)).raw('date');
    return c.redirect(
      `/staff/${tenant.slug}/events/${id}/registrations${isDate(date) ? `?date=${date}` : ''}`,
    );
  });

  // ── Attendance ──────────────────────────────────────────────────────────────────────────────
  const attendancePage = async (
    c: C,
    e: Event,
    values: Record<string, string>,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const list = await listAttendance(c.get('services').db, tenant.id, e.id);
    const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
    return staffPage(c, {
      title: t('events:attendance.title'),
      status,
      children: (
        <>
          <Header c={c} e={e} title={t('events:attendance.title')} />
          {c.req.query('saved') ? (
            <Alert variant="success" title={t('events:staff.saved')} role="status" />
          ) : null}
          <DataTable
            caption={t('events:attendance.caption')}
            rows={list}
            rowKey={(r) => r.occurrenceDate}
            emptyMessage={t('events:attendance.empty')}
            columns={[
              {
                key: 'date',
                header: t('events:fields.date'),
                rowHeader: true,
                cell: (r) => r.occurrenceDate,
              },
              { key: 'total', header: t('events:attendance.total'), numeric: true, cell: (r) => r.total },
              {
                key: 'age',
                header: t('events:attendance.byAge'),
                cell: (r) =>
                  Object.entries(r.byAge)
                    .map(([k, v]) => `${t(`events:vocab.ages.${k}`)}: ${v}`)
                    .join(', ') || '–',
              },
              {
                key: 'gender',
                header: t('events:attendance.byGender'),
                cell: (r) =>
                  Object.entries(r.byGender)
                    .map(([k, v]) => `${t(`events:vocab.genders.${k}`)}: ${v}`)
                    .join(', ') || '–',
              },
            ]}
          />
          <h2>{t('events:attendance.record')}</h2>
          <p>{t('events:attendance.intro')}</p>
          <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
          <form
            method="post"
            action={`/staff/${tenant.slug}/events/${e.id}/attendance`}
            className="q-form"
            noValidate
          >
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              name="date"
              type="date"
              label={t('events:fields.date')}
              value={values.date}
              error={err('date')}
              required
              width={20}
            />
            <TextField
              name="total"
              type="number"
              inputMode="numeric"
              label={t('events:attendance.total')}
              value={values.total}
              error={err('total')}
              required
              min={0}
              width={10}
            />
            {(
              [
                ['age', 'byAge', 'ages', AGE_GROUPS],
                ['gender', 'byGender', 'genders', GENDERS],
              ] as const
            ).map(([prefix, legend, vocab, keys]) => (
              <fieldset key={prefix} className="kern-fieldset">
                <legend className="kern-label">{t(`events:attendance.${legend}`)}</legend>
                {keys.map((g) => (
                  <TextField
                    key={g}
                    name={`${prefix}_${g}`}
                    type="number"
                    inputMode="numeric"
                    label={t(`events:vocab.${vocab}.${g}`)}
                    value={values[`${prefix}_${g}`]}
                    error={err(`${prefix}_${g}`)}
                    min={0}
                    width={4}
                  />
                ))}
              </fieldset>
            ))}
            <TextArea
              name="note"
              label={t('events:attendance.note')}
              value={values.note}
              error={err('note')}
              optionalText={t('events:form.optional')}
              rows={2}
            />
            <div className="q-form__actions">
              <Button type="submit">{t('save')}</Button>
            </div>
          </form>
        </>
      ),
    });
  };

  staff.get('/events/:id{[0-9a-f-]{36}}/attendance', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const today = todayLocal();
    const start = instantToLocal(e.startsAt).date;
    return attendancePage(c, e, { date: !e.rrule ? start : hasOccurrenceOn(e, today) ? today : '' }, {});
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/attendance', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const { input, form } = readAttendanceForm(await formData(c), e);
    const values = Object.fromEntries(
      Object.entries(form.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    );
    if (!form.ok) return attendancePage(c, e, values, form.errors, 422);
    await saveAttendance(actorOf(c), services.db, e.id, input);
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}/attendance?saved=1`);
  });

  // ── Results of forums and meetings (CAL-8) ──────────────────────────────────────────────────
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
              maxLength={200}
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
    const text = f.text('results', { max: 50_000 });
    const publish = f.bool('publish');
    if (publish && !text) f.fail('results', 'validation.required');
    if (!f.ok) return resultsPage(c, e, { results: text, publish: publish ? 'on' : '' }, f.errors, 422);
    await saveEventResults(actorOf(c), c.get('services').db, e.id, text, publish);
    return c.redirect(`/staff/${tenant.slug}/events/${e.id}/results?saved=1`);
  });

  staff.post('/events/:id{[0-9a-f-]{36}}/results/files', async (c) => {
    const e = await loadEvent(c, PERMS.manage);
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const f = new FormReader(await formData(c));
    const title = f.text('title', { required: true, max: 200 });
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
        { results: plainForEdit(e.resultsHtml), publish: e.resultsPublishedAt ? 'on' : '', title },
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

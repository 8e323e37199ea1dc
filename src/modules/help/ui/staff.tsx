// Staff screens of the help directory: the list of services with the ones not checked for their
// review period flagged (all, or only those), "checked today", the form of a service with its places
// and opening hours, archiving, and the life situations with their words and topics.
// parse → use case → render; a refused input comes back with every field as typed.
import type { Context, Hono } from 'hono';
import { actorOf, authorize, can, canTenantWide, scopeOf } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDate } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  DataTable,
  LinkButton,
  Pagination,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { areaChoices, getArea } from '../../areas/index.ts';
import { CURATE, MANAGE, READ } from '../policies.ts';
import { concernReferrals } from '../use-cases/referrals.ts';
import {
  decideProposal,
  lastReviewLink,
  openProposal,
  sendReviewLink,
  servicesWithProposals,
} from '../use-cases/reviews.ts';
import {
  archiveService,
  createService,
  getService,
  listServices,
  markServiceChecked,
  type Service,
  type ServiceListItem,
  updateService,
} from '../use-cases/services.ts';
import { ensureVocabulary, listSituations, listTopics, updateSituation } from '../use-cases/vocabulary.ts';
import {
  allFormErrors,
  type Errors,
  type FormValues,
  formFieldsOf,
  locationSlots,
  type RawForm,
  readServiceForm,
  readSituationForm,
  serviceValues,
  situationValues,
} from './forms.ts';
import { mountStaffHelpImport } from './import.tsx';
import { mountStaffKioskPages } from './kiosks.tsx';
import { ReviewSection } from './review-staff.tsx';
import { ServiceFormView, SituationFormView } from './service-form.tsx';

type C = Context<AppEnv>;
/** Services per page of the staff list. */
const PER_PAGE = 50;
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/help`;
const db = (c: C) => c.get('services').db;

function idParam(c: C, name = 'id'): string {
  const id = c.req.param(name);
  if (!id || !isUuid(id)) throw new AppError(404, 'not_found');
  return id;
}

/** The areas a member may put a place into (display only: the use case decides on saving). */
async function placeAreas(c: C, keep: (string | null)[] = []) {
  const actor = actorOf(c);
  const tenantId = c.get('tenant')!.id;
  const areas = (await areaChoices(db(c), tenantId, scopeOf(actor, MANAGE))).map(({ value, label }) => ({
    value,
    label,
  }));
  // A saved place's own area stays choosable on its edit form.
  for (const id of keep)
    if (id && !areas.some((a) => a.value === id))
      areas.push({ value: id, label: (await getArea(db(c), tenantId, id))?.name ?? '–' });
  return areas;
}

async function serviceForm(
  c: C,
  o: {
    service?: Service;
    values: FormValues;
    errors: Errors;
    saved?: boolean;
    /** The provider-link form as typed, and its messages. */
    review?: { email: string; errors: Errors };
  },
  status?: 422,
) {
  const t = c.get('t');
  const tenantId = c.get('tenant')!.id;
  await ensureVocabulary(db(c), tenantId);
  const title = o.service
    ? String(t('help:form.editTitle', { name: o.service.name }))
    : String(t('help:form.newTitle'));
  const slots = locationSlots(o.values);
  const savedSlots = o.service ? Math.min(o.service.locations.length, slots.length) : 0;
  return staffPage(c, {
    title,
    status: status ?? (Object.keys(o.errors).length ? 422 : 200),
    children: (
      <>
        <p>
          <a href={base(c)}>{t('help:form.back')}</a>
        </p>
        {o.service ? await referralLine(c, o.service) : null}
        {o.service ? await reviewSection(c, o.service, o.review) : null}
        {o.saved ? <Alert variant="success" role="status" title={t('help:form.saved')} /> : null}
        <ServiceFormView
          t={t}
          action={o.service ? `${base(c)}/${o.service.id}/edit` : `${base(c)}/new`}
          csrf={csrfTokenFor(c)}
          title={title}
          values={o.values}
          errors={o.errors}
          topics={await listTopics(db(c), tenantId)}
          areas={await placeAreas(c, o.service?.locations.map((l) => l.areaId) ?? [])}
          savedSlots={savedSlots}
        />
        {o.service ? (
          <form method="post" action={`${base(c)}/${o.service.id}/archive`} className="q-form">
            <CsrfField token={csrfTokenFor(c)} />
            <h2>{t(o.service.archivedAt ? 'help:form.restoreTitle' : 'help:form.archiveTitle')}</h2>
            <p>{t(o.service.archivedAt ? 'help:form.restoreHint' : 'help:form.archiveHint')}</p>
            <input type="hidden" name="archived" value={o.service.archivedAt ? 'no' : 'yes'} />
            <Button type="submit" variant="secondary">
              {t(o.service.archivedAt ? 'help:form.restore' : 'help:form.archive')}
            </Button>
          </form>
        ) : null}
      </>
    ),
  });
}

/** How many concerns the teams referred to this service (in the member's areas), if they see concerns. */
async function referralLine(c: C, service: Service) {
  const counts = await concernReferrals(actorOf(c), db(c), [service]);
  if (!counts) return null;
  return (
    <p className="q-meta">{c.get('t')('help:staff.referredLine', { count: counts.get(service.id) ?? 0 })}</p>
  );
}

/** The provider check of a service: the last link, a proposal waiting, the send form. */
async function reviewSection(c: C, service: Service, review?: { email: string; errors: Errors }) {
  const actor = actorOf(c);
  const t = c.get('t');
  const decided = c.req.query('decided');
  return (
    <ReviewSection
      t={t}
      lang={c.get('lang')}
      csrf={csrfTokenFor(c)}
      action={`${base(c)}/${service.id}`}
      service={service}
      last={await lastReviewLink(actor, db(c), service.id)}
      proposal={await openProposal(actor, db(c), service.id)}
      email={review?.email ?? service.email ?? ''}
      errors={Object.fromEntries(Object.entries(review?.errors ?? {}).map(([k, m]) => [k, String(t(m))]))}
      sent={c.req.query('sent') === '1'}
      decided={decided === 'accepted' || decided === 'rejected' ? decided : undefined}
    />
  );
}

/** The use case's field messages (as the form's fields), or rethrow what is not a refusal of the input. */
function fieldsOf(err: unknown): Errors {
  if (err instanceof ValidationError) return err.fields;
  throw err;
}

/** A service the member may change (the edit form; saving is decided by the use case). */
async function serviceToEdit(c: C): Promise<Service> {
  const actor = actorOf(c);
  const s = await getService(actor, db(c), idParam(c));
  authorize(actor, MANAGE, s.areaIds);
  return s;
}

/**
 * Every service the list's filters find (not only the page on screen), for a spreadsheet. Services
 * are organisations' offers, not people, so the download is not audited.
 */
async function servicesCsv(c: C, all: ServiceListItem[], areas: { value: string; label: string }[]) {
  const t = c.get('t');
  const lang = c.get('lang');
  const referred = await concernReferrals(actorOf(c), db(c), all);
  const areaName = new Map(areas.map((a) => [a.value, a.label]));
  const yes = t('help:staff.yes');
  const origin = c.get('services').config.baseUrl.replace(/\/$/, '');
  const columns = ['name', 'provider', 'areas', 'checked', 'byProvider', 'due', 'archived'] as const;
  return csvResponse(
    toCsv(
      [
        ...columns.map((k) => t(`help:staff.csvColumns.${k}`)),
        ...(referred ? [t('help:staff.referred')] : []),
        t('help:staff.csvColumns.link'),
      ],
      all.map((s) => [
        s.name,
        s.providerName,
        s.areaIds
          .map((id) => areaName.get(id) ?? '')
          .filter(Boolean)
          .join(', '),
        s.reviewedAt ? formatDate(s.reviewedAt, lang) : '',
        s.reviewedByProvider ? yes : '',
        s.reviewDue ? yes : '',
        s.archived ? yes : '',
        ...(referred ? [referred.get(s.id) ?? 0] : []),
        `${origin}${base(c)}/${s.id}/edit`,
      ]),
    ),
    'hilfeangebote.csv',
  );
}

export function mountStaffHelpPages(staff: Hono<AppEnv>): void {
  mountStaffHelpImport(staff);
  mountStaffKioskPages(staff);
  staff.get('/help', async (c) => {
    const actor = actorOf(c);
    const t = c.get('t');
    const lang = c.get('lang');
    const dueOnly = c.req.query('due') === '1';
    const archived = c.req.query('archived') === '1';
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const areas = await areaChoices(db(c), actor.tenantId, scopeOf(actor, READ));
    const areaParam = c.req.query('area') ?? '';
    const areaId = areas.some((a) => a.value === areaParam) ? areaParam : undefined;
    const all = await listServices(actor, db(c), { dueOnly, archived, q, areaId });
    if (c.req.query('format') === 'csv') return servicesCsv(c, all, areas);
    const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
    const page = Math.min(pageNumber(c.req.query('page')), pages);
    const items = all.slice((page - 1) * PER_PAGE, page * PER_PAGE);
    const proposed = await servicesWithProposals(
      actor,
      db(c),
      items.map((s) => s.id),
    );
    const referred = await concernReferrals(actor, db(c), items);
    const filters = {
      ...(dueOnly ? { due: '1' } : {}),
      ...(archived ? { archived: '1' } : {}),
      ...(q ? { q } : {}),
      ...(areaId ? { area: areaId } : {}),
    };
    const pageHref = (n: number) => {
      const query = new URLSearchParams({ ...filters, ...(n > 1 ? { page: String(n) } : {}) }).toString();
      return query ? `${base(c)}?${query}` : base(c);
    };
    const manage = can(actor, MANAGE);
    const csrf = csrfTokenFor(c);
    return staffPage(c, {
      title: String(t('help:staff.title')),
      children: (
        <>
          <div className="q-page-header">
            <h1>{t('help:staff.title')}</h1>
            {manage ? <LinkButton href={`${base(c)}/new`}>{t('help:staff.new')}</LinkButton> : null}
          </div>
          <p className="q-actions">
            {dueOnly ? (
              <a href={base(c)}>{t('help:staff.all')}</a>
            ) : (
              <a href={`${base(c)}?due=1`}>{t('help:staff.dueOnly')}</a>
            )}
            <a href={`${base(c)}/situations`}>{t('help:situations.title')}</a>
            <a href={`${base(c)}/kiosks`}>{t('help:kiosks.title')}</a>
            {canTenantWide(actor, CURATE) ? <a href={`${base(c)}/import`}>{t('help:import.title')}</a> : null}
          </p>
          <form method="get" role="search" action={base(c)}>
            {dueOnly ? <input type="hidden" name="due" value="1" /> : null}
            {archived ? <input type="hidden" name="archived" value="1" /> : null}
            <div className="q-filter">
              <TextField
                name="q"
                type="search"
                label={t('help:staff.search')}
                value={q}
                hint={t('help:staff.searchHint')}
              />
              <SelectField
                name="area"
                label={t('help:staff.area')}
                value={areaId ?? ''}
                options={[{ value: '', label: t('help:staff.allAreas') }, ...areas]}
              />
              <Button type="submit" variant="secondary">
                {t('search')}
              </Button>
            </div>
          </form>
          <p className="q-meta">
            {t('help:staff.count', { count: all.length })} ·{' '}
            <a href={`${base(c)}?${new URLSearchParams({ ...filters, format: 'csv' })}`}>
              {t('help:staff.csv')}
            </a>
          </p>
          <DataTable
            caption={t('help:staff.title')}
            hideCaption
            stack
            emptyMessage={t('help:staff.empty')}
            rows={items}
            rowKey={(s) => s.id}
            columns={[
              {
                key: 'name',
                header: String(t('help:staff.name')),
                rowHeader: true,
                cell: (s) => (
                  <span dir="auto">
                    {can(actor, MANAGE, s.areaIds) ? (
                      <a href={`${base(c)}/${s.id}/edit`}>{s.name}</a>
                    ) : (
                      s.name
                    )}
                    {s.archived ? ` (${t('help:staff.archived')})` : ''}
                  </span>
                ),
              },
              {
                key: 'provider',
                header: String(t('help:staff.provider')),
                cell: (s) => <span dir="auto">{s.providerName}</span>,
              },
              {
                key: 'checked',
                header: String(t('help:staff.checked')),
                cell: (s) => (
                  <>
                    {s.reviewedAt ? formatDate(s.reviewedAt, lang) : t('help:staff.never')}
                    {s.reviewedAt && s.reviewedByProvider ? ` (${t('help:staff.byProvider')})` : ''}
                    {proposed.has(s.id) ? <strong> · {t('help:staff.proposed')}</strong> : null}
                    {s.reviewDue ? (
                      <strong> · {t('help:staff.due', { months: s.reviewMonths })}</strong>
                    ) : null}
                  </>
                ),
              },
              ...(referred
                ? [
                    {
                      key: 'referred',
                      header: String(t('help:staff.referred')),
                      cell: (s: (typeof items)[number]) => String(referred.get(s.id) ?? 0),
                    },
                  ]
                : []),
              ...(manage
                ? [
                    {
                      key: 'action',
                      header: String(t('help:staff.action')),
                      hideHeader: true,
                      cell: (s: (typeof items)[number]) =>
                        can(actor, MANAGE, s.areaIds) ? (
                          <form method="post" action={`${base(c)}/${s.id}/checked`}>
                            <CsrfField token={csrf} />
                            <Button type="submit" variant="secondary" small>
                              {t('help:staff.markChecked')}
                            </Button>
                          </form>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
          <Pagination
            page={page}
            totalPages={pages}
            href={pageHref}
            label={t('help:staff.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
          {archived ? null : (
            <p>
              <a href={`${base(c)}?archived=1`}>{t('help:staff.withArchived')}</a>
            </p>
          )}
        </>
      ),
    });
  });

  staff.post('/help/:id/checked', async (c) => {
    await markServiceChecked(actorOf(c), db(c), idParam(c));
    return c.redirect(base(c), 303);
  });

  staff.get('/help/new', async (c) => {
    authorize(actorOf(c), MANAGE);
    return serviceForm(c, { values: serviceValues(), errors: {} });
  });
  staff.post('/help/new', async (c) => {
    const form = readServiceForm((await formData(c)) as RawForm);
    if (Object.keys(form.errors).length) {
      authorize(actorOf(c), MANAGE);
      return serviceForm(c, { values: form.values, errors: allFormErrors(form) });
    }
    try {
      const s = await createService(actorOf(c), db(c), form.input);
      return c.redirect(`${base(c)}/${s.id}/edit?saved=1`, 303);
    } catch (err) {
      return serviceForm(c, { values: form.values, errors: formFieldsOf(fieldsOf(err), form) });
    }
  });

  staff.get('/help/:id/edit', async (c) => {
    const service = await serviceToEdit(c);
    return serviceForm(c, {
      service,
      values: serviceValues(service),
      errors: {},
      saved: c.req.query('saved') === '1',
    });
  });
  staff.post('/help/:id/edit', async (c) => {
    const id = idParam(c);
    const form = readServiceForm((await formData(c)) as RawForm);
    if (Object.keys(form.errors).length) {
      const service = await serviceToEdit(c);
      return serviceForm(c, { service, values: form.values, errors: allFormErrors(form) });
    }
    try {
      await updateService(actorOf(c), db(c), id, form.input, { checked: true });
      return c.redirect(`${base(c)}/${id}/edit?saved=1`, 303);
    } catch (err) {
      const errors = formFieldsOf(fieldsOf(err), form);
      return serviceForm(c, { service: await serviceToEdit(c), values: form.values, errors });
    }
  });

  // The provider's private link, and staff's decision on the change they propose.
  staff.post('/help/:id/review-link', async (c) => {
    const id = idParam(c);
    const tenant = c.get('tenant')!;
    const raw = await formData(c);
    const email = typeof raw.email === 'string' ? raw.email : '';
    const origin = c.get('services').config.baseUrl.replace(/\/$/, '');
    try {
      await sendReviewLink(actorOf(c), db(c), id, email ? { email } : {}, {
        linkOf: (token) => `${origin}/${tenant.slug}/help/review/${token}`,
      });
    } catch (err) {
      const errors = fieldsOf(err);
      const service = await serviceToEdit(c);
      return serviceForm(
        c,
        { service, values: serviceValues(service), errors: {}, review: { email, errors } },
        422,
      );
    }
    return c.redirect(`${base(c)}/${id}/edit?sent=1#provider`, 303);
  });
  staff.post('/help/:id/proposals/:proposalId', async (c) => {
    const id = idParam(c);
    const raw = await formData(c);
    const decision = typeof raw.decision === 'string' ? raw.decision : '';
    await decideProposal(actorOf(c), db(c), idParam(c, 'proposalId'), {
      decision: decision as 'accepted' | 'rejected',
    });
    return c.redirect(`${base(c)}/${id}/edit?decided=${decision}#provider`, 303);
  });

  staff.post('/help/:id/archive', async (c) => {
    const archived = (await formData(c)).archived !== 'no';
    await archiveService(actorOf(c), db(c), idParam(c), archived);
    return c.redirect(archived ? base(c) : `${base(c)}/${idParam(c)}/edit?saved=1`, 303);
  });

  // Life situations: what residents say, and the topics it leads to.
  staff.get('/help/situations', async (c) => {
    const actor = actorOf(c);
    authorize(actor, READ);
    const t = c.get('t');
    const tenantId = c.get('tenant')!.id;
    await ensureVocabulary(db(c), tenantId);
    const situations = await listSituations(db(c), tenantId);
    const topics = new Map((await listTopics(db(c), tenantId)).map((x) => [x.key, x.label]));
    const curate = canTenantWide(actor, CURATE);
    return staffPage(c, {
      title: String(t('help:situations.title')),
      children: (
        <>
          <p>
            <a href={base(c)}>{t('help:form.back')}</a>
          </p>
          <h1>{t('help:situations.title')}</h1>
          <p>{t('help:situations.intro')}</p>
          {c.req.query('saved') === '1' ? (
            <Alert variant="success" role="status" title={t('help:form.saved')} />
          ) : null}
          <ul className="q-list">
            {situations.map((s) => (
              <li key={s.id}>
                <h2 className="kern-heading-small">
                  {curate ? <a href={`${base(c)}/situations/${s.id}/edit`}>{s.label}</a> : s.label}
                </h2>
                <p className="q-meta">
                  {t('help:situations.leadsTo')}{' '}
                  {s.topicKeys.map((k) => topics.get(k) ?? k).join(', ') || '–'}
                </p>
                <p className="q-meta">{t('help:situations.termsCount', { count: s.terms.length })}</p>
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });

  const situationOf = async (c: C) => {
    const id = idParam(c);
    const s = (await listSituations(db(c), c.get('tenant')!.id)).find((x) => x.id === id);
    if (!s) throw new AppError(404, 'not_found');
    return s;
  };
  const situationForm = async (c: C, label: string, id: string, values: FormValues, errors: Errors) => {
    const t = c.get('t');
    const title = String(t('help:situations.editTitle', { label }));
    return staffPage(c, {
      title,
      status: Object.keys(errors).length ? 422 : 200,
      children: (
        <>
          <p>
            <a href={`${base(c)}/situations`}>{t('help:situations.back')}</a>
          </p>
          <SituationFormView
            t={t}
            action={`${base(c)}/situations/${id}/edit`}
            csrf={csrfTokenFor(c)}
            title={title}
            values={values}
            errors={errors}
            topics={await listTopics(db(c), c.get('tenant')!.id)}
          />
        </>
      ),
    });
  };
  staff.get('/help/situations/:id/edit', async (c) => {
    if (!canTenantWide(actorOf(c), CURATE)) throw new AppError(403, 'forbidden');
    const s = await situationOf(c);
    return situationForm(c, s.label, s.id, situationValues(s), {});
  });
  staff.post('/help/situations/:id/edit', async (c) => {
    const s = await situationOf(c);
    const form = readSituationForm((await formData(c)) as RawForm);
    try {
      await updateSituation(actorOf(c), db(c), s.key, form.input);
      return c.redirect(`${base(c)}/situations?saved=1`, 303);
    } catch (err) {
      return situationForm(c, s.label, s.id, form.values, fieldsOf(err));
    }
  });
}

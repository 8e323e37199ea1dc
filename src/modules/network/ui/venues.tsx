import type { Hono } from 'hono';
import { actorOf, authorize, can, inScope, scopeOf } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import {
  Alert,
  Button,
  DataTable,
  LinkButton,
  Pagination,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { translateErrors } from '../forms.ts';
import { place } from '../placement.ts';
import { PERMS } from '../policies.ts';
import {
  countVenues,
  createVenue,
  getVenue,
  listVenues,
  readVenueForm,
  updateVenue,
  type Venue,
  venueAddress,
} from '../use-cases/venues.ts';
import { areaChoices, base, type C, Errors, flash } from './common.tsx';

const VENUES_PER_PAGE = 50;

type Values = Record<string, string | string[] | undefined>;
const s = (v: Values[string]) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const tri = (b: boolean | null) => (b === true ? 'yes' : b === false ? 'no' : 'unknown');

export function accessibilityText(
  t: C['var']['t'],
  v: Pick<Venue, 'stepFree' | 'accessibleToilet' | 'hearingLoop'>,
): string {
  const parts: string[] = [];
  if (v.stepFree === true) parts.push(t('network:venue.stepFree'));
  if (v.stepFree === false) parts.push(t('network:venue.notStepFree'));
  if (v.accessibleToilet === true) parts.push(t('network:venue.accessibleToilet'));
  if (v.hearingLoop === true) parts.push(t('network:venue.hearingLoop'));
  return parts.join(', ');
}

async function venueForm(
  c: C,
  o: { values: Values; errors: Record<string, string>; action: string; title: string; status?: 200 | 422 },
) {
  const t = c.get('t');
  const v = o.values;
  const e = o.errors;
  const areas = await areaChoices(c, scopeOf(actorOf(c), PERMS.manage));
  const triOptions = [
    { value: 'yes', label: t('yes') },
    { value: 'no', label: t('no') },
    { value: 'unknown', label: t('network:venue.unknown') },
  ];
  return staffPage(c, {
    title: o.title,
    status: o.status,
    children: (
      <>
        <h1>{o.title}</h1>
        <Errors c={c} errors={e} />
        <form method="post" action={o.action} className="q-form" noValidate>
          <CsrfField token={csrfTokenFor(c)} />
          <TextField name="name" label={t('network:venue.name')} value={s(v.name)} required error={e.name} />
          <SelectField
            name="areaId"
            label={t('network:place.area')}
            value={s(v.areaId)}
            placeholder={t('network:place.noArea')}
            options={areas}
            error={e.areaId}
          />
          <TextField name="street" label={t('network:place.street')} value={s(v.street)} error={e.street} />
          <TextField
            name="houseNumber"
            label={t('network:place.houseNumber')}
            value={s(v.houseNumber)}
            width={10}
            error={e.houseNumber}
          />
          <TextField
            name="postcode"
            label={t('network:place.postcode')}
            value={s(v.postcode)}
            width={10}
            inputMode="numeric"
            error={e.postcode}
          />
          <TextField
            name="city"
            label={t('network:place.city')}
            value={s(v.city)}
            width={20}
            error={e.city}
          />
          <TextField
            name="lat"
            label={t('network:place.lat')}
            value={s(v.lat)}
            width={20}
            inputMode="decimal"
            error={e.lat}
            optionalText={t('network:optional')}
          />
          <TextField
            name="lon"
            label={t('network:place.lon')}
            value={s(v.lon)}
            width={20}
            inputMode="decimal"
            error={e.lon}
            optionalText={t('network:optional')}
          />
          <TextArea
            name="openingHours"
            label={t('network:venue.openingHours')}
            value={s(v.openingHours)}
            rows={3}
            error={e.openingHours}
            optionalText={t('network:optional')}
          />
          <RadioGroup
            name="stepFree"
            label={t('network:venue.stepFreeQ')}
            value={s(v.stepFree) || 'unknown'}
            options={triOptions}
            inline
            error={e.stepFree}
          />
          <RadioGroup
            name="accessibleToilet"
            label={t('network:venue.accessibleToiletQ')}
            value={s(v.accessibleToilet) || 'unknown'}
            options={triOptions}
            inline
            error={e.accessibleToilet}
          />
          <RadioGroup
            name="hearingLoop"
            label={t('network:venue.hearingLoopQ')}
            value={s(v.hearingLoop) || 'unknown'}
            options={triOptions}
            inline
            error={e.hearingLoop}
          />
          <TextArea
            name="accessibilityNotes"
            label={t('network:venue.accessibilityNotes')}
            value={s(v.accessibilityNotes)}
            rows={2}
            error={e.accessibilityNotes}
            optionalText={t('network:optional')}
          />
          <TextField
            name="phone"
            type="tel"
            label={t('network:actor.phone')}
            value={s(v.phone)}
            error={e.phone}
            optionalText={t('network:optional')}
          />
          <TextField
            name="email"
            type="email"
            label={t('network:actor.email')}
            value={s(v.email)}
            error={e.email}
            optionalText={t('network:optional')}
          />
          <TextField
            name="website"
            type="url"
            label={t('network:actor.website')}
            value={s(v.website)}
            error={e.website}
            optionalText={t('network:optional')}
          />
          <div className="q-form__actions">
            <Button type="submit">{t('save')}</Button>
            <a href={`${base(c)}/venues`}>{t('cancel')}</a>
          </div>
        </form>
      </>
    ),
  });
}

async function visibleVenue(c: C, id: string, perm: string = PERMS.read): Promise<Venue> {
  const v = /^[0-9a-f-]{36}$/i.test(id)
    ? await getVenue(c.get('services').db, c.get('tenant')!.id, id)
    : undefined;
  if (!v || !can(actorOf(c), perm, v.areaIds)) throw new AppError(404, 'not_found');
  return v;
}

async function saveVenue(c: C, id: string | null) {
  const t = c.get('t');
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const { input, form } = readVenueForm(await formData(c));
  const scope = scopeOf(actorOf(c), PERMS.manage);
  if (form.ok) {
    try {
      const placement = await place(db, tenant.id, input);
      if (!inScope(placement.areaIds, scope)) form.fail('areaId', 'network:errors.areaInScope');
      else {
        const v = id
          ? await updateVenue(actorOf(c), db, id, input, placement)
          : await createVenue(actorOf(c), db, input, placement);
        return c.redirect(`${base(c)}/venues?done=saved#v-${v.id}`, 303);
      }
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      for (const [k, v] of Object.entries(err.fields)) form.fail(k, v);
    }
  }
  return venueForm(c, {
    values: form.values,
    errors: translateErrors(t, form.errors),
    action: id ? `${base(c)}/venues/${id}` : `${base(c)}/venues`,
    title: t(id ? 'network:venues.edit' : 'network:venues.new'),
    status: 422,
  });
}

export function mountVenuePages(staff: Hono<AppEnv>) {
  staff.get('/network/venues', async (c) => {
    authorize(actorOf(c), PERMS.read);
    const t = c.get('t');
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const db = c.get('services').db;
    const tenantId = c.get('tenant')!.id;
    const filter = { scope: scopeOf(actorOf(c), PERMS.read), q: q || undefined };
    const total = await countVenues(db, tenantId, filter);
    const pages = Math.max(1, Math.ceil(total / VENUES_PER_PAGE));
    const page = Math.min(pageNumber(c.req.query('page')), pages);
    const list = await listVenues(db, tenantId, {
      ...filter,
      limit: VENUES_PER_PAGE,
      offset: (page - 1) * VENUES_PER_PAGE,
    });
    const b = base(c);
    const pageHref = (n: number) => {
      const query = new URLSearchParams({
        ...(q ? { q } : {}),
        ...(n > 1 ? { page: String(n) } : {}),
      }).toString();
      return query ? `${b}/venues?${query}` : `${b}/venues`;
    };
    return staffPage(c, {
      title: t('network:venues.title'),
      children: (
        <>
          <h1>{t('network:venues.title')}</h1>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          {can(actorOf(c), PERMS.manage) ? (
            <LinkButton href={`${b}/venues/new`}>{t('network:venues.new')}</LinkButton>
          ) : null}
          <form method="get" className="q-filter" role="search">
            <TextField name="q" type="search" label={t('network:venues.search')} value={q} />
            <Button type="submit" variant="secondary">
              {t('search')}
            </Button>
          </form>
          <DataTable
            caption={t('network:venues.count', { count: total })}
            rows={list}
            rowKey={(v) => v.id}
            emptyMessage={t('network:venues.empty')}
            columns={[
              {
                key: 'name',
                header: t('network:venue.name'),
                rowHeader: true,
                cell: (v: Venue) =>
                  can(actorOf(c), PERMS.manage, v.areaIds) ? (
                    <a id={`v-${v.id}`} href={`${b}/venues/${v.id}`}>
                      {v.name}
                    </a>
                  ) : (
                    v.name
                  ),
              },
              { key: 'address', header: t('network:place.address'), cell: (v: Venue) => venueAddress(v) },
              {
                key: 'access',
                header: t('network:venue.accessibility'),
                cell: (v: Venue) => accessibilityText(t, v),
              },
              { key: 'hours', header: t('network:venue.openingHours'), cell: (v: Venue) => v.openingHours },
            ]}
          />
          <Pagination
            page={page}
            totalPages={pages}
            href={pageHref}
            label={t('network:venues.pages')}
            previousLabel={t('previous')}
            nextLabel={t('next')}
          />
        </>
      ),
    });
  });

  staff.get('/network/venues/new', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    return venueForm(c, {
      values: { areaId: c.get('currentAreaId') ?? '', city: 'Berlin' },
      errors: {},
      action: `${base(c)}/venues`,
      title: c.get('t')('network:venues.new'),
    });
  });
  staff.post('/network/venues', async (c) => {
    authorize(actorOf(c), PERMS.manage);
    return saveVenue(c, null);
  });
  staff.get('/network/venues/:id', async (c) => {
    const v = await visibleVenue(c, c.req.param('id'), PERMS.manage);
    return venueForm(c, {
      values: {
        name: v.name,
        areaId: v.areaId ?? '',
        street: v.street ?? '',
        houseNumber: v.houseNumber ?? '',
        postcode: v.postcode ?? '',
        city: v.city ?? '',
        lat: v.lat?.toString() ?? '',
        lon: v.lon?.toString() ?? '',
        openingHours: v.openingHours ?? '',
        stepFree: tri(v.stepFree),
        accessibleToilet: tri(v.accessibleToilet),
        hearingLoop: tri(v.hearingLoop),
        accessibilityNotes: v.accessibilityNotes ?? '',
        phone: v.phone ?? '',
        email: v.email ?? '',
        website: v.website ?? '',
      },
      errors: {},
      action: `${base(c)}/venues/${v.id}`,
      title: c.get('t')('network:venues.edit'),
    });
  });
  staff.post('/network/venues/:id', async (c) => {
    const v = await visibleVenue(c, c.req.param('id'), PERMS.manage);
    return saveVenue(c, v.id);
  });
}

import type { Hono } from 'hono';
import { actorOf } from '../../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../../platform/csv/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { formData } from '../../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../../platform/http/security.ts';
import { formatRange, isDate } from '../../../../platform/time/index.ts';
import { Button, DataTable, SelectField } from '../../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../../ui/page.tsx';
import { FormReader } from '../../forms.ts';
import { cancelRegistrationByStaff, registrationsFor } from '../../use-cases/manage.ts';
import {
  isPerDate,
  placesByDate,
  registeredDates,
  registrationTimes,
} from '../../use-cases/registrations.ts';

import { Header } from './shared.tsx';

/** The registrations of one event. */
export function mountRegistrationPages(staff: Hono<AppEnv>) {
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
}

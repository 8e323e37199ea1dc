import type { Hono } from 'hono';
import { actorOf, can } from '../../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../../platform/csv/index.ts';
import { isUuid } from '../../../../platform/db/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { pageNumber } from '../../../../platform/http/paging.ts';
import { formatRange } from '../../../../platform/time/index.ts';
import {
  Button,
  CheckboxField,
  DataTable,
  LinkButton,
  Pagination,
  SelectField,
  TextField,
} from '../../../../ui/index.ts';
import { staffPage } from '../../../../ui/page.tsx';
import { descendantIds } from '../../../areas/index.ts';
import { EVENT_STATUSES, type EventStatus } from '../../db/schema.ts';
import { PERMS } from '../../policies.ts';
import { listEventsFor, queueCountFor } from '../../use-cases/manage.ts';
import { Badge } from '../common.tsx';

const PAGE = 50;
/** At most this many events in one CSV download. */
const CSV_MAX = 10_000;
const CSV_COLUMNS = [
  'when',
  'title',
  'status',
  'kind',
  'recurring',
  'location',
  'organiser',
  'confirmed',
  'capacity',
  'link',
] as const;

/** The events list with filters and the moderation queue count. */
export function mountEventListPage(staff: Hono<AppEnv>) {
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
    // From the start page's inbox: only events with somebody on their waiting list.
    const waitlist = c.req.query('waitlist') === '1';
    const page = pageNumber(c.req.query('page'));
    const current = c.get('currentAreaId');
    const areaIds = current && isUuid(current) ? await descendantIds(db, tenant.id, current) : null;
    if (c.req.query('format') === 'csv') {
      // Every event the list's filters find (the member's areas, the area switcher), page by page.
      const rows: Awaited<ReturnType<typeof listEventsFor>>['items'] = [];
      for (let offset = 0; offset < CSV_MAX; offset += 200) {
        const { items } = await listEventsFor(actor, db, {
          status,
          when,
          q,
          areaIds,
          waitlist,
          limit: 200,
          offset,
          knownTotal: 0,
        });
        rows.push(...items);
        if (items.length < 200) break;
      }
      const csv = toCsv(
        CSV_COLUMNS.map((k) => t(`events:csvColumns.${k}`)),
        rows.map((r) => [
          formatRange(r.startsAt, r.endsAt, lang, r.allDay),
          r.title,
          r.cancelledAt ? t('events:cancelled') : t(`events:statuses.${r.status}`),
          t(`events:kinds.${r.kind}`),
          r.rrule ? t('events:recurring') : '',
          r.locationName,
          r.organiserName,
          r.registrationRequired ? r.confirmedPlaces : null,
          r.registrationRequired ? r.capacity : null,
          `${c.get('services').config.baseUrl}${`/staff/${tenant.slug}/events/${r.id}`}`,
        ]),
      );
      return csvResponse(csv, 'veranstaltungen.csv');
    }
    const [{ items, total }, queue] = await Promise.all([
      listEventsFor(actor, db, {
        status,
        when,
        q,
        areaIds,
        waitlist,
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
        ...(waitlist ? { waitlist: '1' } : {}),
        page: String(p),
      });
      return `${base}?${u}`;
    };
    const csvHref = `${params(1).replace(/&?page=1$/, '')}&format=csv`;
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
            <CheckboxField
              name="waitlist"
              value="1"
              label={t('events:staff.onlyWaitlist')}
              checked={waitlist}
            />
            <Button type="submit" variant="secondary">
              {t('events:public.show')}
            </Button>
          </form>
          <p>
            <a href={csvHref} download>
              {t('events:staff.csv', { count: total })}
            </a>
          </p>
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
}

import type { Context, Hono } from 'hono';
import { feedResponse } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formatDayHeading } from '../../../platform/time/index.ts';
import { Button, SelectField } from '../../../ui/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import { getPublicAreaBySlug, listAreas } from '../../areas/index.ts';
import {
  loadSeries,
  type Occurrence,
  type Series,
  type SeriesBundle,
  upcoming,
} from '../use-cases/consultation.ts';
import { consultationFeed } from '../use-cases/ical.ts';
import { areaPosterPdf, POSTER_LANGS, type PosterLang, posterPdf, rhythm } from '../use-cases/poster.ts';
import { type Venue, venueAddress, venuesByIds } from '../use-cases/venues.ts';
import { accessibilityText } from './venues.tsx';

type C = Context<AppEnv>;

const WEEKS_LISTED = 6;
const FEED_DAYS = 180;

/** Answers with an ETag and no lasting cache, so a cancellation is visible at the next request. */
const fresh = (c: C, body: string | Uint8Array, type: string, filename: string) =>
  feedResponse(c, body, type, { maxAge: 0, filename });

const fmtDay = (c: C, date: string) => formatDayHeading(date, c.get('lang'));

function OccurrenceList({
  c,
  list,
  venues,
  showSeries,
}: {
  c: C;
  list: (Occurrence & { series: Series })[];
  venues: Map<string, Venue>;
  showSeries: boolean;
}) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const byDay = new Map<string, typeof list>();
  for (const o of list) byDay.set(o.date, [...(byDay.get(o.date) ?? []), o]);
  return (
    <div className="q-agenda">
      {[...byDay].map(([day, items]) => (
        <section key={day}>
          <h3 className="kern-heading-small">{fmtDay(c, day)}</h3>
          <ul className="q-links">
            {items.map((o) => {
              const v = venues.get(o.venueId);
              const cancelled = o.status === 'cancelled';
              return (
                <li key={o.key} className={cancelled ? 'q-cancelled' : undefined}>
                  {cancelled ? <strong>{t('network:occurrence.cancelled')}: </strong> : null}
                  {cancelled ? (
                    <del>
                      {o.startTime}–{o.endTime}
                    </del>
                  ) : (
                    <span>
                      {o.startTime}–{o.endTime} {t('network:public.oclock')}
                    </span>
                  )}
                  {showSeries ? (
                    <>
                      {' · '}
                      <a href={`/${tenant.slug}/consultation-hours/${o.seriesId}`} dir="auto">
                        {o.series.title}
                      </a>
                    </>
                  ) : null}
                  {v ? (
                    <>
                      {' · '}
                      {v.name}, {venueAddress(v)}
                      {accessibilityText(t, v) ? (
                        <span className="q-muted"> ({accessibilityText(t, v)})</span>
                      ) : null}
                    </>
                  ) : null}
                  {o.status === 'changed' ? <em> — {t('network:occurrence.changed')}</em> : null}
                  {o.note ? <span> — {o.note}</span> : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

async function venuesOf(c: C, bundles: SeriesBundle[]) {
  return venuesByIds(
    c.get('services').db,
    c.get('tenant')!.id,
    bundles.flatMap((b) => [
      ...b.slots.map((x) => x.venueId),
      ...b.extras.map((x) => x.venueId),
      ...b.exceptions.map((x) => x.venueId).filter((x): x is string => !!x),
    ]),
  );
}

async function areaFilter(c: C) {
  const slug = c.req.query('area') ?? '';
  if (!slug) return { area: undefined };
  const area = await getPublicAreaBySlug(c.get('services').db, c.get('tenant')!.id, slug);
  if (!area) throw new AppError(404, 'not_found');
  return { area };
}

export function mountPublicPages(pub: Hono<AppEnv>) {
  pub.get('/consultation-hours', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const { area } = await areaFilter(c);
    const bundles = await loadSeries(db, tenant.id, { publishedOnly: true, areaId: area?.id });
    const venues = await venuesOf(c, bundles);
    const list = upcoming(bundles, new Date(), WEEKS_LISTED * 7);
    const areas = await listAreas(db, tenant.id, { kinds: ['programme', 'district'], published: true });
    const feed = `/${tenant.slug}/consultation-hours/calendar.ics${area ? `?area=${area.slug}` : ''}`;
    const title = area ? t('network:public.titleArea', { area: area.name }) : t('network:public.title');
    return publicPage(c, {
      title,
      links: [{ rel: 'alternate', type: 'text/calendar', href: feed, title: t('network:public.feed') }],
      children: (
        <>
          <h1>{title}</h1>
          <p>{t('network:public.intro')}</p>
          <form method="get" className="q-filter">
            <SelectField
              name="area"
              label={t('network:public.area')}
              value={area?.slug ?? ''}
              options={[
                { value: '', label: t('network:all') },
                ...areas.map((a) => ({ value: a.slug, label: a.name })),
              ]}
            />
            <Button type="submit" variant="secondary">
              {t('network:public.show')}
            </Button>
          </form>
          <h2>{t('network:public.next')}</h2>
          {list.length === 0 ? (
            <p>{t('network:public.none')}</p>
          ) : (
            <OccurrenceList c={c} list={list} venues={venues} showSeries />
          )}
          <p>
            <a href={feed}>{t('network:public.feed')}</a> · {t('network:public.feedHint')}
          </p>
          {area ? (
            <ul className="q-links">
              {POSTER_LANGS.map((l) => (
                <li key={l}>
                  <a href={`/${tenant.slug}/consultation-hours/area-poster/${area.slug}.pdf?with=${l}`}>
                    {t('network:public.areaPoster', { lang: t(`network:vocab.languages.${l}`) })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ),
    });
  });

  pub.get('/consultation-hours/calendar.ics', async (c) => {
    const tenant = c.get('tenant')!;
    const { area } = await areaFilter(c);
    const bundles = await loadSeries(c.get('services').db, tenant.id, {
      publishedOnly: true,
      areaId: area?.id,
    });
    return calendarFeed(c, bundles, area ? `${tenant.name} – ${area.name}` : tenant.name);
  });

  pub.get('/consultation-hours/area-poster/:file', async (c) => {
    const tenant = c.get('tenant')!;
    const services = c.get('services');
    const slug = c.req.param('file').replace(/\.pdf$/, '');
    const area = await getPublicAreaBySlug(services.db, tenant.id, slug);
    if (!area) throw new AppError(404, 'not_found');
    const pdf = await areaPosterPdf(
      { db: services.db, i18n: services.i18n, baseUrl: services.config.baseUrl },
      tenant,
      area,
      posterLang(c),
    );
    return fresh(c, pdf, 'application/pdf', `${area.slug}.pdf`);
  });

  pub.get('/consultation-hours/:id', async (c) => {
    const t = c.get('t');
    const b = await publishedSeries(c, c.req.param('id'));
    const tenant = c.get('tenant')!;
    const venues = await venuesOf(c, [b]);
    const list = upcoming([b], new Date(), WEEKS_LISTED * 7);
    const feed = `/${tenant.slug}/consultation-hours/${b.series.id}/calendar.ics`;
    return publicPage(c, {
      title: b.series.title,
      links: [{ rel: 'alternate', type: 'text/calendar', href: feed, title: t('network:public.feed') }],
      children: (
        <>
          <p className="q-breadcrumb">
            <a href={`/${tenant.slug}/consultation-hours`}>{t('network:public.title')}</a>
          </p>
          <h1 dir="auto">{b.series.title}</h1>
          {b.series.description ? <p dir="auto">{b.series.description}</p> : null}
          <h2>{t('network:public.regular')}</h2>
          <ul>
            {b.slots.map((sl) => {
              const v = venues.get(sl.venueId);
              return (
                <li key={sl.id}>
                  <strong>
                    {rhythm(t, sl)}, {sl.startTime}–{sl.endTime} {t('network:public.oclock')}
                  </strong>
                  {v ? (
                    <>
                      <br />
                      {v.name}, {venueAddress(v)}
                      {accessibilityText(t, v) ? (
                        <span className="q-muted"> ({accessibilityText(t, v)})</span>
                      ) : null}
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {b.series.languages.length ? (
            <p>
              {t('network:public.languages', {
                list: b.series.languages.map((l) => t(`network:vocab.languages.${l}`)).join(', '),
              })}
            </p>
          ) : null}
          {b.series.contact ? <p>{t('network:public.contact', { contact: b.series.contact })}</p> : null}
          <h2>{t('network:public.next')}</h2>
          {list.length === 0 ? (
            <p>{t('network:public.none')}</p>
          ) : (
            <OccurrenceList c={c} list={list} venues={venues} showSeries={false} />
          )}
          <ul className="q-links">
            <li>
              <a href={feed}>{t('network:public.feed')}</a>
            </li>
            {POSTER_LANGS.map((l) => (
              <li key={l}>
                <a href={`/${tenant.slug}/consultation-hours/${b.series.id}/poster.pdf?with=${l}`}>
                  {t('network:public.poster', { lang: t(`network:vocab.languages.${l}`) })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });

  pub.get('/consultation-hours/:id/calendar.ics', async (c) => {
    const b = await publishedSeries(c, c.req.param('id'));
    return calendarFeed(c, [b], b.series.title);
  });

  pub.get('/consultation-hours/:id/poster.pdf', async (c) => {
    const b = await publishedSeries(c, c.req.param('id'));
    const tenant = c.get('tenant')!;
    const venues = await venuesOf(c, [b]);
    const other = posterLang(c);
    const pdf = await posterPdf({
      title: b.series.title,
      subtitle: b.series.description,
      url: `${c.get('services').config.baseUrl}/${tenant.slug}/consultation-hours/${b.series.id}`,
      tenantName: tenant.name,
      slots: b.slots.map((slot) => ({ slot, venue: venues.get(slot.venueId) })),
      next: upcoming([b], new Date(), 42),
      venues,
      contact: b.series.contact,
      de: c.get('services').i18n.t('de'),
      other: c.get('services').i18n.t(other),
      otherLang: other,
    });
    return fresh(c, pdf, 'application/pdf', `sprechstunde-${b.series.id.slice(-8)}.pdf`);
  });
}

const posterLang = (c: C): PosterLang => {
  const w = c.req.query('with');
  return (POSTER_LANGS as readonly string[]).includes(w ?? '') ? (w as PosterLang) : 'en';
};

async function publishedSeries(c: C, id: string): Promise<SeriesBundle> {
  const [b] = /^[0-9a-f-]{36}$/i.test(id)
    ? await loadSeries(c.get('services').db, c.get('tenant')!.id, { ids: [id], publishedOnly: true })
    : [];
  if (!b) throw new AppError(404, 'not_found');
  return b;
}

async function calendarFeed(c: C, bundles: SeriesBundle[], name: string) {
  const tenant = c.get('tenant')!;
  const { baseUrl } = c.get('services').config;
  const venues = await venuesOf(c, bundles);
  // From a month back (so a recent cancellation still reaches calendars) to half a year ahead.
  const from = new Date(Date.now() - 30 * 86_400_000);
  const occurrences = bundles.length ? upcoming(bundles, from, FEED_DAYS + 30) : [];
  const body = consultationFeed({
    name,
    host: new URL(baseUrl).host || 'quartier',
    url: `${baseUrl}/${tenant.slug}/consultation-hours`,
    occurrences,
    venues,
    labels: { cancelled: c.get('services').i18n.t('de', 'network')('occurrence.cancelled') },
    seriesUrl: (id) => `${baseUrl}/${tenant.slug}/consultation-hours/${id}`,
  });
  return fresh(c, body, 'text/calendar; charset=utf-8', 'sprechstunden.ics');
}

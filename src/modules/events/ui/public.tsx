import type { Hono } from 'hono';
import { writeCalendar } from '../../../platform/calendar/ical.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { type FeedItem, writeAtom, writeRss } from '../../../platform/feeds/index.ts';
import { servePublishedImage, serveStoredFile } from '../../../platform/files/index.ts';
import {
  type CachedBody,
  cachedBody,
  etagMatches,
  feedResponse,
  hashEtag,
  sendCached,
  withCaching,
} from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { html } from '../../../platform/http/render.tsx';
import { dirOf, htmlLang, type Lang } from '../../../platform/i18n/index.ts';
import { publicDatesOf, publicDatesVersion } from '../../../platform/public-dates.ts';
import { excerpt } from '../../../platform/richtext/index.ts';
import {
  addDays,
  addMonths,
  dayStart,
  formatMonth,
  formatRange,
  isDate,
  listComma,
  todayLocal,
} from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  KeyValueList,
  LinkButton,
  PublicDateGroups,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import { Document } from '../../../ui/shells/Document.tsx';
import { type Area, getPublicAreaBySlug, listAreas } from '../../areas/index.ts';
import { getActor, getVenue } from '../../network/index.ts';
import { EVENT_KINDS, type EventKind, MEETING_KINDS } from '../db/schema.ts';
import { occurrencesBetween } from '../domain/recurrence.ts';
import { EVENT_LANGUAGES, TARGET_GROUPS } from '../domain/vocab.ts';
import { eventJsonLd, eventUrl, type LinkContext, toIcalEvent } from '../feeds/mapping.ts';
import { type Category, categoryLabel, type Event, listPublicCategories } from '../use-cases/events.ts';
import {
  dataVersion,
  feedEvents,
  getPublishedEvent,
  type Listed,
  type PublicFilter,
  publishedOccurrences,
} from '../use-cases/listing.ts';
import { isPerDate, placesByDate, waitingCount } from '../use-cases/registrations.ts';
import { imageOwner, listResultFiles, resultFileForPublic, sourceAttribution } from '../use-cases/results.ts';
import { Agenda, type C, eventHref, imageHref, rhythmText } from './common.tsx';
import { MonthGrid } from './month-grid.tsx';
import { RegistrationSection } from './register.tsx';

const LIST_DAYS = 60;
const LIST_LIMIT = 60;
const FEED_PAST_DAYS = 30;

export interface ResolvedFilter {
  filter: PublicFilter;
  /** Query parameters to repeat in links (feeds, pagination). */
  params: URLSearchParams;
  area?: Area;
  category?: Category;
}

/** Reads the public filter from the query; an unknown area or category answers 404 (never an empty feed by typo). */
export async function resolveFilter(c: C, categories: Category[]): Promise<ResolvedFilter> {
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  // A filter may come in the path (`/events/areas/:area/feed.ics`, see FEED_PREFIXES) or the query.
  const pathParams = c.req.param() as Record<string, string | undefined>;
  const q = (k: string) => (pathParams[k] ?? c.req.query(k) ?? '').trim();
  const params = new URLSearchParams();
  const filter: PublicFilter = {};
  let area: Area | undefined;
  let category: Category | undefined;
  if (q('area')) {
    area = await getPublicAreaBySlug(db, tenant.id, q('area'));
    if (!area) throw new AppError(404, 'area_not_found');
    filter.areaId = area.id;
    params.set('area', area.slug);
  }
  if (q('category')) {
    category = categories.find((x) => x.slug === q('category'));
    if (!category) throw new AppError(404, 'category_not_found');
    filter.categoryId = category.id;
    params.set('category', category.slug);
  }
  for (const k of ['venue', 'organiser'] as const) {
    const v = q(k);
    if (!v) continue;
    if (!isUuid(v)) throw new AppError(404, 'not_found');
    // An unknown venue or organiser answers 404 like an unknown area: no empty feed for a typo or
    // for another tenant's id.
    const known = k === 'venue' ? await getVenue(db, tenant.id, v) : await getActor(db, tenant.id, v);
    if (!known) throw new AppError(404, 'not_found');
    if (k === 'venue') filter.venueId = v;
    else filter.organiserId = v;
    params.set(k, v);
  }
  const group = q('group');
  if (group && (TARGET_GROUPS as readonly string[]).includes(group)) {
    filter.targetGroup = group;
    params.set('group', group);
  }
  const language = q('language');
  if (language && (EVENT_LANGUAGES as readonly string[]).includes(language)) {
    filter.language = language;
    params.set('language', language);
  }
  const kind = q('kind');
  if (kind && (EVENT_KINDS as readonly string[]).includes(kind)) {
    filter.kind = kind as EventKind;
    params.set('kind', kind);
  }
  if (q('free') === '1') {
    filter.free = true;
    params.set('free', '1');
  }
  // Text search in titles and descriptions: the words as typed, spaces collapsed, at most 100 characters.
  const text = q('q').replace(/\s+/g, ' ').slice(0, 100).trim();
  if (text) {
    filter.q = text;
    params.set('q', text);
  }
  return { filter, params, area, category };
}

const qs = (p: URLSearchParams, extra: Record<string, string> = {}) => {
  const x = new URLSearchParams(p);
  for (const [k, v] of Object.entries(extra)) x.set(k, v);
  const s = x.toString();
  return s ? `?${s}` : '';
};

export function linkContext(c: C): LinkContext {
  const { baseUrl } = c.get('services').config;
  return { baseUrl, tenantSlug: c.get('tenant')!.slug, host: new URL(baseUrl).host || 'quartier' };
}

/** Filters that also have a path form for feeds: query parameter → path segment. */
const PATH_FILTERS = [
  ['area', 'areas'],
  ['category', 'categories'],
  ['venue', 'venues'],
  ['organiser', 'organisers'],
] as const;
const UUID_PARAM = '{[0-9a-f-]{36}}';
/** Route prefixes below /events under which the feeds are served (the path form of PATH_FILTERS). */
const FEED_PREFIXES = [
  '',
  '/areas/:area',
  '/categories/:category',
  `/venues/:venue${UUID_PARAM}`,
  `/organisers/:organiser${UUID_PARAM}`,
];

/**
 * The URL of a feed for a filter: the first area/category/venue/organiser goes into the path
 * (`/berlin/events/venues/<id>/feed.ics`) — a stable address calendar apps keep —, the rest stays
 * in the query.
 */
export function feedHref(tenantSlug: string, params: URLSearchParams, ext: 'ics' | 'rss' | 'atom'): string {
  const base = `/${tenantSlug}/events`;
  const rest = new URLSearchParams(params);
  for (const [key, segment] of PATH_FILTERS) {
    const v = rest.get(key);
    if (!v) continue;
    rest.delete(key);
    return `${base}/${segment}/${encodeURIComponent(v)}/feed.${ext}${qs(rest)}`;
  }
  return `${base}/feed.${ext}${qs(rest)}`;
}

/** The <link rel="alternate"> tags a listing advertises (iCalendar, RSS, Atom for the same filter). */
export function feedLinks(c: C, params: URLSearchParams, title: string) {
  const t = c.get('t');
  const slug = c.get('tenant')!.slug;
  return [
    {
      rel: 'alternate',
      type: 'text/calendar',
      href: feedHref(slug, params, 'ics'),
      title: `${title} (${t('events:feeds.ical')})`,
    },
    {
      rel: 'alternate',
      type: 'application/rss+xml',
      href: feedHref(slug, params, 'rss'),
      title: `${title} (RSS)`,
    },
    {
      rel: 'alternate',
      type: 'application/atom+xml',
      href: feedHref(slug, params, 'atom'),
      title: `${title} (Atom)`,
    },
  ];
}

// Rendered feeds, keyed by tenant, filter, data version and day: a feed is built once per change.
const feedCache = new Map<string, CachedBody>();
const FEED_CACHE_MAX = 64;
// Rendered listing pages (same idea; the key also has the URL and the language).
const pageCache = new Map<string, CachedBody>();
const PAGE_CACHE_MAX = 200;
function remember<T>(cache: Map<string, T>, key: string, value: T, max: number) {
  cache.delete(key);
  cache.set(key, value);
  while (cache.size > max) cache.delete(cache.keys().next().value as string);
}
const building = new Map<string, Promise<CachedBody>>();
/** The cached feed for a key, built once even when several requests ask at the same moment. */
async function cachedFeed(key: string, etag: string, build: () => Promise<string>): Promise<CachedBody> {
  const hit = feedCache.get(key);
  if (hit) {
    remember(feedCache, key, hit, FEED_CACHE_MAX);
    return hit;
  }
  let p = building.get(key);
  if (!p) {
    p = build().then((body) => {
      const entry = cachedBody(body, etag);
      remember(feedCache, key, entry, FEED_CACHE_MAX);
      return entry;
    });
    building.set(key, p);
    p.finally(() => building.delete(key)).catch(() => {});
  }
  return p;
}
const NOT_MODIFIED: CachedBody = { body: new Uint8Array(), etag: '' };

/** Other modules' dates (a council's public meetings) belong to no category, venue or organiser. */
const onlyByArea = (rf: ResolvedFilter) => Object.entries(rf.filter).every(([k, v]) => k === 'areaId' || !v);

/**
 * Other modules' public dates for a feed, with what they are in words (`label`, in `lang`): only
 * when the feed is filtered by nothing but the area, as on the listing.
 */
async function feedDates(c: C, rf: ResolvedFilter, from: Date, to: Date, lang: Lang) {
  if (!onlyByArea(rf)) return [];
  const services = c.get('services');
  const groups = await publicDatesOf(services, c.get('tenant')!.id, {
    areaId: rf.area?.id ?? null,
    from,
    to,
    limit: 100,
  });
  return groups.flatMap((g) =>
    g.dates.map((d) => ({ ...d, what: String(services.i18n.t(lang, g.ns)(`${g.ns}:${d.label}`)) })),
  );
}

function FilterForm({
  c,
  rf,
  categories,
  areas,
  view,
  month,
}: {
  c: C;
  rf: ResolvedFilter;
  categories: Category[];
  areas: { slug: string; name: string }[];
  view: string;
  month?: string;
}) {
  const t = c.get('t');
  const lang = c.get('lang');
  return (
    <form method="get" className="q-filter" aria-label={t('events:public.filter')}>
      {view === 'month' ? <input type="hidden" name="view" value="month" /> : null}
      {month ? <input type="hidden" name="month" value={month} /> : null}
      <TextField name="q" type="search" label={t('events:public.search')} value={rf.filter.q ?? ''} />
      <SelectField
        name="area"
        label={t('events:fields.area')}
        value={rf.area?.slug ?? ''}
        options={[
          { value: '', label: t('events:public.allAreas') },
          ...areas.map((a) => ({ value: a.slug, label: a.name })),
        ]}
      />
      <SelectField
        name="category"
        label={t('events:fields.categories')}
        value={rf.category?.slug ?? ''}
        options={[
          { value: '', label: t('events:public.allCategories') },
          ...categories.map((x) => ({ value: x.slug, label: categoryLabel(x, lang) })),
        ]}
      />
      <SelectField
        name="group"
        label={t('events:fields.targetGroups')}
        value={rf.filter.targetGroup ?? ''}
        options={[
          { value: '', label: t('events:public.everyone') },
          ...TARGET_GROUPS.map((g) => ({ value: g, label: t(`events:vocab.targetGroups.${g}`) })),
        ]}
      />
      <SelectField
        name="language"
        label={t('events:fields.languages')}
        value={rf.filter.language ?? ''}
        options={[
          { value: '', label: t('events:public.anyLanguage') },
          ...EVENT_LANGUAGES.map((l) => ({ value: l, label: t(`events:vocab.languages.${l}`) })),
        ]}
      />
      <CheckboxField name="free" value="1" label={t('events:public.onlyFree')} checked={!!rf.filter.free} />
      <Button type="submit" variant="secondary">
        {t('events:public.show')}
      </Button>
    </form>
  );
}

export function mountPublicEventPages(pub: Hono<AppEnv>) {
  // ── Listing: the next weeks (list) or one month ────────────────────────────────────────────
  pub.get('/events', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const categories = await listPublicCategories(db, tenant.id);
    const rf = await resolveFilter(c, categories);
    const view = c.req.query('view') === 'month' ? 'month' : 'list';
    // The rendered page is kept per URL, language and data version (plus the minute for the list,
    // which starts "now"): a month with 800 events is rendered once, not on every request.
    // Other modules' public dates (a council's public meetings) belong to no category, venue or
    // organiser: they are listed when the listing is filtered by nothing but the area.
    const withDates = onlyByArea(rf);
    const services = c.get('services');
    const [version, datesVersion] = await Promise.all([
      dataVersion(db, tenant.id, rf.filter),
      withDates ? publicDatesVersion(services, tenant.id) : '',
    ]);
    const pageKey = `page|${tenant.id}|${c.req.url}|${c.get('lang')}|${version}|${datesVersion}|${categories.length}|${view === 'list' ? Math.floor(Date.now() / 60_000) : todayLocal()}`;
    const hit = pageCache.get(pageKey);
    if (hit !== undefined) return sendCached(c, hit, 'text/html; charset=UTF-8', { page: true });
    const catMap = new Map(categories.map((x) => [x.id, x]));
    const areas = await listAreas(db, tenant.id, { kinds: ['programme', 'district'], published: true });
    const today = todayLocal();
    const base = `/${tenant.slug}/events`;
    const title = rf.area ? t('events:public.titleArea', { area: rf.area.name }) : t('events:public.title');
    let heading: string;
    let items: Listed[];
    let nav: { prev?: string; next?: string; prevLabel?: string; nextLabel?: string };
    let month: string | undefined;
    let span: { from: Date; to: Date };
    if (view === 'month') {
      const m = c.req.query('month') ?? '';
      month = /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : today.slice(0, 7);
      const first = `${month}-01`;
      const next = addMonths(first, 1);
      span = { from: dayStart(first), to: dayStart(next) };
      items = await publishedOccurrences(db, tenant.id, rf.filter, span.from, span.to);
      heading = formatMonth(month, lang);
      nav = {
        prev: `${base}${qs(rf.params, { view: 'month', month: addMonths(first, -1).slice(0, 7) })}`,
        next: `${base}${qs(rf.params, { view: 'month', month: next.slice(0, 7) })}`,
        prevLabel: formatMonth(addMonths(first, -1).slice(0, 7), lang),
        nextLabel: formatMonth(next.slice(0, 7), lang),
      };
    } else {
      const fromQ = c.req.query('from') ?? '';
      const from = isDate(fromQ) && fromQ > today ? fromQ : today;
      const fromInstant = from === today ? new Date() : dayStart(from);
      const all = await publishedOccurrences(
        db,
        tenant.id,
        rf.filter,
        fromInstant,
        dayStart(addDays(from, LIST_DAYS)),
        {
          limit: LIST_LIMIT + 1,
        },
      );
      items = all.slice(0, LIST_LIMIT);
      span = { from: fromInstant, to: dayStart(addDays(from, LIST_DAYS)) };
      const more = all.length > LIST_LIMIT ? all[LIST_LIMIT] : null;
      const nextFrom = more ? todayLocal(more.occ.start) : addDays(from, LIST_DAYS);
      heading = t('events:public.upcoming');
      nav = {
        next: `${base}${qs(rf.params, { from: nextFrom === from ? addDays(from, 1) : nextFrom })}`,
        nextLabel: t('events:public.later'),
        ...(from > today ? { prev: `${base}${qs(rf.params)}`, prevLabel: t('events:public.fromToday') } : {}),
      };
    }
    const dateGroups = withDates
      ? await publicDatesOf(services, tenant.id, {
          areaId: rf.area?.id ?? null,
          ...span,
          limit: LIST_LIMIT,
        })
      : [];
    const links = feedLinks(c, rf.params, title);
    const res = await publicPage(c, {
      title,
      description: t('events:public.intro'),
      links,
      children: (
        <>
          <nav aria-label={t('events:public.breadcrumb')} className="q-breadcrumb">
            <ol>
              <li>
                <a href={`/${tenant.slug}`}>{tenant.name}</a>
              </li>
              <li aria-current="page">{t('events:public.title')}</li>
            </ol>
          </nav>
          <h1>{title}</h1>
          <p>{t('events:public.intro')}</p>
          <p className="q-actions">
            <LinkButton href={`${base}/submit`} variant="secondary">
              {t('events:public.submitLink')}
            </LinkButton>
          </p>
          <FilterForm c={c} rf={rf} categories={categories} areas={areas} view={view} month={month} />
          <nav aria-label={t('events:public.views')} className="q-links">
            <a href={`${base}${qs(rf.params)}`} aria-current={view === 'list' ? 'page' : undefined}>
              {t('events:public.listView')}
            </a>{' '}
            ·{' '}
            <a
              href={`${base}${qs(rf.params, { view: 'month' })}`}
              aria-current={view === 'month' ? 'page' : undefined}
            >
              {t('events:public.monthView')}
            </a>
          </nav>
          <h2>{heading}</h2>
          {rf.filter.q ? (
            <p role="status" className="q-result-count">
              {t(view === 'month' ? 'events:public.foundMonth' : 'events:public.found', {
                count: items.length,
                q: rf.filter.q,
              })}
            </p>
          ) : null}
          {view === 'month' && month ? (
            <MonthGrid
              t={t}
              lang={lang}
              tenantSlug={tenant.slug}
              month={month}
              today={today}
              caption={heading}
              items={items}
            />
          ) : null}
          {items.length === 0 ? (
            <p>{t('events:public.none')}</p>
          ) : (
            <Agenda
              t={t}
              lang={lang}
              tenantSlug={tenant.slug}
              items={items}
              categories={catMap}
              headingLevel={3}
              compact={view === 'month'}
            />
          )}
          <PublicDateGroups
            t={t}
            lang={lang}
            tenantSlug={tenant.slug}
            groups={dateGroups}
            cancelledLabel={t('events:cancelled')}
          />
          <nav aria-label={t('events:public.pages')} className="q-pagination">
            <ul>
              {nav.prev ? (
                <li>
                  <a href={nav.prev} rel="prev">
                    ‹ {nav.prevLabel}
                  </a>
                </li>
              ) : null}
              {nav.next ? (
                <li>
                  <a href={nav.next} rel="next">
                    {nav.nextLabel} ›
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
          <section aria-labelledby="subscribe">
            <h2 id="subscribe">{t('events:feeds.title')}</h2>
            <p>{t('events:feeds.intro')}</p>
            <ul className="q-links">
              {links.map((l) => (
                <li key={l.href}>
                  <a href={l.href} type={l.type}>
                    {l.title}
                  </a>
                </li>
              ))}
              <li>
                <a href={`${base}/embed${qs(rf.params)}`}>{t('events:feeds.embed')}</a>
              </li>
            </ul>
          </section>
        </>
      ),
    });
    if (res.status !== 200) return res;
    // The listing carries no per-request token (no nonce, no CSRF field), so the body is shareable.
    const entry = cachedBody(await res.text());
    remember(pageCache, pageKey, entry, PAGE_CACHE_MAX);
    return sendCached(c, entry, 'text/html; charset=UTF-8', { page: true });
  });

  // ── Feeds ──────────────────────────────────────────────────────────────────────────────────
  const icsFeed = async (c: C) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const categories = await listPublicCategories(db, tenant.id);
    const rf = await resolveFilter(c, categories);
    const [version, datesVersion] = await Promise.all([
      dataVersion(db, tenant.id, rf.filter),
      onlyByArea(rf) ? publicDatesVersion(c.get('services'), tenant.id) : '',
    ]);
    const today = todayLocal();
    const key = `ics|${tenant.id}|${rf.params}|${version}|${datesVersion}|${today}|${categories.length}`;
    const etag = hashEtag(key);
    if (etagMatches(c.req.header('if-none-match'), etag))
      return sendCached(c, { ...NOT_MODIFIED, etag }, 'text/calendar', { maxAge: 300 });
    const entry = await cachedFeed(key, etag, async () => {
      const list = await feedEvents(db, tenant.id, rf.filter, dayStart(addDays(today, -FEED_PAST_DAYS)));
      const catMap = new Map(categories.map((x) => [x.id, x]));
      const l = linkContext(c);
      const name = [tenant.name, rf.area?.name, rf.category?.name].filter(Boolean).join(' – ');
      // Public meetings of the councils and the like, from a year back to a year ahead.
      const dates = await feedDates(
        c,
        rf,
        dayStart(addDays(today, -FEED_PAST_DAYS)),
        dayStart(addDays(today, 366)),
        'de',
      );
      return writeCalendar({
        product: 'Events',
        name,
        url: `${l.baseUrl}/${tenant.slug}/events${qs(rf.params)}`,
        events: [
          ...list.map((e) => toIcalEvent(e, l, catMap)),
          ...dates.map((d) => ({
            uid: `${d.key.replace(/[^\w.:-]/g, '-')}@${l.host}`,
            sequence: 0,
            stamp: d.start,
            start: d.start,
            end: d.end,
            allDay: false,
            summary: `${d.what}: ${d.title}`,
            location: d.place || undefined,
            url: `${l.baseUrl}/${tenant.slug}${d.href}`,
            status: d.cancelled ? ('CANCELLED' as const) : ('CONFIRMED' as const),
          })),
        ],
      });
    });
    return sendCached(c, entry, 'text/calendar; charset=utf-8', {
      maxAge: 300,
      filename: 'veranstaltungen.ics',
    });
  };
  for (const prefix of FEED_PREFIXES) pub.get(`/events${prefix}/feed.ics`, icsFeed);

  for (const kind of ['rss', 'atom'] as const) {
    const syndicationFeed = async (c: C) => {
      const t = c.get('t');
      const lang = c.get('lang');
      const tenant = c.get('tenant')!;
      const db = c.get('services').db;
      const categories = await listPublicCategories(db, tenant.id);
      const rf = await resolveFilter(c, categories);
      const [version, datesVersion] = await Promise.all([
        dataVersion(db, tenant.id, rf.filter),
        onlyByArea(rf) ? publicDatesVersion(c.get('services'), tenant.id) : '',
      ]);
      const today = todayLocal();
      const key = `${kind}|${lang}|${tenant.id}|${rf.params}|${version}|${datesVersion}|${today}`;
      const etag = hashEtag(key);
      const type =
        kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8';
      if (etagMatches(c.req.header('if-none-match'), etag))
        return sendCached(c, { ...NOT_MODIFIED, etag }, type, { maxAge: 300 });
      const entry = await cachedFeed(key, etag, async () => {
        const items = await publishedOccurrences(
          db,
          tenant.id,
          rf.filter,
          new Date(),
          dayStart(addDays(today, 90)),
          {
            limit: 100,
          },
        );
        const l = linkContext(c);
        const catMap = new Map(categories.map((x) => [x.id, x]));
        const title = [
          rf.area ? t('events:public.titleArea', { area: rf.area.name }) : t('events:public.title'),
          tenant.name,
        ].join(' – ');
        const feedItems: FeedItem[] = items.map(({ event: e, occ }) => ({
          id: `${eventUrl(l, e.id)}#${occ.date}`,
          title: `${formatRange(occ.start, occ.end, lang, e.allDay)}: ${e.cancelledAt ? `${t('events:cancelled')}: ` : ''}${e.title}`,
          url: eventUrl(l, e.id),
          summary: [e.locationName, e.organiserName].filter(Boolean).join(' · '),
          published: e.updatedAt,
          updated: e.updatedAt,
          categories: e.categoryIds
            .map((id) => catMap.get(id))
            .filter((x): x is Category => !!x)
            .map((x) => categoryLabel(x, lang)),
          author: e.organiserName || undefined,
        }));
        // Public meetings of the councils and the like in the same window, after the events.
        const now = new Date();
        for (const d of await feedDates(c, rf, now, dayStart(addDays(today, 90)), lang))
          feedItems.push({
            id: `${l.baseUrl}/${tenant.slug}${d.href}#${d.key}`,
            title: `${formatRange(d.start, d.end, lang)}: ${d.cancelled ? `${t('events:cancelled')}: ` : ''}${d.what}: ${d.title}`,
            url: `${l.baseUrl}/${tenant.slug}${d.href}`,
            summary: d.place,
            published: d.start,
            updated: d.start,
            categories: [],
          });
        const feed = {
          title,
          link: `${l.baseUrl}/${tenant.slug}/events${qs(rf.params)}`,
          selfUrl: `${l.baseUrl}/${tenant.slug}/events/feed.${kind}${qs(rf.params)}`,
          description: t('events:public.intro'),
          language: htmlLang(lang),
          items: feedItems,
          updated: new Date(Number(version.split('-')[1]) || 0),
        };
        return kind === 'rss' ? writeRss(feed) : writeAtom(feed);
      });
      return sendCached(c, entry, type, { maxAge: 300 });
    };
    for (const prefix of FEED_PREFIXES) pub.get(`/events${prefix}/feed.${kind}`, syndicationFeed);
  }

  // ── Embeddable listing for partners' websites: plain HTML in an iframe, no script ──────────
  pub.get('/events/embed', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const categories = await listPublicCategories(db, tenant.id);
    const rf = await resolveFilter(c, categories);
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 10) || 10, 1), 30);
    const items = await publishedOccurrences(
      db,
      tenant.id,
      rf.filter,
      new Date(),
      dayStart(addDays(todayLocal(), 120)),
      {
        limit,
      },
    );
    const l = linkContext(c);
    const title = rf.area ? t('events:public.titleArea', { area: rf.area.name }) : t('events:public.title');
    const res = html(
      c,
      <Document
        lang={htmlLang(lang)}
        dir={dirOf(lang)}
        title={title}
        bodyClass="q-public q-embed"
        nonce={c.get('nonce')}
      >
        <main className="q-main" id="main">
          <h1 className="kern-heading-small">{title}</h1>
          {items.length === 0 ? (
            <p>{t('events:public.none')}</p>
          ) : (
            <Agenda
              t={t}
              lang={lang}
              tenantSlug={tenant.slug}
              items={items}
              categories={new Map(categories.map((x) => [x.id, x]))}
              headingLevel={2}
              external={l.baseUrl}
            />
          )}
          <p>
            <a href={`${l.baseUrl}/${tenant.slug}/events${qs(rf.params)}`} target="_top">
              {t('events:embed.all', { tenant: tenant.name })}
            </a>
          </p>
        </main>
      </Document>,
    );
    // Partners frame this page: allow any ancestor (CSP frame-ancestors overrides X-Frame-Options).
    res.headers.set(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *",
    );
    res.headers.set('X-Frame-Options', 'ALLOWALL');
    return withCaching(c, res, { maxAge: 300 });
  });

  pub.get('/events/embed-code', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const categories = await listPublicCategories(c.get('services').db, tenant.id);
    const rf = await resolveFilter(c, categories);
    const l = linkContext(c);
    const src = `${l.baseUrl}/${tenant.slug}/events/embed${qs(rf.params)}`;
    const code = `<iframe src="${src}" title="${t('events:public.title')} – ${tenant.name}" width="100%" height="600" loading="lazy"></iframe>`;
    return publicPage(c, {
      title: t('events:embed.title'),
      children: (
        <article className="q-prose">
          <h1>{t('events:embed.title')}</h1>
          <p>{t('events:embed.intro')}</p>
          <pre>
            <code>{code}</code>
          </pre>
          <p>
            <a href={src}>{t('events:embed.preview')}</a>
          </p>
        </article>
      ),
    });
  });

  // ── Stored images and result documents ────────────────────────────────────────────────────
  pub.get('/events/images/:file', async (c) => {
    const tenant = c.get('tenant')!;
    const { db, config } = c.get('services');
    // Images of events not (yet) public are not served.
    const res = await servePublishedImage(c, {
      storageDir: config.storageDir,
      tenantId: tenant.id,
      file: c.req.param('file'),
      owner: (id) => imageOwner(db, tenant.id, id),
    });
    if (!res) throw new AppError(404, 'not_found');
    return res;
  });

  pub.get('/events/files/:id', async (c) => {
    const tenant = c.get('tenant')!;
    const id = c.req.param('id');
    if (!isUuid(id)) throw new AppError(404, 'not_found');
    const db = c.get('services').db;
    const f = await resultFileForPublic(db, tenant.id, id);
    if (!f) throw new AppError(404, 'not_found');
    const res = await serveStoredFile(c, {
      storageDir: c.get('services').config.storageDir,
      tenantId: tenant.id,
      id,
      contentType: f.contentType,
      filename: f.filename,
    });
    if (!res) throw new AppError(404, 'not_found');
    return res;
  });
}

/** The public page of one event (registered after the fixed /events/… paths). */
export function mountPublicEventPage(pub: Hono<AppEnv>) {
  pub.get('/events/:id{[0-9a-f-]{36}}', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const e = await getPublishedEvent(db, tenant.id, c.req.param('id'));
    if (!e) throw new AppError(404, 'event_not_found');
    const categories = await listPublicCategories(db, tenant.id);
    const catMap = new Map(categories.map((x) => [x.id, x]));
    const now = new Date();
    const upcoming = e.rrule
      ? occurrencesBetween(e, now, new Date(now.getTime() + 180 * 86_400_000)).slice(0, 8)
      : [];
    const shown = upcoming[0] ?? { start: e.startsAt, end: e.endsAt };
    const l = linkContext(c);
    const img = imageHref(tenant.slug, e);
    const imgAbs = img ? `${l.baseUrl}${img}` : null;
    const files =
      MEETING_KINDS.includes(e.kind) && e.resultsPublishedAt
        ? await listResultFiles(db, tenant.id, e.id)
        : [];
    const source = e.importSourceId ? await sourceAttribution(db, tenant.id, e.importSourceId) : null;
    // The organiser's own website, when the organiser is an organisation of the directory.
    const organiser = e.organiserActorId ? await getActor(db, tenant.id, e.organiserActorId) : undefined;
    const area = e.areaId
      ? (await listAreas(db, tenant.id, { ids: [e.areaId], published: true }))[0]
      : undefined;
    const when = formatRange(shown.start, shown.end, lang, e.allDay);
    // Places per date of a series registered per date (the next dates that can be chosen).
    const dates =
      e.registrationRequired && isPerDate(e) && !e.cancelledAt ? await placesByDate(db, e, { now }) : [];
    const waiting = e.registrationRequired && !isPerDate(e) ? await waitingCount(db, tenant.id, e.id) : 0;
    // Places left on the date shown (and described in JSON-LD): from the list above, or — when that
    // date has already begun and so is not in it — read on its own.
    const shownLeft =
      e.registrationRequired && isPerDate(e) && 'date' in shown
        ? (
            dates.find((d) => d.date === shown.date) ??
            (await placesByDate(db, e, { dates: [shown.date] }))[0]
          )?.left
        : undefined;
    const description = excerpt(e.descriptionHtml, 200) || e.title;
    const access = [
      e.stepFree === true
        ? t('events:access.stepFree')
        : e.stepFree === false
          ? t('events:access.notStepFree')
          : '',
      e.accessibleToilet ? t('events:access.toilet') : '',
      e.hearingLoop ? t('events:access.hearingLoop') : '',
      e.signLanguage ? t('events:access.signLanguage') : '',
      e.accessibilityNotes,
    ].filter(Boolean);
    const res = await publicPage(c, {
      title: e.title,
      description,
      links: [
        {
          rel: 'alternate',
          type: 'text/calendar',
          href: `${eventHref(tenant.slug, e.id)}/calendar.ics`,
          title: t('events:public.addToCalendar'),
        },
        { rel: 'canonical', href: eventUrl(l, e.id) },
      ],
      meta: [
        { property: 'og:type', content: 'website' },
        { property: 'og:title', content: e.title },
        { property: 'og:description', content: `${when} – ${description}` },
        { property: 'og:url', content: eventUrl(l, e.id) },
        ...(imgAbs
          ? [
              { property: 'og:image', content: imgAbs },
              { property: 'og:image:alt', content: e.imageAlt },
            ]
          : []),
      ],
      jsonLd: [
        eventJsonLd(e, {
          links: l,
          start: shown.start,
          end: shown.end,
          categories: catMap,
          imageUrl: imgAbs,
          remaining: shownLeft ?? null,
          organiserUrl: organiser?.kind === 'organisation' ? organiser.website : null,
          audienceLabel: (g) => t(`events:vocab.targetGroups.${g}`),
        }),
      ],
      children: (
        <article>
          <nav aria-label={t('events:public.breadcrumb')} className="q-breadcrumb">
            <ol>
              <li>
                <a href={`/${tenant.slug}`}>{tenant.name}</a>
              </li>
              <li>
                <a href={`/${tenant.slug}/events`}>{t('events:public.title')}</a>
              </li>
              <li aria-current="page">{e.title}</li>
            </ol>
          </nav>
          {e.kind !== 'event' ? <p className="q-meta">{t(`events:kinds.${e.kind}`)}</p> : null}
          <h1>{e.title}</h1>
          {/* Organisers write in their own language (mostly German); nothing is machine-translated. */}
          {c.get('lang') !== 'de' ? (
            <p className="q-notice q-translation-note">{t('events:public.untranslated')}</p>
          ) : null}
          {e.cancelledAt ? (
            <Alert variant="error" title={t('events:public.cancelledTitle')}>
              {e.cancelReason || t('events:public.cancelledText')}
            </Alert>
          ) : null}
          {img ? (
            <figure className="q-figure">
              <img src={img} alt={e.imageAlt} loading="lazy" decoding="async" />
            </figure>
          ) : null}
          <KeyValueList
            items={[
              {
                key: 'when',
                term: t('events:fields.when'),
                value: e.rrule ? rhythmText(t, lang, e) : when,
              },
              ...(e.rrule && upcoming[0]
                ? [
                    {
                      key: 'next',
                      term: t('events:public.nextDate'),
                      value: formatRange(upcoming[0].start, upcoming[0].end, lang, e.allDay),
                    },
                  ]
                : []),
              {
                key: 'where',
                term: t('events:fields.where'),
                value: (
                  <>
                    {[e.locationName, e.locationAddress].filter(Boolean).join(', ')}
                    {e.onlineUrl ? (
                      <>
                        {e.locationName ? <br /> : null}
                        <a href={e.onlineUrl} rel="nofollow noopener">
                          {t('events:public.onlineLink')}
                        </a>
                      </>
                    ) : null}
                  </>
                ),
              },
              ...(area
                ? [
                    {
                      key: 'area',
                      term: t('events:fields.area'),
                      value: <a href={`/${tenant.slug}/areas/${area.slug}`}>{area.name}</a>,
                    },
                  ]
                : []),
              { key: 'organiser', term: t('events:fields.organiser'), value: e.organiserName },
              {
                key: 'cost',
                term: t('events:fields.cost'),
                value: [t(`events:costs.${e.cost}`), e.costNote].filter(Boolean).join(' – '),
              },
              ...(e.targetGroups.length
                ? [
                    {
                      key: 'groups',
                      term: t('events:fields.targetGroups'),
                      value: e.targetGroups
                        .map((g) => t(`events:vocab.targetGroups.${g}`))
                        .join(listComma(lang)),
                    },
                  ]
                : []),
              ...(e.languages.length
                ? [
                    {
                      key: 'langs',
                      term: t('events:fields.languages'),
                      value: e.languages.map((x) => t(`events:vocab.languages.${x}`)).join(listComma(lang)),
                    },
                  ]
                : []),
              {
                key: 'access',
                term: t('events:fields.accessibility'),
                value: access.length ? access.join('; ') : t('events:access.unknown'),
              },
              ...(e.categoryIds.length
                ? [
                    {
                      key: 'cats',
                      term: t('events:fields.categories'),
                      value: e.categoryIds
                        .map((id) => catMap.get(id))
                        .filter((x): x is Category => !!x)
                        .map((x) => (
                          <a key={x.id} href={`/${tenant.slug}/events?category=${x.slug}`} className="q-tag">
                            {categoryLabel(x, lang)}{' '}
                          </a>
                        )),
                    },
                  ]
                : []),
              ...(e.contactEmail
                ? [
                    {
                      key: 'contact',
                      term: t('events:fields.contactEmail'),
                      value: <a href={`mailto:${e.contactEmail}`}>{e.contactEmail}</a>,
                    },
                  ]
                : []),
            ]}
          />
          {e.descriptionHtml ? (
            // Written in any language: dir="auto" keeps a German text left to right on an Arabic page.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on save (platform/richtext)
            <div className="q-prose" dir="auto" dangerouslySetInnerHTML={{ __html: e.descriptionHtml }} />
          ) : null}
          {/* A series registered per date lists its dates with their places below instead. */}
          {upcoming.length > 1 && dates.length === 0 ? (
            <section aria-labelledby="dates">
              <h2 id="dates">{t('events:public.nextDates')}</h2>
              <ul>
                {upcoming.map((o) => (
                  <li key={o.date}>{formatRange(o.start, o.end, lang, e.allDay)}</li>
                ))}
              </ul>
            </section>
          ) : null}
          <RegistrationSection c={c} e={e} dates={dates} waiting={waiting} now={now} />
          {MEETING_KINDS.includes(e.kind) && e.resultsPublishedAt ? (
            <section aria-labelledby="results">
              <h2 id="results">{t('events:results.title')}</h2>
              {e.resultsHtml ? (
                // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on save
                <div className="q-prose" dir="auto" dangerouslySetInnerHTML={{ __html: e.resultsHtml }} />
              ) : null}
              {files.length ? (
                <ul className="q-links">
                  {files.map((f) => (
                    <li key={f.id}>
                      <a href={`/${tenant.slug}/events/files/${f.id}`}>{f.title}</a>{' '}
                      <span className="q-meta">
                        ({f.contentType === 'application/pdf' ? 'PDF' : t('events:results.image')},{' '}
                        {Math.ceil(f.size / 1024)} KB)
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
          ) : null}
          <ul className="q-links">
            <li>
              <a href={`${eventHref(tenant.slug, e.id)}/calendar.ics`} type="text/calendar">
                {t('events:public.addToCalendar')}
              </a>
            </li>
            {area ? (
              <li>
                <a href={`/${tenant.slug}/events?area=${area.slug}`}>
                  {t('events:public.moreInArea', { area: area.name })}
                </a>
              </li>
            ) : null}
            {e.venueId ? (
              <li>
                <a
                  href={feedHref(tenant.slug, new URLSearchParams({ venue: e.venueId }), 'ics')}
                  type="text/calendar"
                >
                  {t('events:public.venueFeed')}
                </a>
              </li>
            ) : null}
            {e.organiserActorId ? (
              <li>
                <a
                  href={feedHref(tenant.slug, new URLSearchParams({ organiser: e.organiserActorId }), 'ics')}
                  type="text/calendar"
                >
                  {t('events:public.organiserFeed')}
                </a>
              </li>
            ) : null}
          </ul>
          {source ? (
            <p className="q-meta">
              {t('events:public.source')}{' '}
              {source.attributionUrl ? (
                <a href={source.attributionUrl}>{source.attribution || source.name}</a>
              ) : (
                source.attribution || source.name
              )}
            </p>
          ) : null}
        </article>
      ),
    });
    // Places change with every registration: a page that shows them is revalidated on each visit
    // (a 304 when nothing changed), so going back after registering never shows the old count.
    return withCaching(c, res, { maxAge: e.registrationRequired && !e.cancelledAt ? 0 : 60 });
  });

  pub.get('/events/:id{[0-9a-f-]{36}}/calendar.ics', async (c) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const e: Event | undefined = await getPublishedEvent(db, tenant.id, c.req.param('id'));
    if (!e) throw new AppError(404, 'event_not_found');
    const categories = await listPublicCategories(db, tenant.id);
    const body = writeCalendar({
      product: 'Events',
      name: e.title,
      events: [toIcalEvent(e, linkContext(c), new Map(categories.map((x) => [x.id, x])))],
    });
    return feedResponse(c, body, 'text/calendar; charset=utf-8', { filename: 'termin.ics' });
  });
}

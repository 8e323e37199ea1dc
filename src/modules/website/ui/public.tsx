import type { Context, Hono } from 'hono';
import type { ReactNode } from 'react';
import { writeAtom, writeRss } from '../../../platform/feeds/index.ts';
import { servePublishedImage } from '../../../platform/files/index.ts';
import { etagMatches, feedResponse, hashEtag, withCaching } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { dirOf, htmlLang, isLang, type Lang } from '../../../platform/i18n/index.ts';
import { publicDatesOf } from '../../../platform/public-dates.ts';
import { excerpt } from '../../../platform/richtext/index.ts';
import { addDays, dayStart, formatDate, formatDayHeading, todayLocal } from '../../../platform/time/index.ts';
import { Translated as SharedTranslated } from '../../../ui/components/Translated.tsx';
import { LinkButton, PublicDateGroups } from '../../../ui/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import {
  type Area,
  AreaMap,
  areaPageContext,
  descendantIds,
  getPublicAreaBySlug,
  listAreas,
  type MapMarker,
  placeMarkers,
} from '../../areas/index.ts';
import { PlanAreaSection, publicPlans } from '../../coordination/index.ts';
import { Agenda, feedLinks, listCategories, publishedOccurrences } from '../../events/index.ts';
import { listHouses } from '../../houses/index.ts';
import { listVenues, loadSeries, upcoming } from '../../network/index.ts';
import { hasPublicProfile } from '../../profiles/index.ts';
import {
  type PageWithTexts,
  type PostWithTexts,
  pickText,
  postImageOwner,
  postsVersion,
  publishedPageBySlug,
  publishedPages,
  publishedPostBySlug,
  publishedPosts,
} from '../use-cases/content.ts';
import { type GuideHour, guidePdf, placeLine } from '../use-cases/guide-pdf.ts';
import { cachedAreaPage } from './area-page-cache.ts';

type C = Context<AppEnv>;
const NEWS_PER_PAGE = 10;

export const postImageHref = (tenantSlug: string, p: { imageId: string | null; imageType: string | null }) =>
  p.imageId && p.imageType ? `/${tenantSlug}/news/images/${p.imageId}.${p.imageType.slice(6)}` : null;

/** A translated text block: marked with its real language, and with a notice when it is a fallback. */
export function Translated(p: {
  c: C;
  lang: string;
  fallback: boolean;
  children: ReactNode;
  as?: 'div' | 'article' | 'section';
}) {
  return (
    <SharedTranslated
      lang={p.lang}
      pageLang={p.c.get('lang')}
      fallback={p.fallback}
      notice={p.c.get('t')('notTranslated')}
      as={p.as}
    >
      {p.children}
    </SharedTranslated>
  );
}

async function loadArea(c: C) {
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const area = await getPublicAreaBySlug(db, tenant.id, c.req.param('slug') ?? '');
  if (!area) throw new AppError(404, 'area_not_found');
  const ctx = await areaPageContext(db, tenant.id, tenant.slug, area);
  return { area, ctx, scope: { id: area.id, ancestorIds: ctx.ancestors.map((a) => a.id) } };
}

function Breadcrumb({
  c,
  area,
  ancestors,
  current,
}: {
  c: C;
  area?: Area;
  ancestors: { id: string; slug: string; name: string }[];
  current?: string;
}) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const base = `/${tenant.slug}/areas`;
  return (
    <nav aria-label={t('areas:page.breadcrumb')} className="q-breadcrumb">
      <ol>
        <li>
          <a href={`/${tenant.slug}`}>{tenant.name}</a>
        </li>
        {ancestors.map((a) => (
          <li key={a.id}>
            <a href={`${base}/${a.slug}`}>{a.name}</a>
          </li>
        ))}
        {area && current ? (
          <li>
            <a href={`${base}/${area.slug}`}>{area.name}</a>
          </li>
        ) : null}
        <li aria-current="page">{current ?? area?.name}</li>
      </ol>
    </nav>
  );
}

function PostCard({ c, post }: { c: C; post: PostWithTexts }) {
  const tenant = c.get('tenant')!;
  const lang = c.get('lang');
  const picked = pickText(post.texts, lang);
  if (!picked) return null;
  const l = (isLang(picked.lang) ? picked.lang : 'de') as Lang;
  return (
    <li className="q-card" lang={htmlLang(l)} dir={dirOf(l)}>
      <h3>
        <a href={`/${tenant.slug}/news/${post.slug}`}>{picked.text.title}</a>
      </h3>
      {post.publishedAt ? (
        <p className="q-meta">{formatDate(post.publishedAt, lang, { weekday: undefined })}</p>
      ) : null}
      <p>{picked.text.summary || excerpt(picked.text.bodyHtml, 180)}</p>
    </li>
  );
}

const titleOf = (p: PageWithTexts, lang: string) => pickText(p.texts, lang)?.text.title ?? p.slug;

export function mountWebsitePublicPages(pub: Hono<AppEnv>) {
  // ── The area website: start page ───────────────────────────────────────────────────────────
  pub.get('/areas/:slug{[a-z0-9-]+}', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    // Rendered once per change and minute; a repeated or conditional visit costs one version read.
    const cached = await cachedAreaPage(c);
    if (cached.hit) return cached.hit;
    const { area, ctx, scope } = await loadArea(c);
    const now = new Date();
    // Other modules' public dates in this area (a council's public meetings), each under its heading.
    const otherDates = publicDatesOf(c.get('services'), tenant.id, {
      areaId: area.id,
      from: now,
      to: dayStart(addDays(todayLocal(), 60)),
      limit: 5,
    });
    const [nextOcc, categories, bundles, news, pageList, guide, dateGroups, profile, plans] =
      await Promise.all([
        publishedOccurrences(db, tenant.id, { areaId: area.id }, now, dayStart(addDays(todayLocal(), 60)), {
          limit: 5,
        }),
        listCategories(db, tenant.id),
        loadSeries(db, tenant.id, { publishedOnly: true, areaId: area.id }),
        publishedPosts(db, tenant.id, { area: scope, limit: 3 }),
        publishedPages(db, tenant.id, { area: scope, kind: 'page' }),
        publishedPages(db, tenant.id, { area: scope, kind: 'guide' }),
        otherDates,
        // The area's figures of the official statistics, where the tenant publishes some.
        hasPublicProfile(db, tenant.id, area.slug),
        // The area's adopted integrated action plan (coordination module), linked in its own section.
        publicPlans(db, tenant.id, { areaIds: [area.id] }),
      ]);
    // The next five events, each once: a weekly series should not fill the whole list.
    const seen = new Set<string>();
    const occ = nextOcc.filter((o) => !seen.has(o.event.id) && seen.add(o.event.id)).slice(0, 5);
    const hours = bundles.length ? upcoming(bundles, now, 28).slice(0, 5) : [];
    const venues = hours.length
      ? new Map(
          (await listVenues(db, tenant.id, { scope: null, areaId: area.id, limit: 500 })).map((v) => [
            v.id,
            v,
          ]),
        )
      : new Map();
    // Places on the map: the area's venues and published community houses, numbered as listed below it.
    const inArea = await descendantIds(db, tenant.id, area.id);
    const places: (MapMarker & { href?: string })[] = [
      ...(await listHouses(db, tenant.id, { areaIds: inArea, publishedOnly: true }))
        .filter((h) => h.lat != null && h.lon != null)
        .map((h) => ({
          key: `house-${h.id}`,
          name: h.name,
          lon: h.lon!,
          lat: h.lat!,
          kind: 'house' as const,
          href: `/${tenant.slug}/houses/${h.slug}`,
        })),
      ...(await listVenues(db, tenant.id, { scope: null, areaId: area.id, limit: 200 }))
        .filter((v) => v.lat != null && v.lon != null)
        .map((v) => ({
          key: `venue-${v.id}`,
          name: v.name,
          lon: v.lon!,
          lat: v.lat!,
          kind: 'venue' as const,
        })),
    ];
    const hrefOf = new Map(places.map((p) => [p.key, p.href]));
    const markers = placeMarkers(ctx.features, places);
    const base = `/${tenant.slug}/areas/${area.slug}`;
    const params = new URLSearchParams({ area: area.slug });
    const eventsTitle = t('website:area.events');
    const res = await publicPage(c, {
      title: area.name,
      description: area.description || t('website:area.description', { area: area.name }),
      links: [
        ...feedLinks(c, params, `${eventsTitle} – ${area.name}`),
        {
          rel: 'alternate',
          type: 'application/rss+xml',
          href: `${base}/news.rss`,
          title: `${t('website:area.news')} – ${area.name} (RSS)`,
        },
        {
          rel: 'alternate',
          type: 'application/atom+xml',
          href: `${base}/news.atom`,
          title: `${t('website:area.news')} – ${area.name} (Atom)`,
        },
      ],
      meta: [
        { property: 'og:type', content: 'website' },
        { property: 'og:title', content: area.name },
        { property: 'og:url', content: `${c.get('services').config.baseUrl}${base}` },
      ],
      children: (
        <>
          <Breadcrumb c={c} ancestors={ctx.ancestors} area={area} />
          <h1>{area.name}</h1>
          {/* The kind, not the administration's key (e.g. "QM-DEMO-1"): residents have no use for it. */}
          <p className="q-meta">{t(`areas:kinds.${area.kind}`)}</p>
          {area.description ? <p>{area.description}</p> : null}
          <nav aria-label={t('website:area.menu')}>
            <ul className="q-badges">
              <li>
                <a href="#events">{eventsTitle}</a>
              </li>
              <li>
                <a href="#hours">{t('website:area.hours')}</a>
              </li>
              <li>
                <a href="#news">{t('website:area.news')}</a>
              </li>
              {guide.length ? (
                <li>
                  <a href={`${base}/welcome`}>{t('website:guide.title')}</a>
                </li>
              ) : null}
              {profile ? (
                <li>
                  <a href={`${base}/profile`}>{t('website:area.profile')}</a>
                </li>
              ) : null}
              {plans.length ? (
                <li>
                  <a href="#action-plan">{t('coordination:public.areaHeading')}</a>
                </li>
              ) : null}
              {pageList.map((p) => (
                <li key={p.id}>
                  <a href={`/${tenant.slug}/pages/${p.slug}`}>{titleOf(p, lang)}</a>
                </li>
              ))}
              <li>
                <a href={`/${tenant.slug}/newsletter?area=${area.slug}`}>{t('website:area.newsletter')}</a>
              </li>
            </ul>
          </nav>

          <section aria-labelledby="events">
            <h2 id="events">{eventsTitle}</h2>
            {occ.length === 0 ? (
              <p>{t('website:area.noEvents')}</p>
            ) : (
              <Agenda
                t={t}
                lang={lang}
                tenantSlug={tenant.slug}
                items={occ}
                categories={new Map(categories.map((x) => [x.id, x]))}
                headingLevel={3}
              />
            )}
            <PublicDateGroups
              t={t}
              lang={lang}
              tenantSlug={tenant.slug}
              groups={dateGroups}
              cancelledLabel={t('website:area.cancelled')}
            />
            <p className="q-actions">
              <LinkButton href={`/${tenant.slug}/events?area=${area.slug}`} variant="secondary">
                {t('website:area.allEvents')}
              </LinkButton>
              <LinkButton href={`/${tenant.slug}/events/submit`} variant="tertiary">
                {t('website:area.submitEvent')}
              </LinkButton>
            </p>
          </section>

          <section aria-labelledby="hours">
            <h2 id="hours">{t('website:area.hours')}</h2>
            {hours.length === 0 ? (
              <p>{t('website:area.noHours')}</p>
            ) : (
              <ul className="q-event-list">
                {hours.map((o) => {
                  const v = venues.get(o.venueId);
                  return (
                    <li key={o.key} className={o.status === 'cancelled' ? 'q-cancelled' : undefined}>
                      <p className="q-event-list__when">
                        {formatDayHeading(o.date, lang)}, {o.startTime}–{o.endTime}
                        {o.status === 'cancelled' ? ` – ${t('website:area.cancelled')}` : ''}
                      </p>
                      <p>
                        <a href={`/${tenant.slug}/consultation-hours/${o.seriesId}`}>{o.series.title}</a>
                        {v ? <span className="q-meta"> · {v.name}</span> : null}
                      </p>
                    </li>
                  );
                })}
              </ul>
            )}
            <p>
              <a href={`/${tenant.slug}/consultation-hours?area=${area.slug}`}>
                {t('website:area.allHours')}
              </a>
            </p>
          </section>

          <PlanAreaSection c={c} plans={plans} />

          <section aria-labelledby="news">
            <h2 id="news">{t('website:area.news')}</h2>
            {news.length === 0 ? (
              <p>{t('website:area.noNews')}</p>
            ) : (
              <ul className="q-cards">
                {news.map((p) => (
                  <PostCard key={p.id} c={c} post={p} />
                ))}
              </ul>
            )}
            <p>
              <a href={`${base}/news`}>{t('website:area.allNews')}</a>
            </p>
          </section>

          {guide.length ? (
            <section aria-labelledby="welcome">
              <h2 id="welcome">{t('website:guide.title')}</h2>
              <p>{t('website:guide.teaser')}</p>
              <p className="q-actions">
                <LinkButton href={`${base}/welcome`} variant="secondary">
                  {t('website:guide.read')}
                </LinkButton>
                <LinkButton href={`${base}/welcome.pdf`} variant="tertiary">
                  {t('website:guide.pdf')}
                </LinkButton>
              </p>
            </section>
          ) : null}

          <section aria-labelledby="map">
            <h2 id="map">{t('website:area.map')}</h2>
            {ctx.features.length > 0 ? (
              <AreaMap
                title={t('areas:page.mapTitle', { name: area.name })}
                features={ctx.features}
                markers={markers}
              />
            ) : (
              <p>{t('areas:page.noBoundary')}</p>
            )}
            {markers.length > 0 ? (
              <>
                <h3 id="places">{t('website:area.places')}</h3>
                <ol className="q-map-places">
                  {markers.map((m) => {
                    const href = hrefOf.get(m.key);
                    return (
                      <li key={m.key}>
                        {href ? <a href={href}>{m.name}</a> : m.name}{' '}
                        <span className="q-meta">– {t(`website:area.placeKinds.${m.kind}`)}</span>
                      </li>
                    );
                  })}
                </ol>
              </>
            ) : null}
            {ctx.children.length > 0 ? (
              <>
                <h3 id="children">{t('areas:page.contains')}</h3>
                <ul className="q-columns">
                  {ctx.children.map((a) => (
                    <li key={a.id}>
                      <a href={`/${tenant.slug}/areas/${a.slug}`}>{a.name}</a>{' '}
                      <span className="q-meta">– {t(`areas:kinds.${a.kind}`)}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        </>
      ),
    });
    return cached.store(res);
  });

  // ── News of an area, and its feeds ─────────────────────────────────────────────────────────
  pub.get('/areas/:slug{[a-z0-9-]+}/news', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const { area, ctx, scope } = await loadArea(c);
    const page = pageNumber(c.req.query('page'));
    const list = await publishedPosts(c.get('services').db, tenant.id, {
      area: scope,
      limit: NEWS_PER_PAGE + 1,
      offset: (page - 1) * NEWS_PER_PAGE,
    });
    const base = `/${tenant.slug}/areas/${area.slug}`;
    const res = await publicPage(c, {
      title: `${t('website:area.news')} – ${area.name}`,
      links: [
        { rel: 'alternate', type: 'application/rss+xml', href: `${base}/news.rss`, title: 'RSS' },
        { rel: 'alternate', type: 'application/atom+xml', href: `${base}/news.atom`, title: 'Atom' },
      ],
      children: (
        <>
          <Breadcrumb c={c} ancestors={ctx.ancestors} area={area} current={t('website:area.news')} />
          <h1>{t('website:area.newsIn', { area: area.name })}</h1>
          {list.length === 0 ? (
            <p>{t('website:area.noNews')}</p>
          ) : (
            <ul className="q-cards">
              {list.slice(0, NEWS_PER_PAGE).map((p) => (
                <PostCard key={p.id} c={c} post={p} />
              ))}
            </ul>
          )}
          <nav aria-label={t('website:area.morePages')} className="q-pagination">
            <ul>
              {page > 1 ? (
                <li>
                  <a href={`${base}/news?page=${page - 1}`} rel="prev">
                    ‹ {t('previous')}
                  </a>
                </li>
              ) : null}
              {list.length > NEWS_PER_PAGE ? (
                <li>
                  <a href={`${base}/news?page=${page + 1}`} rel="next">
                    {t('next')} ›
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
          <p>
            <a href={`${base}/news.rss`}>RSS</a> · <a href={`${base}/news.atom`}>Atom</a>
          </p>
        </>
      ),
    });
    return withCaching(c, res, { maxAge: 60 });
  });

  for (const kind of ['rss', 'atom'] as const) {
    pub.get(`/areas/:slug{[a-z0-9-]+}/news.${kind}`, async (c) => {
      const t = c.get('t');
      const lang = c.get('lang');
      const tenant = c.get('tenant')!;
      const db = c.get('services').db;
      const { area, scope } = await loadArea(c);
      const etag = hashEtag(`${kind}|${lang}|${tenant.id}|${area.id}|${await postsVersion(db, tenant.id)}`);
      const type =
        kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8';
      if (etagMatches(c.req.header('if-none-match'), etag)) return feedResponse(c, '', type, { etag });
      const list = await publishedPosts(db, tenant.id, { area: scope, limit: 30 });
      const { baseUrl } = c.get('services').config;
      const items = list.flatMap((p) => {
        const picked = pickText(p.texts, lang);
        if (!picked) return [];
        const url = `${baseUrl}/${tenant.slug}/news/${p.slug}`;
        const img = postImageHref(tenant.slug, p);
        return [
          {
            id: url,
            title: picked.text.title,
            url,
            summary: picked.text.summary || excerpt(picked.text.bodyHtml, 300),
            contentHtml: picked.text.bodyHtml,
            published: p.publishedAt ?? p.createdAt,
            updated: p.updatedAt,
            categories: p.topics.map((x) => t(`website:topics.${x}`)),
            image: img && p.imageType ? { url: `${baseUrl}${img}`, type: p.imageType } : null,
          },
        ];
      });
      const feed = {
        title: `${t('website:area.news')} – ${area.name}`,
        link: `${baseUrl}/${tenant.slug}/areas/${area.slug}/news`,
        selfUrl: `${baseUrl}/${tenant.slug}/areas/${area.slug}/news.${kind}`,
        description: t('website:area.newsIn', { area: area.name }),
        language: htmlLang(lang),
        items,
      };
      return feedResponse(c, kind === 'rss' ? writeRss(feed) : writeAtom(feed), type, { etag });
    });
  }

  // ── One news post ──────────────────────────────────────────────────────────────────────────
  pub.get('/news/:slug{[a-z0-9-]+}', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const post = await publishedPostBySlug(db, tenant.id, c.req.param('slug'));
    const picked = post ? pickText(post.texts, lang) : null;
    if (!post || !picked) throw new AppError(404, 'post_not_found');
    const { baseUrl } = c.get('services').config;
    const url = `${baseUrl}/${tenant.slug}/news/${post.slug}`;
    const img = postImageHref(tenant.slug, post);
    const area = post.areaId ? await areaOf(c, post.areaId) : undefined;
    const summary = picked.text.summary || excerpt(picked.text.bodyHtml, 200);
    const res = await publicPage(c, {
      title: picked.text.title,
      description: summary,
      links: [{ rel: 'canonical', href: url }],
      meta: [
        { property: 'og:type', content: 'article' },
        { property: 'og:title', content: picked.text.title },
        { property: 'og:description', content: summary },
        { property: 'og:url', content: url },
        { property: 'og:site_name', content: tenant.name },
        { property: 'og:locale', content: htmlLang(picked.lang as Lang).replace('-', '_') },
        ...(post.publishedAt
          ? [{ property: 'article:published_time', content: post.publishedAt.toISOString() }]
          : []),
        ...(img
          ? [
              { property: 'og:image', content: `${baseUrl}${img}` },
              { property: 'og:image:alt', content: picked.text.imageAlt },
            ]
          : []),
        { name: 'twitter:card', content: img ? 'summary_large_image' : 'summary' },
      ],
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'NewsArticle',
          headline: picked.text.title,
          description: summary,
          url,
          inLanguage: htmlLang(picked.lang as Lang),
          ...(post.publishedAt ? { datePublished: post.publishedAt.toISOString() } : {}),
          dateModified: post.updatedAt.toISOString(),
          ...(img ? { image: [`${baseUrl}${img}`] } : {}),
          // News are written by the neighbourhood team: the tenant is author and publisher.
          author: { '@type': 'Organization', name: tenant.name, url: `${baseUrl}/${tenant.slug}` },
          publisher: { '@type': 'Organization', name: tenant.name },
        },
      ],
      children: (
        <>
          <nav aria-label={t('areas:page.breadcrumb')} className="q-breadcrumb">
            <ol>
              <li>
                <a href={`/${tenant.slug}`}>{tenant.name}</a>
              </li>
              {area ? (
                <>
                  <li>
                    <a href={`/${tenant.slug}/areas/${area.slug}`}>{area.name}</a>
                  </li>
                  <li>
                    <a href={`/${tenant.slug}/areas/${area.slug}/news`}>{t('website:area.news')}</a>
                  </li>
                </>
              ) : null}
              <li aria-current="page">{picked.text.title}</li>
            </ol>
          </nav>
          <Translated c={c} lang={picked.lang} fallback={picked.fallback} as="article">
            <h1>{picked.text.title}</h1>
            {post.publishedAt ? (
              <p className="q-meta">{formatDate(post.publishedAt, lang, { weekday: undefined })}</p>
            ) : null}
            {img ? (
              <figure className="q-figure">
                <img src={img} alt={picked.text.imageAlt} loading="lazy" decoding="async" />
              </figure>
            ) : null}
            {picked.text.summary ? <p className="kern-body--large">{picked.text.summary}</p> : null}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on save (events richText) */}
            <div className="q-prose" dangerouslySetInnerHTML={{ __html: picked.text.bodyHtml }} />
          </Translated>
        </>
      ),
    });
    return withCaching(c, res, { maxAge: 120 });
  });

  pub.get('/news/images/:file', async (c) => {
    const tenant = c.get('tenant')!;
    const { db, config } = c.get('services');
    const res = await servePublishedImage(c, {
      storageDir: config.storageDir,
      tenantId: tenant.id,
      file: c.req.param('file'),
      owner: (id) => postImageOwner(db, tenant.id, id),
    });
    if (!res) throw new AppError(404, 'not_found');
    return res;
  });

  // ── Static pages ────────────────────────────────────────────────────────────────────────────
  pub.get('/pages/:slug{[a-z0-9-]+}', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const page = await publishedPageBySlug(c.get('services').db, tenant.id, c.req.param('slug'));
    const picked = page ? pickText(page.texts, lang) : null;
    if (!page || !picked) throw new AppError(404, 'page_not_found');
    const area = page.areaId ? await areaOf(c, page.areaId) : undefined;
    const res = await publicPage(c, {
      title: picked.text.title,
      description: excerpt(picked.text.bodyHtml, 160),
      children: (
        <>
          <nav aria-label={t('areas:page.breadcrumb')} className="q-breadcrumb">
            <ol>
              <li>
                <a href={`/${tenant.slug}`}>{tenant.name}</a>
              </li>
              {area ? (
                <li>
                  <a href={`/${tenant.slug}/areas/${area.slug}`}>{area.name}</a>
                </li>
              ) : null}
              <li aria-current="page">{picked.text.title}</li>
            </ol>
          </nav>
          <Translated c={c} lang={picked.lang} fallback={picked.fallback} as="article">
            <h1>{picked.text.title}</h1>
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on save */}
            <div className="q-prose" dangerouslySetInnerHTML={{ __html: picked.text.bodyHtml }} />
          </Translated>
        </>
      ),
    });
    return withCaching(c, res, { maxAge: 120 });
  });

  // ── Welcome guide for newcomers (online and as PDF) ─────────────────────────────────────────
  pub.get('/areas/:slug{[a-z0-9-]+}/welcome', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const { area, ctx, scope } = await loadArea(c);
    const chapters = await publishedPages(db, tenant.id, { area: scope, kind: 'guide' });
    const base = `/${tenant.slug}/areas/${area.slug}`;
    const res = await publicPage(c, {
      title: t('website:guide.titleArea', { area: area.name }),
      description: t('website:guide.teaser'),
      children: (
        <>
          <Breadcrumb c={c} ancestors={ctx.ancestors} area={area} current={t('website:guide.title')} />
          <h1>{t('website:guide.titleArea', { area: area.name })}</h1>
          <p>{t('website:guide.intro')}</p>
          <p className="q-actions">
            <LinkButton href={`${base}/welcome.pdf`} variant="secondary">
              {t('website:guide.pdf')}
            </LinkButton>
          </p>
          {chapters.length === 0 ? <p>{t('website:guide.empty')}</p> : null}
          {chapters.length > 1 ? (
            <nav aria-labelledby="toc">
              <h2 id="toc">{t('website:guide.contents')}</h2>
              <ol>
                {chapters.map((p) => (
                  <li key={p.id}>
                    <a href={`#${p.slug}`}>{titleOf(p, lang)}</a>
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          {chapters.map((p) => {
            const picked = pickText(p.texts, lang);
            if (!picked) return null;
            return (
              <Translated key={p.id} c={c} lang={picked.lang} fallback={picked.fallback} as="section">
                <h2 id={p.slug}>{picked.text.title}</h2>
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on save */}
                <div className="q-prose" dangerouslySetInnerHTML={{ __html: picked.text.bodyHtml }} />
              </Translated>
            );
          })}
          <section aria-labelledby="more">
            <h2 id="more">{t('website:guide.more')}</h2>
            <ul className="q-links">
              <li>
                <a href={`/${tenant.slug}/events?area=${area.slug}`}>{t('website:area.allEvents')}</a>
              </li>
              <li>
                <a href={`/${tenant.slug}/consultation-hours?area=${area.slug}`}>
                  {t('website:area.allHours')}
                </a>
              </li>
              <li>
                <a href={`/${tenant.slug}/newsletter?area=${area.slug}`}>{t('website:area.newsletter')}</a>
              </li>
            </ul>
          </section>
        </>
      ),
    });
    return withCaching(c, res, { maxAge: 300 });
  });

  pub.get('/areas/:slug{[a-z0-9-]+}/welcome.pdf', async (c) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const services = c.get('services');
    const { area, scope } = await loadArea(c);
    const lang = c.get('lang');
    const chapters = await publishedPages(db, tenant.id, { area: scope, kind: 'guide' });
    const bundles = await loadSeries(db, tenant.id, { publishedOnly: true, areaId: area.id });
    const next = bundles.length ? upcoming(bundles, new Date(), 28).slice(0, 8) : [];
    const venues = next.length
      ? new Map(
          (await listVenues(db, tenant.id, { scope: null, areaId: area.id, limit: 500 })).map((v) => [
            v.id,
            v,
          ]),
        )
      : new Map();
    const hours: GuideHour[] = next.map((o) => {
      const v = venues.get(o.venueId);
      return v ? { ...o, place: placeLine(v) } : o;
    });
    // The ETag comes from what the PDF shows, so a revisit costs no rendering.
    const etag = hashEtag(
      JSON.stringify([
        lang,
        area.id,
        area.name,
        chapters.map((p) => [
          p.id,
          p.updatedAt.getTime(),
          p.texts.map((x) => [x.lang, x.updatedAt.getTime()]),
        ]),
        hours.map((o) => [o.key, o.status, o.startTime, o.endTime, o.series.title, o.place]),
      ]),
    );
    if (etagMatches(c.req.header('if-none-match'), etag))
      return feedResponse(c, '', 'application/pdf', { etag });
    const pdf = await guidePdf({
      services,
      lang,
      tenantName: tenant.name,
      areaName: area.name,
      url: `${services.config.baseUrl}/${tenant.slug}/areas/${area.slug}/welcome`,
      chapters,
      hours,
    });
    return feedResponse(c, pdf, 'application/pdf', {
      etag,
      maxAge: 300,
      filename: `willkommen-${area.slug}.pdf`,
    });
  });
}

async function areaOf(c: C, id: string) {
  return (await listAreas(c.get('services').db, c.get('tenant')!.id, { ids: [id], published: true }))[0];
}

// The kiosk of the help directory (HELP-3): `/:tenant/help/kiosk`, a screen in a community house
// (made for 1080×1920 portrait, touch). Large type and large touch targets: life-situation tiles (no
// keyboard needed), a search field for those who want one, the services found with today's hours
// and a QR code that takes the referral slip along on a phone. No way out: no main navigation, no
// outside links (contact data as text). No script, nothing kept: never cached, the search field
// remembers nothing, and after two minutes without a touch the page goes back to the start in German
// (meta refresh, which also resets the language chosen by the last person).
//
// The referral slip: `/:tenant/help/services/:id/slip`, one page to print or keep on a phone —
// what the service does, where, every opening hour of the week, how to reach it, what it costs and
// who can come, when it was last checked — in the reader's language (the service's own texts as
// written; easy German where written).
import type { Context, Hono } from 'hono';
import QRCode from 'qrcode';
import type { ReactNode } from 'react';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { html } from '../../../platform/http/render.tsx';
import { dirOf, htmlLang, LANG_NAMES, PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import { formatDate, formatRange, localParts } from '../../../platform/time/index.ts';
import { langLinks, publicPage } from '../../../ui/page.tsx';
import { Document } from '../../../ui/shells/Document.tsx';
import { type AreaGeometry, getArea } from '../../areas/index.ts';
import { publishedOccurrences } from '../../events/index.ts';
import { type OpeningHours, openSpansOn } from '../domain/hours.ts';
import { type PublicKiosk, publicKiosk } from '../use-cases/kiosks.ts';
import { areaPoint } from '../use-cases/near.ts';
import { type SearchHit, searchServices } from '../use-cases/search.ts';
import { loadService } from '../use-cases/services.ts';
import { referralSlipPdf } from '../use-cases/slip-pdf.ts';
import { ensureVocabulary, listSituations } from '../use-cases/vocabulary.ts';

type C = Context<AppEnv>;

/** Seconds without a touch before the kiosk goes back to its start. */
export const KIOSK_RESET_SECONDS = 120;
/** Tiles on the start screen: the life situations, as many as fit a portrait screen. */
const TILES = 12;

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A QR code as inline SVG (one path; no script, no image request). */
export function QrCode({ url, label }: { url: string; label: string }) {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  let d = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c + 2} ${r + 2}h1v1h-1z`;
  return (
    <svg
      className="q-qr"
      viewBox={`0 0 ${n + 4} ${n + 4}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={n + 4} height={n + 4} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

/** Today's hours of a place in words. */
function today(c: C, hours: OpeningHours, now: Date, openNow: boolean): string {
  const t = c.get('t');
  if (openNow) return String(t('help:public.openNow'));
  if (hours.mode === 'always') return String(t('help:public.always'));
  if (hours.mode === 'appointment') return String(t('help:public.appointmentOnly'));
  if (hours.mode === 'unknown') return String(t('help:public.hoursUnknown'));
  const spans = openSpansOn(hours, localParts(now).date);
  if (!spans.length) return String(t('help:public.closedToday'));
  return `${t('help:public.today')} ${spans.map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`).join(', ')}`;
}

const address = (l: {
  name: string;
  street: string | null;
  houseNumber: string | null;
  postcode: string | null;
  city: string | null;
}) =>
  [
    l.name,
    [l.street, l.houseNumber].filter(Boolean).join(' '),
    [l.postcode, l.city].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');

function KioskHit({ c, h, now, slip }: { c: C; h: SearchHit; now: Date; slip: string }) {
  const t = c.get('t');
  const text = c.get('lang') === 'de-x-ls' && h.descriptionEasy ? h.descriptionEasy : h.description;
  return (
    <li className="q-kiosk__hit">
      <div>
        <h3 dir="auto">{h.name}</h3>
        {text ? <p dir="auto">{text.length > 220 ? `${text.slice(0, 217)}…` : text}</p> : null}
        <ul className="q-kiosk__places">
          {h.locations.slice(0, 2).map((l) => (
            <li key={l.id}>
              <span dir="auto">{address(l)}</span> · <strong>{today(c, l.hours, now, l.openNow)}</strong>
            </li>
          ))}
        </ul>
        {h.phone ? (
          <p>
            {t('help:public.phone')}: <span className="q-kiosk__phone">{h.phone}</span>
          </p>
        ) : null}
      </div>
      <figure className="q-kiosk__qr">
        <QrCode url={slip} label={String(t('help:public.kiosk.qrLabel', { name: h.name }))} />
        <figcaption>{t('help:public.kiosk.takeAlong')}</figcaption>
      </figure>
    </li>
  );
}

/** The kiosk page: its own document (no navigation, no footer links), refreshing to the start. */
function kioskPage(c: C, title: string, reset: string, children: ReactNode) {
  const lang = c.get('lang');
  const res = html(
    c,
    <Document
      lang={htmlLang(lang)}
      dir={dirOf(lang)}
      title={title}
      bodyClass="q-kiosk"
      meta={[
        { httpEquiv: 'refresh', content: `${KIOSK_RESET_SECONDS}; url=${reset}` },
        { name: 'referrer', content: 'no-referrer' },
        { name: 'robots', content: 'noindex' },
      ]}
      nonce={c.get('nonce')}
    >
      <main className="q-kiosk__main" id="main">
        {children}
      </main>
    </Document>,
  );
  // Nothing of one person's search is kept for the next: not in a cache, not in the browser's history of forms.
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

/** The events of a kiosk's house in the next days: under its venue, or else in its area. */
const KIOSK_EVENT_DAYS = 14;
/** Services and events on a panel of the start screen: what fits a portrait screen beside the tiles. */
const PANEL_ITEMS = 5;

/** The start screen's panels of a configured kiosk: help near the house, the house's next events. */
async function kioskPanels(c: C, cfg: PublicKiosk, now: Date): Promise<ReactNode[]> {
  const t = c.get('t');
  const lang = c.get('lang');
  const db = c.get('services').db;
  const tenantId = c.get('tenant')!.id;
  const { house, kiosk } = cfg;
  const at =
    house.lon != null && house.lat != null
      ? { lon: house.lon, lat: house.lat }
      : house.areaId
        ? await areaPoint(db, tenantId, house.areaId, new Map())
        : null;
  const [near, events] = await Promise.all([
    at ? searchServices(db, tenantId, { limit: PANEL_ITEMS }, now, { at }) : null,
    publishedOccurrences(
      db,
      tenantId,
      kiosk.venueId ? { venueId: kiosk.venueId } : { areaId: house.areaId },
      now,
      new Date(now.getTime() + KIOSK_EVENT_DAYS * 86_400_000),
      { limit: 50 },
    ),
  ]);
  const nearHits = (near?.hits ?? []).filter((h) => h.distanceKm !== null).slice(0, PANEL_ITEMS);
  const next = events.filter((x) => !x.event.cancelledAt).slice(0, PANEL_ITEMS);
  const panels: ReactNode[] = [];
  if (nearHits.length)
    panels.push(
      <section key="near" className="q-kiosk__panel" aria-labelledby="kiosk-near">
        <h2 id="kiosk-near">{t('help:public.kiosk.nearHouse', { house: house.name })}</h2>
        <ul>
          {nearHits.map((h) => (
            <li key={h.id}>
              <strong dir="auto">{h.name}</strong>
              <span>
                {' '}
                · {t('help:public.kiosk.distance', { km: formatKm(h.distanceKm!, lang) })}
                {h.locations[0] ? ` · ${today(c, h.locations[0].hours, now, h.locations[0].openNow)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>,
    );
  if (next.length)
    panels.push(
      <section key="events" className="q-kiosk__panel" aria-labelledby="kiosk-events">
        <h2 id="kiosk-events">{t('help:public.kiosk.houseEvents', { house: house.name })}</h2>
        <ul>
          {next.map((x) => (
            <li key={`${x.event.id}-${x.occ.start.toISOString()}`}>
              <strong>{formatRange(x.occ.start, x.occ.end, lang, x.event.allDay)}</strong>{' '}
              <span dir="auto">{x.event.title}</span>
            </li>
          ))}
        </ul>
      </section>,
    );
  return panels;
}

const formatKm = (km: number, lang: string) =>
  new Intl.NumberFormat(htmlLang(lang as never), { maximumFractionDigits: 1 }).format(km);

/**
 * The kiosk screen: the generic one (`/help/kiosk`), or one configured for a house
 * (`/help/kiosk/:kioskId`) with its languages and the panels of help near the house and the house's
 * next events, which take turns by a CSS animation (no script, no reload that would clear the
 * search field).
 */
async function kioskScreen(c: C, cfg: PublicKiosk | null) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const base = cfg ? `/${tenant.slug}/help/kiosk/${cfg.kiosk.id}` : `/${tenant.slug}/help/kiosk`;
  const langs = cfg?.languages.length ? cfg.languages : [...PUBLIC_LANGS];
  const start = `${base}?lang=${langs[0]}`;
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const now = new Date();
  await ensureVocabulary(db, tenant.id);
  const situations = (await listSituations(db, tenant.id)).slice(0, TILES);
  const result = q.trim() ? await searchServices(db, tenant.id, { q, limit: 12 }, now) : null;
  const panels = cfg && !result ? await kioskPanels(c, cfg, now) : [];
  const origin = c.get('services').config.baseUrl.replace(/\/$/, '');
  const lang = c.get('lang');
  return kioskPage(
    c,
    String(t('help:public.kiosk.title')),
    start,
    <>
      <header className="q-kiosk__header">
        <p className="q-kiosk__site" dir="auto">
          {cfg ? `${tenant.name} · ${cfg.house.name}` : tenant.name}
        </p>
        <h1>{t('help:public.kiosk.title')}</h1>
        {langs.length > 1 ? (
          <nav aria-label={String(t('help:public.kiosk.languages'))} className="q-kiosk__langs">
            {langLinks(c, langs).map((l) => (
              <a
                key={l.lang}
                href={`${base}?lang=${l.lang}${q ? `&q=${encodeURIComponent(q)}` : ''}`}
                hrefLang={l.htmlLang}
                lang={l.htmlLang}
                aria-current={l.current ? 'true' : undefined}
              >
                {LANG_NAMES[l.lang]}
              </a>
            ))}
          </nav>
        ) : null}
      </header>
      {result ? (
        <section aria-labelledby="kiosk-results">
          <p>
            <a className="q-kiosk__back" href={`${base}?lang=${lang}`}>
              {t('help:public.kiosk.back')}
            </a>
          </p>
          <h2 id="kiosk-results">
            {t('help:public.kiosk.resultsFor', { q })} —{' '}
            {t('help:public.results', { count: result.hits.length })}
          </h2>
          {result.hits.length ? (
            <ul className="q-kiosk__hits">
              {result.hits.map((h) => (
                <KioskHit
                  key={h.id}
                  c={c}
                  h={h}
                  now={now}
                  slip={`${origin}/${tenant.slug}/help/services/${h.id}/slip?lang=${lang}`}
                />
              ))}
            </ul>
          ) : (
            <p className="q-kiosk__none">{t('help:public.none')}</p>
          )}
        </section>
      ) : (
        <>
          <section aria-labelledby="kiosk-tiles">
            <h2 id="kiosk-tiles">{t('help:public.kiosk.choose')}</h2>
            <ul className="q-kiosk__tiles">
              {situations.map((s) => (
                <li key={s.id}>
                  <a href={`${base}?lang=${lang}&q=${encodeURIComponent(s.label)}`} dir="auto">
                    {s.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          {panels.length ? (
            <div
              className={`q-kiosk__panels${panels.length > 1 ? ` q-kiosk__panels--turns q-kiosk__panels--r${cfg!.kiosk.rotateSeconds}` : ''}`}
            >
              {panels}
            </div>
          ) : null}
        </>
      )}
      <form method="get" action={base} role="search" className="q-kiosk__search" autoComplete="off">
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="kiosk-q" className="kern-label">
          {t('help:public.kiosk.orType')}
        </label>
        <div className="q-kiosk__row">
          <input
            id="kiosk-q"
            name="q"
            type="search"
            className="kern-form-input__input"
            defaultValue={q}
            maxLength={200}
            autoComplete="off"
          />
          <button className="kern-btn kern-btn--primary" type="submit">
            <span className="kern-label">{t('help:public.search')}</span>
          </button>
        </div>
      </form>
      <p className="q-kiosk__privacy">
        {t('help:public.privacy')} {t('help:public.kiosk.reset', { seconds: KIOSK_RESET_SECONDS })}
      </p>
    </>,
  );
}

export function mountHelpKiosk(pub: Hono<AppEnv>): void {
  pub.get('/help/kiosk', (c) => kioskScreen(c, null));
  pub.get('/help/kiosk/:kioskId', async (c) => {
    const cfg = await publicKiosk(c.get('services').db, c.get('tenant')!.id, c.req.param('kioskId'));
    if (!cfg) throw new AppError(404, 'not_found');
    return kioskScreen(c, cfg);
  });

  // The slip as PDF in the page's language, with a small map of each place drawn on the server.
  pub.get('/help/services/:id/slip.pdf', async (c) => {
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const s = await loadService(db, tenant.id, c.req.param('id'));
    if (!s || s.archivedAt) throw new AppError(404, 'not_found');
    const origin = c.get('services').config.baseUrl.replace(/\/$/, '');
    const areas = new Map<string, AreaGeometry>();
    for (const l of s.locations)
      if (l.areaId && l.lat != null && !areas.has(l.areaId)) {
        const a = await getArea(db, tenant.id, l.areaId);
        if (a?.geometry) areas.set(l.areaId, a.geometry);
      }
    const pdf = await referralSlipPdf({
      t: c.get('t'),
      lang: c.get('lang'),
      tenantName: tenant.name,
      service: s,
      url: `${origin}/${tenant.slug}/help/services/${s.id}/slip`,
      areas,
    });
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', 'inline; filename="hinweiszettel.pdf"');
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(pdf));
  });

  pub.get('/help/services/:id/slip', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const s = await loadService(c.get('services').db, tenant.id, c.req.param('id'));
    if (!s || s.archivedAt) throw new AppError(404, 'not_found');
    const text = lang === 'de-x-ls' && s.descriptionEasy ? s.descriptionEasy : s.description;
    const origin = c.get('services').config.baseUrl.replace(/\/$/, '');
    const self = `${origin}/${tenant.slug}/help/services/${s.id}/slip`;
    const weekday = (d: number) =>
      formatDate(`2024-01-0${d}`, lang, {
        weekday: 'long',
        day: undefined,
        month: undefined,
        year: undefined,
      });
    const hours = (h: OpeningHours) => {
      if (h.mode === 'always') return <p>{t('help:public.always')}</p>;
      if (h.mode === 'appointment') return <p>{t('help:public.appointmentOnly')}</p>;
      if (h.mode === 'unknown') return <p>{t('help:public.hoursUnknown')}</p>;
      return (
        <table className="q-slip__hours">
          <caption className="kern-sr-only">{t('help:public.slip.hours')}</caption>
          <tbody>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => {
              const spans = h.intervals.filter((i) => i.day === d);
              return (
                <tr key={d}>
                  <th scope="row">{weekday(d)}</th>
                  <td>
                    {spans.length
                      ? spans.map((i) => `${i.from}–${i.to === '24:00' ? '24:00' : i.to}`).join(', ')
                      : t('help:public.slip.closed')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      );
    };
    const res = await publicPage(c, {
      title: String(t('help:public.slip.title', { name: s.name })),
      children: (
        <article className="q-slip">
          <p className="q-meta">{t('help:public.slip.kicker')}</p>
          <h1 dir="auto">{s.name}</h1>
          {s.providerName ? (
            <p className="q-meta" dir="auto">
              {s.providerName}
            </p>
          ) : null}
          {text ? (
            <p className="q-prose" dir="auto">
              {text}
            </p>
          ) : null}
          {s.locations.map((l) => (
            <section key={l.id}>
              <h2 dir="auto">{address(l) || t('help:public.slip.place')}</h2>
              {hours(l.hours)}
              {l.hours.note ? (
                <p dir="auto" className="q-prose">
                  {l.hours.note}
                </p>
              ) : null}
              {l.hours.exceptions.length ? (
                <ul>
                  {l.hours.exceptions.map((e) => (
                    <li key={e.date}>
                      {formatDate(e.date, lang)}:{' '}
                      {e.closed
                        ? t('help:public.slip.closed')
                        : (e.intervals ?? []).map((i) => `${i.from}–${i.to}`).join(', ')}
                      {e.note ? ` (${e.note})` : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
              {l.stepFree ? <p>{t('help:public.stepFree')}</p> : null}
            </section>
          ))}
          <h2>{t('help:public.slip.contact')}</h2>
          <ul>
            {s.phone ? (
              <li>
                {t('help:public.phone')}: {s.phone}
              </li>
            ) : null}
            {s.email ? <li>{s.email}</li> : null}
            {s.website ? <li>{s.website}</li> : null}
          </ul>
          {s.cost === 'free' ? <p>{t('help:public.free')}</p> : null}
          {s.costNote ? <p dir="auto">{s.costNote}</p> : null}
          {s.eligibility ? (
            <>
              <h2>{t('help:public.slip.who')}</h2>
              <p dir="auto">{s.eligibility}</p>
            </>
          ) : null}
          {s.languages.length ? (
            <p dir="auto">
              {t('help:public.languages')}: {s.languages.join(', ')}
            </p>
          ) : null}
          <div className="q-slip__foot">
            <QrCode url={self} label={String(t('help:public.slip.qr'))} />
            <p className="q-meta">
              {s.reviewedAt
                ? t('help:public.slip.checked', { date: formatDate(s.reviewedAt, lang) })
                : t('help:public.slip.notChecked')}
              <br />
              {t('help:public.slip.print')}
              <br />
              <a href={`/${tenant.slug}/help/services/${s.id}/slip.pdf?lang=${lang}`}>
                {t('help:public.slip.pdf')}
              </a>
            </p>
          </div>
        </article>
      ),
    });
    res.headers.set('Cache-Control', 'no-store');
    return res;
  });
}

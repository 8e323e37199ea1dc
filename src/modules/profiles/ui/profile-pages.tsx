// The area profile pages (AREA-3): the choropleth of one indicator with its chooser, and the profile
// of one area — every indicator over time beside the district and the city, as a small line chart
// with a table — with the profile as CSV and PDF. Staff see every indicator; the public pages (five
// languages, no script) only published indicators of published areas. Parse → use case → render.
import type { Context, Hono } from 'hono';
import type { TFunction } from 'i18next';
import { actorOf } from '../../../platform/authz.ts';
import { csvResponse } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Routers } from '../../../platform/modules.ts';
import { Button, SelectField, TextField } from '../../../ui/index.ts';
import { publicPage, staffPage } from '../../../ui/page.tsx';
import { MAX_CLASSES, MIN_CLASSES, type ValueClass } from '../domain/classes.ts';
import type { Indicator } from '../queries.ts';
import {
  type AreaProfile,
  areaProfile,
  type ChoroplethData,
  choropleth,
  publicAreaProfile,
  publicChoropleth,
} from '../use-cases/profile.ts';
import { formatValue, indicatorName, profileCsv, profilePdf } from '../use-cases/profile-export.ts';
import { Choropleth, type ChoroplethLabels, LineChart } from './charts.tsx';

type C = Context<AppEnv>;

// ── Reading the chooser ─────────────────────────────────────────────────────────────────────────

export interface Classing {
  method: 'quantile' | 'breaks';
  classes: number;
  /** As typed, so it comes back in the field. */
  breaksText: string;
  breaks: number[];
  breaksError: boolean;
}

/** The classes asked for in the query: quantiles (2–7 classes) or set breaks typed as "5; 10; 20". */
export function readClassing(q: (name: string) => string | undefined): Classing {
  const n = Number(q('classes'));
  const classes = Number.isInteger(n) ? Math.max(MIN_CLASSES, Math.min(MAX_CLASSES, n)) : 5;
  const breaksText = (q('breaks') ?? '').slice(0, 200);
  const parts = breaksText
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  const breaks = parts.map((s) => Number(s.replace(/\s/g, '').replace(',', '.')));
  const wantsBreaks = q('method') === 'breaks';
  const breaksError = wantsBreaks && (parts.length === 0 || breaks.some((b) => !Number.isFinite(b)));
  return {
    method: wantsBreaks && !breaksError ? 'breaks' : 'quantile',
    classes,
    breaksText,
    breaks: breaksError ? [] : breaks,
    breaksError,
  };
}

function classLabel(t: TFunction) {
  return (c: ValueClass, f: (v: number) => string) =>
    c.lower === null && c.upper === null
      ? String(t(`profiles:profile.classAll`))
      : c.lower === null
        ? String(t(`profiles:profile.classBelow`, { upper: f(c.upper!) }))
        : c.upper === null
          ? String(t(`profiles:profile.classFrom`, { lower: f(c.lower) }))
          : String(t(`profiles:profile.classRange`, { lower: f(c.lower), upper: f(c.upper) }));
}

// ── The choropleth page (staff and public) ──────────────────────────────────────────────────────

function ChoroplethSection(p: {
  t: TFunction;
  lang: string;
  data: ChoroplethData;
  classing: Classing;
  action: string;
  profileHref: (a: { id: string; slug: string }) => string;
  staff: boolean;
}) {
  const { t, lang, data, classing } = p;
  const ind = data.indicator;
  if (!ind) return <p>{t(p.staff ? `profiles:profile.staffNone` : `profiles:profile.noIndicators`)}</p>;
  const name = indicatorName(ind, lang);
  const period = data.period ?? '';
  const fmt = (v: number) => formatValue(v, lang);
  const missing = data.areas.filter((a) => a.value === null).length;
  const levelName = String(t(`profiles:profile.levels.${data.level}`));
  // The class count of the description is the one drawn (quantiles may give fewer classes).
  const distinct = new Set(data.areas.map((a) => a.value).filter((v) => v !== null)).size;
  const drawnClasses =
    classing.method === 'breaks'
      ? classing.breaks.length + 1
      : Math.min(classing.classes, Math.max(distinct, 0));
  const labels: ChoroplethLabels = {
    title: String(t(`profiles:profile.mapTitle`, { indicator: name, period })),
    description: String(
      t(`profiles:profile.mapDescription`, {
        indicator: name,
        period,
        level: levelName,
        count: data.areas.length,
        classes: drawnClasses,
        missing,
      }),
    ),
    legendHeading: String(t(`profiles:profile.legend`)),
    legendNote: String(t(`profiles:profile.legendNote.${ind.direction}`)),
    classLabel: classLabel(t),
    count: (n) => String(t(`profiles:profile.areas`, { count: n })),
    missing: String(t(`profiles:profile.missing`)),
    programmeAreas: String(t(`profiles:profile.programmeAreas`)),
    tableCaption: String(t(`profiles:profile.mapTable`, { indicator: name, period })),
    areaHeader: String(t(`profiles:profile.area`)),
    valueHeader: `${String(t(`profiles:profile.value`))} (${String(t(`profiles:profile.units.${ind.unit}`))})`,
    classHeader: String(t(`profiles:profile.class`)),
    derived: String(t(`profiles:profile.derived`)),
    emptyMessage: String(t(`profiles:profile.noAreas`)),
  };
  return (
    <>
      <form method="get" action={p.action} className="q-profile-chooser" aria-labelledby="chooser-heading">
        <h2 id="chooser-heading">{t(`profiles:profile.chooser`)}</h2>
        <SelectField
          name="indicator"
          className="q-profile-chooser__wide"
          label={t(`profiles:profile.indicator`)}
          value={ind.id}
          options={data.indicators.map((i) => ({
            value: i.id,
            label: `${indicatorName(i, lang)}${p.staff && !i.published ? ` (${String(t(`profiles:profile.unpublished`))})` : ''}`,
          }))}
        />
        <SelectField
          name="level"
          label={t(`profiles:profile.level`)}
          value={data.level}
          options={data.levels.map((l) => ({ value: l, label: String(t(`profiles:profile.levels.${l}`)) }))}
        />
        <SelectField
          name="period"
          label={t(`profiles:profile.period`)}
          value={period}
          options={[...data.periods].reverse().map((x) => ({ value: x, label: x }))}
        />
        <SelectField
          name="method"
          className="q-profile-chooser__wide"
          label={t(`profiles:profile.method`)}
          value={classing.breaksError ? 'breaks' : classing.method}
          options={(['quantile', 'breaks'] as const).map((m) => ({
            value: m,
            label: String(t(`profiles:profile.methods.${m}`)),
          }))}
        />
        <SelectField
          name="classes"
          label={t(`profiles:profile.classes`)}
          value={String(classing.classes)}
          options={[2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: String(n) }))}
        />
        <TextField
          name="breaks"
          label={t(`profiles:profile.breaks`)}
          hint={t(`profiles:profile.breaksHint`)}
          value={classing.breaksText}
          error={classing.breaksError ? t(`profiles:profile.breaksInvalid`) : undefined}
          inputMode="decimal"
        />
        <Button type="submit">{t(`profiles:profile.show`)}</Button>
      </form>
      <h2>{labels.title}</h2>
      {ind.description ? <p dir="auto">{ind.description}</p> : null}
      <Choropleth
        areas={data.areas.map((a) => ({ ...a, href: p.profileHref(a) }))}
        outlines={data.programmes}
        classing={
          classing.method === 'breaks'
            ? { method: 'breaks', breaks: classing.breaks }
            : { method: 'quantile', classes: classing.classes }
        }
        direction={ind.direction}
        formatValue={fmt}
        labels={labels}
      />
      <SourceLine t={t} indicator={ind} />
    </>
  );
}

function SourceLine({ t, indicator }: { t: TFunction; indicator: Indicator }) {
  if (!indicator.source && !indicator.licence) return null;
  return (
    <p className="q-meta" dir="auto">
      {indicator.source ? t(`profiles:profile.source`, { source: indicator.source }) : null}
      {indicator.source && indicator.licence ? ' · ' : null}
      {indicator.licence ? t(`profiles:profile.licence`, { licence: indicator.licence }) : null}
    </p>
  );
}

// ── The profile of one area ─────────────────────────────────────────────────────────────────────

function ProfileBody(p: {
  t: TFunction;
  lang: string;
  profile: AreaProfile;
  csvHref: string;
  pdfHref: string;
  mapHref: string;
  staff: boolean;
}) {
  const { t, lang, profile } = p;
  const cityName = String(t(`profiles:profile.city`));
  const fmt = (v: number) => formatValue(v, lang);
  return (
    <>
      <p>{t(`profiles:profile.intro`, { area: profile.area.name })}</p>
      <nav aria-labelledby="downloads-heading" className="q-profile-downloads">
        <h2 id="downloads-heading" className="kern-heading-small">
          {t(`profiles:profile.downloads`)}
        </h2>
        <ul>
          <li>
            <a href={p.pdfHref}>{t(`profiles:profile.pdf`)}</a>
          </li>
          <li>
            <a href={p.csvHref}>{t(`profiles:profile.csv`)}</a>
          </li>
          <li>
            <a href={p.mapHref}>{t(`profiles:profile.map`)}</a>
          </li>
        </ul>
      </nav>
      {profile.indicators.length === 0 ? <p>{t(`profiles:profile.none`)}</p> : null}
      {profile.indicators.map((x) => {
        const name = indicatorName(x.indicator, lang);
        const series = [
          { key: 'area', label: profile.area.name, values: x.area },
          ...(profile.district
            ? [{ key: 'district', label: profile.district.name, values: x.district }]
            : []),
          { key: 'city', label: cityName, values: x.city },
        ];
        const spoken = series
          .filter((s) => s.values.size > 0)
          .map((s) => {
            const ps = x.periods.filter((q) => s.values.has(q));
            const [from, to] = [ps[0], ps[ps.length - 1]];
            return from === to
              ? String(
                  t(`profiles:profile.seriesOne`, {
                    name: s.label,
                    value: fmt(s.values.get(from)!),
                    period: from,
                  }),
                )
              : String(
                  t(`profiles:profile.seriesText`, {
                    name: s.label,
                    first: fmt(s.values.get(from)!),
                    from,
                    last: fmt(s.values.get(to)!),
                    to,
                  }),
                );
          })
          .join('; ');
        return (
          <section
            key={x.indicator.id}
            aria-labelledby={`ind-${x.indicator.id}`}
            className="q-profile-indicator"
          >
            <h2 id={`ind-${x.indicator.id}`} dir="auto">
              {p.staff && !x.indicator.published
                ? `${name} (${String(t(`profiles:profile.unpublished`))})`
                : name}
            </h2>
            <p className="q-meta">
              {t(`profiles:profile.unit`, { unit: t(`profiles:profile.units.${x.indicator.unit}`) })}
            </p>
            {x.indicator.description ? <p dir="auto">{x.indicator.description}</p> : null}
            <LineChart
              title={String(t(`profiles:profile.chartTitle`, { indicator: name, area: profile.area.name }))}
              description={String(
                t(`profiles:profile.chartDescription`, { indicator: name, series: spoken }),
              )}
              periods={x.periods}
              series={series}
              formatValue={fmt}
              tableCaption={String(t(`profiles:profile.tableCaption`, { indicator: name }))}
              periodHeader={String(t(`profiles:profile.period`))}
              emptyMessage={String(t(`profiles:profile.noValues`))}
            />
            {x.derived.size > 0 ? (
              <p className="q-meta">
                {t(`profiles:profile.derived`)}: {[...x.derived].join(', ')}.{' '}
                {t(`profiles:profile.derivedNote`)}
              </p>
            ) : null}
            <SourceLine t={t} indicator={x.indicator} />
          </section>
        );
      })}
    </>
  );
}

function Breadcrumb(p: { label: string; items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label={p.label} className="q-breadcrumb">
      <ol>
        {p.items.map((i) => (
          <li key={i.label} aria-current={i.href ? undefined : 'page'}>
            {i.href ? <a href={i.href}>{i.label}</a> : i.label}
          </li>
        ))}
      </ol>
    </nav>
  );
}

const query = (c: C) => (name: string) => c.req.query(name);
const choroplethQuery = (c: C) => ({
  indicatorId: c.req.query('indicator'),
  level: c.req.query('level'),
  period: c.req.query('period'),
});
const fileName = (slug: string, ext: string) => `profile-${slug}.${ext}`;

function pdfResponse(c: C, pdf: Buffer, name: string) {
  c.header('Content-Type', 'application/pdf');
  c.header('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]+/g, '_')}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(pdf));
}

// ── Routes ──────────────────────────────────────────────────────────────────────────────────────

function mountStaff(staff: Hono<AppEnv>) {
  const base = (c: C) => `/staff/${c.get('tenant')!.slug}/profiles`;
  const profileOf = async (c: C) => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw new AppError(404, 'area_not_found');
    return areaProfile(actorOf(c), c.get('services').db, id);
  };

  staff.get('/profiles', async (c) => {
    const t = c.get('t');
    const data = await choropleth(actorOf(c), c.get('services').db, choroplethQuery(c));
    const title = String(t(`profiles:profile.staffTitle`));
    return staffPage(c, {
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(`profiles:profile.mapIntro`)}</p>
          <ChoroplethSection
            t={t}
            lang={c.get('lang')}
            data={data}
            classing={readClassing(query(c))}
            action={base(c)}
            profileHref={(a) => `${base(c)}/areas/${a.id}`}
            staff
          />
        </>
      ),
    });
  });

  staff.get('/profiles/areas/:id', async (c) => {
    const t = c.get('t');
    const profile = await profileOf(c);
    const title = String(t(`profiles:profile.title`, { area: profile.area.name }));
    const here = `${base(c)}/areas/${profile.area.id}`;
    return staffPage(c, {
      title,
      children: (
        <>
          <Breadcrumb
            label={String(t(`profiles:profile.breadcrumb`))}
            items={[
              { href: base(c), label: String(t(`profiles:profile.staffTitle`)) },
              { label: profile.area.name },
            ]}
          />
          <h1 dir="auto">{title}</h1>
          <ProfileBody
            t={t}
            lang={c.get('lang')}
            profile={profile}
            csvHref={`${here}/profile.csv`}
            pdfHref={`${here}/profile.pdf`}
            mapHref={`${base(c)}?level=${profile.area.kind}`}
            staff
          />
        </>
      ),
    });
  });

  mountDownloads(staff, '/profiles/areas/:id/profile', profileOf);
}

function mountPublic(pub: Hono<AppEnv>) {
  const base = (c: C) => `/${c.get('tenant')!.slug}`;
  const profileOf = async (c: C) => {
    const profile = await publicAreaProfile(
      c.get('services').db,
      c.get('tenant')!.id,
      c.req.param('slug') ?? '',
    );
    if (!profile) throw new AppError(404, 'area_not_found');
    return profile;
  };

  pub.get('/profiles', async (c) => {
    const t = c.get('t');
    const data = await publicChoropleth(c.get('services').db, c.get('tenant')!.id, choroplethQuery(c));
    if (!data) throw new AppError(404, 'not_found');
    const title = String(t(`profiles:profile.map`));
    return publicPage(c, {
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(`profiles:profile.mapIntro`)}</p>
          <ChoroplethSection
            t={t}
            lang={c.get('lang')}
            data={data}
            classing={readClassing(query(c))}
            action={`${base(c)}/profiles`}
            profileHref={(a) => `${base(c)}/areas/${a.slug}/profile`}
            staff={false}
          />
        </>
      ),
    });
  });

  pub.get('/areas/:slug{[a-z0-9-]+}/profile', async (c) => {
    const t = c.get('t');
    const profile = await profileOf(c);
    const title = String(t(`profiles:profile.title`, { area: profile.area.name }));
    const here = `${base(c)}/areas/${profile.area.slug}`;
    return publicPage(c, {
      title,
      children: (
        <>
          <Breadcrumb
            label={String(t(`profiles:profile.breadcrumb`))}
            items={[
              { href: base(c), label: c.get('tenant')!.name },
              { href: here, label: profile.area.name },
              { label: title },
            ]}
          />
          <h1 dir="auto">{title}</h1>
          <ProfileBody
            t={t}
            lang={c.get('lang')}
            profile={profile}
            csvHref={`${here}/profile.csv`}
            pdfHref={`${here}/profile.pdf`}
            mapHref={`${base(c)}/profiles?level=${profile.area.kind}`}
            staff={false}
          />
        </>
      ),
    });
  });

  mountDownloads(pub, '/areas/:slug{[a-z0-9-]+}/profile', profileOf);
}

/** The profile as CSV and as PDF beside its page (`<path>.csv`, `<path>.pdf`), staff and public alike. */
function mountDownloads(router: Hono<AppEnv>, path: string, profileOf: (c: C) => Promise<AreaProfile>) {
  router.get(`${path}.csv`, async (c) => {
    const profile = await profileOf(c);
    return csvResponse(profileCsv(profile, c.get('t'), c.get('lang')), fileName(profile.area.slug, 'csv'));
  });
  router.get(`${path}.pdf`, async (c) => {
    const profile = await profileOf(c);
    const pdf = await profilePdf({
      t: c.get('t'),
      lang: c.get('lang'),
      tenantName: c.get('tenant')!.name,
      profile,
      now: new Date(),
    });
    return pdfResponse(c, pdf, fileName(profile.area.slug, 'pdf'));
  });
}

/** The profile pages on the staff and public routers (called from the module's routes). */
export function mountProfilePages(r: Pick<Routers, 'staff' | 'public'>): void {
  mountStaff(r.staff);
  mountPublic(r.public);
}

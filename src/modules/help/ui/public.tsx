// The public search of the help directory: `/:tenant/help`, a GET form (works without JavaScript,
// no script on the page), the resident's words and filters, the life situations the words pointed
// to, and the services with their places, today's hours and contact. Interface in five languages;
// the services' own texts stay as written (German, easy German where written).
import type { Context, Hono } from 'hono';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { localParts } from '../../../platform/time/index.ts';
import { CheckboxField, SelectField, TextField } from '../../../ui/index.ts';
import { publicPage } from '../../../ui/page.tsx';
import { openSpansOn } from '../domain/hours.ts';
import { serviceAreas } from '../use-cases/near.ts';
import { NEAR_KM, type SearchHit, searchServices } from '../use-cases/search.ts';

type C = Context<AppEnv>;

/** Languages offered in the filter: those the directory's services name most often. */
const LANGUAGES = [
  'Deutsch',
  'Englisch',
  'Türkisch',
  'Arabisch',
  'Russisch',
  'Polnisch',
  'Französisch',
  'Farsi',
  'Spanisch',
  'Kurdisch',
  'Ukrainisch',
];

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function TodayHours({ c, hours, now }: { c: C; hours: SearchHit['locations'][number]['hours']; now: Date }) {
  const t = c.get('t');
  if (hours.mode === 'always') return <span>{t('help:public.always')}</span>;
  if (hours.mode === 'appointment') return <span>{t('help:public.appointmentOnly')}</span>;
  if (hours.mode === 'unknown') return <span>{t('help:public.hoursUnknown')}</span>;
  const spans = openSpansOn(hours, localParts(now).date);
  if (!spans.length) return <span>{t('help:public.closedToday')}</span>;
  return (
    <span>
      {t('help:public.today')} {spans.map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`).join(', ')}
    </span>
  );
}

function Hit({ c, h, now, easy }: { c: C; h: SearchHit; now: Date; easy: boolean }) {
  const t = c.get('t');
  const text = easy && h.descriptionEasy ? h.descriptionEasy : h.description;
  return (
    <li className="q-card">
      <h3 className="kern-heading-small" dir="auto">
        {h.name}
      </h3>
      {h.providerName ? (
        <p className="q-meta" dir="auto">
          {h.providerName}
        </p>
      ) : null}
      {text ? <p dir="auto">{text.length > 400 ? `${text.slice(0, 397)}…` : text}</p> : null}
      <p className="q-meta">
        {h.cost === 'free' ? <span>{t('help:public.free')} · </span> : null}
        {h.access === 'walk_in' || h.access === 'both' ? <span>{t('help:public.walkIn')} · </span> : null}
        {h.languages.length ? (
          <span dir="auto">
            {t('help:public.languages')}: {h.languages.join(', ')}
          </span>
        ) : null}
      </p>
      {h.locations.length ? (
        <ul>
          {h.locations.map((l) => (
            <li key={l.id}>
              <span dir="auto">
                {[
                  l.name,
                  [l.street, l.houseNumber].filter(Boolean).join(' '),
                  [l.postcode, l.city].filter(Boolean).join(' '),
                ]
                  .filter(Boolean)
                  .join(', ')}
              </span>
              {' · '}
              {l.openNow ? (
                <strong>{t('help:public.openNow')}</strong>
              ) : (
                <TodayHours c={c} hours={l.hours} now={now} />
              )}
              {l.stepFree ? <span> · {t('help:public.stepFree')}</span> : null}
              {l.distanceKm !== null ? (
                <span>
                  {' · '}
                  {t('help:public.distance', {
                    km: l.distanceKm.toLocaleString(c.get('lang') === 'de-x-ls' ? 'de' : c.get('lang'), {
                      maximumFractionDigits: 1,
                    }),
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        {h.phone ? (
          <span>
            {t('help:public.phone')}: <a href={`tel:${h.phone.replace(/[^\d+]/g, '')}`}>{h.phone}</a>{' '}
          </span>
        ) : null}
        {h.email ? (
          <span>
            <a href={`mailto:${h.email}`}>{h.email}</a>{' '}
          </span>
        ) : null}
        {h.website ? (
          <a href={h.website} rel="noopener">
            {t('help:public.website')}
          </a>
        ) : null}
      </p>
      <p>
        <a href={`/${c.get('tenant')!.slug}/help/services/${h.id}/slip`}>{t('help:public.slipLink')}</a>
      </p>
    </li>
  );
}

export function mountPublicHelpPages(pub: Hono<AppEnv>): void {
  pub.get('/help', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const on = (k: string) => c.req.query(k) === '1';
    const language = LANGUAGES.includes(c.req.query('language') ?? '') ? c.req.query('language') : undefined;
    const area = c.req.query('area');
    const areas = await serviceAreas(c.get('services').db, tenant.id);
    const near = (c.req.query('near') ?? '').trim().slice(0, 200);
    const filters = {
      language,
      areaId: area && isUuid(area) && areas.some((a) => a.id === area) ? area : undefined,
      openNow: on('openNow'),
      free: on('free'),
      stepFree: on('stepFree'),
      walkIn: on('walkIn'),
    };
    const asked =
      q.trim() !== '' ||
      filters.openNow ||
      filters.free ||
      filters.stepFree ||
      filters.walkIn ||
      !!language ||
      !!filters.areaId ||
      near !== '';
    const now = new Date();
    const result = asked
      ? await searchServices(c.get('services').db, tenant.id, { q, ...filters, near: near || undefined }, now)
      : null;
    const box = (name: keyof typeof filters, label: string) => (
      <CheckboxField name={name} label={label} value="1" checked={!!filters[name]} />
    );
    const res = await publicPage(c, {
      title: t('help:public.title'),
      description: t('help:public.intro'),
      children: (
        <>
          <h1>{t('help:public.title')}</h1>
          <p className="q-prose">{t('help:public.intro')}</p>
          <form method="get" action={`/${tenant.slug}/help`} role="search">
            <TextField
              name="q"
              type="search"
              label={t('help:public.question')}
              hint={t('help:public.examples')}
              value={q}
              maxLength={200}
            />
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('help:public.filters')}</legend>
              <div className="kern-fieldset__body">
                {box('openNow', t('help:public.openNow'))}
                {box('free', t('help:public.free'))}
                {box('stepFree', t('help:public.stepFree'))}
                {box('walkIn', t('help:public.walkIn'))}
              </div>
            </fieldset>
            <SelectField
              name="language"
              label={t('help:public.language')}
              value={language ?? ''}
              options={[
                { value: '', label: t('help:public.anyLanguage') },
                // The directory's own language names (German, like the imported data).
                ...LANGUAGES.map((l) => ({ value: l, label: l })),
              ]}
            />
            {areas.length ? (
              <SelectField
                name="area"
                label={t('help:public.area')}
                value={filters.areaId ?? ''}
                options={[
                  { value: '', label: t('help:public.anyArea') },
                  ...areas.map((a) => ({ value: a.id, label: a.name })),
                ]}
              />
            ) : null}
            <TextField
              name="near"
              label={t('help:public.near')}
              hint={t('help:public.nearHint')}
              value={near}
              maxLength={200}
              autoComplete="address-line1"
            />
            <button className="kern-btn kern-btn--primary" type="submit">
              <span className="kern-label">{t('help:public.search')}</span>
            </button>
          </form>
          {result ? (
            <section aria-live="polite">
              {result.situations.length ? (
                <p>
                  {t('help:public.situations')}:{' '}
                  {result.situations
                    .slice(0, 3)
                    .map((s) => s.label)
                    .join(' · ')}
                </p>
              ) : null}
              {result.near ? (
                <p role="status">
                  {result.near.found
                    ? t('help:public.nearFound', { area: result.near.areaName, km: NEAR_KM })
                    : t('help:public.nearUnknown')}
                </p>
              ) : null}
              <h2>{t('help:public.results', { count: result.hits.length })}</h2>
              {result.hits.length === 0 ? (
                <p>{t('help:public.none')}</p>
              ) : (
                <ul className="q-cards">
                  {result.hits.map((h) => (
                    <Hit key={h.id} c={c} h={h} now={now} easy={c.get('lang') === 'de-x-ls'} />
                  ))}
                </ul>
              )}
            </section>
          ) : null}
          <p className="q-meta">{t('help:public.privacy')}</p>
        </>
      ),
    });
    // Never cached: every answer depends on the words and the time.
    res.headers.set('Cache-Control', 'no-store');
    return res;
  });
}

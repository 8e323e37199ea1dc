import type { Hono } from 'hono';
import { withCaching } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import type { TFunction } from '../../../platform/i18n/index.ts';
import { formatRange } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  type ChoiceOption,
  ErrorSummary,
  LinkButton,
  RadioGroup,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import { occurrenceAt, occurrenceOn } from '../domain/recurrence.ts';
import { REGISTRATION_LIMITS } from '../schemas.ts';
import { type Event, getEvent } from '../use-cases/events.ts';
import { getPublishedEvent } from '../use-cases/listing.ts';
import {
  cancelRegistration,
  type DatePlaces,
  isPerDate,
  MAX_PLACES,
  placesByDate,
  positionOf,
  readRegistrationForm,
  register,
  registrationByToken,
  registrationClosedReason,
  registrationTimes,
  waitingCount,
} from '../use-cases/registrations.ts';
import { type C, eventHref, summaryOf } from './common.tsx';
import { limit } from './submit.tsx';

export const REGISTER_LIMIT = { perIp: 20, windowSeconds: 3600 };

/**
 * The places of an event (or one date): "Noch 2 Plätze frei." — true for anyone asking for up to 2,
 * as the allocation rule leaves nobody waiting who fits — and, when people wait nonetheless, that
 * they need more places; when all are taken, the waiting list and how many wait on it.
 */
export function placesText(
  t: TFunction,
  o: { left: number; waiting: number; waitlistEnabled: boolean },
): string {
  if (o.left > 0) {
    const left = t('events:registration.placesLeft', { count: o.left });
    return o.waiting > 0 ? `${left} ${t('events:registration.waitingLarger', { count: o.waiting })}` : left;
  }
  if (!o.waitlistEnabled) return t('events:registration.full');
  const full = t('events:registration.fullWaitlist');
  return o.waiting > 0 ? `${full} ${t('events:registration.waiting', { count: o.waiting })}` : full;
}

/** "Noch 3 Plätze frei" / "Warteliste" / "Ausgebucht" for one date of a series registered per date. */
export function datePlacesText(t: TFunction, d: DatePlaces, waitlistEnabled: boolean): string {
  if (d.open) {
    const left = t('events:registration.placesLeft', { count: d.left });
    return d.waiting > 0 ? `${left} ${t('events:registration.waitingLarger', { count: d.waiting })}` : left;
  }
  return waitlistEnabled ? t('events:registration.dateWaitlist') : t('events:registration.dateFull');
}

/**
 * The date field of a series registered per date. A date chosen already (the link from the event
 * page) is named first, with its places, and the other dates wait behind "Choose another date", so the
 * name field follows at once; without a chosen date — or with a problem at it — the dates are listed.
 * Either way the radio buttons carry the value (a closed <details> still sends its checked one).
 */
function DateChoice(p: { c: C; e: Event; dates: DatePlaces[]; value: string; error?: string }) {
  const t = p.c.get('t');
  const lang = p.c.get('lang');
  const radios = (
    <RadioGroup
      name="date"
      label={t('events:registration.date')}
      value={p.value}
      error={p.error}
      required
      options={dateOptions(p.c, p.e, p.dates)}
    />
  );
  const chosen = p.error
    ? undefined
    : p.dates.find((d) => d.date === p.value && (d.open || p.e.waitlistEnabled));
  if (!chosen) return radios;
  return (
    <div className="q-chosen-date">
      <dl className="q-chosen-date__what">
        <dt className="kern-label">{t('events:registration.date')}</dt>
        <dd>
          <strong>{formatRange(chosen.start, chosen.end, lang, p.e.allDay)}</strong>
          <br />
          {datePlacesText(t, chosen, p.e.waitlistEnabled)}
        </dd>
      </dl>
      <details className="q-details q-other-date">
        <summary>{t('events:registration.otherDate')}</summary>
        {radios}
      </details>
    </div>
  );
}

/**
 * The dates a person can choose (radio buttons, no script): the next dates of the series with their
 * places; dates left out of the series within that range are shown as called off and cannot be chosen.
 */
function dateOptions(c: C, e: Event, dates: DatePlaces[]): ChoiceOption[] {
  const t = c.get('t');
  const lang = c.get('lang');
  const last = dates.at(-1)?.date ?? '';
  const today = new Date();
  const calledOff = e.exdates
    .filter((d) => d <= last && occurrenceOn({ ...e, exdates: [] }, d))
    .map((d) => occurrenceAt(e, d))
    .filter((o) => o.start.getTime() > today.getTime());
  const options = [
    ...dates.map((d) => ({
      key: d.date,
      option: {
        value: d.date,
        label: formatRange(d.start, d.end, lang, e.allDay),
        hint: datePlacesText(t, d, e.waitlistEnabled),
        disabled: !d.open && !e.waitlistEnabled,
      },
    })),
    ...calledOff.map((o) => ({
      key: o.date,
      option: {
        value: o.date,
        label: formatRange(o.start, o.end, lang, e.allDay),
        hint: t('events:registration.dateCalledOff'),
        disabled: true,
      },
    })),
  ];
  return options.sort((a, b) => a.key.localeCompare(b.key)).map((x) => x.option);
}

/**
 * The registration part of the public event page: places left (or the waiting list) — for a series
 * registered per date, each of the next dates with its own places and a link to register for it.
 */
export function RegistrationSection(p: {
  c: C;
  e: Event;
  dates: DatePlaces[];
  /** Registrations waiting for the whole event (not registered per date). */
  waiting: number;
  now: Date;
}) {
  const { c, e, dates, waiting, now } = p;
  const t = c.get('t');
  const lang = c.get('lang');
  const href = `${eventHref(c.get('tenant')!.slug, e.id)}/register`;
  if (!e.registrationRequired || e.capacity === null || e.cancelledAt) return null;
  if (isPerDate(e)) {
    return (
      <section aria-labelledby="registration">
        <h2 id="registration">{t('events:registration.title')}</h2>
        {dates.length === 0 || registrationClosedReason(e, now) ? (
          <p>{t('events:registration.closed')}</p>
        ) : (
          <>
            <p>{t('events:registration.chooseDate')}</p>
            <ul className="q-links">
              {dates.map((d) => (
                <li key={d.date}>
                  {d.open || e.waitlistEnabled ? (
                    <a href={`${href}?date=${d.date}`}>{formatRange(d.start, d.end, lang, e.allDay)}</a>
                  ) : (
                    formatRange(d.start, d.end, lang, e.allDay)
                  )}
                  {/* The places on a line of their own: a date and time never wrap into them on a phone. */}
                  <br />
                  {datePlacesText(t, d, e.waitlistEnabled)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    );
  }
  const full = e.confirmedPlaces >= e.capacity;
  return (
    <section aria-labelledby="registration">
      <h2 id="registration">{t('events:registration.title')}</h2>
      {e.startsAt.getTime() <= now.getTime() ? (
        <p>{t('events:registration.closed')}</p>
      ) : (
        <>
          <p>
            {placesText(t, {
              left: Math.max(0, e.capacity - e.confirmedPlaces),
              waiting,
              waitlistEnabled: e.waitlistEnabled,
            })}
          </p>
          {!full || e.waitlistEnabled ? (
            <LinkButton href={href}>
              {full ? t('events:registration.joinWaitlist') : t('events:registration.register')}
            </LinkButton>
          ) : null}
        </>
      )}
    </section>
  );
}

async function registerPage(
  c: C,
  e: Event,
  values: Record<string, string>,
  errors: Record<string, string>,
  status: 200 | 409 | 422 = 200,
  alert?: string,
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const perDate = isPerDate(e);
  const dates = perDate ? await placesByDate(c.get('services').db, e) : [];
  const waiting = perDate ? 0 : await waitingCount(c.get('services').db, tenant.id, e.id);
  const full = perDate ? dates.every((d) => !d.open) : e.capacity !== null && e.confirmedPlaces >= e.capacity;
  const closed = registrationClosedReason(e);
  return publicPage(c, {
    title: t('events:registration.pageTitle', { title: e.title }),
    status,
    children: (
      <>
        <nav aria-label={t('events:public.breadcrumb')} className="q-breadcrumb">
          <ol>
            <li>
              <a href={`/${tenant.slug}/events`}>{t('events:public.title')}</a>
            </li>
            <li>
              <a href={eventHref(tenant.slug, e.id)}>{e.title}</a>
            </li>
            <li aria-current="page">{t('events:registration.title')}</li>
          </ol>
        </nav>
        <h1>{t('events:registration.pageTitle', { title: e.title })}</h1>
        {perDate ? null : <p>{formatRange(e.startsAt, e.endsAt, lang, e.allDay)}</p>}
        {alert ? <Alert variant="error" title={t(`events:registration.errors.${alert}`)} /> : null}
        {closed ? (
          <p>{t(`events:registration.closedReasons.${closed}`)}</p>
        ) : (
          <>
            {perDate ? (
              <p>{t('events:registration.perDateIntro')}</p>
            ) : (
              <p>
                {placesText(t, {
                  left: Math.max(0, (e.capacity ?? 0) - e.confirmedPlaces),
                  waiting,
                  waitlistEnabled: e.waitlistEnabled,
                })}
              </p>
            )}
            <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
            <form
              method="post"
              action={`${eventHref(tenant.slug, e.id)}/register`}
              noValidate
              className="q-form"
            >
              <CsrfField token={csrfTokenFor(c)} />
              <div className="q-visually-hidden" aria-hidden="true">
                <label htmlFor="hp-homepage">{t('honeypot')}</label>
                <input
                  id="hp-homepage"
                  name="homepage"
                  type="text"
                  tabIndex={-1}
                  autoComplete="off"
                  defaultValue=""
                />
              </div>
              {perDate ? (
                <DateChoice
                  c={c}
                  e={e}
                  dates={dates}
                  value={values.date ?? ''}
                  error={errors.date ? t(errors.date) : undefined}
                />
              ) : null}
              <TextField
                name="name"
                label={t('events:registration.name')}
                value={values.name}
                error={errors.name ? t(errors.name) : undefined}
                required
                autoComplete="name"
                maxLength={REGISTRATION_LIMITS.name}
              />
              <TextField
                name="email"
                type="email"
                label={t('events:registration.email')}
                hint={t('events:registration.emailHint')}
                value={values.email}
                error={errors.email ? t(errors.email) : undefined}
                required
                autoComplete="email"
              />
              <TextField
                name="phone"
                type="tel"
                label={t('events:registration.phone')}
                value={values.phone}
                error={errors.phone ? t(errors.phone) : undefined}
                optionalText={t('events:form.optional')}
                autoComplete="tel"
                width={20}
              />
              <SelectField
                name="places"
                label={t('events:registration.places')}
                value={values.places || '1'}
                error={errors.places ? t(errors.places) : undefined}
                options={Array.from({ length: MAX_PLACES }, (_, i) => ({
                  value: String(i + 1),
                  label: String(i + 1),
                }))}
              />
              <p className="q-meta">{t('events:registration.privacy')}</p>
              <div className="q-form__actions">
                <Button type="submit">
                  {full && !perDate
                    ? t('events:registration.joinWaitlist')
                    : t('events:registration.register')}
                </Button>
              </div>
            </form>
          </>
        )}
      </>
    ),
  });
}

export function mountRegistrationPages(pub: Hono<AppEnv>) {
  pub.get('/events/registrations/:token', async (c) => statusPage(c));

  pub.post('/events/registrations/:token/cancel', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(c, `events-reg-token:${clientIp(c, services.config.trustProxy)}`, 30, 600);
    const r = await registrationByToken(services.db, tenant.id, c.req.param('token'));
    if (!r) throw new AppError(404, 'link_invalid');
    await cancelRegistration(services, tenant, r.id);
    return statusPage(c, 'cancelled');
  });

  pub.get('/events/:id{[0-9a-f-]{36}}/register', async (c) => {
    const e = await getPublishedEvent(c.get('services').db, c.get('tenant')!.id, c.req.param('id'));
    if (!e?.registrationRequired) throw new AppError(404, 'event_not_found');
    const date = c.req.query('date') ?? '';
    const values: Record<string, string> = /^\d{4}-\d{2}-\d{2}$/.test(date) ? { date } : {};
    return withCaching(c, await registerPage(c, e, values, {}), { private: true, maxAge: 0 });
  });

  pub.post('/events/:id{[0-9a-f-]{36}}/register', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(
      c,
      `events-register:${clientIp(c, services.config.trustProxy)}`,
      REGISTER_LIMIT.perIp,
      REGISTER_LIMIT.windowSeconds,
    );
    const e = await getPublishedEvent(services.db, tenant.id, c.req.param('id'));
    if (!e?.registrationRequired) throw new AppError(404, 'event_not_found');
    const body = await formData(c);
    const { input, form: f } = readRegistrationForm(body, e);
    const values = Object.fromEntries(
      Object.entries(f.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    );
    if (typeof body.homepage === 'string' && body.homepage.trim() !== '') return statusPage(c, 'received');
    if (!f.ok) return registerPage(c, e, values, f.errors, 422);
    try {
      const r = await register(services, tenant, e.id, { ...input, lang: c.get('lang') });
      const { email } = input;
      const t = c.get('t');
      const times = registrationTimes(e, r.registration);
      return publicPage(c, {
        title: t('events:registration.doneTitle'),
        children: (
          <>
            <h1>
              {t(
                r.registration.status === 'confirmed'
                  ? 'events:registration.doneTitle'
                  : 'events:registration.waitlistTitle',
              )}
            </h1>
            <Alert variant="success" title={e.title} role="status">
              {times.date ? (
                <p>
                  {t('events:registration.forDate', {
                    when: formatRange(times.start, times.end, c.get('lang'), e.allDay),
                  })}
                </p>
              ) : null}
              {r.registration.status === 'confirmed'
                ? t('events:registration.done', { email })
                : t('events:registration.waitlisted', { email, position: r.position })}
            </Alert>
            <p>
              <a href={eventHref(tenant.slug, e.id)}>{t('events:registration.backToEvent')}</a>
            </p>
          </>
        ),
      });
    } catch (err) {
      if (err instanceof AppError && err.status === 409) {
        const code = err.code.replace(/^registration_/, '');
        const fresh = (await getEvent(services.db, tenant.id, e.id))!;
        // A problem with the chosen date is shown at the date, too.
        const fieldErrors: Record<string, string> =
          isPerDate(e) && code.startsWith('date_') ? { date: `events:registration.errors.${code}` } : {};
        return registerPage(c, fresh, values, fieldErrors, 409, code);
      }
      throw err;
    }
  });
}

async function statusPage(c: C, notice?: 'cancelled' | 'received') {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  if (notice === 'received') {
    return publicPage(c, {
      title: t('events:registration.doneTitle'),
      children: <h1>{t('events:registration.doneTitle')}</h1>,
    });
  }
  const token = c.req.param('token') ?? '';
  const r = await registrationByToken(db, tenant.id, token);
  if (!r) throw new AppError(404, 'link_invalid');
  const e = (await getEvent(db, tenant.id, r.eventId))!;
  const position = await positionOf(db, r);
  const times = registrationTimes(e, r);
  return publicPage(c, {
    title: t('events:registration.statusTitle'),
    children: (
      <>
        <h1>{t('events:registration.statusTitle')}</h1>
        {notice === 'cancelled' ? (
          <Alert variant="success" title={t('events:registration.cancelledNotice')} role="status" />
        ) : null}
        <p>
          <a href={eventHref(tenant.slug, e.id)}>{e.title}</a> –{' '}
          {formatRange(times.start, times.end, lang, e.allDay)}
        </p>
        <p>
          {t('events:registration.yourStatus')}:{' '}
          <strong>{t(`events:registration.statuses.${r.status}`, { position })}</strong>
          {' · '}
          {t('events:registration.placesOf', { count: r.places })}
        </p>
        {e.cancelledAt ? (
          <Alert variant="error" title={t('events:public.cancelledTitle')}>
            {e.cancelReason}
          </Alert>
        ) : null}
        {r.status !== 'cancelled' && !e.cancelledAt && times.start.getTime() > Date.now() ? (
          <form method="post" action={`/${tenant.slug}/events/registrations/${token}/cancel`}>
            <CsrfField token={csrfTokenFor(c)} />
            <Button type="submit" variant="danger">
              {t('events:registration.cancel')}
            </Button>
          </form>
        ) : null}
      </>
    ),
  });
}

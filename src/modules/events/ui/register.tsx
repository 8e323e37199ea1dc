import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, ErrorSummary, SelectField, TextField } from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import { formatRange } from '../domain/time.ts';
import { withCaching } from '../feeds/http.ts';
import { FormReader } from '../forms.ts';
import { type Event, getEvent } from '../use-cases/events.ts';
import { getPublishedEvent } from '../use-cases/listing.ts';
import {
  cancelRegistration,
  MAX_PLACES,
  positionOf,
  register,
  registrationByToken,
  registrationClosedReason,
} from '../use-cases/registrations.ts';
import { type C, eventHref, summaryOf } from './common.tsx';
import { limit } from './submit.tsx';

export const REGISTER_LIMIT = { perIp: 20, windowSeconds: 3600 };

function registerPage(
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
  const full = e.capacity !== null && e.confirmedPlaces >= e.capacity;
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
        <p>{formatRange(e.startsAt, e.endsAt, lang, e.allDay)}</p>
        {alert ? <Alert variant="error" title={t(`events:registration.errors.${alert}`)} /> : null}
        {closed ? (
          <p>{t(`events:registration.closedReasons.${closed}`)}</p>
        ) : (
          <>
            <p>
              {full
                ? e.waitlistEnabled
                  ? t('events:registration.fullWaitlist')
                  : t('events:registration.full')
                : t('events:registration.placesLeft', { count: (e.capacity ?? 0) - e.confirmedPlaces })}
            </p>
            <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
            <form
              method="post"
              action={`${eventHref(tenant.slug, e.id)}/register`}
              noValidate
              className="q-form"
            >
              <CsrfField token={csrfTokenFor(c)} />
              <div className="q-visually-hidden" aria-hidden="true">
                <label htmlFor="hp-homepage">{t('events:form.honeypot')}</label>
                <input
                  id="hp-homepage"
                  name="homepage"
                  type="text"
                  tabIndex={-1}
                  autoComplete="off"
                  defaultValue=""
                />
              </div>
              <TextField
                name="name"
                label={t('events:registration.name')}
                value={values.name}
                error={errors.name ? t(errors.name) : undefined}
                required
                autoComplete="name"
                maxLength={200}
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
                  {full ? t('events:registration.joinWaitlist') : t('events:registration.register')}
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
    return withCaching(c, await registerPage(c, e, {}, {}), { private: true, maxAge: 0 });
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
    const f = new FormReader(body);
    const name = f.text('name', { required: true, max: 200 });
    const email = f.email('email', { required: true });
    const phone = f.phone('phone');
    const places = f.int('places', { min: 1, max: MAX_PLACES }) ?? 1;
    const values = Object.fromEntries(
      Object.entries(f.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
    );
    if (typeof body.homepage === 'string' && body.homepage.trim() !== '') return statusPage(c, 'received');
    if (!f.ok) return registerPage(c, e, values, f.errors, 422);
    try {
      const r = await register(services, tenant, e.id, { name, email, phone, places, lang: c.get('lang') });
      const t = c.get('t');
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
        return registerPage(c, fresh, values, {}, 409, code);
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
          {formatRange(e.startsAt, e.endsAt, lang, e.allDay)}
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
        {r.status !== 'cancelled' && !e.cancelledAt && e.startsAt.getTime() > Date.now() ? (
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

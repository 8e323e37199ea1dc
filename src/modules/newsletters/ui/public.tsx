import type { Context, Hono } from 'hono';
import { withCaching } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hitLimit } from '../../../platform/http/rate-limit.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { isLang, LANG_NAMES, type Lang, PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  CheckboxGroup,
  ErrorSummary,
  fieldId,
  RadioGroup,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import { TOPICS } from '../../website/index.ts';
import {
  byToken,
  confirm,
  newsletterAreaChoices,
  type Subscriber,
  signUp,
  unsubscribe,
  updatePreferences,
} from '../use-cases/subscribers.ts';

type C = Context<AppEnv>;

/** Sign-ups per client address and per e-mail address (confirmation mails must not become a spam cannon). */
export const SIGNUP_LIMIT = { perIp: 10, perEmail: 3, windowSeconds: 3600 };

async function limit(c: C, key: string, max: number, windowSeconds: number) {
  const r = await hitLimit(c.get('services').db, key, max, windowSeconds);
  if (!r.allowed) {
    c.header('Retry-After', String(r.retryAfterSeconds));
    throw new AppError(429, 'rate_limited', undefined, { seconds: r.retryAfterSeconds });
  }
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];

async function areaChoices(c: C) {
  const areas = await newsletterAreaChoices(c.get('services').db, c.get('tenant')!.id);
  return areas.map((a) => ({ value: a.id, label: a.name, slug: a.slug }));
}

function PreferenceFields({
  c,
  values,
  errors,
  areas,
}: {
  c: C;
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  areas: { value: string; label: string }[];
}) {
  const t = c.get('t');
  const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
  return (
    <>
      <RadioGroup
        name="language"
        label={t('newsletters:form.language')}
        value={String(values.language ?? c.get('lang'))}
        error={err('language')}
        options={PUBLIC_LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
      />
      {areas.length ? (
        <CheckboxGroup
          name="areas"
          label={t('newsletters:form.areas')}
          hint={t('newsletters:form.areasHint')}
          values={list(values.areas)}
          error={err('areas')}
          options={areas}
        />
      ) : null}
      <CheckboxGroup
        name="topics"
        label={t('newsletters:form.topics')}
        hint={t('newsletters:form.topicsHint')}
        values={list(values.topics)}
        error={err('topics')}
        options={TOPICS.map((x) => ({ value: x, label: t(`website:topics.${x}`) }))}
      />
    </>
  );
}

function readPreferences(body: Record<string, unknown>, areaIds: string[]) {
  const errors: Record<string, string> = {};
  const language = str(body.language);
  if (!isLang(language)) errors.language = 'validation.choice';
  const areas = list(body.areas);
  if (areas.some((a) => !areaIds.includes(a))) errors.areas = 'validation.choice';
  const topics = list(body.topics);
  if (topics.some((x) => !(TOPICS as readonly string[]).includes(x))) errors.topics = 'validation.choice';
  return {
    errors,
    values: { language, areas, topics } as Record<string, string | string[]>,
    prefs: {
      lang: (isLang(language) ? language : 'de') as Lang,
      areaIds: areas.filter((a) => areaIds.includes(a)),
      topics: topics.filter((x) => (TOPICS as readonly string[]).includes(x)),
    },
  };
}

async function signUpPage(
  c: C,
  values: Record<string, string | string[]>,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const areas = await areaChoices(c);
  const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
  return publicPage(c, {
    title: t('newsletters:signup.title'),
    description: t('newsletters:signup.intro'),
    status,
    children: (
      <>
        <nav aria-label={t('newsletters:breadcrumb')} className="q-breadcrumb">
          <ol>
            <li>
              <a href={`/${tenant.slug}`}>{tenant.name}</a>
            </li>
            <li aria-current="page">{t('newsletters:signup.title')}</li>
          </ol>
        </nav>
        <h1>{t('newsletters:signup.title')}</h1>
        <p>{t('newsletters:signup.intro')}</p>
        <ErrorSummary
          title={t('errorSummaryTitle')}
          errors={Object.entries(errors).map(([k, v]) => ({ fieldId: fieldId(k), message: t(v) }))}
        />
        <form method="post" action={`/${tenant.slug}/newsletter`} className="q-form" noValidate>
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
          <TextField
            name="email"
            type="email"
            label={t('newsletters:form.email')}
            value={String(values.email ?? '')}
            error={err('email')}
            required
            autoComplete="email"
          />
          <PreferenceFields c={c} values={values} errors={errors} areas={areas} />
          <CheckboxField
            name="consent"
            label={t('newsletters:consent.text', { tenant: tenant.name })}
            checked={values.consent === 'on'}
            error={err('consent')}
            required
          />
          <p className="q-meta">{t('newsletters:signup.privacy')}</p>
          <div className="q-form__actions">
            <Button type="submit">{t('newsletters:signup.send')}</Button>
          </div>
        </form>
      </>
    ),
  });
}

function message(
  c: C,
  title: string,
  body?: string,
  variant: 'success' | 'info' | 'error' = 'success',
  status: 200 | 404 = 200,
) {
  const tenant = c.get('tenant')!;
  c.header('Cache-Control', 'no-store');
  return publicPage(c, {
    title,
    status,
    children: (
      <>
        <h1>{title}</h1>
        {body ? <Alert variant={variant} title={body} role="status" /> : null}
        <p>
          <a href={`/${tenant.slug}`}>{c.get('t')('newsletters:toStart')}</a>
        </p>
      </>
    ),
  });
}

async function preferencesPage(
  c: C,
  token: string,
  s: Subscriber,
  values: Record<string, string | string[]>,
  errors: Record<string, string>,
  notice?: string,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const areas = await areaChoices(c);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return publicPage(c, {
    title: t('newsletters:prefs.title'),
    status,
    children: (
      <>
        <h1>{t('newsletters:prefs.title')}</h1>
        {notice ? (
          <Alert variant="success" title={t(`newsletters:prefs.notices.${notice}`)} role="status" />
        ) : null}
        <p>
          {t('newsletters:prefs.address')}: <strong>{s.email}</strong> ·{' '}
          {t(`newsletters:statuses.${s.status}`)}
        </p>
        {s.status === 'active' ? (
          <>
            <ErrorSummary
              title={t('errorSummaryTitle')}
              errors={Object.entries(errors).map(([k, v]) => ({ fieldId: fieldId(k), message: t(v) }))}
            />
            <form
              method="post"
              action={`/${tenant.slug}/newsletter/s/${token}`}
              className="q-form"
              noValidate
            >
              <CsrfField token={csrfTokenFor(c)} />
              <PreferenceFields c={c} values={values} errors={errors} areas={areas} />
              <div className="q-form__actions">
                <Button type="submit">{t('save')}</Button>
              </div>
            </form>
            <h2>{t('newsletters:prefs.unsubscribeTitle')}</h2>
            <form method="post" action={`/${tenant.slug}/newsletter/unsubscribe/${token}`}>
              <CsrfField token={csrfTokenFor(c)} />
              <Button type="submit" variant="danger">
                {t('newsletters:prefs.unsubscribe')}
              </Button>
            </form>
          </>
        ) : (
          <p>
            <a href={`/${tenant.slug}/newsletter`}>{t('newsletters:prefs.signUpAgain')}</a>
          </p>
        )}
      </>
    ),
  });
}

export function mountNewsletterPublicPages(pub: Hono<AppEnv>) {
  pub.get('/newsletter', async (c) => {
    const slug = c.req.query('area');
    const areas = await areaChoices(c);
    const pre = areas.find((a) => a.slug === slug);
    // The form carries this visitor's CSRF token: cacheable by the browser only.
    return withCaching(
      c,
      await signUpPage(c, { language: c.get('lang'), areas: pre ? [pre.value] : [] }, {}),
      {
        private: true,
        maxAge: 0,
      },
    );
  });

  pub.post('/newsletter', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    const t = c.get('t');
    await limit(
      c,
      `newsletter-signup:${clientIp(c, services.config.trustProxy)}`,
      SIGNUP_LIMIT.perIp,
      SIGNUP_LIMIT.windowSeconds,
    );
    const body = await formData(c);
    const areas = await areaChoices(c);
    const p = readPreferences(
      body,
      areas.map((a) => a.value),
    );
    const email = str(body.email).trim().toLowerCase();
    const errors = { ...p.errors };
    if (!email) errors.email = 'validation.required';
    else if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      errors.email = 'validation.email';
    if (str(body.consent) !== 'on') errors.consent = 'newsletters:errors.consent';
    const values = { ...p.values, email, consent: str(body.consent) };
    if (typeof body.homepage === 'string' && body.homepage.trim())
      return message(c, t('newsletters:signup.checkTitle'), t('newsletters:signup.check'));
    if (Object.keys(errors).length) return signUpPage(c, values, errors, 422);
    await limit(c, `newsletter-signup-mail:${email}`, SIGNUP_LIMIT.perEmail, SIGNUP_LIMIT.windowSeconds);
    // The consent text is stored exactly as shown, in the language of the page.
    await signUp(services, tenant, {
      email,
      ...p.prefs,
      consentText: t('newsletters:consent.text', { tenant: tenant.name }),
    });
    return message(c, t('newsletters:signup.checkTitle'), t('newsletters:signup.check'));
  });

  // Confirming needs a button press: mail scanners that open links must not subscribe anyone.
  pub.get('/newsletter/confirm/:token', (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return publicPage(c, {
      title: t('newsletters:confirm.title'),
      children: (
        <>
          <h1>{t('newsletters:confirm.title')}</h1>
          <p>{t('newsletters:confirm.intro')}</p>
          <form method="post" action={`/${tenant.slug}/newsletter/confirm/${c.req.param('token')}`}>
            <CsrfField token={csrfTokenFor(c)} />
            <Button type="submit">{t('newsletters:confirm.button')}</Button>
          </form>
        </>
      ),
    });
  });

  pub.post('/newsletter/confirm/:token', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(c, `newsletter-token:${clientIp(c, services.config.trustProxy)}`, 60, 600);
    const manage = await confirm(services.db, tenant.id, c.req.param('token'));
    if (!manage)
      return message(
        c,
        c.get('t')('newsletters:confirm.invalidTitle'),
        c.get('t')('newsletters:confirm.invalid'),
        'error',
        404,
      );
    return c.redirect(`/${tenant.slug}/newsletter/s/${manage}?confirmed=1`, 303);
  });

  pub.get('/newsletter/s/:token', async (c) => {
    const owner = await byToken(c.get('services').db, c.get('tenant')!.id, c.req.param('token'));
    if (!owner) throw new AppError(404, 'link_invalid');
    const s = owner.subscriber;
    return preferencesPage(
      c,
      c.req.param('token'),
      s,
      { language: s.lang, areas: s.areaIds, topics: s.topics },
      {},
      c.req.query('confirmed') ? 'confirmed' : undefined,
    );
  });

  pub.post('/newsletter/s/:token', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(c, `newsletter-token:${clientIp(c, services.config.trustProxy)}`, 60, 600);
    const owner = await byToken(services.db, tenant.id, c.req.param('token'));
    if (!owner) throw new AppError(404, 'link_invalid');
    const areas = await areaChoices(c);
    const p = readPreferences(
      await formData(c),
      areas.map((a) => a.value),
    );
    if (Object.keys(p.errors).length)
      return preferencesPage(c, c.req.param('token'), owner.subscriber, p.values, p.errors, undefined, 422);
    await updatePreferences(services.db, tenant.id, owner.subscriber.id, p.prefs);
    const fresh = (await byToken(services.db, tenant.id, c.req.param('token')))!;
    return preferencesPage(c, c.req.param('token'), fresh.subscriber, p.values, {}, 'saved');
  });

  pub.get('/newsletter/unsubscribe/:token', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const owner = await byToken(c.get('services').db, tenant.id, c.req.param('token'));
    if (!owner) throw new AppError(404, 'link_invalid');
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return publicPage(c, {
      title: t('newsletters:unsubscribe.title'),
      children: (
        <>
          <h1>{t('newsletters:unsubscribe.title')}</h1>
          <p>{t('newsletters:unsubscribe.intro', { email: owner.subscriber.email })}</p>
          <form method="post" action={`/${tenant.slug}/newsletter/unsubscribe/${c.req.param('token')}`}>
            <CsrfField token={csrfTokenFor(c)} />
            <Button type="submit" variant="danger">
              {t('newsletters:unsubscribe.button')}
            </Button>
          </form>
          <p>
            <a href={`/${tenant.slug}/newsletter/s/${c.req.param('token')}`}>
              {t('newsletters:unsubscribe.preferences')}
            </a>
          </p>
        </>
      ),
    });
  });

  // The button above, and RFC 8058 one-click from mail programs (let through the CSRF check by its exact body).
  pub.post('/newsletter/unsubscribe/:token', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(c, `newsletter-token:${clientIp(c, services.config.trustProxy)}`, 60, 600);
    const owner = await byToken(services.db, tenant.id, c.req.param('token'));
    if (!owner) throw new AppError(404, 'link_invalid');
    await unsubscribe(services.db, tenant.id, owner);
    const t = c.get('t');
    return message(c, t('newsletters:unsubscribe.doneTitle'), t('newsletters:unsubscribe.done'));
  });
}

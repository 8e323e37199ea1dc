// The provider's private link: `/:tenant/help/review/:token` shows their entry as the directory
// shows it, with two answers — "still correct" and "correct it" (a form with the entry's texts and
// contact, and a note for places and hours). No account, no script; the link works once and for a
// limited time. Interface in the five public languages; the entry's own texts stay as written.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { hitLimit } from '../../../platform/http/rate-limit.ts';
import { formData } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDate } from '../../../platform/time/index.ts';
import { Alert, Button, FormFrame, KeyValueList, TextArea, TextField } from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import type { OpeningHours } from '../domain/hours.ts';
import { PROPOSAL_FIELDS } from '../domain/vocab.ts';
import { confirmEntry, entryFields, proposeChange, reviewLinkByToken } from '../use-cases/reviews.ts';
import type { Service } from '../use-cases/services.ts';

type C = Context<AppEnv>;
type Values = Record<string, string>;
type Notice = 'confirmed' | 'proposed' | 'answered';

async function limit(c: C) {
  const services = c.get('services');
  const r = await hitLimit(services.db, `help-review:${clientIp(c, services.config.trustProxy)}`, 30, 600);
  if (!r.allowed) {
    c.header('Retry-After', String(r.retryAfterSeconds));
    throw new AppError(429, 'rate_limited', undefined, { seconds: r.retryAfterSeconds });
  }
}

const placeLine = (l: Service['locations'][number]) =>
  [
    l.name,
    [l.street, l.houseNumber].filter(Boolean).join(' '),
    [l.postcode, l.city].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');

/** Weekly hours as one line per place ("Mo 09:00–12:00, Di …"), in the page's language. */
function hoursLine(c: C, h: OpeningHours): string {
  const t = c.get('t');
  const lang = c.get('lang');
  if (h.mode === 'always') return String(t('help:public.always'));
  if (h.mode === 'appointment') return String(t('help:public.appointmentOnly'));
  if (h.mode === 'unknown' || !h.intervals.length) return String(t('help:public.hoursUnknown'));
  const day = (d: number) =>
    formatDate(`2024-01-0${d}`, lang, {
      weekday: 'short',
      day: undefined,
      month: undefined,
      year: undefined,
    });
  return h.intervals.map((i) => `${day(i.day)} ${i.from}–${i.to}`).join(', ');
}

const entryValues = (s: Service): Values => ({ ...entryFields(s), note: '' });

async function reviewPage(
  c: C,
  o: { notice?: Notice; values?: Values; errors?: Record<string, string> } = {},
  status: 200 | 409 | 422 = 200,
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const tenant = c.get('tenant')!;
  const token = c.req.param('token') ?? '';
  const found = await reviewLinkByToken(c.get('services').db, tenant.id, token, c.get('services').now());
  const title = String(t('help:public.review.title'));
  if (!found) {
    const res = await publicPage(c, {
      title,
      status: 404,
      children: (
        <div className="q-narrow">
          <h1>{title}</h1>
          <Alert variant="error" title={t('help:public.review.invalid')}>
            <p>{t('help:public.review.invalidHelp')}</p>
          </Alert>
        </div>
      ),
    });
    res.headers.set('Cache-Control', 'no-store');
    return res;
  }
  const { link, service: s } = found;
  const base = `/${tenant.slug}/help/review/${token}`;
  const notice = o.notice ?? (link.answer ? 'answered' : undefined);
  const errors = Object.fromEntries(Object.entries(o.errors ?? {}).map(([k, m]) => [k, String(t(m))]));
  const v = o.values ?? entryValues(s);
  const field = (name: (typeof PROPOSAL_FIELDS)[number] | 'note', long = false) =>
    long ? (
      <TextArea
        name={name}
        label={t(`help:public.review.field.${name}`)}
        value={v[name] ?? ''}
        error={errors[name]}
        rows={name === 'description' ? 8 : 4}
        required={name === 'name'}
        optionalText={t('help:public.review.optional')}
      />
    ) : (
      <TextField
        name={name}
        label={t(`help:public.review.field.${name}`)}
        value={v[name] ?? ''}
        error={errors[name]}
        type={name === 'email' ? 'email' : name === 'phone' ? 'tel' : name === 'website' ? 'url' : 'text'}
        required={name === 'name'}
        optionalText={t('help:public.review.optional')}
      />
    );
  const res = await publicPage(c, {
    title,
    status,
    children: (
      <div className="q-narrow">
        <h1>{title}</h1>
        {notice ? (
          <Alert variant="success" role="status" title={t(`help:public.review.done.${notice}`)}>
            <p>{t(`help:public.review.doneHelp.${notice}`)}</p>
          </Alert>
        ) : (
          <p>{t('help:public.review.intro', { until: formatDate(link.expiresAt, lang) })}</p>
        )}
        <section aria-labelledby="entry">
          <h2 id="entry" dir="auto">
            {s.name}
          </h2>
          <KeyValueList
            items={[
              ...(s.providerName
                ? [
                    {
                      key: 'provider',
                      term: t('help:public.review.provider'),
                      value: <span dir="auto">{s.providerName}</span>,
                    },
                  ]
                : []),
              {
                key: 'description',
                term: t('help:public.review.field.description'),
                value: <span dir="auto">{s.description || '–'}</span>,
              },
              {
                key: 'eligibility',
                term: t('help:public.review.field.eligibility'),
                value: <span dir="auto">{s.eligibility || '–'}</span>,
              },
              {
                key: 'costNote',
                term: t('help:public.review.field.costNote'),
                value: <span dir="auto">{s.costNote || '–'}</span>,
              },
              { key: 'phone', term: t('help:public.review.field.phone'), value: s.phone || '–' },
              { key: 'email', term: t('help:public.review.field.email'), value: s.email || '–' },
              { key: 'website', term: t('help:public.review.field.website'), value: s.website || '–' },
              ...s.locations.map((l) => ({
                key: l.id,
                term: t('help:public.review.place'),
                value: (
                  <span dir="auto">
                    {placeLine(l) || '–'}
                    <br />
                    {hoursLine(c, l.hours)}
                  </span>
                ),
              })),
              {
                key: 'checked',
                term: t('help:public.review.checked'),
                value: s.reviewedAt ? formatDate(s.reviewedAt, lang) : t('help:public.review.never'),
              },
            ]}
          />
        </section>
        {link.answer ? null : (
          <>
            <section aria-labelledby="confirm">
              <h2 id="confirm">{t('help:public.review.confirmTitle')}</h2>
              <p>{t('help:public.review.confirmHint')}</p>
              <form method="post" action={`${base}/confirm`}>
                <CsrfField token={csrfTokenFor(c)} />
                <Button type="submit" variant="primary">
                  {t('help:public.review.confirm')}
                </Button>
              </form>
            </section>
            <section aria-labelledby="correct">
              <h2 id="correct">{t('help:public.review.correctTitle')}</h2>
              <p>{t('help:public.review.correctHint')}</p>
              <FormFrame
                action={`${base}/correct`}
                csrf={csrfTokenFor(c)}
                errors={errors}
                errorTitle={String(t('help:public.review.errorTitle'))}
              >
                {field('name')}
                {field('description', true)}
                {field('eligibility', true)}
                {field('costNote')}
                {field('phone')}
                {field('email')}
                {field('website')}
                {field('note', true)}
                <Button type="submit" variant="secondary">
                  {t('help:public.review.send')}
                </Button>
              </FormFrame>
            </section>
          </>
        )}
      </div>
    ),
  });
  // A private page: never kept by a cache, never sent on as a referrer.
  res.headers.set('Cache-Control', 'no-store');
  res.headers.set('Referrer-Policy', 'no-referrer');
  return res;
}

/** The use case's answer to an answered link: the page with its notice instead of an error. */
function answeredOr(err: unknown): void {
  if (err instanceof AppError && err.status === 409) return;
  throw err;
}

export function mountHelpReviewPages(pub: Hono<AppEnv>): void {
  pub.get('/help/review/:token', (c) => reviewPage(c));
  pub.post('/help/review/:token/confirm', async (c) => {
    await limit(c);
    const tenant = c.get('tenant')!;
    try {
      await confirmEntry(c.get('services').db, tenant.id, c.req.param('token'), c.get('services').now());
    } catch (err) {
      answeredOr(err);
      return reviewPage(c, { notice: 'answered' }, 409);
    }
    return reviewPage(c, { notice: 'confirmed' });
  });
  pub.post('/help/review/:token/correct', async (c) => {
    await limit(c);
    const tenant = c.get('tenant')!;
    const raw = await formData(c);
    const values: Values = Object.fromEntries(
      [...PROPOSAL_FIELDS, 'note'].map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : '']),
    );
    try {
      await proposeChange(
        c.get('services').db,
        tenant.id,
        c.req.param('token'),
        { ...values, name: values.name ?? '' },
        c.get('services').now(),
      );
    } catch (err) {
      if (err instanceof ValidationError) return reviewPage(c, { values, errors: err.fields }, 422);
      answeredOr(err);
      return reviewPage(c, { notice: 'answered' }, 409);
    }
    return reviewPage(c, { notice: 'proposed' });
  });
}

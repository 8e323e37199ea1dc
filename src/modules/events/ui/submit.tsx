import type { Hono } from 'hono';
import { serveStoredFile } from '../../../platform/files/index.ts';
import { withCaching } from '../../../platform/http/caching.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hitLimit } from '../../../platform/http/rate-limit.ts';
import { formData } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { formatRange } from '../../../platform/time/index.ts';
import { Alert, Button } from '../../../ui/index.ts';
import { CsrfField, publicPage } from '../../../ui/page.tsx';
import { listAreas } from '../../areas/index.ts';
import { listVenues } from '../../network/index.ts';
import { FormReader } from '../forms.ts';
import { type Event, formValuesOf, listCategories, readEventForm } from '../use-cases/events.ts';
import {
  confirmRevisionReceived,
  eventByToken,
  getSettings,
  submitEvent,
  submitterUpdate,
  submitterWithdraw,
} from '../use-cases/moderation.ts';
import { type C, statusLabel } from './common.tsx';
import { EventForm, type FormValues } from './event-form.tsx';

/** Public submissions per client address and per e-mail address (the queue itself is the third guard). */
export const SUBMIT_LIMIT = { perIp: 10, perEmail: 5, windowSeconds: 3600 };

export async function limit(c: C, key: string, max: number, windowSeconds: number) {
  const services = c.get('services');
  const r = await hitLimit(services.db, key, max, windowSeconds);
  if (!r.allowed) {
    c.header('Retry-After', String(r.retryAfterSeconds));
    throw new AppError(429, 'rate_limited', undefined, { seconds: r.retryAfterSeconds });
  }
}

/** The published listing criteria in the visitor's language, else German with a notice. */
export function localizedText(
  texts: Record<string, string>,
  lang: string,
): { text: string; fallback: boolean } {
  if (texts[lang]?.trim()) return { text: texts[lang], fallback: false };
  if (lang === 'de-x-ls' && texts.de?.trim()) return { text: texts.de, fallback: true };
  return { text: texts.de ?? '', fallback: lang !== 'de' && !!texts.de };
}

function paragraphs(text: string) {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: static text
      <p key={i}>{p}</p>
    ));
}

async function formOptions(c: C) {
  const db = c.get('services').db;
  const tenant = c.get('tenant')!;
  const [categories, areas, venues] = await Promise.all([
    listCategories(db, tenant.id),
    listAreas(db, tenant.id, { kinds: ['programme', 'district'], published: true }),
    listVenues(db, tenant.id, { scope: null, limit: 500 }),
  ]);
  return {
    categories,
    areas: areas.map((a) => ({ id: a.id, name: a.name })),
    venues: venues.map((v) => ({ id: v.id, name: v.name })),
  };
}

async function submitPage(c: C, values: FormValues, errors: Record<string, string>, status: 200 | 422 = 200) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const opts = await formOptions(c);
  const settings = await getSettings(c.get('services').db, tenant.id);
  const criteria = localizedText(settings.criteria, c.get('lang'));
  return publicPage(c, {
    title: t('events:submit.title'),
    description: t('events:submit.intro'),
    status,
    children: (
      <>
        <nav aria-label={t('events:public.breadcrumb')} className="q-breadcrumb">
          <ol>
            <li>
              <a href={`/${tenant.slug}`}>{tenant.name}</a>
            </li>
            <li>
              <a href={`/${tenant.slug}/events`}>{t('events:public.title')}</a>
            </li>
            <li aria-current="page">{t('events:submit.title')}</li>
          </ol>
        </nav>
        <h1>{t('events:submit.title')}</h1>
        <p>{t('events:submit.intro')}</p>
        <details className="q-details">
          <summary>{t('events:criteria.title')}</summary>
          {criteria.fallback ? <p className="q-notice">{t('notTranslated')}</p> : null}
          {criteria.text ? paragraphs(criteria.text) : <p>{t('events:criteria.default')}</p>}
          <p>
            <a href={`/${tenant.slug}/events/criteria`}>{t('events:criteria.link')}</a>
          </p>
        </details>
        <EventForm
          t={t}
          lang={c.get('lang')}
          mode="public"
          action={`/${tenant.slug}/events/submit`}
          csrf={csrfTokenFor(c)}
          values={values}
          errors={errors}
          submitLabel={t('events:submit.send')}
          {...opts}
        />
      </>
    ),
  });
}

function thanksPage(c: C, email: string) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  return publicPage(c, {
    title: t('events:submit.thanksTitle'),
    children: (
      <>
        <h1>{t('events:submit.thanksTitle')}</h1>
        <Alert variant="success" title={t('events:submit.thanksTitle')} role="status">
          {t('events:submit.thanks', { email })}
        </Alert>
        <p>
          <a href={`/${tenant.slug}/events`}>{t('events:submit.back')}</a>
        </p>
      </>
    ),
  });
}

export function mountSubmissionPages(pub: Hono<AppEnv>) {
  pub.get('/events/criteria', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const settings = await getSettings(c.get('services').db, tenant.id);
    const criteria = localizedText(settings.criteria, c.get('lang'));
    const res = await publicPage(c, {
      title: t('events:criteria.title'),
      children: (
        <article className="q-prose">
          <h1>{t('events:criteria.title')}</h1>
          {criteria.fallback ? <p className="q-notice">{t('notTranslated')}</p> : null}
          {criteria.text ? paragraphs(criteria.text) : <p>{t('events:criteria.default')}</p>}
          <p>
            <a href={`/${tenant.slug}/events/submit`}>{t('events:public.submitLink')}</a>
          </p>
        </article>
      ),
    });
    return withCaching(c, res, { maxAge: 300 });
  });

  // The form carries this visitor's CSRF token: cacheable by the browser only.
  pub.get('/events/submit', async (c) =>
    withCaching(c, await submitPage(c, { cost: 'free', repeat: 'none' }, {}), { private: true, maxAge: 0 }),
  );

  pub.post('/events/submit', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(
      c,
      `events-submit:${clientIp(c, services.config.trustProxy)}`,
      SUBMIT_LIMIT.perIp,
      SUBMIT_LIMIT.windowSeconds,
    );
    const body = await formData(c);
    const submitter = new FormReader(body);
    const name = submitter.text('submitterName', { required: true, max: 200 });
    const email = submitter.email('submitterEmail', { required: true });
    if (!submitter.bool('criteria')) submitter.fail('criteria', 'events:errors.criteria');
    // Honeypot filled: answer as if all went well, keep nothing.
    if (typeof body.homepage === 'string' && body.homepage.trim() !== '') {
      services.log.info({ tenant: tenant.slug }, 'events: honeypot triggered, submission dropped');
      return thanksPage(c, email);
    }
    const categories = await listCategories(services.db, tenant.id);
    const r = await readEventForm(body, {
      mode: 'public',
      storageDir: services.config.storageDir,
      db: services.db,
      tenantId: tenant.id,
      categoryIds: categories.map((x) => x.id),
      now: services.now(),
    });
    const errors = { ...r.form.errors, ...submitter.errors };
    const values = { ...r.form.values, ...submitter.values };
    if (Object.keys(errors).length) return submitPage(c, values, errors, 422);
    if (email)
      await limit(c, `events-submit-mail:${email}`, SUBMIT_LIMIT.perEmail, SUBMIT_LIMIT.windowSeconds * 24);
    await submitEvent(services, tenant, r.input, { name, email, lang: c.get('lang'), image: r.image });
    return thanksPage(c, email);
  });

  // ── The submitter's private link: see the status, edit, withdraw ──────────────────────────
  const editPage = async (
    c: C,
    e: Event,
    values: FormValues,
    errors: Record<string, string>,
    notice?: string,
    status: 200 | 409 | 422 = 200,
  ) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const token = c.req.param('token') ?? '';
    const opts = await formOptions(c);
    const closed = e.status === 'rejected' || e.status === 'withdrawn';
    const img = e.imageId && e.imageType ? `/${tenant.slug}/events/edit/${token}/image` : null;
    return publicPage(c, {
      title: t('events:edit.title', { title: e.title }),
      status,
      children: (
        <>
          <h1>{t('events:edit.title', { title: e.title })}</h1>
          {notice ? (
            <Alert variant="success" title={t(`events:edit.notices.${notice}`)} role="status" />
          ) : null}
          <p>
            {t('events:edit.status')}: <strong>{statusLabel(t, e)}</strong>
            {e.revision ? ` – ${t('events:edit.revisionPending')}` : ''}
          </p>
          <p>{formatRange(e.startsAt, e.endsAt, lang, e.allDay)}</p>
          {e.moderationNote && e.status !== 'published' ? (
            <Alert variant={e.status === 'rejected' ? 'error' : 'warning'} title={t('events:edit.note')}>
              {e.moderationNote}
            </Alert>
          ) : null}
          {e.status === 'published' ? (
            <p>
              <a href={`/${tenant.slug}/events/${e.id}`}>{t('events:edit.viewPublic')}</a>
            </p>
          ) : null}
          {closed || e.cancelledAt ? (
            <p>{t('events:edit.closed')}</p>
          ) : (
            <>
              <p>{e.status === 'published' ? t('events:edit.introPublished') : t('events:edit.intro')}</p>
              <EventForm
                t={t}
                lang={lang}
                mode="edit"
                action={`/${tenant.slug}/events/edit/${token}`}
                csrf={csrfTokenFor(c)}
                values={values}
                errors={errors}
                currentImage={img ? { href: img, alt: e.imageAlt } : null}
                submitLabel={e.status === 'published' ? t('events:edit.sendRevision') : t('events:edit.save')}
                {...opts}
              />
              <h2>
                {e.status === 'published' ? t('events:edit.cancelTitle') : t('events:edit.withdrawTitle')}
              </h2>
              <form method="post" action={`/${tenant.slug}/events/edit/${token}/withdraw`}>
                <CsrfField token={csrfTokenFor(c)} />
                <Button type="submit" variant="danger">
                  {e.status === 'published' ? t('events:edit.cancelEvent') : t('events:edit.withdraw')}
                </Button>
              </form>
            </>
          )}
        </>
      ),
    });
  };

  const byToken = async (c: C) => {
    const e = await eventByToken(c.get('services').db, c.get('tenant')!.id, c.req.param('token') ?? '');
    if (!e) throw new AppError(404, 'link_invalid');
    return e;
  };

  pub.get('/events/edit/:token', async (c) => {
    const e = await byToken(c);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return editPage(c, e, formValuesOf(e, plainForEdit(e.descriptionHtml)), {});
  });

  // The event's image for its submitter, also before publication.
  pub.get('/events/edit/:token/image', async (c) => {
    const e = await byToken(c);
    if (!e.imageId || !e.imageType) throw new AppError(404, 'not_found');
    const res = await serveStoredFile(c, {
      storageDir: c.get('services').config.storageDir,
      tenantId: e.tenantId,
      id: e.imageId,
      contentType: e.imageType,
    });
    if (!res) throw new AppError(404, 'not_found');
    res.headers.set('Cache-Control', 'private, no-store');
    return res;
  });

  pub.post('/events/edit/:token', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(c, `events-edit:${clientIp(c, services.config.trustProxy)}`, 30, 3600);
    const e = await byToken(c);
    if (e.status === 'rejected' || e.status === 'withdrawn' || e.cancelledAt)
      return editPage(c, e, formValuesOf(e), {}, undefined, 409);
    const body = await formData(c);
    const categories = await listCategories(services.db, tenant.id);
    const r = await readEventForm(body, {
      mode: 'public',
      storageDir: services.config.storageDir,
      db: services.db,
      tenantId: tenant.id,
      categoryIds: categories.map((x) => x.id),
      now: services.now(),
      existing: e,
    });
    if (!r.form.ok) return editPage(c, e, r.form.values, r.form.errors, undefined, 422);
    const outcome = await submitterUpdate(services, tenant, e, r.input, {
      image: r.image,
      removeImage: r.removeImage,
    });
    const after = (await eventByToken(services.db, tenant.id, c.req.param('token')))!;
    if (outcome === 'revision') await confirmRevisionReceived(services, tenant, after, c.req.param('token'));
    return editPage(c, after, r.form.values, {}, outcome === 'revision' ? 'revision' : 'saved');
  });

  pub.post('/events/edit/:token/withdraw', async (c) => {
    const services = c.get('services');
    const tenant = c.get('tenant')!;
    await limit(c, `events-edit:${clientIp(c, services.config.trustProxy)}`, 30, 3600);
    const e = await byToken(c);
    if (e.status !== 'rejected' && e.status !== 'withdrawn' && !e.cancelledAt)
      await submitterWithdraw(services, tenant, e);
    const after = (await eventByToken(services.db, tenant.id, c.req.param('token')))!;
    return editPage(c, after, formValuesOf(after), {}, 'withdrawn');
  });
}

/** Descriptions are stored as HTML; the plain textarea gets it back as text with blank lines. */
export function plainForEdit(html: string): string {
  if (!/<(ul|ol|a|h[2-4]|strong|em|blockquote)\b/i.test(html)) {
    return html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*<p>/gi, '\n\n')
      .replace(/<\/?p>/gi, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .trim();
  }
  return html;
}

import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../platform/http/context.ts';
import { rateLimit } from '../../../platform/http/limit-middleware.ts';
import { hitLimit, lockedFor, lockKey, resetKey } from '../../../platform/http/rate-limit.ts';
import { safeRedirect } from '../../../platform/http/redirect.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { Alert, Button, ErrorSummary, LinkButton, TextField } from '../../../ui/index.ts';
import { CsrfField, plainPage } from '../../../ui/page.tsx';
import { tenantIdsOfUser } from '../../access/index.ts';
import { getTenant, getTenantBySlug } from '../../tenancy/index.ts';
import { verifyPassword } from '../crypto.ts';
import { listProviders } from '../oidc.ts';
import { createSession, destroySession, setSessionCookie } from '../sessions.ts';
import { consumeToken, issueToken, peekToken } from '../tokens.ts';
import { findUserByEmail, getUser, markEmailVerified, normaliseEmail } from '../users.ts';
import { summaryOf } from './form-text.ts';
import { mountInviteRoutes } from './invite.tsx';
import { mountResetRoutes } from './reset.tsx';
import { mountSsoRoutes } from './sso.tsx';

const MAX_FAILURES = 5;
const LOCK_SECONDS = 15 * 60;

/** Where to go after sign-in: `next` only when it is a path of this site (parsed), else the staff start. */
export const safeNext = (c: Context<AppEnv>, next: string | undefined): string =>
  safeRedirect(next, c.get('services').config.baseUrl, '/staff');

const emailSchema = z.string().trim().toLowerCase().email().max(254);

interface SsoChoice {
  tenant: string;
  links: { href: string; name: string }[];
}

/** Single sign-on choices of the tenant named in ?tenant= (the tenant's footer link carries it). */
async function ssoChoice(c: Context<AppEnv>, slug: string | undefined): Promise<SsoChoice | undefined> {
  if (!slug || slug.length > 60) return undefined;
  const db = c.get('services').db;
  const tenant = await getTenantBySlug(db, slug);
  if (!tenant) return undefined;
  const providers = await listProviders(db, tenant.id, { enabledOnly: true });
  return {
    tenant: tenant.slug,
    links: providers.map((p) => ({ href: `/sso/${tenant.slug}/${p.id}`, name: p.name })),
  };
}

export function mountAuthRoutes(root: Hono<AppEnv>) {
  mountInviteRoutes(root);
  mountResetRoutes(root);
  mountSsoRoutes(root);

  const loginForm = (
    c: Context<AppEnv>,
    v: {
      email?: string;
      next?: string;
      error?: string;
      fieldErrors?: Record<string, string>;
      sso?: SsoChoice;
    },
    status: 200 | 422 | 429 = 200,
  ) => {
    const t = c.get('t');
    const fe = v.fieldErrors ?? {};
    const sso = v.sso?.links.length ? v.sso : undefined;
    return plainPage(c, {
      title: t('identity:login.title'),
      status,
      children: (
        <div className="q-narrow">
          <h1>{t('identity:login.title')}</h1>
          <p>{t('identity:login.intro')}</p>
          {sso ? (
            <>
              <section className="q-sso" aria-labelledby="sso-title">
                <h2 id="sso-title">{t('identity:login.sso')}</h2>
                <ul className="q-links">
                  {sso.links.map((l) => (
                    <li key={l.href}>
                      <LinkButton href={l.href} variant="secondary">
                        {t('identity:login.ssoWith', { name: l.name })}
                      </LinkButton>
                    </li>
                  ))}
                </ul>
              </section>
              <h2>{t('identity:login.withPassword')}</h2>
            </>
          ) : null}
          {v.error ? <Alert variant="error" title={v.error} /> : null}
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={summaryOf(fe, 'login', {
              email: t('identity:login.email'),
              password: t('identity:login.password'),
            })}
          />
          <form method="post" action="/login" noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <input type="hidden" name="next" value={v.next ?? ''} />
            {v.sso ? <input type="hidden" name="tenant" value={v.sso.tenant} /> : null}
            <TextField
              id="login-email"
              name="email"
              type="email"
              label={t('identity:login.email')}
              value={v.email ?? ''}
              autoComplete="username"
              required
              error={fe.email}
            />
            <TextField
              id="login-password"
              name="password"
              type="password"
              label={t('identity:login.password')}
              value=""
              autoComplete="current-password"
              required
              error={fe.password}
            />
            <Button type="submit" variant="primary">
              {t('identity:login.submit')}
            </Button>
          </form>
          <ul className="q-links">
            <li>
              <a href="/login/magic">{t('identity:login.magicLinkInstead')}</a>
            </li>
            <li>
              <a href="/reset">{t('identity:login.forgot')}</a>
            </li>
          </ul>
        </div>
      ),
    });
  };

  root.get('/login', async (c) => {
    if (c.get('user')) return c.redirect(safeNext(c, c.req.query('next')));
    return loginForm(c, { next: c.req.query('next'), sso: await ssoChoice(c, c.req.query('tenant')) });
  });

  root.post('/login', rateLimit({ name: 'login-ip', limit: 30, windowSeconds: 900 }), async (c) => {
    const t = c.get('t');
    const { db, config } = c.get('services');
    const body = await formData(c);
    const email = str(body.email).trim();
    const password = str(body.password);
    const next = str(body.next);
    const sso = await ssoChoice(c, str(body.tenant) || undefined);
    const fieldErrors: Record<string, string> = {};
    if (!email) fieldErrors.email = t('validation.required');
    else if (!emailSchema.safeParse(email).success) fieldErrors.email = t('validation.email');
    if (!password) fieldErrors.password = t('validation.required');
    if (Object.keys(fieldErrors).length) return loginForm(c, { email, next, fieldErrors, sso }, 422);

    const key = normaliseEmail(email);
    const locked = await lockedFor(db, `login-lock:${key}`);
    if (locked > 0)
      return loginForm(
        c,
        { email, next, sso, error: t('identity:login.locked', { minutes: Math.ceil(locked / 60) }) },
        429,
      );
    const user = await findUserByEmail(db, key);
    const ok = await verifyPassword(password, user?.disabledAt ? null : user?.passwordHash);
    if (!ok || !user) {
      const r = await hitLimit(db, `login-fail:${key}`, MAX_FAILURES, LOCK_SECONDS);
      if (r.count >= MAX_FAILURES) {
        await lockKey(db, `login-lock:${key}`, LOCK_SECONDS);
        return loginForm(
          c,
          { email, next, sso, error: t('identity:login.locked', { minutes: LOCK_SECONDS / 60 }) },
          429,
        );
      }
      return loginForm(c, { email, next, sso, error: t('identity:login.failed') }, 422);
    }
    await resetKey(db, `login-fail:${key}`);
    const token = await createSession(db, user.id, {
      ip: clientIp(c, config.trustProxy),
      userAgent: c.req.header('user-agent'),
      method: 'password',
    });
    setSessionCookie(c, token);
    return c.redirect(safeNext(c, next), 303);
  });

  root.post('/logout', async (c) => {
    await destroySession(c);
    return c.redirect('/login?lang=' + c.get('lang'), 303);
  });

  // Magic link: request by e-mail; the link opens a confirmation page (mail scanners only GET).
  root.get('/login/magic', (c) => {
    const t = c.get('t');
    return plainPage(c, {
      title: t('identity:magic.title'),
      children: (
        <div className="q-narrow">
          <h1>{t('identity:magic.title')}</h1>
          <p>{t('identity:magic.intro')}</p>
          <form method="post" action="/login/magic" noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              id="magic-email"
              name="email"
              type="email"
              label={t('identity:login.email')}
              value=""
              autoComplete="username"
              required
            />
            <Button type="submit" variant="primary">
              {t('identity:magic.submit')}
            </Button>
          </form>
        </div>
      ),
    });
  });

  root.post('/login/magic', rateLimit({ name: 'magic-ip', limit: 10, windowSeconds: 900 }), async (c) => {
    const t = c.get('t');
    const { db, config } = c.get('services');
    const body = await formData(c);
    const email = str(body.email).trim();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      return plainPage(c, {
        title: t('identity:magic.title'),
        status: 422,
        children: (
          <div className="q-narrow">
            <h1>{t('identity:magic.title')}</h1>
            <ErrorSummary
              title={t('errorSummaryTitle')}
              errors={[
                { fieldId: 'magic-email', message: t(email ? 'validation.email' : 'validation.required') },
              ]}
            />
            <form method="post" action="/login/magic" noValidate>
              <CsrfField token={csrfTokenFor(c)} />
              <TextField
                id="magic-email"
                name="email"
                type="email"
                label={t('identity:login.email')}
                value={email}
                autoComplete="username"
                required
                error={t(email ? 'validation.email' : 'validation.required')}
              />
              <Button type="submit" variant="primary">
                {t('identity:magic.submit')}
              </Button>
            </form>
          </div>
        ),
      });
    }
    // Per-address limit as well, so nobody can flood one inbox.
    const perAddress = await hitLimit(db, `magic-addr:${parsed.data}`, 3, 900);
    const user = await findUserByEmail(db, parsed.data);
    if (user && !user.disabledAt && perAddress.allowed) {
      const token = await issueToken(db, { purpose: 'magic_link', email: user.email, userId: user.id });
      const tu = c.get('services').i18n.t(user.locale === 'en' ? 'en' : 'de', 'identity');
      await queueMail(db, {
        to: user.email,
        subject: tu('magic.mailSubject'),
        text: tu('magic.mailBody', { link: `${config.baseUrl}/magic/${token}` }),
      });
      await c.get('services').jobs.send('mail.deliver', {});
    }
    return plainPage(c, {
      title: t('identity:magic.title'),
      children: (
        <div className="q-narrow">
          <h1>{t('identity:magic.title')}</h1>
          <Alert variant="success" title={t('identity:magic.sent')} />
        </div>
      ),
    });
  });

  root.get('/magic/:token', async (c) => {
    const t = c.get('t');
    const row = await peekToken(c.get('services').db, 'magic_link', c.req.param('token'));
    return plainPage(c, {
      title: t('identity:magic.confirmTitle'),
      status: row ? 200 : 404,
      children: (
        <div className="q-narrow">
          <h1>{t('identity:magic.confirmTitle')}</h1>
          {row ? (
            <form method="post" action={`/magic/${c.req.param('token')}`}>
              <CsrfField token={csrfTokenFor(c)} />
              <p>{t('identity:magic.confirmIntro', { email: row.email })}</p>
              <Button type="submit" variant="primary">
                {t('identity:magic.confirm')}
              </Button>
            </form>
          ) : (
            <>
              <Alert variant="error" title={t('identity:magic.invalid')} />
              <p>
                <a href="/login/magic">{t('identity:magic.title')}</a>
              </p>
            </>
          )}
        </div>
      ),
    });
  });

  root.post('/magic/:token', rateLimit({ name: 'magic-use', limit: 20, windowSeconds: 900 }), async (c) => {
    const { db, config } = c.get('services');
    const row = await consumeToken(db, 'magic_link', c.req.param('token'));
    const user = row?.userId ? await getUser(db, row.userId) : undefined;
    if (!row || !user || user.disabledAt)
      return c.redirect(`/magic/${encodeURIComponent(c.req.param('token'))}`, 303);
    await markEmailVerified(db, user.id);
    await resetKey(db, `login-lock:${user.email}`);
    const token = await createSession(db, user.id, {
      ip: clientIp(c, config.trustProxy),
      userAgent: c.req.header('user-agent'),
      method: 'magic_link',
    });
    setSessionCookie(c, token);
    return c.redirect('/staff', 303);
  });

  // After sign-in: straight into the only tenant, or a chooser.
  root.get('/staff', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect('/login');
    const t = c.get('t');
    const db = c.get('services').db;
    const tenantIds = await tenantIdsOfUser(db, user.id);
    const tenants = (await Promise.all(tenantIds.map((id) => getTenant(db, id)))).filter((x) => !!x);
    if (tenants.length === 1) return c.redirect(`/staff/${tenants[0].slug}`);
    return plainPage(c, {
      title: t('identity:chooser.title'),
      children: (
        <div className="q-narrow">
          <h1>{t('identity:chooser.title')}</h1>
          {tenants.length === 0 ? (
            <p>{t('identity:chooser.none')}</p>
          ) : (
            <>
              <p>{t('identity:chooser.intro')}</p>
              <ul className="q-links">
                {tenants.map((x) => (
                  <li key={x.id}>
                    <a href={`/staff/${x.slug}`}>{x.name}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ),
    });
  });
}

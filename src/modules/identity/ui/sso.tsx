import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { rateLimit } from '../../../platform/http/limit-middleware.ts';
import { clientIp, isHttps } from '../../../platform/http/security.ts';
import { SecretKeyError } from '../../../platform/secrets/sealed.ts';
import { Alert } from '../../../ui/index.ts';
import { plainPage } from '../../../ui/page.tsx';
import { getTenantBySlug } from '../../tenancy/index.ts';
import { finishSso, getProvider, newBrowserKey, type SsoFailure, startSso } from '../oidc.ts';
import { signIn } from '../sessions.ts';

/**
 * Binds a sign-in round trip to the browser that started it (against login CSRF: nobody can make
 * another browser finish their sign-in). SameSite=Lax, so it comes along on the provider's redirect.
 */
const BROWSER_COOKIE = 'q_sso';

export function mountSsoRoutes(root: Hono<AppEnv>) {
  const failure = (c: Context<AppEnv>, reason: SsoFailure | 'unreachable', tenantSlug?: string) => {
    const t = c.get('t');
    const again = tenantSlug ? `/login?tenant=${encodeURIComponent(tenantSlug)}` : '/login';
    return plainPage(c, {
      title: t('identity:sso.failedTitle'),
      status:
        reason === 'no_account' ||
        reason === 'account_exists' ||
        reason === 'disabled' ||
        reason === 'no_email'
          ? 403
          : 400,
      children: (
        <div className="q-narrow">
          <h1>{t('identity:sso.failedTitle')}</h1>
          <Alert variant="error" title={t(`identity:sso.fail.${reason}`)} />
          <p>
            <a href={again}>{t('identity:sso.tryAgain')}</a>
          </p>
        </div>
      ),
    });
  };

  // A GET link, not a form: CSP form-action 'self' would block a form post that redirects to the provider.
  root.get(
    '/sso/:tenant/:providerId',
    rateLimit({ name: 'sso-start', limit: 30, windowSeconds: 300, methods: ['GET'] }),
    async (c) => {
      const { db, config, log } = c.get('services');
      const tenant = await getTenantBySlug(db, c.req.param('tenant'));
      if (!tenant) throw new AppError(404, 'tenant_not_found');
      const provider = await getProvider(db, tenant.id, c.req.param('providerId'));
      if (!provider?.enabled) throw new AppError(404, 'provider_not_found');
      const browserKey = getCookie(c, BROWSER_COOKIE) || newBrowserKey();
      let url: URL;
      try {
        url = await startSso(db, {
          tenantId: tenant.id,
          provider,
          baseUrl: config.baseUrl,
          browserKey,
          outbound: config.outbound,
        });
      } catch (err) {
        // A client secret this server cannot open (another SECRET_KEY or key file, e.g. after a
        // restore elsewhere) is the operator's to fix: said plainly in the log, not as a network error.
        if (err instanceof SecretKeyError)
          log.error(
            { provider: provider.id, tenant: tenant.slug },
            `oidc provider "${provider.name}": ${err.message}`,
          );
        else log.warn({ err, provider: provider.id }, 'oidc discovery failed');
        return failure(c, 'unreachable', tenant.slug);
      }
      setCookie(c, BROWSER_COOKIE, browserKey, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/sso',
        secure: isHttps(c, config.trustProxy),
        maxAge: 15 * 60,
      });
      return c.redirect(url.toString(), 302);
    },
  );

  root.get(
    '/sso/callback',
    rateLimit({ name: 'sso-callback', limit: 30, windowSeconds: 300, methods: ['GET'] }),
    async (c) => {
      const { db, config, log } = c.get('services');
      const query = new URL(c.req.url).searchParams;
      const result = await finishSso(db, {
        query,
        browserKey: getCookie(c, BROWSER_COOKIE),
        baseUrl: config.baseUrl,
        outbound: config.outbound,
        ip: clientIp(c, config.trustProxy),
        log,
      });
      if (!result.ok) return failure(c, result.reason, result.tenant?.slug);
      deleteCookie(c, BROWSER_COOKIE, { path: '/sso' });
      await signIn(c, result.user.id, 'oidc');
      return c.redirect(`/staff/${result.tenant.slug}`, 303);
    },
  );
}

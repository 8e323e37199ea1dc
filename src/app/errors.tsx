import type { Context } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import { publicPage } from '../ui/page.tsx';

type ErrStatus = 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500;

/** A friendly error page in the user's language; never a stack trace. */
export function errorPage(
  c: Context<AppEnv>,
  status: ErrStatus,
  code: string,
  vars: Record<string, unknown> = {},
) {
  const t = c.get('t');
  const titleKey =
    status === 404
      ? 'errors.notFoundTitle'
      : status === 403
        ? 'errors.forbiddenTitle'
        : status === 429
          ? 'errors.rateLimitedTitle'
          : status === 413
            ? 'errors.tooLargeTitle'
            : 'errors.serverTitle';
  const msgKey =
    code === 'csrf' || code === 'csrf_origin'
      ? 'errors.csrf'
      : status === 404
        ? 'errors.notFound'
        : status === 403
          ? 'errors.forbidden'
          : status === 429
            ? 'errors.rateLimited'
            : status === 413
              ? 'errors.tooLarge'
              : status === 500
                ? 'errors.server'
                : 'errors.badRequest';
  const tenant = c.get('tenant');
  return publicPage(c, {
    title: t(titleKey),
    status,
    children: (
      <div className="q-error">
        <h1>{t(titleKey)}</h1>
        <p>{t(msgKey, vars)}</p>
        <p>
          <a href={tenant ? `/${tenant.slug}` : '/'}>{t('errors.home')}</a>
        </p>
      </div>
    ),
  });
}

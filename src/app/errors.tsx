import type { Context } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import { publicPage } from '../ui/page.tsx';

type ErrStatus = 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500;

/** Error codes with a message of their own (the rest say what their status means). */
const CODE_MESSAGES: Record<string, string> = {
  malformed_body: 'errors.malformedBody',
  nul_character: 'errors.nulCharacter',
};

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
            : status === 400
              ? 'errors.badRequestTitle'
              : 'errors.serverTitle';
  const msgKey =
    code === 'csrf' || code === 'csrf_origin'
      ? 'errors.csrf'
      : Object.hasOwn(CODE_MESSAGES, code)
        ? CODE_MESSAGES[code]
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

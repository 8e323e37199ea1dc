import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { rateLimit } from '../../../platform/http/limit-middleware.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, ErrorSummary, TextField } from '../../../ui/index.ts';
import { CsrfField, plainPage } from '../../../ui/page.tsx';
import { emailSchema } from '../invitations.ts';
import { requestPasswordReset, resetPassword } from '../password-reset.ts';
import { MIN_PASSWORD_LENGTH, newPasswordError } from '../schemas.ts';
import { signIn } from '../sessions.ts';
import { inspectToken, type TokenState } from '../tokens.ts';
import { summaryOf } from './form-text.ts';

export function mountResetRoutes(root: Hono<AppEnv>) {
  const requestForm = (
    c: Context<AppEnv>,
    v: { email?: string; error?: string },
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    return plainPage(c, {
      title: t('identity:reset.title'),
      status,
      children: (
        <div className="q-narrow">
          <h1>{t('identity:reset.title')}</h1>
          <p>{t('identity:reset.intro')}</p>
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={v.error ? [{ fieldId: 'reset-email', message: v.error }] : []}
          />
          <form method="post" action="/reset" noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              id="reset-email"
              name="email"
              type="email"
              label={t('identity:login.email')}
              value={v.email ?? ''}
              autoComplete="username"
              required
              error={v.error}
            />
            <Button type="submit" variant="primary">
              {t('identity:reset.submit')}
            </Button>
          </form>
          <p>
            <a href="/login">{t('identity:login.title')}</a>
          </p>
        </div>
      ),
    });
  };

  root.get('/reset', (c) => requestForm(c, {}));

  root.post('/reset', rateLimit({ name: 'reset-ip', limit: 10, windowSeconds: 900 }), async (c) => {
    const t = c.get('t');
    const { db, config, jobs } = c.get('services');
    const body = await formData(c);
    const email = str(body.email).trim();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success)
      return requestForm(c, { email, error: t(email ? 'validation.email' : 'validation.required') }, 422);
    if (await requestPasswordReset(db, { email: parsed.data, baseUrl: config.baseUrl }))
      await jobs.send('mail.deliver', {});
    // The same answer whether or not there is an account, so the form tells nobody who has one.
    return plainPage(c, {
      title: t('identity:reset.title'),
      children: (
        <div className="q-narrow">
          <h1>{t('identity:reset.title')}</h1>
          <Alert variant="success" title={t('identity:reset.sent')} />
          <p>
            <a href="/login">{t('identity:login.title')}</a>
          </p>
        </div>
      ),
    });
  });

  const invalid = (c: Context<AppEnv>, state: TokenState) => {
    const t = c.get('t');
    return plainPage(c, {
      title: t('identity:reset.newTitle'),
      status: state === 'unknown' ? 404 : 400,
      children: (
        <div className="q-narrow">
          <h1>{t('identity:reset.newTitle')}</h1>
          <Alert
            variant="error"
            title={t(
              state === 'expired'
                ? 'identity:reset.expired'
                : state === 'used'
                  ? 'identity:reset.used'
                  : 'identity:reset.invalid',
            )}
          />
          <p>
            <a href="/reset">{t('identity:reset.again')}</a>
          </p>
        </div>
      ),
    });
  };

  const newForm = (
    c: Context<AppEnv>,
    token: string,
    email: string,
    fe: Record<string, string> = {},
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    return plainPage(c, {
      title: t('identity:reset.newTitle'),
      status,
      children: (
        <div className="q-narrow">
          <h1>{t('identity:reset.newTitle')}</h1>
          <p>{t('identity:reset.newIntro', { email })}</p>
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={summaryOf(fe, 'reset', {
              password: t('identity:reset.password'),
              repeat: t('identity:reset.repeat'),
            })}
          />
          <form method="post" action={`/reset/${token}`} noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            {/* Lets password managers store the new password for the right account. */}
            <input type="hidden" name="username" value={email} autoComplete="username" />
            <TextField
              id="reset-password"
              name="password"
              type="password"
              label={t('identity:reset.password')}
              hint={t('identity:password.hint', { min: MIN_PASSWORD_LENGTH })}
              autoComplete="new-password"
              required
              error={fe.password}
            />
            <TextField
              id="reset-repeat"
              name="repeat"
              type="password"
              label={t('identity:reset.repeat')}
              autoComplete="new-password"
              required
              error={fe.repeat}
            />
            <Button type="submit" variant="primary">
              {t('identity:reset.save')}
            </Button>
          </form>
        </div>
      ),
    });
  };

  root.get('/reset/:token', async (c) => {
    const token = c.req.param('token');
    const { state, row } = await inspectToken(c.get('services').db, 'password_reset', token);
    if (state !== 'valid' || !row) return invalid(c, state);
    return newForm(c, token, row.email);
  });

  root.post('/reset/:token', rateLimit({ name: 'reset-use', limit: 20, windowSeconds: 900 }), async (c) => {
    const t = c.get('t');
    const db = c.get('services').db;
    const token = c.req.param('token');
    const { state, row } = await inspectToken(db, 'password_reset', token);
    if (state !== 'valid' || !row) return invalid(c, state);
    const body = await formData(c);
    const password = str(body.password);
    const repeat = str(body.repeat);
    const fe: Record<string, string> = {};
    const pwError = newPasswordError(t, password);
    if (pwError) fe.password = pwError;
    if (!repeat) fe.repeat = t('validation.required');
    else if (!pwError && repeat !== password) fe.repeat = t('identity:password.mismatch');
    if (Object.keys(fe).length) return newForm(c, token, row.email, fe, 422);
    const user = await resetPassword(db, token, password);
    if (!user) return invalid(c, 'used');
    await signIn(c, user.id, 'password_reset');
    return c.redirect('/staff', 303);
  });
}

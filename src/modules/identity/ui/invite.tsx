import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { rateLimit } from '../../../platform/http/limit-middleware.ts';
import { hitLimit, lockedFor, lockKey, resetKey } from '../../../platform/http/rate-limit.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, ErrorSummary, KeyValueList, TextField } from '../../../ui/index.ts';
import { CsrfField, plainPage } from '../../../ui/page.tsx';
import { verifyPassword } from '../crypto.ts';
import { acceptInvitation, type Invitation, loadInvitation } from '../invitations.ts';
import { identityFieldErrors, MIN_PASSWORD_LENGTH, newPasswordError, personName } from '../schemas.ts';
import { signIn } from '../sessions.ts';
import type { TokenState } from '../tokens.ts';
import { summaryOf } from './form-text.ts';

const MAX_FAILURES = 5;
const LOCK_SECONDS = 15 * 60;

/**
 * How the invitee proves the account is theirs. A new account needs only the link (it went to the
 * address). An existing account needs more, because the link may have been seen by the inviter:
 * being signed in as it, or its password; a password-less account signs in first.
 */
type Mode = 'new' | 'signedIn' | 'confirmPassword' | 'signInFirst';

function modeOf(c: Context<AppEnv>, inv: Invitation): Mode {
  if (!inv.user) return 'new';
  if (c.get('user')?.id === inv.user.id) return 'signedIn';
  return inv.user.passwordHash ? 'confirmPassword' : 'signInFirst';
}

function invalidPage(c: Context<AppEnv>, state: TokenState) {
  const t = c.get('t');
  const key = state === 'expired' ? 'expired' : state === 'used' ? 'used' : 'unknown';
  return plainPage(c, {
    title: t('identity:invite.invalidTitle'),
    status: state === 'unknown' ? 404 : 400,
    children: (
      <div className="q-narrow">
        <h1>{t('identity:invite.invalidTitle')}</h1>
        <Alert variant="error" title={t(`identity:invite.${key}`)} />
        <p>
          <a href="/login">{t('identity:login.title')}</a>
        </p>
      </div>
    ),
  });
}

export function mountInviteRoutes(root: Hono<AppEnv>) {
  const form = (
    c: Context<AppEnv>,
    token: string,
    inv: Invitation,
    v: { name?: string; fieldErrors?: Record<string, string>; error?: string },
    status: 200 | 422 | 429 = 200,
  ) => {
    const t = c.get('t');
    const mode = modeOf(c, inv);
    const fe = v.fieldErrors ?? {};
    const role = t(`access:roles.${inv.role}`);
    return plainPage(c, {
      title: t('identity:invite.title'),
      status,
      children: (
        <div className="q-narrow">
          <h1>{t('identity:invite.title')}</h1>
          <p>{t('identity:invite.intro', { tenant: inv.tenant.name, role })}</p>
          <KeyValueList
            items={[
              { key: 'tenant', term: t('identity:invite.tenant'), value: inv.tenant.name },
              { key: 'role', term: t('identity:invite.role'), value: role },
              ...(inv.department
                ? [{ key: 'department', term: t('identity:users.department'), value: inv.department }]
                : []),
              {
                key: 'scope',
                term: t('identity:invite.scope'),
                value: inv.scopeAreaName ?? t('access:scopeTenant'),
              },
              { key: 'email', term: t('identity:login.email'), value: inv.token.email },
            ]}
          />
          {v.error ? <Alert variant="error" title={v.error} /> : null}
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={summaryOf(fe, 'invite', {
              name: t('identity:invite.name'),
              currentPassword: t('identity:invite.currentPassword'),
              password: t('identity:invite.password'),
            })}
          />
          {mode === 'signInFirst' ? (
            <>
              <Alert variant="info" title={t('identity:invite.signInFirst')} />
              <p>
                <a href="/login/magic">{t('identity:login.magicLinkInstead')}</a>
              </p>
            </>
          ) : (
            <form method="post" action={`/invite/${token}`} noValidate>
              <CsrfField token={csrfTokenFor(c)} />
              <TextField
                id="invite-name"
                name="name"
                label={t('identity:invite.name')}
                value={v.name ?? inv.user?.name ?? ''}
                autoComplete="name"
                maxLength={100}
                required
                error={fe.name}
              />
              {mode === 'confirmPassword' ? (
                <TextField
                  id="invite-currentPassword"
                  name="currentPassword"
                  type="password"
                  label={t('identity:invite.currentPassword')}
                  hint={t('identity:invite.currentPasswordHint')}
                  autoComplete="current-password"
                  required
                  error={fe.currentPassword}
                />
              ) : null}
              {mode === 'new' || (mode === 'signedIn' && !inv.user?.passwordHash) ? (
                <TextField
                  id="invite-password"
                  name="password"
                  type="password"
                  label={t('identity:invite.password')}
                  hint={t(
                    mode === 'new' ? 'identity:password.hint' : 'identity:invite.passwordOptionalHint',
                    { min: MIN_PASSWORD_LENGTH },
                  )}
                  autoComplete="new-password"
                  required={mode === 'new'}
                  optionalText={t('identity:optional')}
                  error={fe.password}
                />
              ) : null}
              <Button type="submit" variant="primary">
                {t('identity:invite.submit')}
              </Button>
            </form>
          )}
        </div>
      ),
    });
  };

  root.get('/invite/:token', async (c) => {
    const token = c.req.param('token');
    const { state, invitation } = await loadInvitation(c.get('services').db, token);
    if (!invitation) return invalidPage(c, state);
    return form(c, token, invitation, {});
  });

  root.post('/invite/:token', rateLimit({ name: 'invite-ip', limit: 30, windowSeconds: 900 }), async (c) => {
    const t = c.get('t');
    const { db, config } = c.get('services');
    const token = c.req.param('token');
    const { state, invitation: inv } = await loadInvitation(db, token);
    if (!inv) return invalidPage(c, state);
    const mode = modeOf(c, inv);
    if (mode === 'signInFirst') return form(c, token, inv, {}, 422);
    const body = await formData(c);
    const name = str(body.name).trim();
    const password = str(body.password);
    const fieldErrors: Record<string, string> = {};
    const nameError = identityFieldErrors(t, { name: personName }, { name }).name;
    if (nameError) fieldErrors.name = nameError;
    if (mode === 'new' || password) {
      const pwError = newPasswordError(t, password);
      if (pwError) fieldErrors.password = pwError;
    }
    if (mode === 'confirmPassword') {
      const current = str(body.currentPassword);
      const email = inv.user!.email;
      if (!current) fieldErrors.currentPassword = t('validation.required');
      else {
        const locked = await lockedFor(db, `login-lock:${email}`);
        if (locked > 0)
          return form(
            c,
            token,
            inv,
            { name, error: t('identity:login.locked', { minutes: Math.ceil(locked / 60) }) },
            429,
          );
        if (!(await verifyPassword(current, inv.user!.passwordHash))) {
          const r = await hitLimit(db, `login-fail:${email}`, MAX_FAILURES, LOCK_SECONDS);
          if (r.count >= MAX_FAILURES) await lockKey(db, `login-lock:${email}`, LOCK_SECONDS);
          fieldErrors.currentPassword = t('identity:invite.wrongPassword');
        } else {
          await resetKey(db, `login-fail:${email}`);
        }
      }
    }
    if (Object.keys(fieldErrors).length) return form(c, token, inv, { name, fieldErrors }, 422);
    try {
      const { user, tenant } = await acceptInvitation(db, token, {
        name,
        password: password || undefined,
        ip: clientIp(c, config.trustProxy),
      });
      await signIn(c, user.id, 'invitation');
      return c.redirect(`/staff/${tenant.slug}`, 303);
    } catch (err) {
      // Used by a second tab in the meantime.
      if (err instanceof AppError && err.status === 409) return invalidPage(c, 'used');
      throw err;
    }
  });
}

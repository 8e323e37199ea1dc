import type { Context, Hono } from 'hono';
import { writeAudit } from '../../../platform/audit/index.ts';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hitLimit, resetKey } from '../../../platform/http/rate-limit.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, DataTable, ErrorSummary, TextField } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { createApiToken, listApiTokens, revokeApiToken } from '../api-tokens.ts';
import { verifyPassword } from '../crypto.ts';
import { PERMS } from '../policies.ts';
import {
  identityFieldErrors,
  MIN_PASSWORD_LENGTH,
  newPasswordError,
  personName,
  tokenName,
} from '../schemas.ts';
import { destroyOtherSessions } from '../sessions.ts';
import { getUser, setPassword, updateUserName } from '../users.ts';
import { summaryOf } from './form-text.ts';
import { formatDateTime } from './format.ts';

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

type Section = 'name' | 'password' | 'token';

interface AccountView {
  /** Which form the errors and kept values belong to. */
  section?: Section;
  values?: Record<string, string>;
  fieldErrors?: Record<string, string>;
  notice?: string;
  /** A token just created: shown this once. */
  created?: { name: string; token: string };
}

export function mountAccount(staff: Hono<AppEnv>) {
  const page = async (c: Context<AppEnv>, v: AccountView, status: 200 | 422 | 429 = 200) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const tenant = c.get('tenant')!;
    const { db } = c.get('services');
    const me = (await getUser(db, c.get('user')!.id))!;
    const mayTokens = can(actorOf(c), PERMS.tokens);
    const tokens = mayTokens ? await listApiTokens(db, tenant.id, me.id) : [];
    const base = `/staff/${tenant.slug}/account`;
    const fe = v.fieldErrors ?? {};
    const val = (section: Section, key: string, fallback = '') =>
      v.section === section ? (v.values?.[key] ?? fallback) : fallback;
    const err = (section: Section, key: string) => (v.section === section ? fe[key] : undefined);
    return staffPage(c, {
      title: t('identity:account.title'),
      status,
      children: (
        <>
          <h1>{t('identity:account.title')}</h1>
          <p>{t('identity:account.intro', { email: me.email })}</p>
          {v.notice ? <Alert variant="success" role="status" title={v.notice} /> : null}
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={summaryOf(fe, 'account', {
              name: t('identity:users.name'),
              currentPassword: t('identity:account.currentPassword'),
              password: t('identity:account.newPassword'),
              tokenName: t('identity:tokens.name'),
            })}
          />

          <h2>{t('identity:account.nameTitle')}</h2>
          <form method="post" action={`${base}/name`} noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              id="account-name"
              name="name"
              label={t('identity:users.name')}
              value={val('name', 'name', me.name)}
              autoComplete="name"
              maxLength={100}
              required
              error={err('name', 'name')}
            />
            <Button type="submit" variant="primary">
              {t('save')}
            </Button>
          </form>

          <h2>
            {t(me.passwordHash ? 'identity:account.passwordTitle' : 'identity:account.passwordSetTitle')}
          </h2>
          <form method="post" action={`${base}/password`} noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <input type="hidden" name="username" value={me.email} autoComplete="username" />
            {me.passwordHash ? (
              <TextField
                id="account-currentPassword"
                name="currentPassword"
                type="password"
                label={t('identity:account.currentPassword')}
                autoComplete="current-password"
                required
                error={err('password', 'currentPassword')}
              />
            ) : (
              <p>{t('identity:account.noPasswordYet')}</p>
            )}
            <TextField
              id="account-password"
              name="password"
              type="password"
              label={t('identity:account.newPassword')}
              hint={t('identity:password.hint', { min: MIN_PASSWORD_LENGTH })}
              autoComplete="new-password"
              required
              error={err('password', 'password')}
            />
            <Button type="submit" variant="primary">
              {t('identity:account.passwordSubmit')}
            </Button>
          </form>

          {mayTokens ? (
            <>
              <h2 id="tokens">{t('identity:tokens.title')}</h2>
              <p>{t('identity:tokens.intro', { tenant: tenant.name })}</p>
              {v.created ? (
                <Alert variant="warning" title={t('identity:tokens.createdTitle', { name: v.created.name })}>
                  <p>{t('identity:tokens.copyNow')}</p>
                  <p>
                    <code className="q-secret" id="new-token">
                      {v.created.token}
                    </code>
                  </p>
                  <p>{t('identity:tokens.usage')}</p>
                </Alert>
              ) : null}
              <DataTable
                caption={t('identity:tokens.list', { count: tokens.length })}
                rows={tokens}
                rowKey={(r: TokenRow) => r.id}
                emptyMessage={t('identity:tokens.none')}
                columns={[
                  {
                    key: 'name',
                    header: t('identity:tokens.name'),
                    rowHeader: true,
                    cell: (r: TokenRow) => r.name,
                  },
                  {
                    key: 'prefix',
                    header: t('identity:tokens.prefix'),
                    cell: (r: TokenRow) => <code>{`${r.prefix}…`}</code>,
                  },
                  {
                    key: 'created',
                    header: t('identity:tokens.created'),
                    cell: (r: TokenRow) => formatDateTime(lang, r.createdAt),
                  },
                  {
                    key: 'used',
                    header: t('identity:tokens.lastUsed'),
                    cell: (r: TokenRow) =>
                      r.lastUsedAt ? formatDateTime(lang, r.lastUsedAt) : t('identity:tokens.neverUsed'),
                  },
                  {
                    key: 'revoke',
                    header: t('identity:tokens.revoke'),
                    hideHeader: true,
                    action: true,
                    cell: (r: TokenRow) => (
                      <form method="post" action={`${base}/tokens/${r.id}/revoke`}>
                        <CsrfField token={csrfTokenFor(c)} />
                        <Button
                          type="submit"
                          variant="secondary"
                          small
                          aria-label={t('identity:tokens.revokeNamed', { name: r.name })}
                        >
                          {t('identity:tokens.revoke')}
                        </Button>
                      </form>
                    ),
                  },
                ]}
              />
              <form method="post" action={`${base}/tokens`} noValidate>
                <CsrfField token={csrfTokenFor(c)} />
                <TextField
                  id="account-tokenName"
                  name="tokenName"
                  label={t('identity:tokens.name')}
                  hint={t('identity:tokens.nameHint')}
                  value={val('token', 'tokenName')}
                  maxLength={100}
                  required
                  error={err('token', 'tokenName')}
                />
                <Button type="submit" variant="primary">
                  {t('identity:tokens.create')}
                </Button>
              </form>
            </>
          ) : null}
        </>
      ),
    });
  };

  const notices: Record<string, string> = {
    name: 'identity:account.nameSaved',
    password: 'identity:account.passwordSaved',
    revoked: 'identity:tokens.revoked',
  };

  staff.get('/account', async (c) => {
    const done = c.req.query('done') ?? '';
    return page(c, { notice: notices[done] ? c.get('t')(notices[done]) : undefined });
  });

  staff.post('/account/name', async (c) => {
    const t = c.get('t');
    const body = await formData(c);
    const name = str(body.name).trim();
    const error = identityFieldErrors(t, { name: personName }, { name }).name;
    if (error) return page(c, { section: 'name', values: { name }, fieldErrors: { name: error } }, 422);
    await updateUserName(c.get('services').db, c.get('user')!.id, name);
    return c.redirect(`/staff/${c.get('tenant')!.slug}/account?done=name`, 303);
  });

  staff.post('/account/password', async (c) => {
    const t = c.get('t');
    const { db } = c.get('services');
    const me = (await getUser(db, c.get('user')!.id))!;
    const body = await formData(c);
    const current = str(body.currentPassword);
    const password = str(body.password);
    const fe: Record<string, string> = {};
    const pwError = newPasswordError(t, password);
    if (pwError) fe.password = pwError;
    if (me.passwordHash) {
      if (!current) fe.currentPassword = t('validation.required');
      else {
        // A stolen session must not become a way to guess the password.
        const limit = await hitLimit(db, `pwchange:${me.id}`, 5, 900);
        if (!limit.allowed) {
          return page(
            c,
            {
              section: 'password',
              fieldErrors: { currentPassword: t('identity:account.tooManyAttempts', { minutes: 15 }) },
            },
            429,
          );
        }
        if (!(await verifyPassword(current, me.passwordHash)))
          fe.currentPassword = t('identity:account.currentWrong');
      }
    }
    if (Object.keys(fe).length) return page(c, { section: 'password', fieldErrors: fe }, 422);
    await setPassword(db, me.id, password);
    await resetKey(db, `pwchange:${me.id}`);
    // Every other device signs in again with the new password.
    const session = c.get('session');
    if (session) await destroyOtherSessions(db, me.id, session.id);
    return c.redirect(`/staff/${c.get('tenant')!.slug}/account?done=password`, 303);
  });

  staff.post('/account/tokens', async (c) => {
    authorize(actorOf(c), PERMS.tokens);
    const t = c.get('t');
    const { db, config } = c.get('services');
    const tenant = c.get('tenant')!;
    const user = c.get('user')!;
    const body = await formData(c);
    const name = str(body.tokenName).trim();
    const error = identityFieldErrors(t, { tokenName }, { tokenName: name }).tokenName;
    if (error)
      return page(
        c,
        { section: 'token', values: { tokenName: name }, fieldErrors: { tokenName: error } },
        422,
      );
    const created = await createApiToken(db, tenant.id, user.id, name);
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: user.id,
      action: 'create',
      entityType: 'api_token',
      entityId: created.id,
      details: { name: created.name, prefix: created.prefix },
      ip: clientIp(c, config.trustProxy),
    });
    // Shown once, in this answer only; the database keeps just its hash.
    c.header('Cache-Control', 'no-store');
    return page(c, { created: { name: created.name, token: created.token } });
  });

  staff.post('/account/tokens/:id/revoke', async (c) => {
    authorize(actorOf(c), PERMS.tokens);
    const { db, config } = c.get('services');
    const tenant = c.get('tenant')!;
    const user = c.get('user')!;
    const id = c.req.param('id');
    const ok = /^[0-9a-f-]{36}$/i.test(id) && (await revokeApiToken(db, tenant.id, user.id, id));
    if (!ok) throw new AppError(404, 'token_not_found');
    await writeAudit(db, {
      tenantId: tenant.id,
      actorUserId: user.id,
      action: 'delete',
      entityType: 'api_token',
      entityId: id,
      details: { revoked: true },
      ip: clientIp(c, config.trustProxy),
    });
    return c.redirect(`/staff/${tenant.slug}/account?done=revoked`, 303);
  });
}

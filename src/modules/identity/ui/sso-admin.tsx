import type { Context, Hono } from 'hono';
import { writeAudit } from '../../../platform/audit/index.ts';
import { actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, DataTable, ErrorSummary, SelectField, TextField } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { ROLES } from '../../access/index.ts';
import {
  callbackUrl,
  createProvider,
  listProviders,
  type OidcProviderSummary,
  setProviderEnabled,
} from '../oidc.ts';
import { PERMS } from '../policies.ts';
import { summaryOf } from './form-text.ts';

export function mountSsoAdmin(staff: Hono<AppEnv>) {
  const page = async (
    c: Context<AppEnv>,
    v: { values?: Record<string, string>; fieldErrors?: Record<string, string>; notice?: string },
    status: 200 | 422 = 200,
  ) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const { db, config } = c.get('services');
    const providers = await listProviders(db, tenant.id);
    const base = `/staff/${tenant.slug}/sso`;
    const fe = v.fieldErrors ?? {};
    const values = v.values ?? {};
    const roleLabel = (r: string | null) =>
      r ? t(`access:roles.${r}`) : t('identity:sso.admin.noProvisioning');
    return staffPage(c, {
      title: t('identity:sso.admin.title'),
      status,
      children: (
        <>
          <h1>{t('identity:sso.admin.title')}</h1>
          <p>{t('identity:sso.admin.intro')}</p>
          {v.notice ? <Alert variant="success" role="status" title={v.notice} /> : null}
          <DataTable
            caption={t('identity:sso.admin.list', { count: providers.length })}
            rows={providers}
            rowKey={(p: OidcProviderSummary) => p.id}
            emptyMessage={t('identity:sso.admin.none')}
            columns={[
              {
                key: 'name',
                header: t('identity:sso.admin.name'),
                rowHeader: true,
                cell: (p: OidcProviderSummary) => p.name,
              },
              {
                key: 'issuer',
                header: t('identity:sso.admin.issuer'),
                cell: (p: OidcProviderSummary) => p.issuer,
              },
              {
                key: 'client',
                header: t('identity:sso.admin.clientId'),
                cell: (p: OidcProviderSummary) => p.clientId,
              },
              {
                key: 'role',
                header: t('identity:sso.admin.role'),
                cell: (p: OidcProviderSummary) => roleLabel(p.autoProvisionRole),
              },
              {
                key: 'state',
                header: t('identity:sso.admin.state'),
                cell: (p: OidcProviderSummary) =>
                  t(p.enabled ? 'identity:sso.admin.enabled' : 'identity:sso.admin.disabled'),
              },
              {
                key: 'toggle',
                header: t('identity:sso.admin.actions'),
                hideHeader: true,
                action: true,
                cell: (p: OidcProviderSummary) => (
                  <form method="post" action={`${base}/${p.id}/${p.enabled ? 'disable' : 'enable'}`}>
                    <CsrfField token={csrfTokenFor(c)} />
                    <Button type="submit" variant="secondary" small>
                      {t(p.enabled ? 'identity:sso.admin.disable' : 'identity:sso.admin.enable', {
                        name: p.name,
                      })}
                    </Button>
                  </form>
                ),
              },
            ]}
          />
          <h2>{t('identity:sso.admin.addTitle')}</h2>
          <p>{t('identity:sso.admin.callbackHint')}</p>
          <p>
            <code>{callbackUrl(config.baseUrl)}</code>
          </p>
          <ErrorSummary
            title={t('errorSummaryTitle')}
            errors={summaryOf(fe, 'sso', {
              name: t('identity:sso.admin.name'),
              issuer: t('identity:sso.admin.issuer'),
              clientId: t('identity:sso.admin.clientId'),
              clientSecret: t('identity:sso.admin.clientSecret'),
              autoProvisionRole: t('identity:sso.admin.role'),
            })}
          />
          <form method="post" action={base} noValidate>
            <CsrfField token={csrfTokenFor(c)} />
            <TextField
              id="sso-name"
              name="name"
              label={t('identity:sso.admin.name')}
              hint={t('identity:sso.admin.nameHint')}
              value={values.name ?? ''}
              maxLength={100}
              required
              error={fe.name}
            />
            <TextField
              id="sso-issuer"
              name="issuer"
              type="url"
              label={t('identity:sso.admin.issuer')}
              hint={t('identity:sso.admin.issuerHint')}
              value={values.issuer ?? ''}
              required
              error={fe.issuer}
            />
            <TextField
              id="sso-clientId"
              name="clientId"
              label={t('identity:sso.admin.clientId')}
              value={values.clientId ?? ''}
              autoComplete="off"
              required
              error={fe.clientId}
            />
            <TextField
              id="sso-clientSecret"
              name="clientSecret"
              type="password"
              label={t('identity:sso.admin.clientSecret')}
              hint={t('identity:sso.admin.secretHint')}
              autoComplete="off"
              required
              error={fe.clientSecret}
            />
            <SelectField
              id="sso-autoProvisionRole"
              name="autoProvisionRole"
              label={t('identity:sso.admin.role')}
              hint={t('identity:sso.admin.roleHint')}
              value={values.autoProvisionRole ?? ''}
              options={[
                { value: '', label: t('identity:sso.admin.noProvisioning') },
                ...ROLES.map((r) => ({ value: r, label: t(`access:roles.${r}`) })),
              ]}
              error={fe.autoProvisionRole}
            />
            <Button type="submit" variant="primary">
              {t('identity:sso.admin.add')}
            </Button>
          </form>
        </>
      ),
    });
  };

  const notices: Record<string, string> = {
    added: 'identity:sso.admin.added',
    enabled: 'identity:sso.admin.enabledNotice',
    disabled: 'identity:sso.admin.disabledNotice',
  };

  staff.get('/sso', async (c) => {
    authorizeTenantWide(actorOf(c), PERMS.sso);
    const done = c.req.query('done') ?? '';
    return page(c, { notice: notices[done] ? c.get('t')(notices[done]) : undefined });
  });

  staff.post('/sso', async (c) => {
    const { db, config } = c.get('services');
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const values = {
      name: str(body.name),
      issuer: str(body.issuer),
      clientId: str(body.clientId),
      clientSecret: str(body.clientSecret),
      autoProvisionRole: str(body.autoProvisionRole),
    };
    try {
      const p = await createProvider(actorOf(c), db, values, config.outbound);
      await writeAudit(db, {
        tenantId: tenant.id,
        actorUserId: c.get('user')!.id,
        action: 'create',
        entityType: 'oidc_provider',
        entityId: p.id,
        details: {
          name: p.name,
          issuer: p.issuer,
          clientId: p.clientId,
          autoProvisionRole: p.autoProvisionRole,
        },
        ip: clientIp(c, config.trustProxy),
      });
      return c.redirect(`/staff/${tenant.slug}/sso?done=added`, 303);
    } catch (err) {
      if (err instanceof ValidationError) {
        // The secret is never sent back into the page, not even after an error.
        const { clientSecret: _secret, ...kept } = values;
        const t = c.get('t');
        const maxOf: Record<string, number> = { name: 100, clientId: 300, clientSecret: 1000 };
        const fieldErrors = Object.fromEntries(
          Object.entries(err.fields).map(([k, v]) => [k, t(v, { max: maxOf[k] })]),
        );
        return page(c, { values: kept, fieldErrors }, 422);
      }
      throw err;
    }
  });

  for (const action of ['enable', 'disable'] as const) {
    staff.post(`/sso/:id/${action}`, async (c) => {
      const { db, config } = c.get('services');
      const tenant = c.get('tenant')!;
      const id = c.req.param('id');
      if (!(await setProviderEnabled(actorOf(c), db, id, action === 'enable')))
        throw new AppError(404, 'provider_not_found');
      await writeAudit(db, {
        tenantId: tenant.id,
        actorUserId: c.get('user')!.id,
        action: 'update',
        entityType: 'oidc_provider',
        entityId: id,
        details: { enabled: action === 'enable' },
        ip: clientIp(c, config.trustProxy),
      });
      return c.redirect(`/staff/${tenant.slug}/sso?done=${action}d`, 303);
    });
  }
}

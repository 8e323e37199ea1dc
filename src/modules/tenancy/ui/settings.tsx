import type { Context, Hono } from 'hono';
import { actorOf, authorizeTenantWide } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { clientIp, csrfTokenFor } from '../../../platform/http/security.ts';
import { Alert, Button, ErrorSummary, TextArea, TextField } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import type { TenantSettings } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import {
  type FieldErrors,
  SETTINGS_LIMITS,
  saveTenantSettings,
  type TenantSettingsForm,
  validateTenantSettings,
} from '../tenants.ts';

const FIELDS: (keyof TenantSettingsForm)[] = [
  'name',
  'imprintDe',
  'imprintEn',
  'privacyDe',
  'privacyEn',
  'contactEmail',
  'attribution',
];
const fieldDomId = (f: string) => `settings-${f}`;

function formFromTenant(tenant: { name: string; settings: object }): TenantSettingsForm {
  const s = tenant.settings as TenantSettings;
  return {
    name: tenant.name,
    imprintDe: s.imprint?.de ?? '',
    imprintEn: s.imprint?.en ?? '',
    privacyDe: s.privacy?.de ?? '',
    privacyEn: s.privacy?.en ?? '',
    contactEmail: s.contactEmail ?? '',
    attribution: s.attribution ?? '',
  };
}

function settingsPage(
  c: Context<AppEnv>,
  v: TenantSettingsForm,
  errors: FieldErrors,
  opts: { saved?: boolean; status?: 200 | 422 } = {},
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const msg = (f: string) => (errors[f] ? t(errors[f].key, errors[f].values) : undefined);
  const optional = t('tenancy:settings.optional');
  return staffPage(c, {
    title: t('tenancy:settings.title'),
    status: opts.status,
    children: (
      <>
        <h1>{t('tenancy:settings.title')}</h1>
        {opts.saved ? <Alert variant="success" role="status" title={t('tenancy:settings.saved')} /> : null}
        <ErrorSummary
          title={t('errorSummaryTitle')}
          errors={FIELDS.filter((f) => errors[f]).map((f) => ({ fieldId: fieldDomId(f), message: msg(f) }))}
        />
        <form method="post" action={`/staff/${tenant.slug}/settings`} noValidate>
          <CsrfField token={csrfTokenFor(c)} />
          <TextField
            id={fieldDomId('name')}
            name="name"
            label={t('tenancy:settings.name')}
            value={v.name}
            required
            maxLength={120}
            error={msg('name')}
          />
          <TextField
            id={fieldDomId('contactEmail')}
            name="contactEmail"
            type="email"
            label={t('tenancy:settings.contactEmail')}
            hint={t('tenancy:settings.contactEmailHint')}
            optionalText={optional}
            value={v.contactEmail}
            autoComplete="email"
            error={msg('contactEmail')}
          />
          <h2>{t('tenancy:settings.legalHeading')}</h2>
          <p>
            {t('tenancy:settings.legalIntro', {
              imprint: `/${tenant.slug}/imprint`,
              privacy: `/${tenant.slug}/privacy`,
            })}
          </p>
          <TextArea
            id={fieldDomId('imprintDe')}
            name="imprintDe"
            label={t('tenancy:settings.imprint')}
            optionalText={optional}
            value={v.imprintDe}
            rows={8}
            error={msg('imprintDe')}
          />
          <TextArea
            id={fieldDomId('imprintEn')}
            name="imprintEn"
            label={t('tenancy:settings.imprintEn')}
            optionalText={optional}
            value={v.imprintEn}
            rows={8}
            error={msg('imprintEn')}
          />
          <TextArea
            id={fieldDomId('privacyDe')}
            name="privacyDe"
            label={t('tenancy:settings.privacy')}
            optionalText={optional}
            value={v.privacyDe}
            rows={8}
            error={msg('privacyDe')}
          />
          <TextArea
            id={fieldDomId('privacyEn')}
            name="privacyEn"
            label={t('tenancy:settings.privacyEn')}
            optionalText={optional}
            value={v.privacyEn}
            rows={8}
            error={msg('privacyEn')}
          />
          <TextField
            id={fieldDomId('attribution')}
            name="attribution"
            label={t('tenancy:settings.attribution')}
            hint={t('tenancy:settings.attributionHint')}
            optionalText={optional}
            value={v.attribution}
            maxLength={SETTINGS_LIMITS.attribution}
            error={msg('attribution')}
          />
          <Button type="submit" variant="primary">
            {t('save')}
          </Button>
        </form>
      </>
    ),
  });
}

/** Staff screen /staff/:tenant/settings: name, legal texts, contact, attribution (admins). */
export function mountSettings(staff: Hono<AppEnv>) {
  staff.get('/settings', (c) => {
    authorizeTenantWide(actorOf(c), PERMS.settings);
    return settingsPage(c, formFromTenant(c.get('tenant')!), {}, { saved: c.req.query('saved') === '1' });
  });

  staff.post('/settings', async (c) => {
    const actor = actorOf(c);
    authorizeTenantWide(actor, PERMS.settings); // before the form is read
    const { db, config } = c.get('services');
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    // Trim single-line fields; keep the legal texts as typed apart from line endings.
    const text = (k: string) => str(body[k]).replace(/\r\n/g, '\n').trim();
    const v: TenantSettingsForm = {
      name: str(body.name).trim(),
      imprintDe: text('imprintDe'),
      imprintEn: text('imprintEn'),
      privacyDe: text('privacyDe'),
      privacyEn: text('privacyEn'),
      contactEmail: str(body.contactEmail).trim().toLowerCase(),
      attribution: str(body.attribution).trim(),
    };
    const errors = validateTenantSettings(v);
    if (Object.keys(errors).length) return settingsPage(c, v, errors, { status: 422 });
    await saveTenantSettings(actor, db, v, { ip: clientIp(c, config.trustProxy) });
    return c.redirect(`/staff/${tenant.slug}/settings?saved=1`, 303);
  });
}

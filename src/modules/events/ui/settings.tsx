import type { Hono } from 'hono';
import { actorOf, authorize } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { slugify } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { LANG_NAMES, PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import { Alert, Button, DataTable, ErrorSummary, TextArea, TextField } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { FormReader } from '../forms.ts';
import { PERMS } from '../policies.ts';
import { CATEGORY_FORM, categoryFields, SETTINGS_FORM, SETTINGS_LIMITS, settingsFields } from '../schemas.ts';
import { listCategories } from '../use-cases/events.ts';
import { addEventCategory, removeEventCategory, saveEventSettings } from '../use-cases/manage.ts';
import { getSettings } from '../use-cases/moderation.ts';
import { type C, summaryOf } from './common.tsx';

async function settingsPage(
  c: C,
  values: Record<string, string>,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const categories = await listCategories(c.get('services').db, tenant.id);
  const base = `/staff/${tenant.slug}/events/settings`;
  const csrf = csrfTokenFor(c);
  const err = (k: string) => (errors[k] ? t(errors[k]) : undefined);
  return staffPage(c, {
    title: t('events:settings.title'),
    status,
    children: (
      <>
        <p className="q-breadcrumb">
          <a href={`/staff/${tenant.slug}/events`}>{t('events:staff.title')}</a>
        </p>
        <h1>{t('events:settings.title')}</h1>
        {c.req.query('saved') ? (
          <Alert variant="success" title={t('events:staff.saved')} role="status" />
        ) : null}
        <ErrorSummary title={t('errorSummaryTitle')} errors={summaryOf(t, errors)} />
        <h2>{t('events:settings.criteria')}</h2>
        <p>{t('events:settings.criteriaIntro')}</p>
        <form method="post" action={base} className="q-form" noValidate>
          <CsrfField token={csrf} />
          {PUBLIC_LANGS.map((l) => (
            <TextArea
              key={l}
              name={`criteria_${l}`}
              label={t('events:settings.criteriaIn', { lang: LANG_NAMES[l] })}
              value={values[`criteria_${l}`]}
              error={err(`criteria_${l}`)}
              optionalText={l === 'de' ? undefined : t('events:form.optional')}
              rows={l === 'de' ? 8 : 4}
            />
          ))}
          <TextField
            name="notifyEmail"
            type="email"
            label={t('events:settings.notifyEmail')}
            hint={t('events:settings.notifyHint')}
            value={values.notifyEmail}
            error={err('notifyEmail')}
            optionalText={t('events:form.optional')}
          />
          <div className="q-form__actions">
            <Button type="submit">{t('save')}</Button>
          </div>
        </form>
        <h2>{t('events:settings.categories')}</h2>
        <DataTable
          caption={t('events:settings.categoriesCaption', { count: categories.length })}
          rows={categories}
          rowKey={(x) => x.id}
          emptyMessage={t('events:settings.noCategories')}
          columns={[
            { key: 'name', header: t('events:settings.categoryName'), rowHeader: true, cell: (x) => x.name },
            { key: 'en', header: t('events:settings.categoryEn'), cell: (x) => x.labels.en ?? '–' },
            { key: 'slug', header: t('events:settings.slug'), cell: (x) => x.slug },
            {
              key: 'del',
              header: t('events:settings.remove'),
              hideHeader: true,
              action: true,
              cell: (x) => (
                <form method="post" action={`${base}/categories/${x.id}/delete`}>
                  <CsrfField token={csrf} />
                  <Button type="submit" variant="tertiary" small>
                    {t('events:settings.remove')}
                  </Button>
                </form>
              ),
            },
          ]}
        />
        <form method="post" action={`${base}/categories`} className="q-form" noValidate>
          <CsrfField token={csrf} />
          <TextField
            name="name"
            label={t('events:settings.categoryName')}
            value={values.name}
            error={err('name')}
            required
            maxLength={SETTINGS_LIMITS.category}
          />
          <TextField
            name="en"
            label={t('events:settings.categoryEn')}
            value={values.en}
            error={err('en')}
            optionalText={t('events:form.optional')}
            maxLength={SETTINGS_LIMITS.category}
          />
          <div className="q-form__actions">
            <Button type="submit" variant="secondary">
              {t('events:settings.addCategory')}
            </Button>
          </div>
        </form>
      </>
    ),
  });
}

export function mountSettingsPages(staff: Hono<AppEnv>) {
  staff.get('/events/settings', async (c) => {
    authorize(actorOf(c), PERMS.settings);
    const s = await getSettings(c.get('services').db, c.get('tenant')!.id);
    const values: Record<string, string> = { notifyEmail: s.notifyEmail };
    for (const l of PUBLIC_LANGS) values[`criteria_${l}`] = s.criteria[l] ?? '';
    return settingsPage(c, values, {});
  });

  staff.post('/events/settings', async (c) => {
    const actor = actorOf(c);
    authorize(actor, PERMS.settings); // before the form is read
    const f = new FormReader(await formData(c));
    const d = f.schema(settingsFields, SETTINGS_FORM);
    const criteria: Record<string, string> = {};
    for (const l of PUBLIC_LANGS) {
      const v = d[`criteria_${l}`];
      if (v) criteria[l] = v;
    }
    const notifyEmail = d.notifyEmail ?? '';
    if (!f.ok)
      return settingsPage(
        c,
        Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, String(v)])),
        f.errors,
        422,
      );
    await saveEventSettings(actor, c.get('services').db, { criteria, notifyEmail });
    return c.redirect(`/staff/${c.get('tenant')!.slug}/events/settings?saved=1`);
  });

  staff.post('/events/settings/categories', async (c) => {
    const actor = actorOf(c);
    authorize(actor, PERMS.settings); // before the form is read
    const db = c.get('services').db;
    const tenant = c.get('tenant')!;
    const f = new FormReader(await formData(c));
    const d = f.schema(categoryFields, CATEGORY_FORM);
    const name = d.name ?? '';
    const en = d.en ?? '';
    if (name && !slugify(name)) f.fail('name', 'events:errors.slug');
    if (!f.ok) {
      const s = await getSettings(db, tenant.id);
      const values: Record<string, string> = {
        notifyEmail: s.notifyEmail,
        name: String(f.values.name),
        en: String(f.values.en),
      };
      for (const l of PUBLIC_LANGS) values[`criteria_${l}`] = s.criteria[l] ?? '';
      return settingsPage(c, values, f.errors, 422);
    }
    await addEventCategory(actor, db, { name, labels: en ? { en } : {} });
    return c.redirect(`/staff/${tenant.slug}/events/settings?saved=1`);
  });

  staff.post('/events/settings/categories/:id/delete', async (c) => {
    const actor = actorOf(c);
    authorize(actor, PERMS.settings);
    const id = c.req.param('id');
    if (isUuid(id)) await removeEventCategory(actor, c.get('services').db, id);
    return c.redirect(`/staff/${c.get('tenant')!.slug}/events/settings?saved=1`);
  });
}

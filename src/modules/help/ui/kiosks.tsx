// Staff screens for the kiosk screens in houses (HELP-3): the list with each screen's address, and a
// form per kiosk (house, venue of the house's events, languages, rotation). parse → use case →
// render; a refused input comes back with every field as typed and a message at the field.
import type { Context, Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { fromForm } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { LANG_NAMES, PUBLIC_LANGS } from '../../../platform/i18n/index.ts';
import {
  Alert,
  Button,
  CheckboxGroup,
  DataTable,
  FormFrame,
  LinkButton,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { MANAGE } from '../policies.ts';
import { KIOSK_ROTATIONS, type KioskInput } from '../schemas.ts';
import {
  deleteKiosk,
  type Kiosk,
  kioskChoices,
  kioskFor,
  listKiosksFor,
  saveKiosk,
} from '../use-cases/kiosks.ts';
import type { Errors, FormValues } from './forms.ts';

type C = Context<AppEnv>;
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/help/kiosks`;
const db = (c: C) => c.get('services').db;
const screenUrl = (c: C, id: string) =>
  `${c.get('services').config.baseUrl.replace(/\/$/, '')}/${c.get('tenant')!.slug}/help/kiosk/${id}`;

const KIOSK_FORM = {
  name: 'text',
  houseId: 'text',
  venueId: 'text',
  languages: 'list',
  rotateSeconds: 'number',
} as const;

const valuesOf = (k: Kiosk): FormValues => ({
  name: k.name,
  houseId: k.houseId,
  venueId: k.venueId ?? '',
  languages: k.languages,
  rotateSeconds: String(k.rotateSeconds),
});
const str = (v: FormValues, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');

async function kioskForm(c: C, id: string | null, values: FormValues, errors: Errors) {
  const t = c.get('t');
  const choices = await kioskChoices(actorOf(c), db(c));
  const e = Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, String(t(m))]));
  const title = String(t(id ? 'help:kiosks.edit' : 'help:kiosks.new'));
  return staffPage(c, {
    title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <p>
          <a href={base(c)}>{t('help:kiosks.back')}</a>
        </p>
        <h1>{title}</h1>
        {c.req.query('saved') === '1' ? (
          <Alert variant="success" role="status" title={t('help:kiosks.saved')} />
        ) : null}
        {id ? (
          <p>
            {t('help:kiosks.address')}: <a href={screenUrl(c, id)}>{screenUrl(c, id)}</a>
          </p>
        ) : null}
        <FormFrame
          action={id ? `${base(c)}/${id}` : base(c)}
          csrf={csrfTokenFor(c)}
          errors={e}
          errorTitle={t('help:form.errorTitle')}
        >
          <TextField
            name="name"
            label={t('help:kiosks.name')}
            hint={t('help:kiosks.nameHint')}
            value={str(values, 'name')}
            error={e.name}
            required
          />
          <SelectField
            name="houseId"
            label={t('help:kiosks.house')}
            hint={t('help:kiosks.houseHint')}
            value={str(values, 'houseId')}
            error={e.houseId}
            options={[{ value: '', label: '–' }, ...choices.houses]}
            required
          />
          <SelectField
            name="venueId"
            label={t('help:kiosks.venue')}
            hint={t('help:kiosks.venueHint')}
            value={str(values, 'venueId')}
            error={e.venueId}
            options={[{ value: '', label: t('help:kiosks.noVenue') }, ...choices.venues]}
          />
          <CheckboxGroup
            name="languages"
            label={t('help:kiosks.languages')}
            hint={t('help:kiosks.languagesHint')}
            values={Array.isArray(values.languages) ? values.languages : []}
            error={e.languages}
            options={PUBLIC_LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
          />
          <SelectField
            name="rotateSeconds"
            label={t('help:kiosks.rotateSeconds')}
            hint={t('help:kiosks.rotateHint')}
            value={str(values, 'rotateSeconds') || '20'}
            error={e.rotateSeconds}
            options={KIOSK_ROTATIONS.map((n) => ({
              value: String(n),
              label: String(t('help:kiosks.seconds', { count: n })),
            }))}
          />
          <div className="q-form__actions">
            <Button type="submit">{t('help:kiosks.save')}</Button>
          </div>
        </FormFrame>
        {id ? (
          <form method="post" action={`${base(c)}/${id}/delete`} className="q-actions">
            <CsrfField token={csrfTokenFor(c)} />
            <Button type="submit" variant="secondary">
              {t('help:kiosks.delete')}
            </Button>
          </form>
        ) : null}
      </>
    ),
  });
}

async function save(c: C, id: string | null) {
  if (id) await kioskFor(actorOf(c), db(c), id);
  const { input, values } = fromForm(await formData(c), KIOSK_FORM);
  try {
    const k = await saveKiosk(actorOf(c), db(c), id, input as KioskInput);
    return c.redirect(`${base(c)}/${k.id}?saved=1`, 303);
  } catch (err) {
    if (err instanceof ValidationError) return kioskForm(c, id, values, err.fields);
    throw err;
  }
}

export function mountStaffKioskPages(staff: Hono<AppEnv>): void {
  staff.get('/help/kiosks', async (c) => {
    const t = c.get('t');
    const actor = actorOf(c);
    const list = await listKiosksFor(actor, db(c));
    return staffPage(c, {
      title: String(t('help:kiosks.title')),
      children: (
        <>
          <p>
            <a href={`/staff/${c.get('tenant')!.slug}/help`}>{t('help:form.back')}</a>
          </p>
          <div className="q-page-header">
            <h1>{t('help:kiosks.title')}</h1>
            {can(actor, MANAGE) ? (
              <LinkButton href={`${base(c)}/new`}>{t('help:kiosks.new')}</LinkButton>
            ) : null}
          </div>
          <p>{t('help:kiosks.intro')}</p>
          {c.req.query('deleted') === '1' ? (
            <Alert variant="success" role="status" title={t('help:kiosks.deleted')} />
          ) : null}
          <DataTable
            caption={String(t('help:kiosks.count', { count: list.length }))}
            stack
            emptyMessage={t('help:kiosks.empty')}
            rows={list}
            rowKey={(k) => k.id}
            columns={[
              {
                key: 'name',
                header: String(t('help:kiosks.name')),
                rowHeader: true,
                cell: (k) =>
                  can(actor, MANAGE) ? (
                    <a href={`${base(c)}/${k.id}`} dir="auto">
                      {k.name}
                    </a>
                  ) : (
                    <span dir="auto">{k.name}</span>
                  ),
              },
              { key: 'house', header: String(t('help:kiosks.house')), cell: (k) => k.houseName },
              {
                key: 'languages',
                header: String(t('help:kiosks.languages')),
                cell: (k) => k.languages.map((l) => LANG_NAMES[l as keyof typeof LANG_NAMES] ?? l).join(', '),
              },
              {
                key: 'open',
                header: String(t('help:kiosks.address')),
                cell: (k) => <a href={screenUrl(c, k.id)}>{t('help:kiosks.open')}</a>,
              },
            ]}
          />
        </>
      ),
    });
  });
  staff.get('/help/kiosks/new', (c) =>
    kioskForm(c, null, { languages: [...PUBLIC_LANGS], rotateSeconds: '20' }, {}),
  );
  staff.post('/help/kiosks', (c) => save(c, null));
  staff.get('/help/kiosks/:id', async (c) => {
    const k = await kioskFor(actorOf(c), db(c), c.req.param('id'));
    return kioskForm(c, k.id, valuesOf(k), {});
  });
  staff.post('/help/kiosks/:id', (c) => save(c, c.req.param('id')));
  staff.post('/help/kiosks/:id/delete', async (c) => {
    await deleteKiosk(actorOf(c), db(c), c.req.param('id'));
    return c.redirect(`${base(c)}?deleted=1`, 303);
  });
}

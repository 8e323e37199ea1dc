// Staff list of the indicators: name, unit, source and licence, how higher levels are derived,
// published or not (with the switch for managers), the latest imports; managers edit an indicator's
// definition (the form comes back with every value as typed and a message at each field it refuses).
// Works without JavaScript.
import type { Context, Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import { type FormValues, fromForm, parseFields } from '../../../platform/forms/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDateTime } from '../../../platform/time/index.ts';
import {
  Alert,
  Button,
  CheckboxField,
  DataTable,
  FormFrame,
  LinkButton,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { AGGREGATIONS, DIRECTIONS, UNITS } from '../domain/vocab.ts';
import { authorizeManage, MANAGE } from '../policies.ts';
import type { Indicator } from '../queries.ts';
import { INDICATOR_FORM, type IndicatorInput, indicatorFields, weightProblem } from '../schemas.ts';
import {
  importsFor,
  indicatorFor,
  indicatorsFor,
  setIndicatorPublished,
  updateIndicator,
} from '../use-cases/indicators.ts';

type C = Context<AppEnv>;
const base = (c: C) => `/staff/${c.get('tenant')!.slug}/profiles`;

async function indicatorsPage(c: C) {
  const t = c.get('t');
  const actor = actorOf(c);
  const db = c.get('services').db;
  const list = await indicatorsFor(actor, db);
  const runs = await importsFor(actor, db);
  const manage = can(actor, MANAGE, []);
  const csrf = csrfTokenFor(c);
  const en = c.get('lang') === 'en';
  return staffPage(c, {
    title: String(t('profiles:indicators.title')),
    children: (
      <>
        <h1>{t('profiles:indicators.title')}</h1>
        {c.req.query('done') === 'saved' ? (
          <Alert variant="success" title={t('profiles:indicators.saved')} />
        ) : null}
        <p>{t('profiles:indicators.intro')}</p>
        {manage ? (
          <p className="q-actions">
            <LinkButton href={`${base(c)}/import`}>{t('profiles:import.title')}</LinkButton>
          </p>
        ) : null}
        <DataTable
          caption={t('profiles:indicators.caption', { count: list.length })}
          stack
          columns={[
            {
              key: 'name',
              header: t('profiles:indicators.name'),
              cell: (i) =>
                manage ? (
                  <a href={`${base(c)}/indicators/${i.id}/edit`}>{(en && i.nameEn) || i.nameDe}</a>
                ) : (
                  (en && i.nameEn) || i.nameDe
                ),
              rowHeader: true,
            },
            { key: 'key', header: t('profiles:indicators.key'), cell: (i) => <code>{i.key}</code> },
            {
              key: 'unit',
              header: t('profiles:indicators.unit'),
              cell: (i) => t(`profiles:units.${i.unit}`),
            },
            {
              key: 'aggregation',
              header: t('profiles:indicators.aggregation'),
              cell: (i) => t(`profiles:aggregations.${i.aggregation}`),
            },
            {
              key: 'source',
              header: t('profiles:indicators.source'),
              cell: (i) => [i.source, i.licence].filter(Boolean).join(' · ') || '–',
            },
            {
              key: 'published',
              header: t('profiles:indicators.published'),
              cell: (i) =>
                manage ? (
                  <form method="post" action={`${base(c)}/indicators/${i.id}/published`}>
                    <CsrfField token={csrf} />
                    <input type="hidden" name="published" value={i.published ? 'no' : 'yes'} />
                    <span>{i.published ? t('profiles:indicators.yes') : t('profiles:indicators.no')} </span>
                    <Button type="submit" variant="secondary">
                      {i.published ? t('profiles:indicators.hide') : t('profiles:indicators.publish')}
                    </Button>
                  </form>
                ) : i.published ? (
                  t('profiles:indicators.yes')
                ) : (
                  t('profiles:indicators.no')
                ),
            },
          ]}
          rows={list}
          rowKey={(i) => i.id}
          emptyMessage={t('profiles:indicators.empty')}
        />
        <DataTable
          caption={t('profiles:indicators.imports')}
          columns={[
            {
              key: 'when',
              header: t('profiles:indicators.when'),
              cell: (r) => formatDateTime(r.createdAt, c.get('lang')),
            },
            {
              key: 'file',
              header: t('profiles:indicators.file'),
              cell: (r) => <a href={`${base(c)}/imports/${r.id}`}>{r.fileName}</a>,
              rowHeader: true,
            },
            {
              key: 'imported',
              header: t('profiles:report.imported'),
              cell: (r) => String(r.imported),
              numeric: true,
            },
            {
              key: 'updated',
              header: t('profiles:report.updated'),
              cell: (r) => String(r.updated),
              numeric: true,
            },
            {
              key: 'skipped',
              header: t('profiles:report.skipped'),
              cell: (r) => String(r.skipped),
              numeric: true,
            },
          ]}
          rows={runs}
          rowKey={(r) => r.id}
          emptyMessage={t('profiles:indicators.noImports')}
        />
      </>
    ),
  });
}

type Errors = Record<string, string>;

const valuesOf = (i: Indicator): FormValues => ({
  nameDe: i.nameDe,
  nameEn: i.nameEn,
  unit: i.unit,
  direction: i.direction,
  aggregation: i.aggregation,
  weightIndicatorKey: i.weightIndicatorKey ?? '',
  source: i.source,
  licence: i.licence,
  description: i.description,
  published: i.published ? 'on' : '',
});

async function editPage(c: C, ind: Indicator, values: FormValues, errors: Errors = {}) {
  const t = c.get('t');
  const others = (await indicatorsFor(actorOf(c), c.get('services').db)).filter((i) => i.id !== ind.id);
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const err = (k: string) => (errors[k] ? String(t(errors[k])) : undefined);
  const optional = t('profiles:optional');
  const title = String(t('profiles:edit.title', { name: ind.nameDe }));
  const option = (group: string) => (x: string) => ({ value: x, label: String(t(`profiles:${group}.${x}`)) });
  return staffPage(c, {
    title,
    status: Object.keys(errors).length ? 422 : 200,
    children: (
      <>
        <p>
          <a href={`${base(c)}/indicators`}>{t('profiles:back')}</a>
        </p>
        <h1 dir="auto">{title}</h1>
        <p>{t('profiles:edit.intro', { key: ind.key })}</p>
        <FormFrame
          action={`${base(c)}/indicators/${ind.id}/edit`}
          csrf={csrfTokenFor(c)}
          errors={Object.fromEntries(Object.keys(errors).map((k) => [k, err(k)!]))}
          errorTitle={String(t('profiles:errorTitle'))}
        >
          <TextField
            name="nameDe"
            label={t('profiles:edit.nameDe')}
            value={v('nameDe')}
            error={err('nameDe')}
            maxLength={200}
            required
          />
          <TextField
            name="nameEn"
            label={t('profiles:edit.nameEn')}
            value={v('nameEn')}
            error={err('nameEn')}
            maxLength={200}
            optionalText={optional}
          />
          <SelectField
            name="unit"
            label={t('profiles:indicators.unit')}
            value={v('unit')}
            options={UNITS.map(option('units'))}
            error={err('unit')}
            required
          />
          <SelectField
            name="direction"
            label={t('profiles:edit.direction')}
            value={v('direction')}
            options={DIRECTIONS.map(option('directions'))}
            error={err('direction')}
            required
          />
          <SelectField
            name="aggregation"
            label={t('profiles:indicators.aggregation')}
            hint={t('profiles:edit.aggregationHint')}
            value={v('aggregation')}
            options={AGGREGATIONS.map(option('aggregations'))}
            error={err('aggregation')}
            required
          />
          <SelectField
            name="weightIndicatorKey"
            label={t('profiles:edit.weight')}
            hint={t('profiles:edit.weightHint')}
            value={v('weightIndicatorKey')}
            placeholder={String(t('profiles:edit.noWeight'))}
            options={others.map((i) => ({ value: i.key, label: `${i.nameDe} (${i.key})` }))}
            error={err('weightIndicatorKey')}
            optionalText={optional}
          />
          <TextField
            name="source"
            label={t('profiles:edit.source')}
            value={v('source')}
            error={err('source')}
            maxLength={500}
            optionalText={optional}
          />
          <TextField
            name="licence"
            label={t('profiles:edit.licence')}
            value={v('licence')}
            error={err('licence')}
            maxLength={200}
            optionalText={optional}
          />
          <TextArea
            name="description"
            label={t('profiles:edit.description')}
            value={v('description')}
            error={err('description')}
            rows={4}
            maxLength={2000}
            optionalText={optional}
          />
          <CheckboxField
            name="published"
            label={t('profiles:edit.published')}
            hint={t('profiles:edit.publishedHint')}
            checked={v('published') !== ''}
            error={err('published')}
          />
          <div className="q-form__actions">
            <Button type="submit">{t('profiles:edit.save')}</Button>
            <LinkButton href={`${base(c)}/indicators`} variant="secondary">
              {t('profiles:import.cancel')}
            </LinkButton>
          </div>
        </FormFrame>
      </>
    ),
  });
}

/** The form as the schema's input, with every field's message at once (the use case checks again). */
function readForm(body: Record<string, string | string[] | File>) {
  const { input, values } = fromForm(body, INDICATOR_FORM);
  const parsed = parseFields(indicatorFields, input);
  const errors: Errors = { ...parsed.errors };
  const weight = weightProblem(parsed.data);
  if (weight) errors.weightIndicatorKey ??= weight;
  return { input: input as IndicatorInput, values, errors };
}

const indicatorParam = (c: C) => {
  const id = c.req.param('indicatorId') ?? '';
  if (!isUuid(id)) throw new AppError(404, 'indicator_not_found');
  return id;
};

export function mountStaffIndicatorPages(staff: Hono<AppEnv>): void {
  staff.get('/profiles/indicators', (c) => indicatorsPage(c));
  staff.get('/profiles/indicators/:indicatorId/edit', async (c) => {
    authorizeManage(actorOf(c));
    const ind = await indicatorFor(actorOf(c), c.get('services').db, indicatorParam(c));
    return editPage(c, ind, valuesOf(ind));
  });
  staff.post('/profiles/indicators/:indicatorId/edit', async (c) => {
    authorizeManage(actorOf(c));
    const db = c.get('services').db;
    const ind = await indicatorFor(actorOf(c), db, indicatorParam(c));
    const r = readForm(await formData(c));
    if (Object.keys(r.errors).length) return editPage(c, ind, r.values, r.errors);
    try {
      await updateIndicator(actorOf(c), db, ind.id, r.input);
    } catch (err) {
      if (err instanceof ValidationError) return editPage(c, ind, r.values, err.fields);
      throw err;
    }
    return c.redirect(`${base(c)}/indicators?done=saved`, 303);
  });
  staff.post('/profiles/indicators/:indicatorId/published', async (c) => {
    const id = c.req.param('indicatorId');
    if (!isUuid(id)) throw new AppError(404, 'indicator_not_found');
    const body = await formData(c);
    await setIndicatorPublished(actorOf(c), c.get('services').db, id, body.published === 'yes');
    return c.redirect(`${base(c)}/indicators`, 303);
  });
}

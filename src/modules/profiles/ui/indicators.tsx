// Staff list of the indicators: name, unit, source and licence, how higher levels are derived,
// published or not (with the switch for managers), the latest imports. Works without JavaScript.
import type { Context, Hono } from 'hono';
import { actorOf, can } from '../../../platform/authz.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import { formatDateTime } from '../../../platform/time/index.ts';
import { Button, DataTable, LinkButton } from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { MANAGE } from '../policies.ts';
import { importsFor, indicatorsFor, setIndicatorPublished } from '../use-cases/indicators.ts';

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
              cell: (i) => (en && i.nameEn) || i.nameDe,
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

export function mountStaffIndicatorPages(staff: Hono<AppEnv>): void {
  staff.get('/profiles/indicators', (c) => indicatorsPage(c));
  staff.post('/profiles/indicators/:indicatorId/published', async (c) => {
    const id = c.req.param('indicatorId');
    if (!isUuid(id)) throw new AppError(404, 'indicator_not_found');
    const body = await formData(c);
    await setIndicatorPublished(actorOf(c), c.get('services').db, id, body.published === 'yes');
    return c.redirect(`${base(c)}/indicators`, 303);
  });
}

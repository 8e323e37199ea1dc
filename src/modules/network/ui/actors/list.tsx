import type { Hono } from 'hono';
import { actorOf, can } from '../../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../../platform/csv/index.ts';
import type { AppEnv } from '../../../../platform/http/context.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { pageNumber } from '../../../../platform/http/paging.ts';
import { Alert, Button, DataTable, LinkButton, SelectField, TextField } from '../../../../ui/index.ts';
import { staffPage } from '../../../../ui/page.tsx';
import { boundaries } from '../../../areas/index.ts';
import { actorAccess, maySeeDirectory, PERMS } from '../../policies.ts';
import type { ActorListItem } from '../../use-cases/actors.ts';
import { exportDirectory, listDirectory } from '../../use-cases/directory.ts';
import { ACTOR_KINDS, type ActorKind, FIELDS, TARGET_GROUPS } from '../../vocab.ts';
import { areaChoices, base, flash, label, options } from '../common.tsx';
import { NetworkMap } from '../map.tsx';

const CSV_COLUMNS = [
  'name',
  'kind',
  'fields',
  'targetGroups',
  'languages',
  'multiplier',
  'seismograph',
  'street',
  'postcode',
  'link',
] as const;

/** The directory: actors with filters, as a list or on the map, and as CSV. */
export function mountActorListPage(staff: Hono<AppEnv>) {
  staff.get('/network/actors', async (c) => {
    const actor = actorOf(c);
    if (!maySeeDirectory(actor)) throw new AppError(403, 'forbidden');
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const { scope } = await actorAccess(actor, db);
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const kind = (ACTOR_KINDS as readonly string[]).includes(c.req.query('kind') ?? '')
      ? (c.req.query('kind') as ActorKind)
      : undefined;
    const field = (FIELDS as readonly string[]).includes(c.req.query('field') ?? '')
      ? c.req.query('field')
      : undefined;
    const targetGroup = (TARGET_GROUPS as readonly string[]).includes(c.req.query('targetGroup') ?? '')
      ? c.req.query('targetGroup')
      : undefined;
    const flag =
      c.req.query('flag') === 'multiplier' || c.req.query('flag') === 'seismograph'
        ? (c.req.query('flag') as 'multiplier' | 'seismograph')
        : undefined;
    const areaParam = c.req.query('area') ?? c.get('currentAreaId') ?? '';
    const areas = await areaChoices(c, scope);
    const areaId = areas.some((a) => a.value === areaParam) ? areaParam : undefined;
    const page = pageNumber(c.req.query('page'));
    const b = base(c);
    if (c.req.query('format') === 'csv') {
      // Every record the filters find, not only this page; a download naming people is audited.
      const all = await exportDirectory(actor, db, { q, kind, field, targetGroup, flag, areaId });
      const baseUrl = c.get('services').config.baseUrl;
      const yes = t('network:actors.yes');
      return csvResponse(
        toCsv(
          CSV_COLUMNS.map((k) => t(`network:actors.csvColumns.${k}`)),
          all.map((a) => [
            a.name,
            a.kind === 'person' ? label(t, 'actorKinds', 'person') : label(t, 'orgTypes', a.orgType),
            a.fields.map((f) => label(t, 'fields', f)).join(', '),
            a.targetGroups.map((g) => label(t, 'targetGroups', g)).join(', '),
            a.languages.map((l) => label(t, 'languages', l)).join(', '),
            a.isMultiplier ? yes : '',
            a.isSeismograph ? yes : '',
            [a.street, a.houseNumber].filter(Boolean).join(' '),
            a.postcode,
            `${baseUrl}${b}/actors/${a.id}`,
          ]),
        ),
        'netzwerk.csv',
      );
    }
    // The same list as the API: people only for members who may see people's data.
    const { items: visible, total } = await listDirectory(actor, db, {
      q,
      kind,
      field,
      targetGroup,
      flag,
      areaId,
      limit: 50,
      offset: (page - 1) * 50,
    });
    const shapes = await boundaries(db, tenant.id, { kinds: ['district'] });
    const withPoints = visible.filter((a) => a.lon != null && a.lat != null && a.kind === 'organisation');
    const csvQuery = new URLSearchParams({ ...c.req.query(), format: 'csv' });
    csvQuery.delete('page');
    return staffPage(c, {
      title: t('network:actors.title'),
      children: (
        <>
          <h1>{t('network:actors.title')}</h1>
          {flash(c) ? <Alert variant="success" title={flash(c)} role="status" /> : null}
          {can(actorOf(c), PERMS.read) ? null : <p>{t('network:sharing.intro')}</p>}
          <div className="q-actions">
            {can(actorOf(c), PERMS.manage) ? (
              <LinkButton href={`${b}/actors/new?kind=organisation`}>
                {t('network:actors.newOrganisation')}
              </LinkButton>
            ) : null}
            {can(actorOf(c), PERMS.people) ? (
              <LinkButton variant="secondary" href={`${b}/actors/new?kind=person`}>
                {t('network:actors.newPerson')}
              </LinkButton>
            ) : null}
            {can(actorOf(c), PERMS.read) ? <a href={`${b}/venues`}>{t('network:venues.title')}</a> : null}
            {can(actorOf(c), PERMS.importData) ? (
              <a href={`${b}/import`}>{t('network:import.title')}</a>
            ) : null}
            {can(actorOf(c), PERMS.erase) ? <a href={`${b}/privacy`}>{t('network:privacy.title')}</a> : null}
          </div>
          <form method="get" role="search">
            <div className="q-filter">
              <TextField
                name="q"
                type="search"
                label={t('network:actors.search')}
                value={q}
                hint={t('network:actors.searchHint')}
              />
              <Button type="submit" variant="secondary">
                {t('search')}
              </Button>
            </div>
            <details open={!!(areaId || kind || field || targetGroup || flag)}>
              <summary>{t('network:actors.moreFilters')}</summary>
              <div className="q-filter">
                <SelectField
                  name="area"
                  label={t('network:place.area')}
                  value={areaId ?? ''}
                  options={[{ value: '', label: t('network:all') }, ...areas]}
                />
                <SelectField
                  name="kind"
                  label={t('network:actors.kind')}
                  value={kind ?? ''}
                  options={[{ value: '', label: t('network:all') }, ...options(t, 'actorKinds', ACTOR_KINDS)]}
                />
                <SelectField
                  name="field"
                  label={t('network:actor.field')}
                  value={field ?? ''}
                  options={[{ value: '', label: t('network:all') }, ...options(t, 'fields', FIELDS)]}
                />
                <SelectField
                  name="targetGroup"
                  label={t('network:actor.targetGroup')}
                  value={targetGroup ?? ''}
                  options={[
                    { value: '', label: t('network:all') },
                    ...options(t, 'targetGroups', TARGET_GROUPS),
                  ]}
                />
                <SelectField
                  name="flag"
                  label={t('network:actors.flag')}
                  value={flag ?? ''}
                  options={[
                    { value: '', label: t('network:all') },
                    { value: 'multiplier', label: t('network:actor.multiplier') },
                    { value: 'seismograph', label: t('network:actor.seismograph') },
                  ]}
                />
                <Button type="submit" variant="secondary">
                  {t('network:filter')}
                </Button>
              </div>
            </details>
          </form>
          <NetworkMap
            title={t('network:actors.mapTitle')}
            description={t('network:actors.mapDescription', { count: withPoints.length })}
            areas={shapes.map((x) => ({ key: x.key, name: x.name, geometry: x.geometry }))}
            points={withPoints.map((a) => ({
              key: a.id,
              label: a.name,
              lon: a.lon!,
              lat: a.lat!,
              href: `${b}/actors/${a.id}`,
              emphasis: a.isMultiplier || a.isSeismograph,
            }))}
          />
          <DataTable
            caption={t('network:actors.count', { count: total })}
            rows={visible}
            rowKey={(a) => a.id}
            emptyMessage={t('network:actors.empty')}
            columns={[
              {
                key: 'name',
                header: t('network:actor.name'),
                rowHeader: true,
                cell: (a: ActorListItem) => <a href={`${b}/actors/${a.id}`}>{a.name}</a>,
              },
              {
                key: 'type',
                header: t('network:actor.orgType'),
                cell: (a: ActorListItem) =>
                  a.kind === 'person' ? label(t, 'actorKinds', 'person') : label(t, 'orgTypes', a.orgType),
              },
              {
                key: 'fields',
                header: t('network:actor.fields'),
                cell: (a: ActorListItem) => a.fields.map((f) => label(t, 'fields', f)).join(', '),
              },
              {
                key: 'flags',
                header: t('network:actor.flags'),
                cell: (a: ActorListItem) =>
                  [
                    a.isMultiplier ? t('network:actor.multiplier') : '',
                    a.isSeismograph ? t('network:actor.seismograph') : '',
                  ]
                    .filter(Boolean)
                    .join(', '),
              },
              {
                key: 'address',
                header: t('network:place.address'),
                cell: (a: ActorListItem) => [a.street, a.houseNumber, a.postcode].filter(Boolean).join(' '),
              },
            ]}
          />
          {total ? (
            <p>
              <a href={`?${csvQuery.toString()}`} download>
                {t('network:actors.csv', { count: total })}
              </a>
            </p>
          ) : null}
          {total > page * 50 ? (
            <p>
              <a href={`?${new URLSearchParams({ ...c.req.query(), page: String(page + 1) }).toString()}`}>
                {t('next')}
              </a>
            </p>
          ) : null}
        </>
      ),
    });
  });
}

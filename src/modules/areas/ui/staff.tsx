import type { Context, Hono } from 'hono';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import { isUuid } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import { formData } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import {
  Alert,
  Button,
  DataTable,
  ErrorSummary,
  fieldId,
  LinkButton,
  Pagination,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { parseAddress } from '../addresses.ts';
import { AREA_KINDS, type AreaKind } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import { type AreaSummary, boundaries, countAreas, countMatchingAreas, listAreas } from '../queries.ts';

const PAGE_SIZE = 50;

import { placeAddress } from '../use-cases/place.ts';
import { setAreasPublished } from '../use-cases/staff.ts';
import { mountStaffAreaDetail } from './detail.tsx';
import { mountStaffImportPages } from './import.tsx';
import { AreaMap } from './map.tsx';

/** Result of the "place an address" form: the Planungsraum and its ancestors, or why not. */
async function AddressResult({ c, address }: { c: Context<AppEnv>; address: string }) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const parsed = parseAddress(address);
  if (!parsed) {
    return (
      <Alert variant="warning" title={t('areas:place.unparsable')}>
        <p>{t('areas:place.unparsableText')}</p>
      </Alert>
    );
  }
  const placed = await placeAddress(c.get('services').db, tenant.id, parsed);
  if (!placed) {
    return (
      <Alert variant="warning" title={t('areas:place.notFound')}>
        <p>{t(parsed.postcode ? 'areas:place.notFoundText' : 'areas:place.notFoundAddPostcode')}</p>
      </Alert>
    );
  }
  const a = placed.address;
  return (
    <Alert
      variant="success"
      title={t('areas:place.found', {
        address: `${a.street} ${a.houseNumber}${a.postcode ? `, ${a.postcode}` : ''}`,
      })}
    >
      <ul>
        {placed.path.map((p) => (
          <li key={p.id}>
            {t(`areas:kinds.${p.kind}`)}: <a href={`/staff/${tenant.slug}/areas/${p.id}`}>{p.name}</a> (
            {p.key})
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export function mountStaffAreaPages(staff: Hono<AppEnv>) {
  mountStaffImportPages(staff);
  mountStaffAreaDetail(staff);

  // Publish or withdraw the chosen areas (the list's checkboxes, or the one button on an area's page).
  staff.post('/areas/publish', async (c) => {
    const tenant = c.get('tenant')!;
    const body = await formData(c);
    const ids = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []).map(String).filter(isUuid);
    const published = body.published === '1';
    const back =
      typeof body.back === 'string' && body.back.startsWith(`/staff/${tenant.slug}/areas`)
        ? body.back
        : `/staff/${tenant.slug}/areas`;
    if (ids.length === 0) return listPage(c, { errors: { ids: 'areas:staff.noneChosen' } }, 422);
    const r = await setAreasPublished(actorOf(c), c.get('services').db, ids, published);
    const url = new URL(back, 'http://x');
    url.searchParams.set(published ? 'publishedDone' : 'unpublishedDone', String(r.changed));
    return c.redirect(`${url.pathname}${url.search}`, 303);
  });

  staff.get('/areas', (c) => listPage(c));
}

async function listPage(
  c: Context<AppEnv>,
  o: { errors?: Record<string, string> } = {},
  status: 200 | 422 = 200,
) {
  authorize(actorOf(c), PERMS.read);
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const kindParam = c.req.query('kind') ?? '';
  const kind = (AREA_KINDS as readonly string[]).includes(kindParam) ? (kindParam as AreaKind) : undefined;
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const address = (c.req.query('address') ?? '').trim().slice(0, 200);
  const shown = c.req.query('published') ?? '';
  const published = shown === 'yes' ? true : shown === 'no' ? false : undefined;
  // A city has hundreds of areas (Berlin: 542 Planungsräume): 50 a page, and the search above.
  const filter = { kinds: kind ? [kind] : undefined, q: q || undefined, published };
  if (c.req.query('format') === 'csv') {
    // Every match, not the page: key, name, kind, the parent's key and name, the public address.
    const all = await listAreas(db, tenant.id, { ...filter, limit: 100_000 });
    const byId = new Map(all.map((a) => [a.id, a]));
    const missing = [...new Set(all.map((a) => a.parentId).filter((x): x is string => !!x && !byId.has(x)))];
    for (const p of missing.length ? await listAreas(db, tenant.id, { ids: missing }) : []) byId.set(p.id, p);
    const csv = toCsv(
      ['key', 'name', 'kind', 'parent_key', 'parent_name', 'slug', 'boundary', 'published', 'public_url'],
      all.map((a) => {
        const parent = a.parentId ? byId.get(a.parentId) : undefined;
        return [
          a.key,
          a.name,
          a.kind,
          parent?.key ?? '',
          parent?.name ?? '',
          a.slug,
          a.hasBoundary ? 'yes' : 'no',
          a.published ? 'yes' : 'no',
          `${c.get('services').config.baseUrl}/${tenant.slug}/areas/${a.slug}`,
        ];
      }),
    );
    return csvResponse(csv, `areas-${tenant.slug}.csv`);
  }
  const [total, counts, unpublished] = await Promise.all([
    countMatchingAreas(db, tenant.id, filter),
    countAreas(db, tenant.id),
    countMatchingAreas(db, tenant.id, { published: false }),
  ]);
  const mayManage = can(actorOf(c), PERMS.manage);
  const errors = o.errors ?? {};
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(pageNumber(c.req.query('page')), pages);
  const list = await listAreas(db, tenant.id, {
    ...filter,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const pageHref = (n: number) => {
    const p = new URLSearchParams({
      ...(kind ? { kind } : {}),
      ...(q ? { q } : {}),
      ...(shown ? { published: shown } : {}),
      ...(n > 1 ? { page: String(n) } : {}),
    }).toString();
    return `/staff/${tenant.slug}/areas${p ? `?${p}` : ''}`;
  };
  const names = new Map(
    (
      await listAreas(db, tenant.id, {
        ids: [...new Set(list.map((a) => a.parentId).filter((x): x is string => !!x))],
      })
    ).map((a) => [a.id, a.name]),
  );
  const done = (param: string, key: string) => {
    const n = c.req.query(param);
    return n !== undefined && /^\d+$/.test(n) ? (
      <Alert variant="success" role="status" title={t(key, { count: Number(n) })} />
    ) : null;
  };
  const mapKind: AreaKind = kind ?? 'district';
  // The map shows every match, not only this page.
  const shapes = await boundaries(db, tenant.id, {
    kinds: [mapKind],
    ids: q ? (await listAreas(db, tenant.id, { ...filter, limit: 2000 })).map((a) => a.id) : undefined,
  });
  return staffPage(c, {
    title: t('areas:staff.title'),
    status,
    children: (
      <>
        <h1>{t('areas:staff.title')}</h1>
        {done('publishedDone', 'areas:staff.publishedDone')}
        {done('unpublishedDone', 'areas:staff.unpublishedDone')}
        <ErrorSummary
          title={t('errorSummaryTitle')}
          errors={Object.entries(errors).map(([k, m]) => ({ fieldId: fieldId(k), message: t(m) }))}
        />
        {mayManage ? (
          <p className="q-actions">
            <LinkButton href={`/staff/${tenant.slug}/areas/import`} variant="secondary">
              {t('areas:staff.import')}
            </LinkButton>
          </p>
        ) : null}
        <p>
          {AREA_KINDS.filter((k) => counts[k])
            .map((k) => `${t(`areas:kindsPlural.${k}`)}: ${counts[k]}`)
            .join(' · ')}
          {unpublished > 0 ? (
            <>
              {' · '}
              <a href={`/staff/${tenant.slug}/areas?published=no`}>
                {t('areas:staff.unpublishedCount', { count: unpublished })}
              </a>
            </>
          ) : null}
        </p>
        <form method="get" className="q-filter">
          <SelectField
            id="filter-kind"
            name="kind"
            label={t('areas:staff.filterKind')}
            value={kind ?? ''}
            options={[
              { value: '', label: t('areas:staff.filterAll') },
              ...AREA_KINDS.map((k) => ({ value: k, label: t(`areas:kinds.${k}`) })),
            ]}
          />
          <SelectField
            id="filter-published"
            name="published"
            label={t('areas:staff.filterPublished')}
            value={shown}
            options={[
              { value: '', label: t('areas:staff.filterPublishedAll') },
              { value: 'yes', label: t('areas:staff.filterPublishedYes') },
              { value: 'no', label: t('areas:staff.filterPublishedNo') },
            ]}
          />
          <TextField id="filter-q" name="q" label={t('areas:staff.filterQuery')} value={q} />
          <Button type="submit" variant="secondary">
            {t('areas:staff.filter')}
          </Button>
        </form>
        <p>
          <a
            href={`/staff/${tenant.slug}/areas?${new URLSearchParams({ ...(kind ? { kind } : {}), ...(q ? { q } : {}), ...(shown ? { published: shown } : {}), format: 'csv' })}`}
          >
            {t('areas:staff.csv')}
          </a>
        </p>
        <section aria-labelledby="place-address">
          <h2 id="place-address">{t('areas:place.title')}</h2>
          <form method="get" className="q-filter">
            <TextField
              id="place-address-input"
              name="address"
              label={t('areas:place.address')}
              hint={t('areas:place.hint')}
              value={address}
              autoComplete="address-line1"
            />
            <Button type="submit" variant="secondary">
              {t('areas:place.submit')}
            </Button>
          </form>
          {address ? await AddressResult({ c, address }) : null}
        </section>
        <AreaMap
          title={t('areas:staff.mapTitle')}
          features={shapes.map((s) => ({
            key: s.key,
            name: s.name,
            geometry: s.geometry,
            href: `/staff/${tenant.slug}/areas/${s.id}`,
          }))}
          tiles={c.get('services').config.mapTiles}
        />
        <form method="post" action={`/staff/${tenant.slug}/areas/publish`} className="q-form" noValidate>
          <CsrfField token={csrfTokenFor(c)} />
          <input type="hidden" name="back" value={pageHref(page)} />
          <DataTable
            caption={
              pages > 1
                ? t('areas:staff.countPage', {
                    from: (page - 1) * PAGE_SIZE + 1,
                    to: (page - 1) * PAGE_SIZE + list.length,
                    count: total,
                  })
                : t('areas:staff.count', { count: total })
            }
            rows={list}
            rowKey={(a) => a.id}
            emptyMessage={t('areas:staff.empty')}
            stack
            columns={[
              ...(mayManage
                ? [
                    {
                      key: 'choose',
                      header: t('areas:staff.choose'),
                      hideHeader: true,
                      cell: (a: AreaSummary) => (
                        <input
                          type="checkbox"
                          name="ids"
                          value={a.id}
                          id={`ids-${a.id}`}
                          aria-label={t('areas:staff.chooseOne', { name: a.name })}
                        />
                      ),
                    },
                  ]
                : []),
              {
                key: 'name',
                header: t('areas:staff.name'),
                cell: (a: AreaSummary) => <a href={`/staff/${tenant.slug}/areas/${a.id}`}>{a.name}</a>,
              },
              {
                key: 'kind',
                header: t('areas:page.kind'),
                cell: (a: AreaSummary) => t(`areas:kinds.${a.kind}`),
              },
              { key: 'key', header: t('areas:page.key'), cell: (a: AreaSummary) => a.key },
              {
                key: 'parent',
                header: t('areas:staff.parent'),
                cell: (a: AreaSummary) => (a.parentId ? (names.get(a.parentId) ?? '') : ''),
              },
              {
                key: 'boundary',
                header: t('areas:staff.boundary'),
                cell: (a: AreaSummary) =>
                  t(a.hasBoundary ? 'areas:staff.hasBoundary' : 'areas:staff.noBoundary'),
              },
              {
                key: 'published',
                header: t('areas:staff.published'),
                cell: (a: AreaSummary) =>
                  t(a.published ? 'areas:staff.isPublished' : 'areas:staff.isUnpublished'),
              },
            ]}
          />
          {mayManage && list.length > 0 ? (
            <fieldset className="q-fieldset" id="ids">
              <legend>{t('areas:staff.bulkTitle')}</legend>
              <p className="q-actions">
                <Button type="submit" name="published" value="1">
                  {t('areas:staff.publish')}
                </Button>
                <Button type="submit" name="published" value="0" variant="secondary">
                  {t('areas:staff.unpublish')}
                </Button>
              </p>
            </fieldset>
          ) : null}
        </form>
        <Pagination
          page={page}
          totalPages={pages}
          href={pageHref}
          label={t('areas:staff.pages')}
          previousLabel={t('previous')}
          nextLabel={t('next')}
        />
      </>
    ),
  });
}

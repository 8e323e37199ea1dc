import type { Context, Hono } from 'hono';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import { csvResponse, toCsv } from '../../../platform/csv/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { pageNumber } from '../../../platform/http/paging.ts';
import {
  Alert,
  Button,
  DataTable,
  LinkButton,
  Pagination,
  SelectField,
  TextField,
} from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { parseAddress } from '../addresses.ts';
import { AREA_KINDS, type AreaKind } from '../db/schema.ts';
import { PERMS } from '../policies.ts';
import { type AreaSummary, boundaries, countAreas, countMatchingAreas, listAreas } from '../queries.ts';

const PAGE_SIZE = 50;

import { placeAddress } from '../use-cases/place.ts';
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

  staff.get('/areas', async (c) => {
    authorize(actorOf(c), PERMS.read);
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const kindParam = c.req.query('kind') ?? '';
    const kind = (AREA_KINDS as readonly string[]).includes(kindParam) ? (kindParam as AreaKind) : undefined;
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const address = (c.req.query('address') ?? '').trim().slice(0, 200);
    // A city has hundreds of areas (Berlin: 542 Planungsräume): 50 a page, and the search above.
    const filter = { kinds: kind ? [kind] : undefined, q: q || undefined };
    if (c.req.query('format') === 'csv') {
      // Every match, not the page: key, name, kind, the parent's key and name, the public address.
      const all = await listAreas(db, tenant.id, { ...filter, limit: 100_000 });
      const byId = new Map(all.map((a) => [a.id, a]));
      const missing = [
        ...new Set(all.map((a) => a.parentId).filter((x): x is string => !!x && !byId.has(x))),
      ];
      for (const p of missing.length ? await listAreas(db, tenant.id, { ids: missing }) : [])
        byId.set(p.id, p);
      const csv = toCsv(
        ['key', 'name', 'kind', 'parent_key', 'parent_name', 'slug', 'boundary', 'public_url'],
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
            `${c.get('services').config.baseUrl}/${tenant.slug}/areas/${a.slug}`,
          ];
        }),
      );
      return csvResponse(csv, `areas-${tenant.slug}.csv`);
    }
    const [total, counts] = await Promise.all([
      countMatchingAreas(db, tenant.id, filter),
      countAreas(db, tenant.id),
    ]);
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
    const mapKind: AreaKind = kind ?? 'district';
    // The map shows every match, not only this page.
    const shapes = await boundaries(db, tenant.id, {
      kinds: [mapKind],
      ids: q ? (await listAreas(db, tenant.id, { ...filter, limit: 2000 })).map((a) => a.id) : undefined,
    });
    return staffPage(c, {
      title: t('areas:staff.title'),
      children: (
        <>
          <h1>{t('areas:staff.title')}</h1>
          {can(actorOf(c), PERMS.manage) ? (
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
            <TextField id="filter-q" name="q" label={t('areas:staff.filterQuery')} value={q} />
            <Button type="submit" variant="secondary">
              {t('areas:staff.filter')}
            </Button>
          </form>
          <p>
            <a
              href={`/staff/${tenant.slug}/areas?${new URLSearchParams({ ...(kind ? { kind } : {}), ...(q ? { q } : {}), format: 'csv' })}`}
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
          />
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
            ]}
          />
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
  });
}

import type { Hono } from 'hono';
import type { AppEnv } from '../../../platform/http/context.ts';
import { Button, DataTable, SelectField, TextField } from '../../../ui/index.ts';
import { staffPage } from '../../../ui/page.tsx';
import { AREA_KINDS, type AreaKind } from '../db/schema.ts';
import { type AreaSummary, boundaries, countAreas, listAreas } from '../queries.ts';
import { AreaMap } from './map.tsx';

export function mountStaffAreaPages(staff: Hono<AppEnv>) {
  staff.get('/areas', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const kindParam = c.req.query('kind') ?? '';
    const kind = (AREA_KINDS as readonly string[]).includes(kindParam) ? (kindParam as AreaKind) : undefined;
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const [list, counts] = await Promise.all([
      listAreas(db, tenant.id, { kinds: kind ? [kind] : undefined, q: q || undefined, limit: 600 }),
      countAreas(db, tenant.id),
    ]);
    const names = new Map((await listAreas(db, tenant.id, { ids: [...new Set(list.map((a) => a.parentId).filter((x): x is string => !!x))] })).map((a) => [a.id, a.name]));
    const mapKind: AreaKind = kind ?? 'district';
    const shapes = await boundaries(db, tenant.id, { kinds: [mapKind], ids: q ? list.map((a) => a.id) : undefined });
    return staffPage(c, {
      title: t('areas:staff.title'),
      children: (
        <>
          <h1>{t('areas:staff.title')}</h1>
          <p>
            {AREA_KINDS.filter((k) => counts[k]).map((k) => `${t(`areas:kindsPlural.${k}`)}: ${counts[k]}`).join(' · ')}
          </p>
          <form method="get" className="q-filter">
            <SelectField
              id="filter-kind"
              name="kind"
              label={t('areas:staff.filterKind')}
              value={kind ?? ''}
              options={[{ value: '', label: t('areas:staff.filterAll') }, ...AREA_KINDS.map((k) => ({ value: k, label: t(`areas:kinds.${k}`) }))]}
            />
            <TextField id="filter-q" name="q" label={t('areas:staff.filterQuery')} value={q} />
            <Button type="submit" variant="secondary">{t('areas:staff.filter')}</Button>
          </form>
          <AreaMap
            title={t('areas:staff.mapTitle')}
            features={shapes.map((s) => ({ key: s.key, name: s.name, geometry: s.geometry, href: `/${tenant.slug}/areas/${s.slug}` }))}
          />
          <DataTable
            caption={t('areas:staff.count', { count: list.length })}
            rows={list}
            rowKey={(a) => a.id}
            emptyMessage={t('areas:staff.empty')}
            columns={[
              { key: 'name', header: t('areas:staff.name'), cell: (a: AreaSummary) => <a href={`/${tenant.slug}/areas/${a.slug}`}>{a.name}</a> },
              { key: 'kind', header: t('areas:page.kind'), cell: (a: AreaSummary) => t(`areas:kinds.${a.kind}`) },
              { key: 'key', header: t('areas:page.key'), cell: (a: AreaSummary) => a.key },
              { key: 'parent', header: t('areas:staff.parent'), cell: (a: AreaSummary) => (a.parentId ? names.get(a.parentId) ?? '' : '') },
              { key: 'boundary', header: t('areas:staff.boundary'), cell: (a: AreaSummary) => t(a.hasBoundary ? 'areas:staff.hasBoundary' : 'areas:staff.noBoundary') },
            ]}
          />
        </>
      ),
    });
  });
}

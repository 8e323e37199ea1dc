import type { Hono } from 'hono';
import type { Db } from '../../../platform/db/index.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { publicPage } from '../../../ui/page.tsx';
import { AREA_KINDS, type AreaKind } from '../db/schema.ts';
import { areaFeature, featureCollection, GEOJSON_TYPE } from '../geojson.ts';
import { type Area, areaPath, boundaries, getPublicAreaBySlug, listAreas } from '../queries.ts';
import { AreaMap } from './map.tsx';

export function mountPublicAreaPages(pub: Hono<AppEnv>) {
  // Tenant start page: districts on a map, programme areas as a list.
  pub.get('/', async (c) => {
    const t = c.get('t');
    const tenant = c.get('tenant')!;
    const db = c.get('services').db;
    const [programme, districts, shapes] = await Promise.all([
      listAreas(db, tenant.id, { kinds: ['programme'], published: true }),
      listAreas(db, tenant.id, { kinds: ['district'], published: true }),
      boundaries(db, tenant.id, { kinds: ['district'], published: true }),
    ]);
    const base = `/${tenant.slug}/areas`;
    return publicPage(c, {
      title: t('areas:home.title'),
      description: `${tenant.name}: ${t('areas:home.intro')}`,
      children: (
        <>
          <h1>{tenant.name}</h1>
          <p>{t('areas:home.intro')}</p>
          {programme.length > 0 ? (
            <section aria-labelledby="programme-areas">
              <h2 id="programme-areas">{t('areas:home.programmeAreas')}</h2>
              <ul className="q-cards">
                {programme.map((a) => (
                  <li key={a.id} className="q-card">
                    <a href={`${base}/${a.slug}`}>{a.name}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="districts">
            <h2 id="districts">{t('areas:home.districts')}</h2>
            <AreaMap
              title={t('areas:home.mapTitle', { tenant: tenant.name })}
              features={shapes.map((s) => ({
                key: s.key,
                name: s.name,
                geometry: s.geometry,
                href: `${base}/${s.slug}`,
              }))}
            />
            <ul className="q-columns">
              {districts.map((a) => (
                <li key={a.id}>
                  <a href={`${base}/${a.slug}`}>{a.name}</a>
                </li>
              ))}
            </ul>
          </section>
        </>
      ),
    });
  });

  // Open data: boundaries as RFC 7946 GeoJSON, cacheable and usable from other sites.
  const geojson = (body: unknown) =>
    new Response(JSON.stringify(body), {
      status: 200,
      headers: {
        'Content-Type': GEOJSON_TYPE,
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
      },
    });

  pub.get('/areas.geojson', async (c) => {
    const tenant = c.get('tenant')!;
    const kindParam = c.req.query('kind');
    if (kindParam !== undefined && !(AREA_KINDS as readonly string[]).includes(kindParam)) {
      throw new AppError(400, 'invalid_kind');
    }
    const kinds = kindParam ? [kindParam as AreaKind] : undefined;
    const shapes = await boundaries(c.get('services').db, tenant.id, { kinds, published: true });
    const base = new URL(c.req.url).origin;
    return geojson(
      featureCollection(shapes.map((s) => areaFeature(s, `${base}/${tenant.slug}/areas/${s.slug}`))),
    );
  });

  pub.get('/areas/:file{[a-z0-9-]+\\.geojson}', async (c) => {
    const tenant = c.get('tenant')!;
    const slug = c.req.param('file').replace(/\.geojson$/, '');
    const area = await getPublicAreaBySlug(c.get('services').db, tenant.id, slug);
    if (!area) throw new AppError(404, 'area_not_found');
    return geojson(areaFeature(area, `${new URL(c.req.url).origin}/${tenant.slug}/areas/${area.slug}`));
  });
  // The area page itself (/areas/:slug) is the area website of the website module; it shows the
  // map and the breadcrumb from areaPageContext() below.
}

/** What an area page shows about the area itself: its ancestors, its sub-areas and the map features. */
export async function areaPageContext(db: Db, tenantId: string, tenantSlug: string, area: Area) {
  const [path, children] = await Promise.all([
    areaPath(db, tenantId, area.id),
    listAreas(db, tenantId, { parentId: area.id, published: true }),
  ]);
  // An unpublished ancestor is left out of the breadcrumb and the map, as everywhere in public.
  const ancestors = path
    .slice(1)
    .filter((a) => a.published)
    .reverse();
  const base = `/${tenantSlug}/areas`;
  // Show the area inside its nearest ancestor that has a boundary, so a visitor sees where it is.
  const context = path.slice(1).find((a) => a.hasBoundary && a.published);
  const shapes = await boundaries(db, tenantId, {
    ids: [area.id, ...(context ? [context.id] : [])],
  });
  const childShapes = await boundaries(db, tenantId, { parentId: area.id, published: true });
  // Drawing order: surrounding area, this area, then its sub-areas as links. With sub-areas the
  // current area is a bold outline on top (so they stay visible and clickable); without, it is filled.
  const own = shapes.find((s) => s.id === area.id);
  const features = [
    ...shapes
      .filter((s) => s.id !== area.id)
      .map((s) => ({ key: s.id, name: s.name, geometry: s.geometry, href: `${base}/${s.slug}` })),
    ...(own && childShapes.length === 0
      ? [{ key: own.id, name: own.name, geometry: own.geometry, highlighted: true }]
      : []),
    ...childShapes.map((s) => ({
      key: s.id,
      name: s.name,
      geometry: s.geometry,
      href: `${base}/${s.slug}`,
    })),
    ...(own && childShapes.length > 0
      ? [{ key: own.id, name: own.name, geometry: own.geometry, outline: true }]
      : []),
  ];
  return { ancestors, children, features };
}

import type { Context, Hono } from 'hono';
import { actorOf, authorize, can } from '../../../platform/authz.ts';
import type { AppEnv } from '../../../platform/http/context.ts';
import { AppError, ValidationError } from '../../../platform/http/errors.ts';
import { formData, str } from '../../../platform/http/render.tsx';
import { csrfTokenFor } from '../../../platform/http/security.ts';
import {
  Alert,
  Button,
  ErrorSummary,
  fieldId,
  KeyValueList,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/index.ts';
import { CsrfField, staffPage } from '../../../ui/page.tsx';
import { PERMS } from '../policies.ts';
import { type Area, areaPath, boundaries, descendantIds, getArea, listAreas } from '../queries.ts';
import { editArea } from '../use-cases/staff.ts';
import { type AreaEdit, NAME_MAX, PARENT_KINDS } from '../use-cases/update-area.ts';
import { AreaMap } from './map.tsx';

const UUID_ROUTE = '{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';

async function loadArea(c: Context<AppEnv>): Promise<{ area: Area; pathIds: string[] }> {
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const area = await getArea(db, tenant.id, c.req.param('id') ?? '');
  if (!area) throw new AppError(404, 'area_not_found');
  const path = await areaPath(db, tenant.id, area.id);
  return { area, pathIds: path.map((a) => a.id) };
}

/** Turns the use case's translation keys (with the limits they carry) into messages. */
function translateErrors(c: Context<AppEnv>, fields: Record<string, string>): Record<string, string> {
  const t = c.get('t');
  return Object.fromEntries(Object.entries(fields).map(([f, key]) => [f, t(key)]));
}

async function detailPage(
  c: Context<AppEnv>,
  area: Area,
  values: AreaEdit,
  errors: Record<string, string>,
  status: 200 | 422 = 200,
) {
  const t = c.get('t');
  const tenant = c.get('tenant')!;
  const db = c.get('services').db;
  const base = `/staff/${tenant.slug}/areas`;
  const [path, children] = await Promise.all([
    areaPath(db, tenant.id, area.id),
    listAreas(db, tenant.id, { parentId: area.id }),
  ]);
  const parent = path[1];
  const mayEdit = can(
    actorOf(c),
    PERMS.manage,
    path.map((a) => a.id),
  );
  let parentOptions: { value: string; label: string }[] = [];
  if (mayEdit && PARENT_KINDS[area.kind].length > 0) {
    const inside = new Set(await descendantIds(db, tenant.id, area.id));
    parentOptions = (await listAreas(db, tenant.id, { kinds: PARENT_KINDS[area.kind], limit: 3000 }))
      .filter((a) => !inside.has(a.id))
      .map((a) => ({ value: a.id, label: `${a.name} (${t(`areas:kinds.${a.kind}`)} ${a.key})` }));
  }
  const context = path.slice(1).find((a) => a.hasBoundary);
  const shapes = await boundaries(db, tenant.id, { ids: [area.id, ...(context ? [context.id] : [])] });
  const childShapes = await boundaries(db, tenant.id, { parentId: area.id });
  const features = [
    ...shapes
      .filter((s) => s.id !== area.id)
      .map((s) => ({ key: s.id, name: s.name, geometry: s.geometry, href: `${base}/${s.id}` })),
    ...childShapes.map((s) => ({ key: s.id, name: s.name, geometry: s.geometry, href: `${base}/${s.id}` })),
    ...shapes
      .filter((s) => s.id === area.id)
      .map((s) => ({ key: s.id, name: s.name, geometry: s.geometry, highlighted: true })),
  ];
  const saved = c.req.query('saved') === '1';
  const errorItems = Object.entries(errors).map(([f, message]) => ({ fieldId: fieldId(f), message }));
  return staffPage(c, {
    title: area.name,
    status,
    children: (
      <>
        <nav aria-label={t('areas:page.breadcrumb')} className="q-breadcrumb">
          <ol>
            <li>
              <a href={base}>{t('areas:staff.title')}</a>
            </li>
            {path
              .slice(1)
              .reverse()
              .map((a) => (
                <li key={a.id}>
                  <a href={`${base}/${a.id}`}>{a.name}</a>
                </li>
              ))}
            <li aria-current="page">{area.name}</li>
          </ol>
        </nav>
        <h1>{area.name}</h1>
        {c.req.query('publishedDone') !== undefined ? (
          <Alert variant="success" role="status" title={t('areas:staff.publishedDone', { count: 1 })} />
        ) : null}
        {c.req.query('unpublishedDone') !== undefined ? (
          <Alert variant="success" role="status" title={t('areas:staff.unpublishedDone', { count: 1 })} />
        ) : null}
        {area.published ? null : (
          <Alert variant="warning" title={t('areas:staff.isUnpublished')}>
            <p>{t('areas:staff.unpublishedNote')}</p>
          </Alert>
        )}
        {mayEdit ? (
          <form method="post" action={`${base}/publish`} className="q-actions">
            <CsrfField token={csrfTokenFor(c)} />
            <input type="hidden" name="ids" value={area.id} />
            <input type="hidden" name="back" value={`${base}/${area.id}`} />
            <input type="hidden" name="published" value={area.published ? '0' : '1'} />
            <Button type="submit" variant={area.published ? 'secondary' : 'primary'}>
              {t(area.published ? 'areas:staff.unpublish' : 'areas:staff.publish')}
            </Button>
          </form>
        ) : null}
        {saved ? (
          <Alert variant="success" title={t('areas:edit.saved')}>
            <p>{t('areas:edit.savedText')}</p>
          </Alert>
        ) : null}
        <KeyValueList
          items={[
            { key: 'kind', term: t('areas:page.kind'), value: t(`areas:kinds.${area.kind}`) },
            { key: 'key', term: t('areas:page.key'), value: area.key },
            {
              key: 'parent',
              term: t('areas:staff.parent'),
              value: parent ? <a href={`${base}/${parent.id}`}>{parent.name}</a> : t('areas:edit.noParent'),
            },
            { key: 'description', term: t('areas:edit.description'), value: area.description },
            { key: 'source', term: t('areas:edit.source'), value: area.source },
            {
              key: 'published',
              term: t('areas:staff.published'),
              value: t(area.published ? 'areas:staff.isPublished' : 'areas:staff.isUnpublished'),
            },
            {
              key: 'public',
              term: t('areas:staff.publicPage'),
              value: (
                <>
                  <a href={`/${tenant.slug}/areas/${area.slug}`}>{`/${tenant.slug}/areas/${area.slug}`}</a>
                  {area.geometry ? (
                    <>
                      {' · '}
                      <a href={`/${tenant.slug}/areas/${area.slug}.geojson`}>GeoJSON</a>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
        {features.length > 0 ? (
          <AreaMap
            title={t('areas:page.mapTitle', { name: area.name })}
            features={features}
            tiles={c.get('services').config.mapTiles}
          />
        ) : (
          <p>{t('areas:page.noBoundary')}</p>
        )}
        <section aria-labelledby="children">
          <h2 id="children">{t('areas:page.contains')}</h2>
          {children.length > 0 ? (
            <ul className="q-columns">
              {children.map((a) => (
                <li key={a.id}>
                  <a href={`${base}/${a.id}`}>{a.name}</a>{' '}
                  <span className="q-meta">({t(`areas:kinds.${a.kind}`)})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('areas:edit.noChildren')}</p>
          )}
        </section>
        {mayEdit ? (
          <section aria-labelledby="edit">
            <h2 id="edit">{t('areas:edit.title')}</h2>
            <ErrorSummary title={t('errorSummaryTitle')} errors={errorItems} />
            <form method="post" action={`${base}/${area.id}`} className="q-form" noValidate>
              <CsrfField token={csrfTokenFor(c)} />
              <TextField
                name="name"
                label={t('areas:staff.name')}
                required
                maxLength={NAME_MAX}
                value={values.name}
                error={errors.name}
              />
              <TextArea
                name="description"
                label={t('areas:edit.description')}
                optionalText={t('areas:optional')}
                rows={4}
                value={values.description}
                error={errors.description}
              />
              {PARENT_KINDS[area.kind].length > 0 ? (
                <SelectField
                  name="parentId"
                  label={t('areas:staff.parent')}
                  hint={t('areas:edit.parentHint', {
                    kinds: PARENT_KINDS[area.kind].map((k) => t(`areas:kinds.${k}`)).join(', '),
                  })}
                  placeholder={t('areas:edit.noParent')}
                  options={parentOptions}
                  value={values.parentId}
                  error={errors.parentId}
                />
              ) : null}
              <div className="q-form__actions">
                <Button type="submit">{t('save')}</Button>
              </div>
            </form>
          </section>
        ) : null}
      </>
    ),
  });
}

export function mountStaffAreaDetail(staff: Hono<AppEnv>) {
  staff.get(`/areas/:id${UUID_ROUTE}`, async (c) => {
    authorize(actorOf(c), PERMS.read);
    const { area } = await loadArea(c);
    return detailPage(
      c,
      area,
      { name: area.name, description: area.description ?? '', parentId: area.parentId ?? '' },
      {},
    );
  });

  staff.post(`/areas/:id${UUID_ROUTE}`, async (c) => {
    const { area } = await loadArea(c);
    const body = await formData(c);
    const values: AreaEdit = {
      // As typed: a text over the limit comes back with its message, not cut.
      name: str(body.name),
      description: str(body.description),
      parentId: PARENT_KINDS[area.kind].length > 0 ? str(body.parentId) : '',
    };
    try {
      await editArea(actorOf(c), c.get('services').db, area.id, values);
    } catch (err) {
      if (err instanceof ValidationError)
        return detailPage(c, area, values, translateErrors(c, err.fields), 422);
      throw err;
    }
    return c.redirect(`/staff/${c.get('tenant')!.slug}/areas/${area.id}?saved=1`, 303);
  });
}

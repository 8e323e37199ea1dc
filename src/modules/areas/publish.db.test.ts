/**
 * Imported areas are not public until staff publish them. A boundary import creates new areas
 * unpublished; public pages, the open-data GeoJSON, the calendar's and consultation hours' area
 * filters and the tenant's list of areas leave them out. Staff publish one area on its page or
 * several from the list; each change is in the audit log, and only members who manage the area may
 * make it. Areas that existed before the flag (and areas made by seeds and the hierarchy import)
 * stay published.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { newId } from '../../platform/db/index.ts';
import {
  Agent,
  actorOfUser,
  createTestContext,
  makeTenant,
  makeUser,
  type TestContext,
} from '../../test/kit.ts';
import { areas } from './db/schema.ts';
import { getAreaByKey } from './queries.ts';
import { importAreaBoundaries, setAreasPublished } from './use-cases/staff.ts';
import { upsertAreas } from './use-cases/upsert-areas.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ],
  ],
});

const file = (features: { key: string; name: string; x: number }[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      properties: { key: f.key, name: f.name },
      geometry: square(f.x, 52.5),
    })),
  });

async function setup(slug: string) {
  const tenant = await makeTenant(ctx.services, slug);
  const db = ctx.services.db;
  const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  const actor = await actorOfUser(ctx, tenant.id, admin.id);
  // An area as it stood before: made without an import, published.
  await upsertAreas(db, tenant.id, 'programme', [{ kind: 'programme', key: 'QM-OLD', name: 'Alter Kiez' }]);
  await importAreaBoundaries(actor, db, {
    kind: 'programme',
    fileName: 'neu.geojson',
    content: file([
      { key: 'QM-N1', name: 'Neuer Kiez Eins', x: 13.4 },
      { key: 'QM-N2', name: 'Neuer Kiez Zwei', x: 13.42 },
      { key: 'QM-OLD', name: 'Alter Kiez', x: 13.44 },
    ]),
    keyProperty: 'key',
    nameProperty: 'name',
  });
  const id = async (key: string) => (await getAreaByKey(db, tenant.id, 'programme', key))!;
  return { tenant, db, admin, actor, id };
}

describe('areas: publishing imported areas', () => {
  it('an existing row gets published = true from the migration; the import creates new areas unpublished and leaves existing ones as they were', async () => {
    const { tenant, db, id } = await setup('areas-pub-1');
    // Like a row from before migration 0023: inserted without naming the column.
    const rowId = newId();
    await db.execute(
      sql`insert into areas (tenant_id, id, kind, key, name, slug) values (${tenant.id}, ${rowId}, 'free', 'F1', 'Frei', 'frei')`,
    );
    const [row] = await db
      .select({ published: areas.published })
      .from(areas)
      .where(and(eq(areas.tenantId, tenant.id), eq(areas.id, rowId)));
    expect(row?.published).toBe(true);
    expect((await id('QM-N1')).published).toBe(false);
    expect((await id('QM-N2')).published).toBe(false);
    // Re-imported with a boundary now: stays public.
    expect((await id('QM-OLD')).published).toBe(true);
    expect((await id('QM-OLD')).geometry).not.toBeNull();
  });

  it('public pages, GeoJSON, lists and area filters leave unpublished areas out', async () => {
    const { tenant, id } = await setup('areas-pub-2');
    const n1 = await id('QM-N1');
    const old = await id('QM-OLD');
    const pub = new Agent(ctx.app);
    const base = `/${tenant.slug}`;
    expect((await pub.get(`${base}/areas/${n1.slug}`)).status).toBe(404);
    expect((await pub.get(`${base}/areas/${n1.slug}.geojson`)).status).toBe(404);
    expect((await pub.get(`${base}/events?area=${n1.slug}`)).status).toBe(404);
    expect((await pub.get(`${base}/events/areas/${n1.slug}/feed.ics`)).status).toBe(404);
    expect((await pub.get(`${base}/consultation-hours?area=${n1.slug}`)).status).toBe(404);
    const all = await (await pub.get(`${base}/areas.geojson`)).json();
    const keys = (all as { features: { properties: { key: string } }[] }).features.map(
      (f) => f.properties.key,
    );
    expect(keys).toContain('QM-OLD');
    expect(keys).not.toContain('QM-N1');
    const start = await (await pub.get(`${base}`)).text();
    expect(start).toContain('Alter Kiez');
    expect(start).not.toContain('Neuer Kiez Eins');
    const calendar = await (await pub.get(`${base}/events`)).text();
    expect(calendar).not.toContain('Neuer Kiez Eins');
    expect((await pub.get(`${base}/areas/${old.slug}`)).status).toBe(200);
    // Public forms offer only published areas (the volunteer's offer form shares the rule with the
    // fund application form: publicAreaChoices).
    const offer = await (await pub.get(`${base}/volunteering/offer`)).text();
    expect(offer).toContain('Alter Kiez');
    expect(offer).not.toContain('Neuer Kiez Eins');
  });

  it('staff publish one area on its page and several from the list; each change is audited', async () => {
    const { tenant, db, admin, id } = await setup('areas-pub-3');
    const n1 = await id('QM-N1');
    const n2 = await id('QM-N2');
    const staff = await new Agent(ctx.app).loginAs(ctx.services, admin.id);
    const list = await (await staff.get(`/staff/${tenant.slug}/areas?published=no`)).text();
    expect(list).toContain('Neuer Kiez Eins');
    expect(list).toContain('>QM-N1<');
    expect(list).not.toContain('>QM-OLD<');

    const one = await staff.post(
      `/staff/${tenant.slug}/areas/publish`,
      { ids: n1.id, published: '1', back: `/staff/${tenant.slug}/areas/${n1.id}` },
      { csrfFrom: `/staff/${tenant.slug}/areas/${n1.id}` },
    );
    expect(one.status).toBe(303);
    expect(one.headers.get('location')).toBe(`/staff/${tenant.slug}/areas/${n1.id}?publishedDone=1`);
    expect((await new Agent(ctx.app).get(`/${tenant.slug}/areas/${n1.slug}`)).status).toBe(200);

    // The list's bulk form: n1 is public already (not counted again), n2 becomes public.
    const bulk = await staff.post(
      `/staff/${tenant.slug}/areas/publish`,
      { ids: [n1.id, n2.id], published: '1', back: `/staff/${tenant.slug}/areas?published=no` },
      { csrfFrom: `/staff/${tenant.slug}/areas?published=no` },
    );
    expect(bulk.headers.get('location')).toBe(`/staff/${tenant.slug}/areas?published=no&publishedDone=1`);
    const after = await (await staff.get(bulk.headers.get('location')!)).text();
    expect(after).toContain('1 Gebiet ist jetzt öffentlich.');
    expect((await id('QM-N2')).published).toBe(true);

    // Withdrawn again: gone from the public.
    await staff.post(
      `/staff/${tenant.slug}/areas/publish`,
      { ids: n2.id, published: '0' },
      { csrfFrom: `/staff/${tenant.slug}/areas` },
    );
    expect((await new Agent(ctx.app).get(`/${tenant.slug}/areas/${n2.slug}`)).status).toBe(404);

    const entries = await db
      .select({ action: auditLog.action, entityId: auditLog.entityId, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.entityType, 'area')));
    expect(entries.map((e) => `${e.action}:${e.entityId === n1.id ? 'n1' : 'n2'}`).sort()).toEqual([
      'publish:n1',
      'publish:n2',
      'unpublish:n2',
    ]);
    expect(entries.every((e) => e.actor === admin.id)).toBe(true);

    // Nothing chosen: said at the list, nothing changed.
    const none = await staff.post(
      `/staff/${tenant.slug}/areas/publish`,
      { published: '1' },
      { csrfFrom: `/staff/${tenant.slug}/areas` },
    );
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Bitte wählen Sie mindestens ein Gebiet aus.');
  });

  it('only members who manage every chosen area may publish; another tenant’s area is unknown', async () => {
    const { tenant, db, id } = await setup('areas-pub-4');
    const other = await setup('areas-pub-4b');
    const n1 = await id('QM-N1');
    const n2 = await id('QM-N2');
    const { ids: d } = await upsertAreas(db, tenant.id, 'district', [
      { kind: 'district', key: 'D1', name: 'Bezirk Eins' },
    ]);
    await db
      .update(areas)
      .set({ parentId: d.get('D1')! })
      .where(and(eq(areas.tenantId, tenant.id), eq(areas.id, n1.id)));
    const districtAdmin = await makeUser(ctx.services, {
      tenantId: tenant.id,
      role: 'admin',
      scopeAreaId: d.get('D1')!,
    });
    const scoped = await actorOfUser(ctx, tenant.id, districtAdmin.id);
    // n2 lies outside the district: the whole request is refused, n1 stays unpublished too.
    await expect(setAreasPublished(scoped, db, [n1.id, n2.id], true)).rejects.toMatchObject({ status: 403 });
    expect((await id('QM-N1')).published).toBe(false);
    expect(await setAreasPublished(scoped, db, [n1.id], true)).toEqual({ changed: 1 });

    const team = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team' });
    const teamAgent = await new Agent(ctx.app).loginAs(ctx.services, team.id);
    const refused = await teamAgent.post(
      `/staff/${tenant.slug}/areas/publish`,
      { ids: n2.id, published: '1' },
      { csrfFrom: `/staff/${tenant.slug}/areas` },
    );
    expect(refused.status).toBe(403);
    expect((await id('QM-N2')).published).toBe(false);

    const foreign = await other.id('QM-N1');
    await expect(setAreasPublished(other.actor, db, [foreign.id], true)).resolves.toEqual({ changed: 1 });
    const admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
    const actor = await actorOfUser(ctx, tenant.id, admin.id);
    await expect(
      setAreasPublished(actor, db, [n2.id, (await other.id('QM-N2')).id], true),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect((await id('QM-N2')).published).toBe(false);
    expect((await other.id('QM-N2')).published).toBe(false);
  });
});

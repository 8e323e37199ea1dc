// Test fixture of the help module's database tests: a tenant with a district and two programme
// areas below it (squares around two Berlin points), and a member of each role.
import { type Actor, systemActor } from '../../../platform/authz.ts';
import { makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { principalFor, type Role } from '../../access/index.ts';
import { getAreaByKey, upsertAreas } from '../../areas/index.ts';

const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

/** Points inside area A (Soldiner Kiez) and area B (Neukölln), and one outside both. */
export const POINT_A = { lat: 52.5605, lon: 13.3795 };
export const POINT_B = { lat: 52.4811, lon: 13.4353 };
export const POINT_OUT = { lat: 52.4, lon: 13.1 };

export async function helpFixture(ctx: TestContext) {
  const { services } = ctx;
  const tenant = await makeTenant(services);
  await upsertAreas(services.db, tenant.id, 'district', [
    { kind: 'district', key: 'D1', name: 'Bezirk Eins', geometry: square(13.41, 52.52, 0.1) },
  ]);
  const district = (await getAreaByKey(services.db, tenant.id, 'district', 'D1'))!;
  const qm = await upsertAreas(services.db, tenant.id, 'programme', [
    {
      kind: 'programme',
      key: 'QM-A',
      name: 'Quartier A',
      parentId: district.id,
      geometry: square(POINT_A.lon, POINT_A.lat, 0.005),
    },
    {
      kind: 'programme',
      key: 'QM-B',
      name: 'Quartier B',
      parentId: district.id,
      geometry: square(POINT_B.lon, POINT_B.lat, 0.005),
    },
  ]);
  const qmA = qm.ids.get('QM-A')!;
  const qmB = qm.ids.get('QM-B')!;
  const user = (role: Role, scopeAreaId: string | null = null) =>
    makeUser(services, { tenantId: tenant.id, role, scopeAreaId });
  const users = {
    admin: await user('admin'),
    coordinator: await user('coordinator'),
    teamA: await user('team', qmA),
    teamB: await user('team', qmB),
    department: await user('department'),
    jury: await user('jury'),
  };
  const actorFor = async (userId: string): Promise<Actor> => ({
    principal: (await principalFor(services.db, tenant.id, userId))!,
    policy: ctx.policy,
    tenantId: tenant.id,
    userId,
  });
  const actors = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await actorFor(u.id)] as const)),
  ) as Record<keyof typeof users, Actor>;
  return { tenant, district, qmA, qmB, users, actors, sys: systemActor(tenant.id) };
}

// Test fixture of the coordination module's database tests: a tenant with a district and two
// programme areas, a member of each role (department staff of the Jugendamt for the whole tenant and
// for area B only, of the Schulamt and of the Gesundheitsamt) and three departments (the Gesundheitsamt
// works only in area B) — all made
// through the use cases. The steering round and its meeting are made by the tests themselves
// (`../councils` from a test file): this module does not import councils (see README).
import { type Actor, systemActor } from '../../../platform/authz.ts';
import { todayLocal } from '../../../platform/time/index.ts';
import { makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { principalFor, type Role } from '../../access/index.ts';
import { getAreaByKey, upsertAreas } from '../../areas/index.ts';
import { createDepartment } from '../use-cases/departments.ts';
import { reportNeed } from '../use-cases/needs.ts';

export async function coordinationFixture(ctx: TestContext) {
  const { services } = ctx;
  const db = services.db;
  const tenant = await makeTenant(services);
  await upsertAreas(db, tenant.id, 'district', [{ kind: 'district', key: 'D1', name: 'Bezirk Eins' }]);
  const district = (await getAreaByKey(db, tenant.id, 'district', 'D1'))!;
  const qm = await upsertAreas(db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-A', name: 'Quartier A', parentId: district.id },
    { kind: 'programme', key: 'QM-B', name: 'Quartier B', parentId: district.id },
  ]);
  const qmA = qm.ids.get('QM-A')!;
  const qmB = qm.ids.get('QM-B')!;
  const user = (role: Role, name: string, scopeAreaId: string | null = null, department?: string) =>
    makeUser(services, { tenantId: tenant.id, role, name, scopeAreaId, department });
  const users = {
    admin: await user('admin', 'Ada Admin'),
    coordinator: await user('coordinator', 'Cora Koordination'),
    teamA: await user('team', 'Tom A', qmA),
    teamB: await user('team', 'Tina B', qmB),
    youth: await user('department', 'Jule Jugendamt', null, 'Jugendamt'),
    youthB: await user('department', 'Jan Jugendamt B', qmB, 'jugendamt'),
    school: await user('department', 'Sami Schulamt', null, 'Schulamt'),
    health: await user('department', 'Gesa Gesundheitsamt', null, 'Gesundheitsamt'),
    jury: await user('jury', 'Jana Jury'),
  };
  const actorFor = async (userId: string): Promise<Actor> => ({
    principal: (await principalFor(db, tenant.id, userId))!,
    policy: ctx.policy,
    tenantId: tenant.id,
    userId,
  });
  const actors = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await actorFor(u.id)] as const)),
  ) as Record<keyof typeof users, Actor>;
  const sys = systemActor(tenant.id);
  const departments = {
    youth: await createDepartment(actors.admin, db, { name: 'Jugendamt', shortName: 'Jug' }),
    school: await createDepartment(actors.admin, db, { name: 'Schulamt', shortName: 'Schul' }),
    health: await createDepartment(actors.admin, db, { name: 'Gesundheitsamt', areaIds: [qmB] }),
  };
  const today = todayLocal();
  const report = (title = 'Hausaufgabenhilfe fehlt', areaId = qmA) =>
    reportNeed(actors.teamA, db, {
      title,
      description: 'Warteliste von 30 Kindern',
      areaId,
      topic: 'education',
      evidence: 'Warteliste',
      urgency: 'high',
    });
  return {
    tenant,
    district,
    qmA,
    qmB,
    users,
    actors,
    sys,
    departments,
    today,
    report,
  };
}

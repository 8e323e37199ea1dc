import { Agent, makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { getAreaByKey, loadDemoData, upsertAreas } from '../../areas/index.ts';

/**
 * A tenant with Berlin's 12 districts (real boundaries) and two programme areas: "QM-A" in Mitte
 * and "QM-B" in Neukölln; an administrator and one team member scoped to each programme area.
 */
export async function networkFixture(ctx: TestContext) {
  const { services } = ctx;
  const tenant = await makeTenant(services);
  const data = await loadDemoData();
  await upsertAreas(
    services.db,
    tenant.id,
    'district',
    data.districts.features.map((f) => ({
      kind: 'district' as const,
      key: f.properties.key,
      name: f.properties.name,
      geometry: f.geometry,
      source: 'test',
    })),
  );
  const mitte = (await getAreaByKey(services.db, tenant.id, 'district', '01'))!;
  const neukoelln = (await getAreaByKey(services.db, tenant.id, 'district', '08'))!;
  const qm = await upsertAreas(services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-A', name: 'Quartier A', parentId: mitte.id },
    { kind: 'programme', key: 'QM-B', name: 'Quartier B', parentId: neukoelln.id },
  ]);
  const qmA = qm.ids.get('QM-A')!;
  const qmB = qm.ids.get('QM-B')!;
  const admin = await makeUser(services, { tenantId: tenant.id, role: 'admin', name: 'Ada Admin' });
  const teamA = await makeUser(services, {
    tenantId: tenant.id,
    role: 'team',
    scopeAreaId: qmA,
    name: 'Tom Team A',
  });
  const teamB = await makeUser(services, {
    tenantId: tenant.id,
    role: 'team',
    scopeAreaId: qmB,
    name: 'Tina Team B',
  });
  const agent = async (userId: string) => new Agent(ctx.app).loginAs(services, userId);
  return {
    tenant,
    mitte,
    neukoelln,
    qmA,
    qmB,
    admin,
    teamA,
    teamB,
    agent,
    base: `/staff/${tenant.slug}/network`,
  };
}

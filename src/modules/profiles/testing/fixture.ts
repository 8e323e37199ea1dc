// Test fixture of the profiles module's database tests: a tenant with a piece of the real Berlin LOR
// 2021 hierarchy (district Mitte → Prognoseraum Zentrum → Bezirksregionen Tiergarten Süd and
// Regierungsviertel → seven planning areas), an administrator, a tenant-wide coordinator, a district
// coordinator, a team member and a jury member.
import type { Actor } from '../../../platform/authz.ts';
import { actorOfUser, makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { getAreaByKey, importLorHierarchy } from '../../areas/index.ts';

const row = (plr_key: string, plr_name: string, bzr_key: string, bzr_name: string) => ({
  plr_key,
  plr_name,
  bzr_key,
  bzr_name,
  pgr_key: '0110',
  pgr_name: 'Zentrum',
  district_key: '01',
  district_name: 'Mitte',
});

export const FIXTURE_LOR = [
  row('01100101', 'Stülerstraße', '011001', 'Tiergarten Süd'),
  row('01100102', 'Großer Tiergarten', '011001', 'Tiergarten Süd'),
  row('01100103', 'Lützowstraße', '011001', 'Tiergarten Süd'),
  row('01100104', 'Körnerstraße', '011001', 'Tiergarten Süd'),
  row('01100205', 'Wilhelmstraße', '011002', 'Regierungsviertel'),
  row('01100206', 'Unter den Linden', '011002', 'Regierungsviertel'),
  row('01100207', 'Leipziger Straße', '011002', 'Regierungsviertel'),
];

export async function profilesFixture(ctx: TestContext) {
  const { services } = ctx;
  const db = services.db;
  const tenant = await makeTenant(services);
  await importLorHierarchy(db, tenant.id, FIXTURE_LOR);
  const area = async (kind: 'district' | 'prognoseraum' | 'bezirksregion' | 'planungsraum', key: string) => {
    const a = await getAreaByKey(db, tenant.id, kind, key);
    if (!a) throw new Error(`no ${kind} ${key}`);
    return a.id;
  };
  const areas = {
    mitte: await area('district', '01'),
    zentrum: await area('prognoseraum', '0110'),
    tiergartenSued: await area('bezirksregion', '011001'),
    regierungsviertel: await area('bezirksregion', '011002'),
    stueler: await area('planungsraum', '01100101'),
    tiergarten: await area('planungsraum', '01100102'),
    luetzow: await area('planungsraum', '01100103'),
    koerner: await area('planungsraum', '01100104'),
    wilhelm: await area('planungsraum', '01100205'),
    linden: await area('planungsraum', '01100206'),
    leipziger: await area('planungsraum', '01100207'),
  };
  const actor = async (
    role: 'admin' | 'coordinator' | 'team' | 'jury',
    scopeAreaId: string | null = null,
  ): Promise<Actor> =>
    actorOfUser(ctx, tenant.id, (await makeUser(services, { tenantId: tenant.id, role, scopeAreaId })).id);
  const actors = {
    admin: await actor('admin'),
    coordinator: await actor('coordinator'),
    districtCoordinator: await actor('coordinator', areas.mitte),
    team: await actor('team', areas.tiergartenSued),
    jury: await actor('jury'),
  };
  return { tenant, areas, actors };
}

export const csv = (text: string) => new TextEncoder().encode(text);

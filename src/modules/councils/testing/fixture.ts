// Test fixture of the councils module's database tests: a tenant with a district and two programme
// areas below it, and one member of each role (a team member scoped to each area).
import { type Actor, systemActor } from '../../../platform/authz.ts';
import { addDays, localToInstant, todayLocal } from '../../../platform/time/index.ts';
import { makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { principalFor, type Role } from '../../access/index.ts';
import { getAreaByKey, upsertAreas } from '../../areas/index.ts';
import { addMember, createBody, scheduleMeeting } from '../index.ts';
import type { MemberInput } from '../schemas.ts';

export async function councilsFixture(ctx: TestContext) {
  const { services } = ctx;
  const tenant = await makeTenant(services);
  await upsertAreas(services.db, tenant.id, 'district', [
    { kind: 'district', key: 'D1', name: 'Bezirk Eins' },
  ]);
  const district = (await getAreaByKey(services.db, tenant.id, 'district', 'D1'))!;
  const qm = await upsertAreas(services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QM-A', name: 'Quartier A', parentId: district.id },
    { kind: 'programme', key: 'QM-B', name: 'Quartier B', parentId: district.id },
  ]);
  const qmA = qm.ids.get('QM-A')!;
  const qmB = qm.ids.get('QM-B')!;
  const user = (role: Role, name: string, scopeAreaId: string | null = null) =>
    makeUser(services, { tenantId: tenant.id, role, name, scopeAreaId });
  const users = {
    admin: await user('admin', 'Ada Admin'),
    coordinator: await user('coordinator', 'Cem Koordination', district.id),
    teamA: await user('team', 'Tom A', qmA),
    teamB: await user('team', 'Tina B', qmB),
    teamDistrict: await user('team', 'Dana Bezirk', district.id),
    department: await user('department', 'Dora Amt'),
    jury: await user('jury', 'Jana Jury'),
    juryOther: await user('jury', 'Jo Jury'),
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
  const sys = systemActor(tenant.id);
  const today = todayLocal();
  /** A Berlin time on a day relative to today. */
  const at = (days: number, time = '18:00') => localToInstant(addDays(today, days), time);
  const since = addDays(today, -400);
  const member = (name: string, over: Partial<MemberInput> = {}): MemberInput => ({
    kind: 'resident',
    name,
    termFrom: since,
    termTo: null,
    ...over,
  });

  /** A body in area A (by the administrator) with `voting` residents and the members given. */
  async function body(
    over: Partial<Parameters<typeof createBody>[2]> = {},
    voting = 5,
    extra: MemberInput[] = [],
  ) {
    const b = await createBody(sys, services.db, {
      name: `Gremium ${Math.random().toString(36).slice(2, 8)}`,
      kind: 'aktionsfondsjury',
      areaId: qmA,
      ...over,
    });
    const people = [];
    for (let i = 0; i < voting; i++)
      people.push((await addMember(sys, services.db, b.id, member(`Mitglied ${i + 1}`))).member);
    for (const m of extra) people.push((await addMember(sys, services.db, b.id, m)).member);
    return { body: b, members: people };
  }

  /** A meeting of the body that started `daysAgo` days ago (at 18:00 Berlin time). */
  async function meeting(bodyId: string, daysAgo = 1) {
    return (await scheduleMeeting(sys, services.db, bodyId, { startsAt: at(-daysAgo), title: 'Sitzung' }))
      .meetings[0];
  }

  return {
    tenant,
    district,
    qmA,
    qmB,
    users,
    actors,
    actorFor,
    sys,
    today,
    at,
    since,
    member,
    body,
    meeting,
  };
}

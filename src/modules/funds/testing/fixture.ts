// Test fixture of the funds module's database tests: a tenant with a district and two programme areas,
// one member of each role, the Aktionsfondsjury of area A with three residents, its Aktionsfonds with a
// budget for this year, a session of the jury that began an hour ago with everyone present, and
// helpers that bring applications onto its agenda and decide them — all through the use cases.
import { type Actor, systemActor } from '../../../platform/authz.ts';
import { addDays, todayLocal } from '../../../platform/time/index.ts';
import { makeTenant, makeUser, type TestContext } from '../../../test/kit.ts';
import { principalFor, type Role } from '../../access/index.ts';
import { getAreaByKey, upsertAreas } from '../../areas/index.ts';
import { addMember, createBody, recordAttendance, scheduleMeeting } from '../../councils/index.ts';
import type { ApplicationInput } from '../schemas.ts';
import { createApplication, submitApplication } from '../use-cases/applications.ts';
import { recordDecision } from '../use-cases/decide.ts';
import { createFund, setYearBudget } from '../use-cases/funds.ts';
import { checkEligibility, putOnAgenda } from '../use-cases/review.ts';

const HOUR = 3_600_000;

export async function fundsFixture(ctx: TestContext, o: { budgetCents?: number } = {}) {
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
  const user = (role: Role, name: string, scopeAreaId: string | null = null) =>
    makeUser(services, { tenantId: tenant.id, role, name, scopeAreaId });
  const users = {
    admin: await user('admin', 'Ada Admin'),
    teamA: await user('team', 'Tom A', qmA),
    teamB: await user('team', 'Tina B', qmB),
    department: await user('department', 'Dora Amt'),
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
  const today = todayLocal();
  const year = Number(today.slice(0, 4));

  const jury = await createBody(sys, db, {
    name: 'Aktionsfondsjury A',
    kind: 'aktionsfondsjury',
    areaId: qmA,
  });
  const members = [];
  for (const name of ['Ayşe', 'Bernd', 'Chiara'])
    members.push(
      (
        await addMember(sys, db, jury.id, {
          kind: 'resident',
          name,
          termFrom: addDays(today, -300),
          termTo: null,
        })
      ).member,
    );
  const fund = await createFund(actors.admin, db, {
    name: 'Aktionsfonds Quartier A',
    kind: 'action',
    areaId: qmA,
    decidingBodyId: jury.id,
    fundingSource: 'Sozialer Zusammenhalt',
  });
  const fundYear = await setYearBudget(actors.admin, db, fund.id, {
    year,
    budgetCents: o.budgetCents ?? 1_000_000,
    reason: 'Jahresbudget',
  });
  const session = (
    await scheduleMeeting(sys, db, jury.id, { startsAt: new Date(Date.now() - HOUR), title: 'Jurysitzung' })
  ).meetings[0];
  await recordAttendance(sys, db, session.id, {
    entries: members.map((m) => ({ memberId: m.id, status: 'present' as const })),
  });

  const applicationInput = (over: Partial<ApplicationInput> = {}): ApplicationInput => ({
    applicantName: 'Nachbarschaftsinitiative Hof 3',
    email: 'hof3@example.org',
    title: 'Hoffest',
    startsOn: addDays(today, 30),
    costLines: [{ item: 'Bänke und Farbe', costKind: 'material', amountCents: 100_000 }],
    volunteerHours: 10,
    ...over,
  });

  /** An application entered by staff, submitted, checked and on the agenda of `meetingId` (default: the session). */
  async function onAgenda(over: Partial<ApplicationInput> = {}, meetingId: string = session.id) {
    const app = await createApplication(actors.admin, db, fund.id, applicationInput(over));
    await submitApplication(actors.admin, db, app.id);
    await checkEligibility(actors.admin, db, app.id, {});
    return putOnAgenda(actors.admin, db, app.id, { meetingId });
  }

  /** The jury grants the amount (all three vote yes). */
  const grant = (applicationId: string, grantedCents: number, actor: Actor = actors.admin) =>
    recordDecision(actor, db, applicationId, {
      outcome: 'granted',
      grantedCents,
      vote: { kind: 'open', counts: { yes: 3, no: 0, abstain: 0 } },
    });

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
    year,
    jury,
    members,
    fund,
    fundYear,
    session,
    applicationInput,
    onAgenda,
    grant,
  };
}

/**
 * The JSON API of coordination (both engines), with bearer tokens of members in different roles and
 * areas: the same rules as the screens — another area's team finds nothing, department staff read only
 * needs routed to them and answer only for their department, the jury is refused; a bad need names
 * its fields; a plan comes with its parts and the roll-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import {
  addField,
  addGoal,
  addIndicator,
  addMeasure,
  addMilestone,
  adoptPlan,
  createPlan,
  recordProgress,
  routeNeed,
  setMeasureStatus,
} from './index.ts';
import { coordinationFixture } from './testing/fixture.ts';

let ctx: TestContext;
let f: Awaited<ReturnType<typeof coordinationFixture>>;
const tokens: Record<string, string> = {};
const ids = { need: '', plan: '', youthRouting: '', schoolRouting: '', goal: '' };

beforeAll(async () => {
  ctx = await createTestContext();
  f = await coordinationFixture(ctx);
  const db = ctx.services.db;
  for (const [role, user] of Object.entries(f.users))
    tokens[role] = (await createApiToken(db, f.tenant.id, user.id, role)).token;
  const need = await f.report('Kein Jugendclub am Abend');
  const routed = await routeNeed(f.actors.coordinator, db, need.id, {
    routes: [
      { departmentId: f.departments.youth.id, deadline: addDays(f.today, 14) },
      { departmentId: f.departments.school.id, deadline: addDays(f.today, 14) },
    ],
  });
  ids.need = need.id;
  ids.youthRouting = routed.find((r) => r.departmentId === f.departments.youth.id)!.id;
  ids.schoolRouting = routed.find((r) => r.departmentId === f.departments.school.id)!.id;
  const team = f.actors.teamA;
  const plan = await createPlan(team, db, {
    title: 'IHEK Quartier A',
    areaId: f.qmA,
    periodFrom: '2027-01-01',
    periodTo: '2029-12-31',
  });
  const field = await addField(team, db, plan.id, { name: 'Bildung' });
  const goal = await addGoal(team, db, plan.id, { fieldId: field.id, title: 'Mehr Lernorte' });
  const m1 = await addMeasure(team, db, plan.id, {
    goalId: goal.id,
    title: 'Lernwerkstatt',
    departmentId: f.departments.youth.id,
    fundingKind: 'programme',
  });
  await addMeasure(team, db, plan.id, { goalId: goal.id, title: 'Lesepaten', responsible: 'Kiezverein' });
  const ind = await addIndicator(team, db, plan.id, {
    goalId: goal.id,
    name: 'Lernplätze',
    baseline: 20,
    target: 60,
    measureId: m1.id,
  });
  await addMilestone(team, db, plan.id, m1.id, { title: 'Räume gefunden', dueOn: addDays(f.today, -3) });
  await adoptPlan(team, db, plan.id, { adoptedOn: f.today, adoptedBy: 'Quartiersrat' });
  await setMeasureStatus(team, db, plan.id, m1.id, { status: 'done' });
  await recordProgress(team, db, plan.id, ind.id, { measuredOn: f.today, value: 30 });
  ids.plan = plan.id;
  ids.goal = goal.id;
});
afterAll(() => ctx?.close());

const call = (role: string, path: string, init: RequestInit = {}) =>
  ctx.app.request(`/api/v1/tenants/${f.tenant.slug}/coordination${path}`, {
    ...init,
    headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json', ...init.headers },
  });
const post = (role: string, path: string, body: unknown) =>
  call(role, path, { method: 'POST', body: JSON.stringify(body) });

describe('coordination JSON API', () => {
  it('lists needs by the same rules as the screens, filtered by status and area', async () => {
    const mine = (await (await call('teamA', '/needs')).json()) as { id: string; status: string }[];
    expect(mine.map((n) => [n.id, n.status])).toEqual([[ids.need, 'sent']]);
    expect(await (await call('teamB', '/needs')).json()).toEqual([]);
    expect(((await (await call('youth', '/needs')).json()) as unknown[]).length).toBe(1);
    // The Gesundheitsamt has nothing routed to it.
    expect(await (await call('health', '/needs')).json()).toEqual([]);
    expect(await (await call('coordinator', '/needs?status=answered')).json()).toEqual([]);
    expect(((await (await call('coordinator', `/needs?area=${f.qmB}`)).json()) as unknown[]).length).toBe(0);
    expect((await call('teamB', `/needs/${ids.need}`)).status).toBe(404);
    expect((await call('jury', '/needs')).status).toBe(403);
    const one = (await (await call('coordinator', `/needs/${ids.need}`)).json()) as {
      routings: { department: { name: string } }[];
    };
    expect(one.routings.map((r) => r.department.name)).toEqual(['Jugendamt', 'Schulamt']);
  });

  it('reports a need (fields named when bad) and takes a department’s answer for its own routing only', async () => {
    const bad = await post('teamA', '/needs', { title: '', description: 'x', areaId: f.qmA, topic: 'nope' });
    expect(bad.status).toBe(422);
    const problems = (await bad.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(problems.error.fields).sort()).toEqual(['title', 'topic']);
    expect(
      (await post('teamB', '/needs', { title: 'In A', description: 'x', areaId: f.qmA, topic: 'youth' }))
        .status,
    ).toBe(403);
    const made = await post('teamA', '/needs', {
      title: 'Bolzplatz ohne Netz',
      description: 'Das Netz fehlt seit dem Sommer.',
      areaId: f.qmA,
      topic: 'public_space',
    });
    expect(made.status).toBe(201);
    expect(((await made.json()) as { status: string }).status).toBe('reported');
    // The Jugendamt answers for itself, not for the Schulamt.
    expect(
      (
        await post('youth', `/routings/${ids.schoolRouting}/answer`, {
          status: 'answered',
          answer: 'Nicht wir',
        })
      ).status,
    ).toBe(403);
    const answered = await post('youth', `/routings/${ids.youthRouting}/answer`, {
      status: 'answered',
      answer: 'Offener Abend ab März im Jugendclub Parkstraße.',
    });
    expect(answered.status).toBe(200);
    const need = (await answered.json()) as { status: string; routings: { status: string }[] };
    expect(need.routings.map((r) => r.status)).toEqual(['answered', 'sent']);
    expect(need.status).toBe('in_progress');
  });

  it('gives a plan with its fields, goals, measures, milestones and the roll-up; others find none', async () => {
    const list = (await (await call('teamA', '/plans')).json()) as { id: string; status: string }[];
    expect(list).toEqual([expect.objectContaining({ id: ids.plan, status: 'adopted' })]);
    expect(await (await call('teamB', '/plans')).json()).toEqual([]);
    expect((await call('teamB', `/plans/${ids.plan}`)).status).toBe(404);
    const res = await call('youth', `/plans/${ids.plan}`);
    expect(res.status).toBe(200);
    const plan = (await res.json()) as {
      progress: { donePercent: number };
      fields: {
        progress: { done: number; measures: number; indicatorPercent: number };
        goals: {
          indicators: { latest: { value: number } | null; measureId: string | null }[];
          measures: { title: string; fundingKind: string | null; milestones: { overdue: boolean }[] }[];
        }[];
      }[];
    };
    expect(plan.progress.donePercent).toBe(50);
    expect(plan.fields[0].progress).toMatchObject({ done: 1, measures: 2, indicatorPercent: 25 });
    const goal = plan.fields[0].goals[0];
    expect(goal.indicators[0].latest?.value).toBe(30);
    expect(goal.measures.map((m) => [m.title, m.fundingKind])).toEqual([
      ['Lernwerkstatt', 'programme'],
      ['Lesepaten', null],
    ]);
    expect(goal.measures[0].milestones[0].overdue).toBe(true);
    expect((await call('jury', '/plans')).status).toBe(403);
  });
});

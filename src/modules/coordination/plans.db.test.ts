/**
 * Integrated action plans (PLAN-1…3), both engines: the area's team drafts a plan with fields of
 * action, goals, indicators and measures; it is adopted by a body and later updated as a new version
 * with the change recorded; the public sees only adopted versions; the structure changes only in a
 * draft; department staff set the status of their own department's measures; members of other areas
 * find the plan nowhere.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { ofTenant } from '../../platform/db/index.ts';
import { addDays } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import {
  addField,
  addGoal,
  addIndicator,
  addMeasure,
  adoptPlan,
  createPlan,
  listPlansFor,
  openNewVersion,
  planFor,
  publicPlan,
  publicPlans,
  recordProgress,
  removePlanPart,
  setMeasureStatus,
  updatePlan,
} from './index.ts';
import { coordinationFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;
type Fixture = Awaited<ReturnType<typeof coordinationFixture>>;

/** An IHEK of area A for two years: one field of action, one goal with an indicator and two measures. */
async function drafted(f: Fixture) {
  const plan = await createPlan(f.actors.teamA, db(), {
    title: 'Integriertes Handlungs- und Entwicklungskonzept 2027–2028',
    areaId: f.qmA,
    periodFrom: '2027-01-01',
    periodTo: '2028-12-31',
    summary: 'Bildung und Nachbarschaft stärken',
  });
  const field = await addField(f.actors.teamA, db(), plan.id, { name: 'Bildung' });
  const goal = await addGoal(f.actors.teamA, db(), plan.id, {
    fieldId: field.id,
    title: 'Mehr Kinder erreichen die Hausaufgabenhilfe',
  });
  const indicator = await addIndicator(f.actors.teamA, db(), plan.id, {
    goalId: goal.id,
    name: 'Plätze in der Hausaufgabenhilfe',
    unit: 'Plätze',
    baseline: 20,
    target: 60,
  });
  const youthMeasure = await addMeasure(f.actors.teamA, db(), plan.id, {
    goalId: goal.id,
    title: 'Lernwerkstatt im Nachbarschaftshaus',
    departmentId: f.departments.youth.id,
    budgetLine: 'Projektfonds',
    budget: '12.500',
    startsOn: '2027-02-01',
    endsOn: '2028-06-30',
  });
  const schoolMeasure = await addMeasure(f.actors.teamA, db(), plan.id, {
    goalId: goal.id,
    title: 'Ganztag an der Grundschule',
    departmentId: f.departments.school.id,
  });
  return { plan, field, goal, indicator, youthMeasure, schoolMeasure };
}

const adopt = (f: Fixture, planId: string, changeNote = '') =>
  adoptPlan(f.actors.teamA, db(), planId, {
    adoptedOn: addDays(f.today, -1),
    adoptedBy: 'Quartiersrat Quartier A',
    changeNote,
  });

describe('an integrated action plan', () => {
  it('is drafted by the area’s team, adopted by a body, and its version keeps the plan as adopted', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    expect(d.youthMeasure.budgetCents).toBe(1_250_000);
    expect(await publicPlan(db(), f.tenant.id, d.plan.id)).toBeNull();
    const v1 = await adopt(f, d.plan.id);
    expect(v1.version).toBe(1);
    const view = await planFor(f.actors.teamA, db(), d.plan.id);
    expect(view.plan.status).toBe('adopted');
    expect(view.parts.versions).toHaveLength(1);
    const pub = (await publicPlan(db(), f.tenant.id, d.plan.id))!;
    expect(pub.adoptedBy).toBe('Quartiersrat Quartier A');
    expect(pub.snapshot.fields[0].goals[0].measures.map((m) => [m.title, m.department])).toEqual([
      ['Lernwerkstatt im Nachbarschaftshaus', 'Jugendamt'],
      ['Ganztag an der Grundschule', 'Schulamt'],
    ]);
    expect(pub.snapshot.fields[0].goals[0].indicators[0]).toMatchObject({ baseline: 20, target: 60 });
    expect((await publicPlans(db(), f.tenant.id)).map((p) => p.id)).toEqual([d.plan.id]);
    // Every step is in the audit log.
    const entries = await db()
      .select()
      .from(auditLog)
      .where(and(ofTenant(auditLog, f.tenant.id), eq(auditLog.entityType, 'coordination_plan')));
    expect(entries.map((e) => (e.details as { status?: string }).status).sort()).toEqual([
      'adopted',
      'draft',
    ]);
  });

  it('changes its structure only as a draft: a new version, adopted with the change recorded, replaces the public one', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    await adopt(f, d.plan.id);
    await expect(
      addGoal(f.actors.teamA, db(), d.plan.id, { fieldId: d.field.id, title: 'Noch ein Ziel' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      removePlanPart(f.actors.teamA, db(), d.plan.id, 'measure', d.schoolMeasure.id),
    ).rejects.toMatchObject({ status: 409 });
    const draft = await openNewVersion(f.actors.teamA, db(), d.plan.id);
    expect(draft).toMatchObject({ status: 'draft', version: 2 });
    await removePlanPart(f.actors.teamA, db(), d.plan.id, 'measure', d.schoolMeasure.id);
    await addField(f.actors.teamA, db(), d.plan.id, { name: 'Öffentlicher Raum' });
    // While version 2 is drafted, the public still reads version 1 as adopted.
    let pub = (await publicPlan(db(), f.tenant.id, d.plan.id))!;
    expect(pub).toMatchObject({ version: 1, revising: true });
    expect(pub.snapshot.fields).toHaveLength(1);
    expect(pub.snapshot.fields[0].goals[0].measures).toHaveLength(2);
    // The second adoption must say what changed.
    await expect(adopt(f, d.plan.id)).rejects.toMatchObject({
      fields: { changeNote: 'coordination:errors.changeNoteNeeded' },
    });
    await adopt(f, d.plan.id, 'Ganztag entfällt, Feld Öffentlicher Raum neu');
    pub = (await publicPlan(db(), f.tenant.id, d.plan.id))!;
    expect(pub).toMatchObject({ version: 2, revising: false });
    expect(pub.snapshot.fields.map((x) => x.name)).toEqual(['Bildung', 'Öffentlicher Raum']);
    expect(pub.versions.map((v) => [v.version, v.changeNote])).toEqual([
      [2, 'Ganztag entfällt, Feld Öffentlicher Raum neu'],
      [1, ''],
    ]);
  });

  it('cannot be adopted without a goal, and not twice', async () => {
    const f = await coordinationFixture(ctx);
    const plan = await createPlan(f.actors.teamA, db(), {
      title: 'Leer',
      areaId: f.qmA,
      periodFrom: '2027-01-01',
      periodTo: '2027-12-31',
    });
    await expect(adopt(f, plan.id)).rejects.toMatchObject({
      fields: { adoptedBy: 'coordination:errors.nothingToAdopt' },
    });
    const d = await drafted(f);
    await adopt(f, d.plan.id);
    await expect(adopt(f, d.plan.id)).rejects.toMatchObject({ status: 409 });
  });

  it('names the field of every bad input', async () => {
    const f = await coordinationFixture(ctx);
    await expect(
      createPlan(f.actors.teamA, db(), {
        title: 'Falsch herum',
        areaId: f.qmA,
        periodFrom: '2028-01-01',
        periodTo: '2027-01-01',
      }),
    ).rejects.toMatchObject({ fields: { periodTo: 'coordination:errors.periodOrder' } });
    const d = await drafted(f);
    await expect(
      addIndicator(f.actors.teamA, db(), d.plan.id, { goalId: d.goal.id, name: 'x', baseline: 5, target: 5 }),
    ).rejects.toMatchObject({ fields: { target: 'coordination:errors.targetIsBaseline' } });
    await expect(
      addMeasure(f.actors.teamA, db(), d.plan.id, { goalId: d.goal.id, title: 'Ohne Verantwortung' }),
    ).rejects.toMatchObject({ fields: { responsible: 'coordination:errors.responsibleNeeded' } });
    await expect(
      addMeasure(f.actors.teamA, db(), d.plan.id, {
        goalId: d.goal.id,
        title: 'Rückwärts',
        responsible: 'Kiezverein',
        startsOn: '2027-05-01',
        endsOn: '2027-04-01',
      }),
    ).rejects.toMatchObject({ fields: { endsOn: 'coordination:errors.endBeforeStart' } });
    await expect(
      addMeasure(f.actors.teamA, db(), d.plan.id, {
        goalId: d.goal.id,
        title: 'Teuer',
        responsible: 'Kiezverein',
        budget: 'viel',
      }),
    ).rejects.toMatchObject({ fields: { budget: 'coordination:errors.euros' } });
    // A goal of another plan is no choice here.
    const other = await drafted(f);
    await expect(
      addMeasure(f.actors.teamA, db(), d.plan.id, {
        goalId: other.goal.id,
        title: 'Fremd',
        responsible: 'X',
      }),
    ).rejects.toMatchObject({ fields: { goalId: 'validation.choice' } });
  });
});

describe('who works on a plan', () => {
  it('another area’s team finds it nowhere; department staff read it but do not change it; the jury is refused', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    await expect(planFor(f.actors.teamB, db(), d.plan.id)).rejects.toMatchObject({ status: 404 });
    expect(await listPlansFor(f.actors.teamB, db())).toEqual([]);
    await expect(addField(f.actors.teamB, db(), d.plan.id, { name: 'Von nebenan' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      createPlan(f.actors.teamB, db(), {
        title: 'B in A',
        areaId: f.qmA,
        periodFrom: '2027-01-01',
        periodTo: '2027-12-31',
      }),
    ).rejects.toMatchObject({ status: 403 });
    // Department staff of the whole district read it; staff of area B only do not.
    expect((await planFor(f.actors.youth, db(), d.plan.id)).mayEdit).toBe(false);
    await expect(planFor(f.actors.youthB, db(), d.plan.id)).rejects.toMatchObject({ status: 404 });
    await expect(addField(f.actors.youth, db(), d.plan.id, { name: 'Amt' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(planFor(f.actors.jury, db(), d.plan.id)).rejects.toMatchObject({ status: 403 });
    // District coordination keeps every area's plans.
    expect((await listPlansFor(f.actors.coordinator, db())).map((p) => p.id)).toContain(d.plan.id);
  });

  it('department staff set the status of their own department’s measures only, also once adopted', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    await adopt(f, d.plan.id);
    const view = await planFor(f.actors.youth, db(), d.plan.id);
    expect([...view.mayStatus]).toEqual([d.youthMeasure.id]);
    const m = await setMeasureStatus(f.actors.youth, db(), d.plan.id, d.youthMeasure.id, {
      status: 'running',
    });
    expect(m.status).toBe('running');
    await expect(
      setMeasureStatus(f.actors.youth, db(), d.plan.id, d.schoolMeasure.id, { status: 'done' }),
    ).rejects.toMatchObject({ status: 403 });
    await setMeasureStatus(f.actors.school, db(), d.plan.id, d.schoolMeasure.id, { status: 'dropped' });
    // The public page shows where each measure stands now.
    const pub = (await publicPlan(db(), f.tenant.id, d.plan.id))!;
    expect(pub.statuses.get(d.youthMeasure.id)).toBe('running');
    expect(pub.statuses.get(d.schoolMeasure.id)).toBe('dropped');
  });

  it('progress is recorded by the plan’s keepers and the latest value counts', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    await adopt(f, d.plan.id);
    await recordProgress(f.actors.teamA, db(), d.plan.id, d.indicator.id, {
      measuredOn: addDays(f.today, -200),
      value: 30,
    });
    await recordProgress(f.actors.teamA, db(), d.plan.id, d.indicator.id, {
      measuredOn: addDays(f.today, -10),
      value: 40,
      note: 'Zweite Gruppe gestartet',
    });
    await expect(
      recordProgress(f.actors.youth, db(), d.plan.id, d.indicator.id, { measuredOn: f.today, value: 99 }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      recordProgress(f.actors.teamA, db(), d.plan.id, d.indicator.id, {
        measuredOn: addDays(f.today, 3),
        value: 41,
      }),
    ).rejects.toMatchObject({ fields: { measuredOn: expect.stringContaining('validation.dateRange') } });
    const pub = (await publicPlan(db(), f.tenant.id, d.plan.id))!;
    expect(pub.latest.get(d.indicator.id)?.value).toBe(40);
  });

  it('an area’s plans stay with the area: the title and period change only where the member keeps plans', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    await expect(
      updatePlan(f.actors.teamA, db(), d.plan.id, {
        title: 'Nach B verschoben',
        areaId: f.qmB,
        periodFrom: '2027-01-01',
        periodTo: '2028-12-31',
      }),
    ).rejects.toMatchObject({ status: 403 });
    const p = await updatePlan(f.actors.teamA, db(), d.plan.id, {
      title: 'IHEK 2027–2029',
      areaId: f.qmA,
      periodFrom: '2027-01-01',
      periodTo: '2029-12-31',
    });
    expect(p.periodTo).toBe('2029-12-31');
  });
});

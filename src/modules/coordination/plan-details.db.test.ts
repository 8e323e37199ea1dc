/**
 * The details of an action plan's measures (PLAN-2), both engines: milestones, participation steps of
 * investive measures, funding kind and budget per year, indicators that measure a measure; fields,
 * goals and indicators edited in place while the plan is a draft (409 once adopted); who may edit a
 * measure and mark its milestones; progress rolled up to goals and fields; the adopted version as PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { pdfText } from '../../test/pdf.ts';
import { listAreas } from '../areas/index.ts';
import {
  addBudgetYear,
  addField,
  addGoal,
  addIndicator,
  addMeasure,
  addMilestone,
  addStep,
  adoptPlan,
  createPlan,
  planFor,
  publicPlan,
  recordProgress,
  removePlanPart,
  setMeasureStatus,
  setMilestoneDone,
  updateField,
  updateGoal,
  updateIndicator,
  updateMeasure,
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

/**
 * A plan of area A: field "Öffentlicher Raum" with a goal, two measures (the Jugendamt's playground,
 * investive; the Schulamt's schoolyard) and an indicator of the playground.
 */
async function drafted(f: Fixture) {
  const team = f.actors.teamA;
  const plan = await createPlan(team, db(), {
    title: 'IHEK Quartier A 2027–2029',
    areaId: f.qmA,
    periodFrom: '2027-01-01',
    periodTo: '2029-12-31',
  });
  const field = await addField(team, db(), plan.id, { name: 'Öffentlicher Raum' });
  const goal = await addGoal(team, db(), plan.id, { fieldId: field.id, title: 'Mehr Platz zum Spielen' });
  const playground = await addMeasure(team, db(), plan.id, {
    goalId: goal.id,
    title: 'Spielplatz Kiezpark neu gestalten',
    departmentId: f.departments.youth.id,
    fundingKind: 'programme',
    budgetLine: 'Sozialer Zusammenhalt',
    investive: true,
  });
  const schoolyard = await addMeasure(team, db(), plan.id, {
    goalId: goal.id,
    title: 'Schulhof nachmittags öffnen',
    departmentId: f.departments.school.id,
    fundingKind: 'regular',
  });
  const indicator = await addIndicator(team, db(), plan.id, {
    goalId: goal.id,
    name: 'Spielfläche',
    unit: 'm²',
    baseline: 1000,
    target: 2000,
    measureId: playground.id,
  });
  return { plan, field, goal, playground, schoolyard, indicator };
}

const adopt = (f: Fixture, planId: string) =>
  adoptPlan(f.actors.teamA, db(), planId, {
    adoptedOn: addDays(f.today, -1),
    adoptedBy: 'Quartiersrat Quartier A',
  });

describe('a measure’s details', () => {
  it('keeps milestones, participation steps, funding and budget per year, and the adopted version holds them', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const team = f.actors.teamA;
    const late = await addMilestone(team, db(), d.plan.id, d.playground.id, {
      title: 'Planung abgestimmt',
      dueOn: addDays(f.today, -20),
    });
    await addMilestone(team, db(), d.plan.id, d.playground.id, {
      title: 'Spielplatz eröffnet',
      dueOn: addDays(f.today, 300),
    });
    await addStep(team, db(), d.plan.id, d.playground.id, {
      what: 'Kinder planen mit: Modellbau-Werkstatt',
      takesPlaceOn: addDays(f.today, 30),
      withWhom: 'Kinder der Grundschule am Park, Quartiersrat',
    });
    await addBudgetYear(team, db(), d.plan.id, d.playground.id, { year: 2027, amount: '80.000' });
    await addBudgetYear(team, db(), d.plan.id, d.playground.id, { year: 2028, amount: '45.000,50' });
    // The same year twice, a step for a measure that builds nothing, no amount: refused at the field.
    await expect(
      addBudgetYear(team, db(), d.plan.id, d.playground.id, { year: 2027, amount: '1' }),
    ).rejects.toMatchObject({ fields: { year: 'coordination:errors.yearTaken' } });
    await expect(
      addBudgetYear(team, db(), d.plan.id, d.playground.id, { year: 2027, amount: '' }),
    ).rejects.toMatchObject({ fields: { amount: 'validation.required' } });
    await expect(
      addStep(team, db(), d.plan.id, d.schoolyard.id, {
        what: 'Befragung',
        takesPlaceOn: f.today,
        withWhom: 'Eltern',
      }),
    ).rejects.toMatchObject({ fields: { what: 'coordination:errors.notInvestive' } });
    // A measure with steps stays investive.
    await expect(
      updateMeasure(team, db(), d.plan.id, d.playground.id, {
        goalId: d.goal.id,
        title: 'Spielplatz Kiezpark neu gestalten',
        departmentId: f.departments.youth.id,
        investive: false,
      }),
    ).rejects.toMatchObject({ fields: { investive: 'coordination:errors.hasSteps' } });

    const view = await planFor(team, db(), d.plan.id, { today: f.today });
    expect(view.overdue.map((m) => m.id)).toEqual([late.id]);
    expect(view.parts.budgetYears.map((b) => [b.year, b.amountCents])).toEqual([
      [2027, 8_000_000],
      [2028, 4_500_050],
    ]);

    await adopt(f, d.plan.id);
    // Reaching a milestone works once adopted too.
    await setMilestoneDone(f.actors.youth, db(), d.plan.id, late.id, { doneOn: f.today });
    const pub = (await publicPlan(db(), f.tenant.id, d.plan.id))!;
    const m = pub.snapshot.fields[0].goals[0].measures[0];
    expect(m).toMatchObject({ fundingKind: 'programme', investive: true });
    expect(m.budgetYears).toEqual([
      { year: 2027, amountCents: 8_000_000 },
      { year: 2028, amountCents: 4_500_050 },
    ]);
    expect(m.milestones?.map((x) => x.title)).toEqual(['Planung abgestimmt', 'Spielplatz eröffnet']);
    expect(m.steps?.[0]).toMatchObject({ withWhom: 'Kinder der Grundschule am Park, Quartiersrat' });
    expect(pub.snapshot.fields[0].goals[0].indicators[0].measureId).toBe(d.playground.id);
    expect(pub.milestonesDone.get(late.id)).toBe(f.today);
    expect((await planFor(team, db(), d.plan.id, { today: f.today })).overdue).toEqual([]);
  });

  it('an indicator measures a measure of its own goal only; removing the measure leaves the indicator for the goal', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const other = await addGoal(f.actors.teamA, db(), d.plan.id, { fieldId: d.field.id, title: 'Anderes' });
    await expect(
      addIndicator(f.actors.teamA, db(), d.plan.id, {
        goalId: other.id,
        name: 'Fremd',
        baseline: 0,
        target: 1,
        measureId: d.playground.id,
      }),
    ).rejects.toMatchObject({ fields: { measureId: 'validation.choice' } });
    await removePlanPart(f.actors.teamA, db(), d.plan.id, 'measure', d.playground.id);
    const view = await planFor(f.actors.teamA, db(), d.plan.id);
    expect(view.parts.indicators[0]).toMatchObject({ id: d.indicator.id, measureId: null });
  });
});

describe('editing in place', () => {
  it('changes a field, goal and indicator of a draft; once adopted each answers 409', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const team = f.actors.teamA;
    await updateField(team, db(), d.plan.id, d.field.id, { name: 'Öffentlicher Raum und Grün' });
    await updateGoal(team, db(), d.plan.id, d.goal.id, {
      fieldId: d.field.id,
      title: 'Mehr Platz zum Spielen und Bewegen',
    });
    await updateIndicator(team, db(), d.plan.id, d.indicator.id, {
      goalId: d.goal.id,
      name: 'Spiel- und Bewegungsfläche',
      unit: 'm²',
      baseline: 1000,
      target: 2500,
    });
    await expect(
      updateIndicator(team, db(), d.plan.id, d.indicator.id, {
        goalId: d.goal.id,
        name: 'x',
        baseline: 7,
        target: 7,
      }),
    ).rejects.toMatchObject({ fields: { target: 'coordination:errors.targetIsBaseline' } });
    const view = await planFor(team, db(), d.plan.id);
    expect(view.parts.fields[0].name).toBe('Öffentlicher Raum und Grün');
    expect(view.parts.goals[0].title).toBe('Mehr Platz zum Spielen und Bewegen');
    expect(view.parts.indicators[0]).toMatchObject({
      name: 'Spiel- und Bewegungsfläche',
      target: 2500,
      measureId: null,
    });

    await adopt(f, d.plan.id);
    await expect(
      updateGoal(team, db(), d.plan.id, d.goal.id, { fieldId: d.field.id, title: 'Nach dem Beschluss' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(updateField(team, db(), d.plan.id, d.field.id, { name: 'Nachher' })).rejects.toMatchObject({
      status: 409,
    });
    await expect(
      updateIndicator(team, db(), d.plan.id, d.indicator.id, {
        goalId: d.goal.id,
        name: 'n',
        baseline: 1,
        target: 2,
      }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      addMilestone(team, db(), d.plan.id, d.playground.id, { title: 'Später', dueOn: f.today }),
    ).rejects.toMatchObject({ status: 409 });
    // The adopted version keeps the words as adopted.
    const pub = (await publicPlan(db(), f.tenant.id, d.plan.id))!;
    expect(pub.snapshot.fields[0].goals[0].title).toBe('Mehr Platz zum Spielen und Bewegen');
  });

  it('department staff edit no measure, and reach only their own department’s milestones', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const ms = await addMilestone(f.actors.teamA, db(), d.plan.id, d.schoolyard.id, {
      title: 'Schlüsselregelung',
      dueOn: f.today,
    });
    await expect(
      updateMeasure(f.actors.youth, db(), d.plan.id, d.playground.id, {
        goalId: d.goal.id,
        title: 'Vom Amt geändert',
        departmentId: f.departments.youth.id,
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      updateGoal(f.actors.teamB, db(), d.plan.id, d.goal.id, { fieldId: d.field.id, title: 'B' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      setMilestoneDone(f.actors.youth, db(), d.plan.id, ms.id, { doneOn: f.today }),
    ).rejects.toMatchObject({ status: 403 });
    const done = await setMilestoneDone(f.actors.school, db(), d.plan.id, ms.id, { doneOn: f.today });
    expect(done.doneOn).toBe(f.today);
    await expect(
      setMilestoneDone(f.actors.school, db(), d.plan.id, ms.id, { doneOn: addDays(f.today, 2) }),
    ).rejects.toMatchObject({ fields: { doneOn: expect.stringContaining('validation.dateRange') } });
  });
});

describe('progress rolls up', () => {
  it('to the goal, the field and the plan: measures done and the indicators’ way to the target', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const team = f.actors.teamA;
    const g2 = await addGoal(team, db(), d.plan.id, { fieldId: d.field.id, title: 'Sauberer Kiez' });
    const cleanup = await addMeasure(team, db(), d.plan.id, {
      goalId: g2.id,
      title: 'Kiezputz',
      responsible: 'Kiezverein',
    });
    await adopt(f, d.plan.id);
    await setMeasureStatus(team, db(), d.plan.id, d.playground.id, { status: 'done' });
    await setMeasureStatus(team, db(), d.plan.id, d.schoolyard.id, { status: 'dropped' });
    await setMeasureStatus(team, db(), d.plan.id, cleanup.id, { status: 'running' });
    await recordProgress(team, db(), d.plan.id, d.indicator.id, { measuredOn: f.today, value: 1400 });
    const { rollup } = await planFor(team, db(), d.plan.id);
    // Goal 1: the schoolyard is dropped, the playground done → 1 of 1; the indicator 40 % of the way.
    expect(rollup.goals.get(d.goal.id)).toMatchObject({
      measures: 1,
      done: 1,
      donePercent: 100,
      indicatorPercent: 40,
    });
    expect(rollup.goals.get(g2.id)).toMatchObject({
      measures: 1,
      done: 0,
      donePercent: 0,
      indicatorPercent: null,
    });
    expect(rollup.fields.get(d.field.id)).toMatchObject({
      measures: 2,
      done: 1,
      donePercent: 50,
      measured: 1,
      indicators: 1,
      indicatorPercent: 40,
    });
    expect(rollup.plan.donePercent).toBe(50);
  });
});

describe('the plan as PDF and the measure’s page', () => {
  it('the adopted version prints with its title and goals (staff and public); a draft has none', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const team = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const staffPdf = `/staff/${f.tenant.slug}/coordination/plans/${d.plan.id}/plan.pdf`;
    expect((await team.get(staffPdf)).status).toBe(404);
    await adopt(f, d.plan.id);
    const res = await team.get(staffPdf);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfText(bytes).replace(/\s+/g, ' ');
    expect(text).toContain('IHEK Quartier A 2027–2029');
    expect(text).toContain('Mehr Platz zum Spielen');
    expect(text).toContain('Spielplatz Kiezpark neu gestalten');
    // The public one, in Turkish; another area's team gets none from the staff side.
    const pub = await new Agent(ctx.app).get(`/${f.tenant.slug}/plans/${d.plan.id}/plan.pdf?lang=tr`);
    expect(pub.status).toBe(200);
    expect(pdfText(new Uint8Array(await pub.arrayBuffer()))).toContain('Mehr Platz zum Spielen');
    const other = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamB.id);
    expect((await other.get(staffPdf)).status).toBe(404);
  });

  it('the measure’s page keeps what was typed and names the field; its forms add milestones and years', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const team = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const page = `/staff/${f.tenant.slug}/coordination/plans/${d.plan.id}/measures/${d.playground.id}`;
    const form = await team.get(`${page}/edit`);
    expect(form.status).toBe(200);
    const refused = await team.post(`${page}/edit`, {
      goalId: d.goal.id,
      title: 'Spielplatz neu',
      departmentId: f.departments.youth.id,
      fundingKind: 'fund',
      investive: 'on',
      budget: 'zu viel',
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('value="Spielplatz neu"');
    expect(html).toContain('href="#budget"');
    expect(html).toMatch(/<option value="fund" selected/);
    const badYear = await team.post(`${page}/budget-years`, { year: '1850', amount: '100' });
    expect(badYear.status).toBe(422);
    const yearHtml = await badYear.text();
    expect(yearHtml).toContain('value="1850"');
    expect(yearHtml).toContain('href="#budgetYear-year"');
    expect(
      (await team.post(`${page}/milestones`, { title: 'Bauantrag', dueOn: addDays(f.today, 40) })).status,
    ).toBe(303);
    expect(
      (
        await team.post(`${page}/edit`, {
          goalId: d.goal.id,
          title: 'Spielplatz neu',
          departmentId: f.departments.youth.id,
          investive: 'on',
          fundingKind: 'fund',
        })
      ).status,
    ).toBe(303);
    const view = await planFor(f.actors.teamA, db(), d.plan.id);
    expect(view.parts.measures.find((m) => m.id === d.playground.id)).toMatchObject({
      title: 'Spielplatz neu',
      fundingKind: 'fund',
      investive: true,
    });
    expect(view.parts.milestones.map((m) => m.title)).toEqual(['Bauantrag']);
    // Department staff get no measure page.
    const youth = await new Agent(ctx.app).loginAs(ctx.services, f.users.youth.id);
    expect((await youth.get(`${page}/edit`)).status).toBe(403);
  });
});

describe('the area website', () => {
  it('links the area’s plan once adopted: the cached area page changes with the adoption', async () => {
    const f = await coordinationFixture(ctx);
    const d = await drafted(f);
    const [area] = await listAreas(db(), f.tenant.id, { ids: [f.qmA] });
    const visitor = new Agent(ctx.app);
    const path = `/${f.tenant.slug}/areas/${area.slug}`;
    const before = await (await visitor.get(path)).text();
    expect(before).not.toContain('id="action-plan"');
    await adopt(f, d.plan.id);
    const after = await visitor.get(path);
    expect(after.status).toBe(200);
    const html = await after.text();
    expect(html).toContain('Integriertes Handlungskonzept');
    expect(html).toContain(`href="/${f.tenant.slug}/plans/${d.plan.id}"`);
    const ar = await (await visitor.get(`${path}?lang=ar`)).text();
    expect(ar).toContain('خطة العمل المتكاملة');
  });
});

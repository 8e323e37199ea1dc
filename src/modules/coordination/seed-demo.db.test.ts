/**
 * The coordination demo content, with the councils seed after it (as the app runs them): the
 * district's departments, a need routed to two departments with one answer and overdue at the other,
 * one waiting to be routed, one in progress, and the demo Quartiersrat's recommendation to the
 * administration with an answer; budgets for two years and the Prüfsteine rated for both; the demo
 * area's adopted action plan. A second
 * run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { todayLocal } from '../../platform/time/index.ts';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { councilsManifest, listBodiesFor } from '../councils/index.ts';
import {
  assessmentFor,
  departmentsFor,
  listNeedsFor,
  listPlansFor,
  planFor,
  publicPlan,
  publicRecommendations,
  resourcesFor,
} from './index.ts';
import { seedDemoCoordination } from './seed-demo.ts';

let ctx: TestContext;
let tenantId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  tenantId = (await makeTenant(ctx.services)).id;
  await upsertAreas(ctx.services.db, tenantId, 'programme', [
    { kind: 'programme', key: 'QM-DEMO-1', name: 'Beispiel-Quartier' },
  ]);
  await seedDemoCoordination(ctx.services, tenantId);
  // The councils' demo through its manifest, as the demo seed runs it (a module's files stay its own).
  await councilsManifest.seedDemo!(ctx.services, tenantId);
}, 120_000);
afterAll(() => ctx?.close());

describe('demo coordination', () => {
  it('has the departments and needs in every state, one overdue at one department and answered by the other', async () => {
    const sys = systemActor(tenantId);
    const db = ctx.services.db;
    expect((await departmentsFor(sys, db)).map((d) => d.name)).toContain('Straßen- und Grünflächenamt');
    const needs = await listNeedsFor(sys, db);
    expect(needs.map((n) => n.status).sort()).toEqual([
      'in_progress',
      'in_progress',
      'in_progress',
      'reported',
    ]);
    const homework = needs.find((n) => n.title.startsWith('Zu wenige Plätze'))!;
    expect(homework.routings.map((r) => [r.department.name, r.status, r.overdue])).toEqual([
      ['Jugendamt', 'sent', true],
      ['Schulamt', 'answered', false],
    ]);
    // Overdue first in the list.
    expect(needs[0].id).toBe(homework.id);
  });

  it('has the Quartiersrat’s recommendation with an answer, for its public page', async () => {
    const sys = systemActor(tenantId);
    const council = (await listBodiesFor(sys, ctx.services.db)).find((b) => b.kind === 'quartiersrat')!;
    const [rec] = await publicRecommendations(ctx.services.db, tenantId, council.id);
    expect(rec.answers.map((a) => [a.department, a.status])).toEqual([
      ['Straßen- und Grünflächenamt', 'answered'],
      ['Jugendamt', 'sent'],
    ]);
    expect(rec.answers[0].answer).toContain('vier Bänke');
  });

  it('has the budgets of the demo area for two years from four sources, and the Prüfsteine rated for both', async () => {
    const sys = systemActor(tenantId);
    const year = Number(todayLocal().slice(0, 4));
    const now = await resourcesFor(sys, ctx.services.db, { year });
    expect(now.years).toEqual([year, year - 1]);
    expect(now.table.sources.map((s) => s.name)).toEqual([
      'Jugendamt',
      'Schulamt',
      'Aktionsfonds',
      'Sozialer Zusammenhalt',
    ]);
    expect(now.table.totalCents).toBe(67_900_000);
    expect((await resourcesFor(sys, ctx.services.db, { year: year - 1 })).table.totalCents).toBe(63_750_000);
    const a = await assessmentFor(sys, ctx.services.db, year);
    expect(a.rated).toBe(9);
    expect(a.items.map((i) => i.trend)).toEqual([
      'up',
      'same',
      'up',
      'same',
      'up',
      'same',
      'up',
      'same',
      'up',
      'unrated',
    ]);
    expect((await assessmentFor(sys, ctx.services.db, year - 1)).rated).toBe(10);
  });

  it('has the demo area’s adopted action plan with progress, milestones (one overdue) and participation', async () => {
    const sys = systemActor(tenantId);
    const [plan] = await listPlansFor(sys, ctx.services.db);
    expect(plan).toMatchObject({ status: 'adopted', version: 1 });
    const view = await planFor(sys, ctx.services.db, plan.id);
    expect(view.parts.fields).toHaveLength(5);
    expect(view.overdue.map((m) => m.title)).toEqual(['Planung mit den Kindern abgestimmt']);
    expect(view.parts.steps).toHaveLength(2);
    // Five measures, one done; the two measured indicators are 45 % and 13 % of the way.
    expect(view.rollup.plan).toMatchObject({
      measures: 5,
      done: 1,
      donePercent: 20,
      measured: 2,
      indicatorPercent: 29,
    });
    const pub = (await publicPlan(ctx.services.db, tenantId, plan.id))!;
    expect(pub.adoptedBy).toBe('Quartiersrat Demo-Kiez');
    expect(pub.snapshot.fields.map((f) => f.name)).toContain('Öffentlicher Raum');
  });

  it('adds nothing on a second run', async () => {
    const sys = systemActor(tenantId);
    const lines = (await resourcesFor(sys, ctx.services.db)).lines.length;
    const before = (await listNeedsFor(sys, ctx.services.db)).length;
    await seedDemoCoordination(ctx.services, tenantId);
    // The councils' demo through its manifest, as the demo seed runs it (a module's files stay its own).
    await councilsManifest.seedDemo!(ctx.services, tenantId);
    expect((await listNeedsFor(sys, ctx.services.db)).length).toBe(before);
    expect((await resourcesFor(sys, ctx.services.db)).lines.length).toBe(lines);
    expect(await listPlansFor(sys, ctx.services.db)).toHaveLength(1);
  });
});

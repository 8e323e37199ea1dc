/**
 * The coordination demo content, with the councils seed after it (as the app runs them): the
 * district's departments, a need routed to two departments with one answer and overdue at the other,
 * one waiting to be routed, one in progress, and the demo Quartiersrat's recommendation to the
 * administration with an answer. A second run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { createTestContext, makeTenant, type TestContext } from '../../test/kit.ts';
import { upsertAreas } from '../areas/index.ts';
import { councilsManifest, listBodiesFor } from '../councils/index.ts';
import { departmentsFor, listNeedsFor, publicRecommendations } from './index.ts';
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

  it('adds nothing on a second run', async () => {
    const sys = systemActor(tenantId);
    const before = (await listNeedsFor(sys, ctx.services.db)).length;
    await seedDemoCoordination(ctx.services, tenantId);
    // The councils' demo through its manifest, as the demo seed runs it (a module's files stay its own).
    await councilsManifest.seedDemo!(ctx.services, tenantId);
    expect((await listNeedsFor(sys, ctx.services.db)).length).toBe(before);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, makeUser, type TestContext } from '../../test/kit.ts';
import { listDepartments } from '../access/index.ts';
import { networkActors } from './db/schema.ts';
import { networkFixture } from './test/fixtures.ts';
import { createActor, getActor, listActors, upsertActor } from './use-cases/actors.ts';
import { logContact } from './use-cases/contacts.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof networkFixture>>;
let youthOffice: { id: string };
let socialOffice: { id: string };

/** Department staff: a membership with the role "department" and the department's name. */
async function departmentUser(name: string, department: string) {
  return makeUser(ctx.services, { tenantId: fx.tenant.id, role: 'department', name, department });
}

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await networkFixture(ctx);
  youthOffice = await departmentUser('Jana Jugendamt', 'Jugendamt Mitte');
  socialOffice = await departmentUser('Sami Sozialamt', 'Sozialamt Neukölln');
});
afterAll(() => ctx.close());

describe('sharing organisations with departments', () => {
  it('knows the departments of the tenant from its memberships', async () => {
    expect(await listDepartments(ctx.services.db, fx.tenant.id)).toEqual([
      'Jugendamt Mitte',
      'Sozialamt Neukölln',
    ]);
  });

  it('is set on the edit form; department staff then see exactly the shared organisations', async () => {
    const db = ctx.services.db;
    const t = fx.tenant.id;
    const shared = await createActor(db, t, {
      kind: 'organisation',
      name: 'Jugendclub Weddinger Wiese',
      areaId: fx.qmA,
      lon: 13.37,
      lat: 52.55,
    });
    await createActor(db, t, { kind: 'organisation', name: 'Jugendtreff Nordbahnhof', areaId: fx.qmA });
    await logContact(
      db,
      t,
      shared.id,
      { kind: 'visit', happenedAt: new Date('2025-03-04T10:00:00Z'), summary: 'Vertrauliches Gespräch' },
      { userId: fx.teamA.id, name: 'Tom Team A' },
    );

    // The team's edit form offers the tenant's departments as checkboxes.
    const team = await fx.agent(fx.teamA.id);
    const edit = await (await team.get(`${fx.base}/actors/${shared.id}/edit`)).text();
    expect(edit).toContain('Mit Fachbereichen teilen');
    expect(edit).toMatch(/type="checkbox"[^>]*name="sharedDepartments"[^>]*value="Jugendamt Mitte"/);
    expect(edit).toMatch(/name="sharedDepartments"[^>]*value="Sozialamt Neukölln"/);
    // An unknown department is refused, the form kept.
    const bad = await team.post(`${fx.base}/actors/${shared.id}`, {
      kind: 'organisation',
      name: shared.name,
      areaId: fx.qmA,
      lat: '52.55',
      lon: '13.37',
      sharedDepartments: ['Finanzamt'],
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Bitte wählen Sie einen der angebotenen Werte.');
    const saved = await team.post(
      `${fx.base}/actors/${shared.id}`,
      {
        kind: 'organisation',
        name: shared.name,
        areaId: fx.qmA,
        lat: '52.55',
        lon: '13.37',
        sharedDepartments: ['Jugendamt Mitte'],
      },
      { csrfFrom: `${fx.base}/actors/${shared.id}/edit` },
    );
    expect(saved.status).toBe(303);
    expect((await getActor(db, t, shared.id))!.sharedDepartments).toEqual(['Jugendamt Mitte']);
    expect(await (await team.get(`${fx.base}/actors/${shared.id}`)).text()).toContain('Geteilt mit');

    // The youth office: list, search (with a typo), map, detail — only the shared organisation.
    const dept = await fx.agent(youthOffice.id);
    const list = await (await dept.get(`${fx.base}/actors`)).text();
    expect(list).toContain('Jugendclub Weddinger Wiese');
    expect(list).not.toContain('Jugendtreff Nordbahnhof');
    expect(list).toContain('aria-label="Jugendclub Weddinger Wiese"');
    const search = await (await dept.get(`${fx.base}/actors?q=Jugendclbu`)).text();
    expect(search).toContain('Jugendclub Weddinger Wiese');
    expect(await (await dept.get(`${fx.base}/actors?q=Nordbahnhof`)).text()).not.toContain(
      'Jugendtreff Nordbahnhof',
    );
    const detail = await dept.get(`${fx.base}/actors/${shared.id}`);
    expect(detail.status).toBe(200);
    const detailHtml = await detail.text();
    expect(detailHtml).toContain('Jugendclub Weddinger Wiese');
    // The team's contact log stays with the team; no editing.
    expect(detailHtml).not.toContain('Vertrauliches Gespräch');
    expect(detailHtml).not.toContain(`/actors/${shared.id}/edit`);
    // They see the record, so editing it is refused (403), not hidden.
    expect((await dept.get(`${fx.base}/actors/${shared.id}/edit`)).status).toBe(403);
    const other = (await listActors(db, t, { q: 'Nordbahnhof', scope: null })).items[0];
    expect((await dept.get(`${fx.base}/actors/${other.id}`)).status).toBe(404);

    // The social office sees nothing of it.
    const social = await fx.agent(socialOffice.id);
    const socialList = await (await social.get(`${fx.base}/actors`)).text();
    expect(socialList).not.toContain('Jugendclub Weddinger Wiese');
    expect((await social.get(`${fx.base}/actors/${shared.id}`)).status).toBe(404);

    // The directory is in the navigation of department staff.
    expect(socialList).toMatch(/href="\/staff\/[^/]+\/network\/actors"/);
  });

  it('never shares people, and a re-import keeps what was shared', async () => {
    const db = ctx.services.db;
    const t = fx.tenant.id;
    const person = await createActor(db, t, {
      kind: 'person',
      name: 'Petra Privat',
      areaId: fx.qmA,
      legalBasis: 'public_task',
      retentionUntil: '2099-01-01',
      sharedDepartments: ['Jugendamt Mitte'],
    });
    expect(person.sharedDepartments).toEqual([]);
    const dept = await fx.agent(youthOffice.id);
    expect((await dept.get(`${fx.base}/actors/${person.id}`)).status).toBe(404);
    // The person form has no sharing control.
    const team = await fx.agent(fx.teamA.id);
    expect(await (await team.get(`${fx.base}/actors/${person.id}/edit`)).text()).not.toContain(
      'sharedDepartments',
    );

    // Imported organisation, shared by hand, imported again: the sharing stays.
    const { actor } = await upsertActor(db, t, {
      kind: 'organisation',
      name: 'Familienzentrum Import',
      areaId: fx.qmA,
      sourceKey: 'test:fz-1',
    });
    await db
      .update(networkActors)
      .set({ sharedDepartments: ['Jugendamt Mitte'] })
      .where(and(eq(networkActors.tenantId, t), eq(networkActors.id, actor.id)));
    await upsertActor(db, t, {
      kind: 'organisation',
      name: 'Familienzentrum Import (neu)',
      areaId: fx.qmA,
      sourceKey: 'test:fz-1',
    });
    const again = (await getActor(db, t, actor.id))!;
    expect(again.name).toBe('Familienzentrum Import (neu)');
    expect(again.sharedDepartments).toEqual(['Jugendamt Mitte']);
  });
});

/**
 * Recommendations to the administration (BODY-3), both engines: a carried resolution of a public
 * body becomes a recommendation addressed to two departments — a need of the coordination module
 * whose source is the body, the item and the vote — made from the body's staff screen; a
 * department answers; the answer shows on the body's staff page and on its public page (department
 * names, no staff names, the interface in five languages). An item whose vote did not carry gives
 * none, and the team of another area finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, makeUser, type TestContext } from '../../test/kit.ts';
import { answerRouting, createDepartment, recommendationsOfBody } from '../coordination/index.ts';
import {
  addAgendaItem,
  recommendationsFor,
  recommendToAdministration,
  recordAttendance,
  recordVote,
} from './index.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;

async function setup() {
  const f = await councilsFixture(ctx);
  const { body, members } = await f.body(
    { name: 'Quartiersrat Nord', slug: `qr-${f.tenant.slug}`, kind: 'quartiersrat', public: true },
    3,
  );
  const meeting = await f.meeting(body.id, 3);
  await recordAttendance(f.sys, db(), meeting.id, {
    entries: members.map((m) => ({ memberId: m.id, status: 'present' as const })),
  });
  const [item] = await addAgendaItem(f.sys, db(), meeting.id, {
    title: 'Spielplatz Koloniestraße',
    kind: 'decision',
  });
  await recordVote(f.sys, db(), item.id, {
    kind: 'open',
    counts: { yes: 3, no: 0, abstain: 0 },
    resolution:
      'Der Quartiersrat bittet das Bezirksamt, die gesperrten Spielgeräte bis zum Sommer zu ersetzen.',
  });
  const [lost] = await addAgendaItem(f.sys, db(), meeting.id, {
    title: 'Abgelehnter Antrag',
    kind: 'decision',
  });
  await recordVote(f.sys, db(), lost.id, { kind: 'open', counts: { yes: 0, no: 3, abstain: 0 } });
  const youth = await createDepartment(f.actors.admin, db(), { name: 'Jugendamt' });
  const parks = await createDepartment(f.actors.admin, db(), {
    name: 'Straßen- und Grünflächenamt',
    shortName: 'SGA',
  });
  const youthStaff = await makeUser(ctx.services, {
    tenantId: f.tenant.id,
    role: 'department',
    name: 'Jule Jugendamt-Mitarbeiterin',
    department: 'Jugendamt',
  });
  return { f, body, item, lost, youth, parks, youthStaff };
}

describe('a recommendation to the administration', () => {
  it('comes from a carried resolution, and its answer shows on the staff and the public body page', async () => {
    const { f, body, item, youth, parks, youthStaff } = await setup();
    const staff = await new Agent(ctx.app).loginAs(ctx.services, f.users.teamA.id);
    const base = `/staff/${f.tenant.slug}/councils`;
    // The body's page links its recommendations; the list offers the carried resolution only.
    expect(await (await staff.get(`${base}/${body.id}`)).text()).toContain(
      `${base}/${body.id}/recommendations`,
    );
    const list = await (await staff.get(`${base}/${body.id}/recommendations`)).text();
    expect(list).toContain(`${base}/items/${item.id}/recommendation`);
    expect(list).not.toContain('Abgelehnter Antrag');
    // The form starts from the resolution; a missing department is named, the text kept.
    const form = `${base}/items/${item.id}/recommendation`;
    await staff.get(form);
    expect(staff.lastHtml).toContain('bis zum Sommer zu ersetzen');
    const refused = await staff.post(form, {
      title: 'Spielgeräte ersetzen',
      description: 'Bitte bis zum Sommer ersetzen.',
      topic: 'public_space',
      deadline: '2099-01-01',
    });
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).toContain('href="#departmentIds"');
    expect(again).toContain('value="Spielgeräte ersetzen"');
    const made = await staff.post(form, {
      title: 'Spielgeräte ersetzen',
      description: 'Bitte bis zum Sommer ersetzen.',
      topic: 'public_space',
      departmentIds: [youth.id, parks.id],
      deadline: f.today,
    });
    expect(made.status).toBe(303);

    // It is a need of the coordination module whose source is the body, the item and its vote.
    const [need] = await recommendationsOfBody(f.actors.coordinator, db(), body.id);
    expect(need).toMatchObject({
      sourceKind: 'body',
      sourceBodyId: body.id,
      sourceItemId: item.id,
      sourceLabel: 'Quartiersrat Nord',
    });
    expect(need.routings.map((r) => r.department.name).sort()).toEqual([
      'Jugendamt',
      'Straßen- und Grünflächenamt',
    ]);

    // The Jugendamt answers; the body's staff page shows it.
    const youthActor = await f.actorFor(youthStaff.id);
    const atYouth = need.routings.find((r) => r.departmentId === youth.id)!;
    await answerRouting(youthActor, db(), atYouth.id, {
      status: 'answered',
      answer: 'Das Jugendamt beteiligt Kinder an der Auswahl der neuen Geräte.',
    });
    const mine = await recommendationsFor(f.actors.teamA, db(), body.id);
    expect(mine.recommendations[0].status).toBe('in_progress');
    expect(await (await staff.get(`${base}/${body.id}/recommendations`)).text()).toContain(
      'Das Jugendamt beteiligt Kinder an der Auswahl der neuen Geräte.',
    );

    // The public body page: the recommendation, the answer with the department's name, no person.
    const visitor = new Agent(ctx.app);
    const page = await (await visitor.get(`/${f.tenant.slug}/councils/${body.slug}`)).text();
    expect(page).toContain('Hinweise an die Verwaltung');
    expect(page).toContain('Spielgeräte ersetzen');
    expect(page).toContain('Antwort: Jugendamt');
    expect(page).toContain('Das Jugendamt beteiligt Kinder an der Auswahl der neuen Geräte.');
    expect(page).toContain('Noch keine Antwort.');
    expect(page).not.toContain('Jule');
    expect(page).not.toContain('Tom A');
    for (const [lang, heading] of [
      ['en', 'Recommendations to the administration'],
      ['tr', 'İdareye öneriler'],
      ['ar', 'توصيات إلى الإدارة'],
      ['de-x-ls', 'Hinweise an das Bezirks-Amt'],
    ])
      expect(
        await (await visitor.get(`/${f.tenant.slug}/councils/${body.slug}?lang=${lang}`)).text(),
      ).toContain(heading);
  });

  it('needs a carried vote, and the team of another area finds nothing', async () => {
    const { f, lost, item, youth } = await setup();
    const input = {
      title: 'x',
      description: 'y',
      topic: 'youth' as const,
      departmentIds: [youth.id],
      deadline: f.today,
    };
    await expect(recommendToAdministration(f.actors.teamA, db(), lost.id, input)).rejects.toMatchObject({
      status: 404,
    });
    await expect(recommendToAdministration(f.actors.teamB, db(), item.id, input)).rejects.toMatchObject({
      status: 404,
    });
    await expect(recommendToAdministration(f.actors.jury, db(), item.id, input)).rejects.toMatchObject({
      status: 403,
    });
    const made = await recommendToAdministration(f.actors.teamA, db(), item.id, input);
    expect(made.sourceVoteId).not.toBeNull();
  });
});

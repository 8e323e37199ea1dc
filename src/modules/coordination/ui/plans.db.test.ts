/**
 * The screens of integrated action plans over HTTP (both engines): the area's team drafts a plan
 * through the forms (a refused form keeps what was typed and names the fields), adopts it, and the
 * public page shows the adopted version without script in five languages; another area's team gets
 * 404; department staff set their measure's status on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../../test/kit.ts';
import { coordinationFixture } from '../testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const as = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

describe('staff screens of action plans', () => {
  it('draft, add the parts, adopt; the public page shows the adopted plan in five languages', async () => {
    const f = await coordinationFixture(ctx);
    const base = `/staff/${f.tenant.slug}/coordination/plans`;
    const team = await as(f.users.teamA.id);
    await team.get(`${base}/new`);
    const refused = await team.post(`${base}/new`, {
      title: 'IHEK Quartier A',
      areaId: f.qmA,
      periodFrom: '2027-01-01',
      periodTo: '2026-01-01',
    });
    const again = await refused.text();
    expect(refused.status, again.slice(0, 3000)).toBe(422);
    expect(again).toContain('value="IHEK Quartier A"');
    expect(again).toContain('href="#periodTo"');
    expect(again).toContain('Das Ende des Zeitraums liegt vor seinem Beginn.');
    const made = await team.post(`${base}/new`, {
      title: 'IHEK Quartier A',
      areaId: f.qmA,
      periodFrom: '2027-01-01',
      periodTo: '2028-12-31',
      summary: 'Bildung stärken',
    });
    expect(made.status).toBe(303);
    const planPath = made.headers.get('location')!;
    const planId = planPath.split('/').pop()!;

    expect((await team.post(`${planPath}/fields/new`, { name: 'Bildung' })).status).toBe(303);
    let page = await (await team.get(planPath)).text();
    const fieldId = /goals\/new\?fieldId=([0-9a-f-]{36})/.exec(page)![1];
    expect((await team.post(`${planPath}/goals/new`, { fieldId, title: 'Mehr Lernplätze' })).status).toBe(
      303,
    );
    page = await (await team.get(planPath)).text();
    const goalId = /indicators\/new\?goalId=([0-9a-f-]{36})/.exec(page)![1];
    // An indicator whose target is its baseline is refused with the message at the field.
    const badIndicator = await team.post(`${planPath}/indicators/new`, {
      goalId,
      name: 'Lernplätze',
      unit: 'Plätze',
      baseline: '20',
      target: '20',
    });
    expect(badIndicator.status).toBe(422);
    expect(await badIndicator.text()).toContain('Der Zielwert muss sich vom Ausgangswert unterscheiden.');
    expect(
      (
        await team.post(`${planPath}/indicators/new`, {
          goalId,
          name: 'Lernplätze',
          unit: 'Plätze',
          baseline: '20',
          target: '60',
        })
      ).status,
    ).toBe(303);
    const badMeasure = await team.post(`${planPath}/measures/new`, {
      goalId,
      title: 'Lernwerkstatt',
      budget: 'viel Geld',
    });
    expect(badMeasure.status).toBe(422);
    const badText = await badMeasure.text();
    expect(badText).toContain('value="Lernwerkstatt"');
    expect(badText).toContain('href="#budget"');
    expect(
      (
        await team.post(`${planPath}/measures/new`, {
          goalId,
          title: 'Lernwerkstatt',
          departmentId: f.departments.youth.id,
          budgetLine: 'Projektfonds',
          budget: '12.500',
        })
      ).status,
    ).toBe(303);
    // Adoption without the body is refused on the page; then adopted.
    const noBody = await team.post(`${planPath}/adopt`, { adoptedOn: addDays(f.today, -1) });
    expect(noBody.status).toBe(422);
    expect(await noBody.text()).toContain('href="#adoptedBy"');
    expect(
      (await team.post(`${planPath}/adopt`, { adoptedOn: addDays(f.today, -1), adoptedBy: 'Quartiersrat A' }))
        .status,
    ).toBe(303);

    // The public page, without an account, in every language; no script.
    const anon = new Agent(ctx.app);
    const pub = await anon.get(`/${f.tenant.slug}/plans/${planId}`);
    expect(pub.status).toBe(200);
    const html = await pub.text();
    expect(html).toContain('Mehr Lernplätze');
    expect(html).toContain('Quartiersrat A');
    expect(html).toContain('Jugendamt');
    expect(html).not.toContain('<script');
    for (const [lang, word] of [
      ['en', 'Field of action'],
      ['tr', 'Eylem alanı'],
      ['ar', 'مجال العمل'],
      ['de-x-ls', 'Thema'],
    ] as const) {
      const r = await anon.get(`/${f.tenant.slug}/plans/${planId}?lang=${lang}`);
      expect(await r.text()).toContain(word);
    }
    expect(await (await anon.get(`/${f.tenant.slug}/plans`)).text()).toContain('IHEK Quartier A');

    // Another area's team finds the plan nowhere.
    const teamB = await as(f.users.teamB.id);
    await teamB.get(`/staff/${f.tenant.slug}/coordination/plans`);
    expect((await teamB.post(`${planPath}/new-version`, {})).status).toBe(404);
    expect((await teamB.get(planPath)).status).toBe(404);

    // The Jugendamt sets its measure's status on the page.
    const youth = await as(f.users.youth.id);
    page = await (await youth.get(planPath)).text();
    expect(page).not.toContain('/adopt');
    const measureId = /measures\/([0-9a-f-]{36})\/status/.exec(page)![1];
    expect((await youth.post(`${planPath}/measures/${measureId}/status`, { status: 'running' })).status).toBe(
      303,
    );
    expect(await (await anon.get(`/${f.tenant.slug}/plans/${planId}`)).text()).toContain('(Läuft)');
  });

  it('a draft is not public', async () => {
    const f = await coordinationFixture(ctx);
    const team = await as(f.users.teamA.id);
    await team.get(`/staff/${f.tenant.slug}/coordination/plans/new`);
    const made = await team.post(`/staff/${f.tenant.slug}/coordination/plans/new`, {
      title: 'Entwurf',
      areaId: f.qmA,
      periodFrom: '2027-01-01',
      periodTo: '2027-12-31',
    });
    const planId = made.headers.get('location')!.split('/').pop()!;
    expect((await new Agent(ctx.app).get(`/${f.tenant.slug}/plans/${planId}`)).status).toBe(404);
  });
});

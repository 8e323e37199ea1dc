/**
 * The staff screens of bodies and members, over HTTP without JavaScript: create a body, add members
 * (the seed-003 role rule and a bad date come back as named field messages with everything typed
 * kept), end a term with a resignation and a successor, and who may open what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { listBodiesFor } from './index.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  base = `/staff/${fx.tenant.slug}/councils`;
});
afterAll(() => ctx?.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('staff screens of bodies and members', () => {
  it('a team member creates an AG Gemeinwesenarbeit, adds members, and the role rule answers in words', async () => {
    const team = await agentOf(fx.users.teamA.id);
    const list = await team.get(base);
    expect(list.status).toBe(200);
    // A bad input comes back with the field named and every value kept.
    const bad = await team.post(
      `${base}/new`,
      {
        name: 'AG GWA Nordost',
        kind: 'ag_gwa',
        areaId: fx.qmA,
        invitationDays: '99',
        purpose: 'Stadtteilarbeit',
      },
      { csrfFrom: `${base}/new` },
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('q-error-summary');
    expect(badHtml).toContain('href="#invitationDays"');
    expect(badHtml).toContain('value="AG GWA Nordost"');
    expect(badHtml).toContain('Stadtteilarbeit');
    const made = await team.post(
      `${base}/new`,
      { name: 'AG GWA Nordost', kind: 'ag_gwa', areaId: fx.qmA, invitationDays: '7' },
      { csrfFrom: `${base}/new` },
    );
    expect(made.status).toBe(303);
    const bodyPath = made.headers.get('location')!.replace(/\?.*$/, '');
    const page = await team.get(bodyPath);
    expect(page.status).toBe(200);
    expect(text(await page.text())).toContain('AG Gemeinwesenarbeit');

    // Tom (team of area A) as speaker: refused with the rule in words; the form keeps what was typed.
    const refused = await team.post(
      `${bodyPath}/members/new`,
      {
        kind: 'organisation',
        name: 'Tom A',
        organisation: 'Träger Nord',
        userId: fx.users.teamA.id,
        role: 'speaker',
        termFrom: fx.today,
      },
      { csrfFrom: `${bodyPath}/members/new` },
    );
    expect(refused.status).toBe(422);
    const refusedText = text(await refused.text());
    expect(refusedText).toContain(
      'kann nicht Sprecher*in oder stellvertretende Sprecher*in einer AG Gemeinwesenarbeit sein',
    );
    expect(await team.lastHtml).toContain('value="Träger Nord"');
    // A bad date names the field.
    const badDate = await team.post(
      `${bodyPath}/members/new`,
      { kind: 'resident', name: 'Rosa', role: 'speaker', termFrom: '31.02.2026' },
      { csrfFrom: `${bodyPath}/members/new` },
    );
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain('href="#termFrom"');
    const ok = await team.post(
      `${bodyPath}/members/new`,
      {
        kind: 'resident',
        name: 'Rosa Sprecherin',
        role: 'speaker',
        termFrom: fx.today,
        email: 'rosa@example.org',
      },
      { csrfFrom: `${bodyPath}/members/new` },
    );
    expect(ok.status).toBe(303);
    const withMember = text(await (await team.get(bodyPath)).text());
    expect(withMember).toContain('Rosa Sprecherin');
    expect(withMember).toContain('rosa@example.org');
  });

  it('a resignation with a successor: the successor is a member from the next day, the history keeps both', async () => {
    const { body, members } = await fx.body({ name: 'Jury Rücktritt', public: true }, 0, [
      fx.member('Alte Jurorin', { termTo: null }),
    ]);
    const admin = await agentOf(fx.users.admin.id);
    const endPath = `${base}/${body.id}/members/${members[0].id}/end`;
    expect((await admin.get(endPath)).status).toBe(200);
    const r = await admin.post(
      endPath,
      { how: 'resign', endedOn: fx.since, successorName: 'Neuer Juror', successorEmail: 'neu@example.org' },
      { csrfFrom: endPath },
    );
    expect(r.status).toBe(303);
    const page = text(await (await admin.get(`${base}/${body.id}`)).text());
    expect(page).toContain('Neuer Juror');
    expect(page).toContain('Frühere Mitglieder');
    expect(page).toContain('Rücktritt');
    // The term has ended: its form is gone.
    expect((await admin.get(endPath)).status).toBe(404);
  });

  it('department staff read public bodies, without contact data, and change nothing; other areas see nothing', async () => {
    const { body } = await fx.body({ name: 'Quartiersrat Öffentlich', kind: 'quartiersrat' }, 0, [
      fx.member('Mia Bewohnerin', { email: 'mia@example.org' }),
    ]);
    const { body: closed } = await fx.body({ name: 'Jury Geschlossen' }, 1);
    const dept = await agentOf(fx.users.department.id);
    const page = await dept.get(`${base}/${body.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Mia Bewohnerin');
    expect(html).not.toContain('mia@example.org');
    expect(html).not.toContain(`${body.id}/edit`);
    expect((await dept.get(`${base}/${closed.id}`)).status).toBe(403);
    expect((await dept.get(`${base}/${body.id}/edit`)).status).toBe(403);
    expect((await dept.get(`${base}/new`)).status).toBe(403);
    const teamB = await agentOf(fx.users.teamB.id);
    expect((await teamB.get(`${base}/${body.id}`)).status).toBe(404);
    const listB = await (await teamB.get(base)).text();
    expect(listB).not.toContain('Quartiersrat Öffentlich');
    // A forged post from another area changes nothing.
    const before = (await listBodiesFor(fx.sys, ctx.services.db)).length;
    const forged = await teamB.post(
      `${base}/${body.id}/members/new`,
      { kind: 'resident', name: 'Eindringling', termFrom: fx.today },
      { csrfFrom: base },
    );
    expect(forged.status).toBe(404);
    expect((await listBodiesFor(fx.sys, ctx.services.db)).length).toBe(before);
  });

  it('the demo-like list shows each body with its kind, area and whether it meets in public', async () => {
    const jury = await agentOf(fx.users.jury.id);
    const { body } = await fx.body({ name: 'Jury mit Jana' }, 1, [
      fx.member('Jana', { userId: fx.users.jury.id }),
    ]);
    const html = text(await (await jury.get(base)).text());
    expect(html).toContain('Jury mit Jana');
    expect(html).toContain('nicht öffentlich');
    expect(html).toContain('Quartier A');
    // A jury member reads their closed jury, but may not change it.
    expect((await jury.get(`${base}/${body.id}`)).status).toBe(200);
    expect((await jury.get(`${base}/${body.id}/members/new`)).status).toBe(403);
  });
});

/**
 * The staff screens of meetings, over HTTP without JavaScript: scheduling, the agenda (add, edit,
 * move, remove), attendance with late arrivals, conflicts of interest, votes with the quorum in
 * numbers and refusals in words, circulation votes — every bad field named with what was typed
 * kept, and other areas refused.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { addAgendaItem, meetingFor, meetingsFor, recordAttendance, scheduleMeeting } from './index.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let base: string;
const agentOf = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#x27;|&quot;/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([:,.])/g, '$1');

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  base = `/staff/${fx.tenant.slug}/councils`;
});
afterAll(() => ctx?.close());

describe('staff screens of meetings', () => {
  it('schedules a meeting: bad fields are named and kept, a good one opens its page', async () => {
    const { body } = await fx.body({ name: 'Jury Planung' }, 3);
    const team = await agentOf(fx.users.teamA.id);
    const form = `${base}/${body.id}/meetings/new`;
    expect((await team.get(form)).status).toBe(200);
    const bad = await team.post(
      form,
      {
        title: 'Frühjahrssitzung',
        startsOn: '2027-02-30',
        startTime: '18:00',
        onlineUrl: 'ftp://example.org',
        locationName: 'Nachbarschaftshaus',
      },
      { csrfFrom: form },
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('href="#startsOn"');
    expect(badHtml).toContain('href="#onlineUrl"');
    expect(text(badHtml)).toContain('Bitte geben Sie eine Webadresse');
    expect(badHtml).toContain('value="Frühjahrssitzung"');
    expect(badHtml).toContain('value="Nachbarschaftshaus"');
    const endBefore = await team.post(
      form,
      { startsOn: addDays(fx.today, 30), startTime: '18:00', endTime: '17:00' },
      { csrfFrom: form },
    );
    expect(endBefore.status).toBe(422);
    expect(await endBefore.text()).toContain('href="#endTime"');

    const ok = await team.post(
      form,
      {
        title: 'Frühjahrssitzung',
        startsOn: addDays(fx.today, 30),
        startTime: '18:00',
        endTime: '20:00',
        onlineUrl: 'https://meet.example.org/jury',
        repeatMonthly: '3',
      },
      { csrfFrom: form },
    );
    expect(ok.status).toBe(303);
    const page = await team.get(ok.headers.get('location')!);
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain('Frühjahrssitzung');
    expect(html).toContain('Die Sitzung ist geplant.');
    expect(html).toContain('Online-Sitzung');
    // A monthly series of three.
    expect((await meetingsFor(fx.sys, ctx.services.db, body.id)).length).toBe(3);
  });

  it('builds the agenda: add (title named when missing), edit, move up, remove; the approval comes first by itself', async () => {
    const { body } = await fx.body({ name: 'Rat Tagesordnung', kind: 'quartiersrat' }, 3);
    const held = await fx.meeting(body.id, 30);
    await recordAttendance(fx.sys, ctx.services.db, held.id, { entries: [] });
    // The held meeting has draft minutes that await approval at the next one.
    await ctx.services.db.execute(
      sql`update councils_meetings set minutes_status = 'draft' where id = ${held.id}`,
    );
    const next = (await scheduleMeeting(fx.sys, ctx.services.db, body.id, { startsAt: fx.at(20) }))
      .meetings[0];
    const team = await agentOf(fx.users.teamA.id);
    const page = `${base}/meetings/${next.id}`;
    const missing = await team.post(
      `${page}/items`,
      { title: '', kind: 'decision', presenter: 'Frau Kaya', text: 'Antrag auf Bänke' },
      { csrfFrom: page },
    );
    expect(missing.status).toBe(422);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('href="#title"');
    expect(missingHtml).toContain('value="Frau Kaya"');
    expect(missingHtml).toContain('Antrag auf Bänke');
    for (const title of ['Bericht des Teams', 'Bänke am Platz'])
      expect(
        (
          await team.post(
            `${page}/items`,
            { title, kind: title.startsWith('Bericht') ? 'information' : 'decision' },
            { csrfFrom: page },
          )
        ).status,
      ).toBe(303);
    let view = await meetingFor(fx.sys, ctx.services.db, next.id);
    expect(view.items.map((i) => [i.position, i.kind])).toEqual([
      [1, 'approval_of_minutes'],
      [2, 'information'],
      [3, 'decision'],
    ]);
    const benches = view.items[2];
    // Edit: the kind cannot become the approval of minutes.
    const edit = `${base}/items/${benches.id}/edit`;
    const refused = await team.post(
      edit,
      { title: 'Bänke', kind: 'approval_of_minutes' },
      { csrfFrom: edit },
    );
    expect(refused.status).toBe(422);
    expect(text(await refused.text())).toContain('kommt von selbst auf die Tagesordnung');
    expect(
      (
        await team.post(
          edit,
          { title: 'Neue Bänke am Platz', kind: 'decision', public: 'no' },
          { csrfFrom: edit },
        )
      ).status,
    ).toBe(303);
    expect(
      (await team.post(`${base}/items/${benches.id}/move`, { direction: 'up' }, { csrfFrom: page })).status,
    ).toBe(303);
    view = await meetingFor(fx.sys, ctx.services.db, next.id);
    expect(view.items.map((i) => i.title)).toEqual([
      expect.stringContaining('Genehmigung des Protokolls'),
      'Neue Bänke am Platz',
      'Bericht des Teams',
    ]);
    expect(view.items[1].public).toBe(false);
    // The approval item stays; the report goes, and the positions close up.
    const approvalGone = await team.post(`${base}/items/${view.items[0].id}/remove`, {}, { csrfFrom: page });
    expect(approvalGone.status).toBe(422);
    expect(text(await approvalGone.text())).toContain('bleibt auf der Tagesordnung');
    expect((await team.post(`${base}/items/${view.items[2].id}/remove`, {}, { csrfFrom: page })).status).toBe(
      303,
    );
    view = await meetingFor(fx.sys, ctx.services.db, next.id);
    expect(view.items.map((i) => i.position)).toEqual([1, 2]);
    const html = text(await (await team.get(page)).text());
    expect(html).toContain('TOP 2: Neue Bänke am Platz');
  });

  it('attendance, a conflict of interest and a vote: no quorum is refused in numbers, values kept; then carried', async () => {
    const { body, members } = await fx.body({ name: 'Jury Abstimmung' }, 5);
    const meeting = await fx.meeting(body.id, 0);
    const team = await agentOf(fx.users.teamA.id);
    const page = `${base}/meetings/${meeting.id}`;
    expect(
      (await team.post(`${page}/items`, { title: 'Antrag Kiezfest', kind: 'decision' }, { csrfFrom: page }))
        .status,
    ).toBe(303);
    const [item] = (await meetingFor(fx.sys, ctx.services.db, meeting.id)).items;

    // Attendance: three present (one of them only from item 2 on), two excused; a wrong order is named.
    const att = `${page}/attendance`;
    expect((await team.get(att)).status).toBe(200);
    const wrong = await team.post(
      att,
      {
        [`status.${members[0].id}`]: 'left_early',
        [`from.${members[0].id}`]: '2',
        [`until.${members[0].id}`]: '1',
        guests: 'Frau Gast',
      },
      { csrfFrom: att },
    );
    expect(wrong.status).toBe(422);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain(`href="#until-${members[0].id}"`);
    expect(wrongHtml).toContain('Frau Gast');
    const entries = {
      [`status.${members[0].id}`]: 'present',
      [`status.${members[1].id}`]: 'present',
      [`status.${members[2].id}`]: 'late',
      [`from.${members[2].id}`]: '2',
      [`status.${members[3].id}`]: 'excused',
      [`status.${members[4].id}`]: 'excused',
      guests: 'Frau Gast',
    };
    expect((await team.post(att, entries, { csrfFrom: att })).status).toBe(303);

    // Member 1 declares a conflict: 2 of 4 present for item 1, 3 needed.
    const conflict = `${base}/items/${item.id}/conflict`;
    const noMember = await team.post(
      conflict,
      { memberId: '', note: 'eigener Verein' },
      { csrfFrom: conflict },
    );
    expect(noMember.status).toBe(422);
    expect(await noMember.text()).toContain('value="eigener Verein"');
    expect(
      (await team.post(conflict, { memberId: members[0].id, note: 'eigener Verein' }, { csrfFrom: conflict }))
        .status,
    ).toBe(303);
    const vote = `${base}/items/${item.id}/vote`;
    const form = text(await (await team.get(vote)).text());
    expect(form).toContain('1 von 4 stimmberechtigten Mitgliedern anwesend, 3 nötig');
    const refused = await team.post(
      vote,
      { kind: 'open', yes: '1', no: '0', abstain: '0', resolution: 'Das Kiezfest wird gefördert.' },
      { csrfFrom: vote },
    );
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(text(refusedHtml)).toContain(
      'nicht beschlussfähig: 1 von 4 stimmberechtigten Mitgliedern sind anwesend, 3 werden gebraucht',
    );
    expect(refusedHtml).toContain('Das Kiezfest wird gefördert.');
    expect(refusedHtml).toContain('href="#quorum"');

    // The late member was there from item 2: a second item gets quorum without the conflicted member.
    expect(
      (await team.post(`${page}/items`, { title: 'Antrag Lastenrad', kind: 'decision' }, { csrfFrom: page }))
        .status,
    ).toBe(303);
    const second = (await meetingFor(fx.sys, ctx.services.db, meeting.id)).items[1];
    const vote2 = `${base}/items/${second.id}/vote`;
    const tooMany = await team.post(
      vote2,
      { kind: 'open', yes: '3', no: '1', abstain: 'x' },
      { csrfFrom: vote2 },
    );
    expect(tooMany.status).toBe(422);
    expect(await tooMany.text()).toContain('href="#abstain"');
    const carried = await team.post(
      vote2,
      { kind: 'open', yes: '2', no: '1', abstain: '0', resolution: 'Das Lastenrad wird gekauft.' },
      { csrfFrom: vote2 },
    );
    expect(carried.status).toBe(303);
    const html = text(await (await team.get(page)).text());
    expect(html).toContain('Abstimmung (offen): 2 Ja, 1 Nein, 0 Enthaltungen — angenommen');
    expect(html).toContain('Das Lastenrad wird gekauft.');
    expect(html).toContain('Befangen: Mitglied 1 (eigener Verein)');
    expect(html).toContain('Frau Gast');
  });

  it('a circulation vote: the window is checked, closing early is refused in words, the page shows who voted', async () => {
    const { body } = await fx.body({ name: 'Jury Umlauf' }, 3);
    const team = await agentOf(fx.users.teamA.id);
    const form = `${base}/${body.id}/circulations/new`;
    expect((await team.get(form)).status).toBe(200);
    const tooLong = await team.post(
      form,
      { title: 'Eilantrag Sommerfest', closesOn: addDays(fx.today, 90), closesTime: '12:00' },
      { csrfFrom: form },
    );
    expect(tooLong.status).toBe(422);
    const tooLongHtml = await tooLong.text();
    expect(tooLongHtml).toContain('href="#closesOn"');
    expect(text(tooLongHtml)).toContain('höchstens 60 Tage');
    expect(tooLongHtml).toContain('value="Eilantrag Sommerfest"');
    const opened = await team.post(
      form,
      { title: 'Eilantrag Sommerfest', closesOn: addDays(fx.today, 5), closesTime: '12:00' },
      { csrfFrom: form },
    );
    expect(opened.status).toBe(303);
    const page = opened.headers.get('location')!.replace(/\?.*$/, '');
    const html = text(await (await team.get(page)).text());
    expect(html).toContain('0 von 3 haben abgestimmt (2 nötig)');
    const early = await team.post(`${page}/close`, {}, { csrfFrom: page });
    expect(early.status).toBe(422);
    expect(text(await early.text())).toContain('0 von 3 Mitgliedern haben abgestimmt');
    expect(text(await (await team.get(`${base}/${body.id}`)).text())).toContain('Eilantrag Sommerfest');
  });

  it('other areas get 404 for every meeting screen; department staff read a public meeting and change nothing', async () => {
    const { body } = await fx.body({ name: 'Rat Zugriff', kind: 'quartiersrat', public: true }, 3);
    const meeting = await fx.meeting(body.id, 1);
    const [item] = await addAgendaItem(fx.sys, ctx.services.db, meeting.id, {
      title: 'Antrag',
      kind: 'decision',
    });
    const teamB = await agentOf(fx.users.teamB.id);
    for (const path of [
      `${base}/meetings/${meeting.id}`,
      `${base}/meetings/${meeting.id}/attendance`,
      `${base}/items/${item.id}/edit`,
      `${base}/items/${item.id}/vote`,
      `${base}/${body.id}/meetings/new`,
      `${base}/${body.id}/circulations/new`,
    ])
      expect((await teamB.get(path)).status, path).toBe(404);
    const forged = await teamB.post(
      `${base}/meetings/${meeting.id}/items`,
      { title: 'Eingeschleust', kind: 'decision' },
      { csrfFrom: base },
    );
    expect(forged.status).toBe(404);
    const dept = await agentOf(fx.users.department.id);
    const read = await dept.get(`${base}/meetings/${meeting.id}`);
    expect(read.status).toBe(200);
    const html = await read.text();
    expect(html).not.toContain(`${item.id}/edit`);
    expect(html).not.toContain('/attendance"');
    expect((await dept.get(`${base}/items/${item.id}/vote`)).status).toBe(403);
    expect((await dept.get(`${base}/meetings/${meeting.id}/attendance`)).status).toBe(403);
    const denied = await dept.post(
      `${base}/items/${item.id}/remove`,
      {},
      { csrfFrom: `${base}/meetings/${meeting.id}` },
    );
    expect(denied.status).toBe(403);
    const view = await meetingFor(fx.sys, ctx.services.db, meeting.id);
    expect(view.items.map((i) => i.title)).toEqual(['Antrag']);
  });
});

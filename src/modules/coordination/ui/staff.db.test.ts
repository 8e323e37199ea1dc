/**
 * The staff screens of coordination over HTTP (both engines): report a need (a refused form keeps
 * every value and names the fields), route it to two departments with their deadlines, answer as
 * the department, escalate; the list puts overdue needs first; department staff get 404 for a need
 * not routed to their department; German and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localToInstant } from '../../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../../test/kit.ts';
import { createBody, scheduleMeeting } from '../../councils/index.ts';
import { needFor, routeNeed } from '../index.ts';
import { coordinationFixture } from '../testing/fixture.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

const as = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

/** A steering round of the district with a meeting in ten days, and a working group with none planned. */
async function withSteering(f: Awaited<ReturnType<typeof coordinationFixture>>) {
  const db = ctx.services.db;
  const steering = await createBody(f.sys, db, {
    name: 'Steuerungsrunde Bezirk',
    kind: 'steering_district',
    areaId: f.district.id,
  });
  const { meetings } = await scheduleMeeting(f.sys, db, steering.id, {
    startsAt: localToInstant(addDays(f.today, 10), '10:00'),
  });
  const quiet = await createBody(f.sys, db, {
    name: 'AG ohne Termin',
    kind: 'working_group',
    areaId: f.district.id,
  });
  return { ...f, steering, meeting: meetings[0], quiet };
}

describe('staff screens of coordination', () => {
  it('report, route to two departments, answer and escalate through the forms', async () => {
    const f = await withSteering(await coordinationFixture(ctx));
    const base = `/staff/${f.tenant.slug}/coordination`;
    const team = await as(f.users.teamA.id);

    // A refused report keeps what was typed and names each missing field.
    await team.get(`${base}/new`);
    expect(team.lastHtml).toContain('Keine personenbezogenen Daten');
    const refused = await team.post(`${base}/new`, {
      title: 'Hausaufgabenhilfe fehlt',
      description: '',
      areaId: f.qmA,
    });
    expect(refused.status).toBe(422);
    const again = await refused.text();
    expect(again).toContain('value="Hausaufgabenhilfe fehlt"');
    expect(again).toContain('href="#description"');
    expect(again).toContain('href="#topic"');
    const made = await team.post(`${base}/new`, {
      title: 'Hausaufgabenhilfe fehlt',
      description: 'Warteliste von 30 Kindern',
      areaId: f.qmA,
      topic: 'education',
      urgency: 'high',
    });
    expect(made.status).toBe(303);
    const needPath = made.headers.get('location')!;
    const needId = needPath.split('/').pop()!;

    // District coordination routes it: a missing deadline is named at its department's field.
    const coord = await as(f.users.coordinator.id);
    await coord.get(needPath);
    expect(coord.lastHtml).toContain('An Fachämter weiterleiten');
    const bad = await coord.post(`${needPath}/route`, {
      departmentIds: [f.departments.youth.id, f.departments.school.id],
      [`deadline-${f.departments.youth.id}`]: addDays(f.today, -2),
      [`deadline-${f.departments.school.id}`]: '',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain(`href="#deadline-${f.departments.school.id}"`);
    expect(badHtml).toContain(`value="${addDays(f.today, -2)}"`);
    const routed = await coord.post(`${needPath}/route`, {
      departmentIds: [f.departments.youth.id, f.departments.school.id],
      [`deadline-${f.departments.youth.id}`]: addDays(f.today, -2),
      [`deadline-${f.departments.school.id}`]: addDays(f.today, 14),
    });
    expect(routed.status).toBe(303);

    // The Schulamt answers on the page.
    const school = await as(f.users.school.id);
    const view = await needFor(f.actors.coordinator, ctx.services.db, needId);
    const atSchool = view.need.routings.find((r) => r.departmentId === f.departments.school.id)!;
    await school.get(needPath);
    const empty = await school.post(`${needPath}/routings/${atSchool.id}/answer`, {
      status: 'answered',
      answer: '',
    });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte die Antwort schreiben.');
    const answered = await school.post(`${needPath}/routings/${atSchool.id}/answer`, {
      status: 'answered',
      answer: 'Zusätzliche Gruppe ab Februar.',
    });
    expect(answered.status).toBe(303);

    // The list shows it first, overdue; the reporter sees the answer.
    const other = await f.report('Bank im Park fehlt');
    void other;
    const list = await (await coord.get(base)).text();
    expect(list.indexOf('Hausaufgabenhilfe fehlt')).toBeLessThan(list.indexOf('Bank im Park fehlt'));
    expect(list).toContain('überfällig');
    expect(await (await team.get(needPath)).text()).toContain('Zusätzliche Gruppe ab Februar.');
    const overdueOnly = await (await coord.get(`${base}?overdue=1`)).text();
    expect(overdueOnly).not.toContain('Bank im Park fehlt');
    // The filtered list as CSV (its link keeps the filter): one row, with the departments.
    expect(overdueOnly).toContain(`href="${base}?overdue=1&amp;format=csv"`);
    const csv = await coord.get(`${base}?overdue=1&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).split('\r\n').filter(Boolean);
    expect(rows[0]).toContain('Tage überfällig');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Hausaufgabenhilfe fehlt;');
    expect(rows[1]).toContain('Jugendamt');
    expect(rows[1]).toContain(`/needs/${needId}`);

    // Escalation onto the steering round's next meeting.
    await coord.get(needPath);
    expect(coord.lastHtml).toContain('In die Steuerungsrunde geben');
    const esc = await coord.post(`${needPath}/escalate`, { bodyId: f.steering.id, date: '', time: '18:00' });
    expect(esc.status).toBe(303);
    const meeting = await (
      await coord.get(`/staff/${f.tenant.slug}/councils/meetings/${f.meeting.id}`)
    ).text();
    expect(meeting).toContain('Bedarfsmeldung ohne Antwort: Hausaufgabenhilfe fehlt');

    // In English.
    expect(await (await coord.get(`${needPath}?lang=en`)).text()).toContain('Routings and answers');
  });

  it('answer 404 to department staff for a need not routed to their department', async () => {
    const f = await coordinationFixture(ctx);
    const need = await f.report();
    await routeNeed(f.actors.coordinator, ctx.services.db, need.id, {
      routes: [{ departmentId: f.departments.youth.id, deadline: addDays(f.today, 7) }],
    });
    const path = `/staff/${f.tenant.slug}/coordination/needs/${need.id}`;
    expect((await (await as(f.users.youth.id)).get(path)).status).toBe(200);
    expect((await (await as(f.users.school.id)).get(path)).status).toBe(404);
    expect((await (await as(f.users.youthB.id)).get(path)).status).toBe(404);
    const list = await (
      await (await as(f.users.school.id)).get(`/staff/${f.tenant.slug}/coordination`)
    ).text();
    expect(list).not.toContain('Hausaufgabenhilfe fehlt');
  });

  it('keep the departments: add one, refuse a name twice', async () => {
    const f = await coordinationFixture(ctx);
    const coord = await as(f.users.coordinator.id);
    const base = `/staff/${f.tenant.slug}/coordination/departments`;
    await coord.get(base);
    expect((await coord.post(base, { name: 'Sozialamt', shortName: 'Soz', areaIds: [f.qmA] })).status).toBe(
      303,
    );
    const twice = await coord.post(base, { name: 'sozialamt' }, { csrfFrom: base });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('Ein Fachamt mit diesem Namen gibt es schon.');
    expect((await (await as(f.users.teamA.id)).get(base)).status).toBe(403);
  });
});

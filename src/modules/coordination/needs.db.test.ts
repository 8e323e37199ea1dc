/**
 * Needs and their routing (COORD-2), both engines: a team reports, district coordination routes to
 * several departments with their own deadlines, each department answers and sets its status, the
 * overall status follows, every change is audited, overdue routings remind and go to a steering
 * round, and department staff see only what is routed to their department in their areas.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/audit/index.ts';
import { ofTenant } from '../../platform/db/index.ts';
import { addDays, localToInstant } from '../../platform/time/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { createBody, meetingFor, scheduleMeeting } from '../councils/index.ts';
import {
  answerRouting,
  escalateNeed,
  escalationTargetsFor,
  listNeedsFor,
  needFor,
  reportNeed,
  routeNeed,
} from './index.ts';
import { coordinationFixture } from './testing/fixture.ts';
import { coordinationInbox } from './use-cases/reminders.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
const db = () => ctx.services.db;

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

describe('reporting a need', () => {
  it('is for the team of the area; another area’s team and department staff are refused', async () => {
    const f = await coordinationFixture(ctx);
    const need = await f.report();
    expect((await needFor(f.actors.teamA, db(), need.id)).need.status).toBe('reported');
    const input = { title: 'x', description: 'y', areaId: f.qmA, topic: 'youth' as const };
    await expect(reportNeed(f.actors.teamB, db(), input)).rejects.toMatchObject({ status: 403 });
    await expect(reportNeed(f.actors.youth, db(), input)).rejects.toMatchObject({ status: 403 });
  });

  it('names every missing field at once', async () => {
    const f = await coordinationFixture(ctx);
    await expect(
      reportNeed(f.actors.teamA, db(), { title: '', description: '', areaId: '', topic: 'x' } as never),
    ).rejects.toMatchObject({
      fields: {
        title: 'validation.required',
        description: 'validation.required',
        areaId: 'validation.choice',
        topic: 'validation.choice',
      },
    });
  });
});

describe('routing', () => {
  it('is district coordination’s: to several departments, each with its own deadline', async () => {
    const f = await coordinationFixture(ctx);
    const need = await f.report();
    await expect(
      routeNeed(f.actors.teamA, db(), need.id, {
        routes: [{ departmentId: f.departments.youth.id, deadline: addDays(f.today, 7) }],
      }),
    ).rejects.toMatchObject({ status: 403 });
    const made = await routeNeed(f.actors.coordinator, db(), need.id, {
      routes: [
        { departmentId: f.departments.youth.id, deadline: addDays(f.today, 7) },
        { departmentId: f.departments.school.id, deadline: addDays(f.today, 21) },
      ],
    });
    expect(made.map((r) => [r.status, r.deadline])).toEqual([
      ['sent', addDays(f.today, 7)],
      ['sent', addDays(f.today, 21)],
    ]);
    expect((await needFor(f.actors.teamA, db(), need.id)).need.status).toBe('sent');
  });

  it('refuses a department that does not work in the area, and a department twice', async () => {
    const f = await coordinationFixture(ctx);
    const need = await f.report();
    await expect(
      routeNeed(f.actors.coordinator, db(), need.id, {
        routes: [
          { departmentId: f.departments.youth.id, deadline: addDays(f.today, 7) },
          { departmentId: f.departments.health.id, deadline: addDays(f.today, 7) },
        ],
      }),
    ).rejects.toMatchObject({
      fields: { 'routes.1.departmentId': 'coordination:errors.departmentNotInArea' },
    });
    await routeNeed(f.actors.coordinator, db(), need.id, {
      routes: [{ departmentId: f.departments.youth.id, deadline: addDays(f.today, 7) }],
    });
    await expect(
      routeNeed(f.actors.coordinator, db(), need.id, {
        routes: [{ departmentId: f.departments.youth.id, deadline: addDays(f.today, 9) }],
      }),
    ).rejects.toMatchObject({ fields: { 'routes.0.departmentId': 'coordination:errors.alreadyRouted' } });
  });
});

describe('department staff', () => {
  it('see a need only when it is routed to their department and lies in their areas', async () => {
    const f = await coordinationFixture(ctx);
    const need = await f.report();
    // Not routed yet: no department sees it.
    await expect(needFor(f.actors.youth, db(), need.id)).rejects.toMatchObject({ status: 404 });
    await routeNeed(f.actors.coordinator, db(), need.id, {
      routes: [{ departmentId: f.departments.youth.id, deadline: addDays(f.today, 7) }],
    });
    expect((await needFor(f.actors.youth, db(), need.id)).need.id).toBe(need.id);
    expect((await listNeedsFor(f.actors.youth, db())).map((n) => n.id)).toEqual([need.id]);
    // Another department, and the same department's staff limited to area B: not found.
    await expect(needFor(f.actors.school, db(), need.id)).rejects.toMatchObject({ status: 404 });
    await expect(needFor(f.actors.youthB, db(), need.id)).rejects.toMatchObject({ status: 404 });
    expect(await listNeedsFor(f.actors.school, db())).toEqual([]);
    expect(await listNeedsFor(f.actors.youthB, db())).toEqual([]);
    // The team of another area and the jury see nothing of it either.
    await expect(needFor(f.actors.teamB, db(), need.id)).rejects.toMatchObject({ status: 404 });
    await expect(needFor(f.actors.jury, db(), need.id)).rejects.toMatchObject({ status: 403 });
  });

  it('answer only their own department’s routing, forward only, with an answer text', async () => {
    const f = await coordinationFixture(ctx);
    const need = await f.report();
    const [atYouth, atSchool] = await routeNeed(f.actors.coordinator, db(), need.id, {
      routes: [
        { departmentId: f.departments.youth.id, deadline: addDays(f.today, 7) },
        { departmentId: f.departments.school.id, deadline: addDays(f.today, 7) },
      ],
    });
    // The Schulamt sees the need (routed to it too) but may not answer for the Jugendamt.
    await expect(
      answerRouting(f.actors.school, db(), atYouth.id, { status: 'in_progress' }),
    ).rejects.toMatchObject({ status: 403 });
    // The area's team reads but does not answer.
    await expect(
      answerRouting(f.actors.teamA, db(), atSchool.id, { status: 'in_progress' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      answerRouting(f.actors.school, db(), atSchool.id, { status: 'answered' }),
    ).rejects.toMatchObject({
      fields: { answer: 'coordination:errors.answerRequired' },
    });
    await answerRouting(f.actors.school, db(), atSchool.id, { status: 'in_progress' });
    expect((await needFor(f.actors.teamA, db(), need.id)).need.status).toBe('in_progress');
    await answerRouting(f.actors.school, db(), atSchool.id, {
      status: 'answered',
      answer: 'Zusätzliche Gruppe ab Februar.',
    });
    await expect(
      answerRouting(f.actors.school, db(), atSchool.id, { status: 'in_progress' }),
    ).rejects.toMatchObject({
      fields: { status: 'coordination:errors.move.answered' },
    });
    await answerRouting(f.actors.youth, db(), atYouth.id, {
      status: 'answered',
      answer: 'Wir fördern zwei Honorarkräfte.',
    });
    const view = await needFor(f.actors.teamA, db(), need.id);
    expect(view.need.status).toBe('answered');
    // The reporter sees both answers.
    expect(view.need.routings.map((r) => r.answer)).toEqual([
      'Wir fördern zwei Honorarkräfte.',
      'Zusätzliche Gruppe ab Februar.',
    ]);
    await answerRouting(f.actors.school, db(), atSchool.id, { status: 'closed' });
    await answerRouting(f.actors.coordinator, db(), atYouth.id, { status: 'closed' });
    expect((await needFor(f.actors.teamA, db(), need.id)).need.status).toBe('closed');
    // Every status change is in the audit log: reported, two routings sent, five changes.
    const entries = await db()
      .select()
      .from(auditLog)
      .where(and(ofTenant(auditLog, f.tenant.id), eq(auditLog.entityType, 'coordination_routing')));
    expect(entries.map((e) => (e.details as { status: string }).status).sort()).toEqual(
      ['sent', 'sent', 'in_progress', 'answered', 'answered', 'closed', 'closed'].sort(),
    );
  });
});

describe('a need routed to two departments, answered by one and overdue at the other', () => {
  it('reminds in the inbox and goes onto a steering round’s agenda', async () => {
    const f = await withSteering(await coordinationFixture(ctx));
    const need = await f.report('Spielplatz gesperrt');
    const [atYouth, atSchool] = await routeNeed(f.actors.coordinator, db(), need.id, {
      routes: [
        { departmentId: f.departments.youth.id, deadline: addDays(f.today, -3) },
        { departmentId: f.departments.school.id, deadline: addDays(f.today, -3) },
      ],
    });
    await answerRouting(f.actors.school, db(), atSchool.id, { status: 'answered', answer: 'Erledigt.' });
    const view = await needFor(f.actors.coordinator, db(), need.id);
    expect(view.need.status).toBe('in_progress');
    expect(view.need.routings.map((r) => [r.id, r.overdue, r.daysOverdue])).toEqual([
      [atYouth.id, true, 3],
      [atSchool.id, false, 0],
    ]);
    expect(view.mayEscalate).toBe(true);

    // Reminders: the coordinator, the area's team and the Jugendamt see the overdue need; not area B.
    const q = { currentAreaId: null, today: f.today, now: new Date() };
    const line = async (who: keyof typeof f.actors, key: string) =>
      (await coordinationInbox(ctx.services, f.actors[who], q)).find((l) => l.key === key)?.count;
    expect(await line('coordinator', 'coordination.overdue')).toBe(1);
    expect(await line('teamA', 'coordination.overdue')).toBe(1);
    expect(await line('youth', 'coordination.overdue')).toBe(1);
    expect(await line('youth', 'coordination.toAnswer')).toBe(1);
    expect(await line('teamB', 'coordination.overdue')).toBe(0);
    expect(await coordinationInbox(ctx.services, f.actors.jury, q)).toEqual([]);
    expect((await listNeedsFor(f.actors.coordinator, db(), { overdue: true })).map((n) => n.id)).toEqual([
      need.id,
    ]);

    // Escalation: only district coordination; a body without a planned meeting needs a date.
    const targets = await escalationTargetsFor(f.actors.coordinator, ctx.services);
    expect(targets.map((b) => [b.name, b.nextMeeting?.id ?? null])).toEqual([
      ['Steuerungsrunde Bezirk', f.meeting.id],
      ['AG ohne Termin', null],
    ]);
    await expect(
      escalateNeed(f.actors.teamA, ctx.services, need.id, { bodyId: f.steering.id }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      escalateNeed(f.actors.coordinator, ctx.services, need.id, { bodyId: f.quiet.id }),
    ).rejects.toMatchObject({
      fields: { date: 'coordination:errors.noNextMeeting' },
    });
    const placed = await escalateNeed(f.actors.coordinator, ctx.services, need.id, { bodyId: f.steering.id });
    expect(placed.meetingId).toBe(f.meeting.id);
    const meeting = await meetingFor(f.actors.coordinator, db(), f.meeting.id);
    const item = meeting.items.find((i) => i.id === placed.itemId)!;
    expect(item.title).toBe('Bedarfsmeldung ohne Antwort: Spielplatz gesperrt');
    expect(item.text).toContain('Jugendamt');
    expect(item.text).not.toContain('Schulamt');
    const after = await needFor(f.actors.coordinator, db(), need.id);
    expect(after.need.routings.find((r) => r.id === atYouth.id)?.escalationItemId).toBe(placed.itemId);
    expect(after.need.routings.find((r) => r.id === atSchool.id)?.escalatedAt).toBeNull();

    // With a date, a body without a planned meeting gets one.
    const other = await escalateNeed(f.actors.coordinator, ctx.services, need.id, {
      bodyId: f.quiet.id,
      date: addDays(f.today, 20),
      time: '17:00',
    });
    expect((await meetingFor(f.actors.coordinator, db(), other.meetingId)).body.id).toBe(f.quiet.id);

    // Once the Jugendamt answers, the reminder clears itself.
    await answerRouting(f.actors.youth, db(), atYouth.id, {
      status: 'answered',
      answer: 'Reparatur beauftragt.',
    });
    expect(await line('coordinator', 'coordination.overdue')).toBe(0);
    await expect(
      escalateNeed(f.actors.coordinator, ctx.services, need.id, { bodyId: f.steering.id }),
    ).rejects.toMatchObject({
      fields: { bodyId: 'coordination:errors.nothingOverdue' },
    });
  });
});

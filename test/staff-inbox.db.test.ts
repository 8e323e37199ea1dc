/**
 * The staff start page as an inbox: what waits for the member, counted by the owning module with
 * the permission and area scope of the list it links to. Opened by a tenant-wide administrator, a
 * team member of one area and department staff; records of the other area, of the whole tenant and
 * of another tenant never count for the team member, and the area switcher narrows the counts.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAreas } from '../src/modules/areas/index.ts';
import { addMember, createBody, scheduleMeeting } from '../src/modules/councils/index.ts';
import { events, registrations } from '../src/modules/events/db/schema.ts';
import { eventInput } from '../src/modules/events/test/fixtures.ts';
import { createEvent } from '../src/modules/events/use-cases/events.ts';
import { bookingRequests, houses, rooms } from '../src/modules/houses/db/schema.ts';
import { networkConcerns, networkTasks } from '../src/modules/network/db/schema.ts';
import { systemActor } from '../src/platform/authz.ts';
import { newId } from '../src/platform/db/index.ts';
import { mailOutbox, queueMail } from '../src/platform/mail/index.ts';
import { addDays, localToInstant, todayLocal } from '../src/platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let tenant: { id: string; slug: string };
let areaA: string;
let areaB: string;
const users: Record<'admin' | 'team' | 'department', string> = { admin: '', team: '', department: '' };

/** A tenant with records waiting in areas A and B and for the whole tenant (see `seed`). */
async function seed(t: { id: string; slug: string }, a: string, b: string, admin: string, team: string) {
  const { db } = ctx.services;
  const today = todayLocal();
  const submission = (areaId: string | null, title: string) =>
    createEvent(db, t.id, eventInput({ areaId, title }), { status: 'pending', source: 'public' });
  // Submissions: two in A, one in B, one for the whole tenant; a published event waits for nobody.
  await submission(a, 'Einreichung A1');
  await submission(a, 'Einreichung A2');
  await submission(b, 'Einreichung B1');
  await submission(null, 'Einreichung Stadt');
  // Waiting lists: two people wait for a coming event in A, one in B; a past event's list is over.
  const full = (areaId: string, title: string, day: string) =>
    createEvent(
      db,
      t.id,
      eventInput({
        areaId,
        title,
        registrationRequired: true,
        capacity: 1,
        startsAt: localToInstant(day, '18:00'),
        endsAt: localToInstant(day, '20:00'),
      }),
      { status: 'published', source: 'staff' },
    );
  const eventA = await full(a, 'Volles Fest A', addDays(today, 5));
  const eventB = await full(b, 'Volles Fest B', addDays(today, 5));
  const pastA = await full(a, 'Vergangenes Fest A', addDays(today, -5));
  const register = (eventId: string, status: 'confirmed' | 'waitlisted', n: number) =>
    db.insert(registrations).values({
      tenantId: t.id,
      id: newId(),
      eventId,
      status,
      name: `Person ${n}`,
      email: `person${n}-${eventId}@example.org`,
      tokenHash: randomBytes(16).toString('hex'),
    });
  await register(eventA.id, 'confirmed', 1);
  await db.update(events).set({ confirmedPlaces: 1 }).where(eq(events.id, eventA.id));
  await register(eventA.id, 'waitlisted', 2);
  await register(eventA.id, 'waitlisted', 3);
  await register(eventB.id, 'waitlisted', 4);
  await register(pastA.id, 'waitlisted', 5);
  // Room requests: one pending in A's house (and one approved), two pending in B's house.
  for (const [areaId, statuses] of [
    [a, ['pending', 'approved']],
    [b, ['pending', 'pending']],
  ] as const) {
    const houseId = newId();
    const roomId = newId();
    await db.insert(houses).values({
      tenantId: t.id,
      id: houseId,
      slug: `haus-${houseId.slice(-6)}`,
      name: 'Haus',
      areaId,
      published: true,
    });
    await db
      .insert(rooms)
      .values({ tenantId: t.id, id: roomId, houseId, slug: 'saal', name: 'Saal', capacity: 20 });
    for (const status of statuses) {
      const startsAt = localToInstant(addDays(today, 10), '10:00');
      await db.insert(bookingRequests).values({
        tenantId: t.id,
        id: newId(),
        houseId,
        roomId,
        status,
        source: 'public',
        requesterName: 'Anfragende',
        requesterEmail: 'anfrage@example.org',
        groupKey: 'gruppe',
        purpose: 'Treffen',
        category: 'meeting',
        participants: 10,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        cancelTokenHash: randomBytes(16).toString('hex'),
        retentionUntil: '2099-12-31',
      });
    }
  }
  // Follow-ups: the administrator's overdue task (another one is due next week), the team member's
  // task due today (and a done one); a concern in A past its follow-up day, a done one in B.
  const task = (assigneeUserId: string, dueOn: string, areaId: string, done = false) =>
    db.insert(networkTasks).values({
      tenantId: t.id,
      id: newId(),
      title: 'Nachfassen',
      dueOn,
      assigneeUserId,
      areaIds: [areaId],
      doneAt: done ? new Date() : null,
    });
  await task(admin, addDays(today, -1), b);
  await task(admin, addDays(today, 7), b);
  await task(team, today, a);
  await task(team, addDays(today, -3), a, true);
  const concern = (areaId: string, status: 'open' | 'done') =>
    db.insert(networkConcerns).values({
      tenantId: t.id,
      id: newId(),
      idempotencyKey: newId(),
      topic: 'housing',
      language: 'de',
      areaId,
      areaIds: [areaId],
      status,
      followUpOn: addDays(today, -2),
      recordedAt: new Date(),
    });
  await concern(a, 'open');
  await concern(b, 'done');
  // Council invitations due and not sent: a meeting in three days of a body in A, one in B and one
  // of a body for the whole tenant (seven days' notice each); a term in B ends in ten days.
  const sys = systemActor(t.id);
  for (const [areaId, name] of [
    [a, 'Rat A'],
    [b, 'Rat B'],
    [null, 'Rat Stadt'],
  ] as const) {
    const body = await createBody(sys, db, { name, kind: 'quartiersrat', areaId, invitationDays: 7 });
    await scheduleMeeting(sys, db, body.id, { startsAt: localToInstant(addDays(today, 3), '18:00') });
    if (areaId === b)
      await addMember(sys, db, body.id, {
        kind: 'resident',
        name: 'Bald Ende',
        termFrom: addDays(today, -300),
        termTo: addDays(today, 10),
      });
  }
  // Mails: two failed, one waiting to be sent.
  for (const n of [1, 2, 3]) {
    const id = await queueMail(db, {
      tenantId: t.id,
      to: `x${n}@example.org`,
      subject: 'Hallo',
      text: 'Text',
    });
    if (n < 3) await db.update(mailOutbox).set({ status: 'failed' }).where(eq(mailOutbox.id, id));
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  const { services } = ctx;
  tenant = await makeTenant(services);
  const d = await upsertAreas(services.db, tenant.id, 'district', [
    { kind: 'district', key: '01', name: 'Mitte' },
  ]);
  const q = await upsertAreas(services.db, tenant.id, 'programme', [
    { kind: 'programme', key: 'QA', name: 'Quartier Alpha', parentId: d.ids.get('01') },
    { kind: 'programme', key: 'QB', name: 'Quartier Beta', parentId: d.ids.get('01') },
  ]);
  areaA = q.ids.get('QA')!;
  areaB = q.ids.get('QB')!;
  users.admin = (await makeUser(services, { tenantId: tenant.id, role: 'admin' })).id;
  users.team = (await makeUser(services, { tenantId: tenant.id, role: 'team', scopeAreaId: areaA })).id;
  users.department = (await makeUser(services, { tenantId: tenant.id, role: 'department' })).id;
  await seed(tenant, areaA, areaB, users.admin, users.team);
  // Another tenant with the same kind of records: none of them may count here.
  const other = await makeTenant(services);
  const od = await upsertAreas(services.db, other.id, 'district', [
    { kind: 'district', key: '01', name: 'Mitte' },
  ]);
  const otherArea = od.ids.get('01')!;
  const otherAdmin = (await makeUser(services, { tenantId: other.id, role: 'admin' })).id;
  await seed(other, otherArea, otherArea, otherAdmin, otherAdmin);
});
afterAll(() => ctx?.close());

const staff = (path: string) => `/staff/${tenant.slug}${path}`;
const as = (who: keyof typeof users) => new Agent(ctx.app).loginAs(ctx.services, users[who]);

/** The inbox lines of the start page: key → { count, href }. */
async function inbox(agent: Agent): Promise<Record<string, { count: number; href: string }>> {
  const res = await agent.get(staff(''));
  expect(res.status).toBe(200);
  const html = await res.text();
  const lines: Record<string, { count: number; href: string }> = {};
  for (const m of html.matchAll(/<li[^>]*data-inbox="([^"]+)" data-count="(\d+)"[^>]*><a href="([^"]+)"/g))
    lines[m[1]] = { count: Number(m[2]), href: m[3].replaceAll('&amp;', '&') };
  return lines;
}

const counts = (lines: Record<string, { count: number }>) =>
  Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, v.count]));

describe('the staff start page says what waits for me', () => {
  it('a tenant-wide administrator counts every area, the whole tenant’s records and the failed mails', async () => {
    const lines = await inbox(await as('admin'));
    expect(counts(lines)).toEqual({
      'events.moderation': 4,
      'events.waitlist': 3,
      'houses.requests': 3,
      'network.followUps': 2,
      'councils.invitationsDue': 3,
      'councils.termsEnding': 1,
      'coordination.overdue': 0,
      'coordination.toRoute': 0,
      'admin.failedMails': 2,
    });
    expect(lines['admin.failedMails'].href).toBe(staff('/admin/outbox?status=failed'));
  });

  it('a team member of area A counts only A: not B, not the whole tenant, no outbox', async () => {
    const lines = await inbox(await as('team'));
    expect(counts(lines)).toEqual({
      'events.moderation': 2,
      'events.waitlist': 2,
      'houses.requests': 1,
      'network.followUps': 2,
      'councils.invitationsDue': 1,
      'councils.termsEnding': 0,
      'coordination.overdue': 0,
    });
  });

  it('department staff have none of this work: no line, no count', async () => {
    const a = await as('department');
    const html = await (await a.get(staff(''))).text();
    expect(html).not.toContain('data-inbox=');
    expect(html).not.toContain('Was auf Sie wartet');
  });

  it('the area switcher narrows the counts of area-bound work to that area', async () => {
    const a = await as('admin');
    await a.get(staff(`/switch-area?area=${areaB}`));
    const lines = await inbox(a);
    expect(counts(lines)).toEqual({
      'events.moderation': 1,
      'events.waitlist': 1,
      'houses.requests': 2,
      // follow-ups are the member's own and the failed mails the tenant's: not bound to the area
      'network.followUps': 2,
      'councils.invitationsDue': 1,
      'councils.termsEnding': 1,
      'coordination.overdue': 0,
      'coordination.toRoute': 0,
      'admin.failedMails': 2,
    });
    expect(await (await a.get(staff(''))).text()).toContain('Gezählt für Quartier Beta');
  });

  it('each line leads to the list that shows exactly what was counted', async () => {
    const a = await as('team');
    const lines = await inbox(a);
    const queue = await (await a.get(lines['events.moderation'].href)).text();
    expect(queue).toContain('Einreichung A1');
    expect(queue).toContain('Einreichung A2');
    expect(queue).not.toContain('Einreichung B1');
    expect(queue).not.toContain('Einreichung Stadt');
    const waiting = await (await a.get(lines['events.waitlist'].href)).text();
    expect(waiting).toContain('Volles Fest A');
    expect(waiting).not.toContain('Volles Fest B');
    expect(waiting).not.toContain('Vergangenes Fest A');
    expect(waiting).not.toContain('Einreichung A1');
    const requests = await (await a.get(lines['houses.requests'].href)).text();
    expect(requests.match(/\/houses\/requests\/[0-9a-f-]{36}"/g)).toHaveLength(1);
    const due = await (await a.get(lines['councils.invitationsDue'].href.replace(/#.*$/, ''))).text();
    expect(due).toContain('Rat A');
    expect(due).not.toContain('Rat B');
    expect(due).not.toContain('Rat Stadt');
    const week = await a.get(lines['network.followUps'].href.replace(/#.*$/, ''));
    expect(week.status).toBe(200);
    const admin = await as('admin');
    const outbox = await (await admin.get((await inbox(admin))['admin.failedMails'].href)).text();
    expect(outbox.match(/\/admin\/outbox\/[0-9a-f-]{36}"/g)).toHaveLength(2);
  });
});

/**
 * Who sees and changes bodies: staff who manage the area, members through their account (closed
 * bodies too), department staff and other readers public bodies only; other areas' staff do not see
 * them at all (404). And tenant isolation through the module's test factory: another tenant's
 * entities are "not found" for every use case, and switching off the tenant condition of a table
 * makes this test find the leak.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakTenantConditionForTest, rows } from '../../platform/db/index.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import {
  addAgendaItem,
  addMember,
  bodyFor,
  castCirculationBallot,
  circulationFor,
  closeCirculation,
  declareConflict,
  endMemberTerm,
  issueCirculationLink,
  listBodiesFor,
  meetingFor,
  membersFor,
  openCirculation,
  recordAttendance,
  recordVote,
  resignMember,
  scheduleMeeting,
  setMeetingStatus,
  updateBody,
  voteFor,
} from './index.ts';
import { createCouncilTestEntities } from './testing/factories.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;
let closed: Awaited<ReturnType<typeof fx.body>>;
let open: Awaited<ReturnType<typeof fx.body>>;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
  // A closed jury in area A with the jury user as member, and a public Quartiersrat in area A.
  closed = await fx.body({ name: 'Aktionsfondsjury A', kind: 'aktionsfondsjury' }, 2, [
    fx.member('Jana', { userId: fx.users.jury.id }),
  ]);
  open = await fx.body({ name: 'Quartiersrat A', kind: 'quartiersrat' }, 2);
});
afterAll(() => ctx?.close());

async function status(call: () => Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call();
    return 'ok';
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

describe('who reads a body', () => {
  it('staff of the area, members with an account, readers of a public body; others are refused', async () => {
    const db = ctx.services.db;
    const read = (who: keyof typeof fx.actors, id: string) => status(() => bodyFor(fx.actors[who], db, id));
    expect(await read('teamA', closed.body.id)).toBe('ok');
    expect(await read('teamDistrict', closed.body.id)).toBe('ok');
    expect(await read('coordinator', closed.body.id)).toBe('ok');
    expect(await read('jury', closed.body.id)).toBe('ok');
    // A jury member of another body, and department staff, do not read a closed jury.
    expect(await read('juryOther', closed.body.id)).toBe(403);
    expect(await read('department', closed.body.id)).toBe(403);
    expect(await read('department', open.body.id)).toBe('ok');
    expect(await read('juryOther', open.body.id)).toBe('ok');
    // The team of another area does not see area A's bodies at all.
    expect(await read('teamB', closed.body.id)).toBe(404);
    expect(await read('teamB', open.body.id)).toBe(404);
  });

  it('a member whose term ended no longer reads the closed body', async () => {
    const db = ctx.services.db;
    const { body, members } = await fx.body({ name: 'Jury ehemalig' }, 1, [
      fx.member('Jo', { userId: fx.users.juryOther.id }),
    ]);
    expect(await status(() => bodyFor(fx.actors.juryOther, db, body.id))).toBe('ok');
    await endMemberTerm(fx.sys, db, members[1].id, { endedOn: fx.since, reason: 'term_ended' });
    expect(await status(() => bodyFor(fx.actors.juryOther, db, body.id))).toBe(403);
  });

  it('lists what each may see', async () => {
    const db = ctx.services.db;
    const names = async (who: keyof typeof fx.actors) =>
      (await listBodiesFor(fx.actors[who], db)).map((b) => b.name).filter((n) => n.endsWith(' A'));
    expect(await names('teamA')).toEqual(['Aktionsfondsjury A', 'Quartiersrat A']);
    expect(await names('jury')).toEqual(['Aktionsfondsjury A', 'Quartiersrat A']);
    expect(await names('juryOther')).toEqual(['Quartiersrat A']);
    expect(await names('department')).toEqual(['Quartiersrat A']);
    expect(await names('teamB')).toEqual([]);
  });

  it('members read meetings of their body; readers of a public body read its public items only', async () => {
    const db = ctx.services.db;
    const meeting = await fx.meeting(open.body.id);
    await addAgendaItem(fx.sys, db, meeting.id, { title: 'Öffentlich', kind: 'discussion' });
    await addAgendaItem(fx.sys, db, meeting.id, {
      title: 'Personalfrage',
      kind: 'discussion',
      public: false,
    });
    const titles = async (who: keyof typeof fx.actors) =>
      (await meetingFor(fx.actors[who], db, meeting.id)).items.map((i) => i.title);
    expect(await titles('teamA')).toEqual(['Öffentlich', 'Personalfrage']);
    expect(await titles('department')).toEqual(['Öffentlich']);
    const closedMeeting = await fx.meeting(closed.body.id);
    expect(await status(() => meetingFor(fx.actors.jury, db, closedMeeting.id))).toBe('ok');
    expect(await status(() => meetingFor(fx.actors.department, db, closedMeeting.id))).toBe(403);
  });
});

describe('who changes a body', () => {
  it('only staff who manage its area; members, department staff and other areas are refused', async () => {
    const db = ctx.services.db;
    const change = (who: keyof typeof fx.actors) =>
      status(() =>
        addMember(fx.actors[who], db, open.body.id, fx.member(`Neu ${who}`, { termFrom: fx.today })),
      );
    expect(await change('teamA')).toBe('ok');
    expect(await change('coordinator')).toBe('ok');
    expect(await change('jury')).toBe(403);
    expect(await change('department')).toBe(403);
    expect(await change('teamB')).toBe(404);
  });

  it('managing another area does not let a member of this body change it', async () => {
    const db = ctx.services.db;
    // Tina manages area B and sits in a jury of area A: she reads it as a member, but may not change it.
    const { body } = await fx.body({ name: 'Jury mit Tina' }, 2, [
      fx.member('Tina', { userId: fx.users.teamB.id }),
    ]);
    expect(await status(() => bodyFor(fx.actors.teamB, db, body.id))).toBe('ok');
    expect(await status(() => addMember(fx.actors.teamB, db, body.id, fx.member('Neu')))).toBe(403);
    expect(await status(() => scheduleMeeting(fx.actors.teamB, db, body.id, { startsAt: fx.at(20) }))).toBe(
      403,
    );
  });

  it('a body for the whole tenant needs a tenant-wide grant; a body goes only into the member’s areas', async () => {
    const db = ctx.services.db;
    const { createBody } = await import('./index.ts');
    expect(await status(() => createBody(fx.actors.teamA, db, { name: 'Für alle', kind: 'free' }))).toBe(403);
    expect(
      await status(() => createBody(fx.actors.teamA, db, { name: 'In B', kind: 'free', areaId: fx.qmB })),
    ).toBe(403);
    expect(
      await status(() => createBody(fx.actors.teamA, db, { name: 'In A', kind: 'free', areaId: fx.qmA })),
    ).toBe('ok');
    expect(await status(() => createBody(fx.actors.admin, db, { name: 'Für alle', kind: 'free' }))).toBe(
      'ok',
    );
    // Moving a body out of one's areas is refused.
    expect(
      await status(() =>
        updateBody(fx.actors.teamA, db, open.body.id, {
          name: open.body.name,
          kind: 'quartiersrat',
          areaId: fx.qmB,
        }),
      ),
    ).toBe(403);
  });

  it('a member records their own conflict of interest, not someone else’s; staff record anyone’s', async () => {
    const db = ctx.services.db;
    const meeting = await fx.meeting(closed.body.id);
    const [item] = await addAgendaItem(fx.sys, db, meeting.id, { title: 'Antrag', kind: 'decision' });
    const jana = closed.members[2];
    expect(
      await status(() => declareConflict(fx.actors.jury, db, { agendaItemId: item.id, memberId: jana.id })),
    ).toBe('ok');
    expect(
      await status(() =>
        declareConflict(fx.actors.jury, db, { agendaItemId: item.id, memberId: closed.members[0].id }),
      ),
    ).toBe(403);
    expect(
      await status(() =>
        declareConflict(fx.actors.teamA, db, { agendaItemId: item.id, memberId: closed.members[0].id }),
      ),
    ).toBe('ok');
    expect(
      await status(() =>
        declareConflict(fx.actors.department, db, { agendaItemId: item.id, memberId: closed.members[1].id }),
      ),
    ).toBe(403);
  });
});

describe('tenant isolation through the test factory', () => {
  /** Tenant B filled by the module's factory; the ids of each of its entities. */
  async function tenantB() {
    const b = await makeTenant(ctx.services);
    const admin = await makeUser(ctx.services, { tenantId: b.id, role: 'admin' });
    await createCouncilTestEntities({
      services: ctx.services,
      tenant: { id: b.id, slug: b.slug },
      marker: 'Geheim-B',
      userId: admin.id,
      params: {},
    });
    const first = async (table: string) =>
      rows<{ id: string }>(
        await ctx.services.db.execute(
          sql`select id from ${sql.identifier(table)} where tenant_id = ${b.id} order by id limit 1`,
        ),
      )[0].id;
    return {
      id: b.id,
      body: await first('councils_bodies'),
      member: await first('councils_members'),
      meeting: await first('councils_meetings'),
      item: await first('councils_agenda_items'),
      vote: await first('councils_votes'),
      circulation: await first('councils_circulations'),
    };
  }

  async function fingerprint(tenantId: string) {
    const tables = [
      'councils_bodies',
      'councils_members',
      'councils_meetings',
      'councils_agenda_items',
      'councils_attendance',
      'councils_conflicts',
      'councils_votes',
      'councils_circulations',
      'councils_circulation_ballots',
      'councils_circulation_links',
    ];
    const out: Record<string, string> = {};
    for (const t of tables) {
      const [r] = rows<{ h: string }>(
        await ctx.services.db.execute(
          sql`select coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as h from ${sql.identifier(t)} x where tenant_id = ${tenantId}`,
        ),
      );
      out[t] = r.h;
    }
    return out;
  }

  /** Every use case of tenant A's administrator, aimed at B's entities: the status of each. */
  async function aimAtB(b: Awaited<ReturnType<typeof tenantB>>) {
    const db = ctx.services.db;
    const a = fx.actors.admin;
    const calls: Record<string, () => Promise<unknown>> = {
      bodyFor: () => bodyFor(a, db, b.body),
      updateBody: () => updateBody(a, db, b.body, { name: 'Übernommen', kind: 'quartiersrat' }),
      membersFor: () => membersFor(a, db, b.body),
      addMember: () => addMember(a, db, b.body, fx.member('Eindringling')),
      endMemberTerm: () => endMemberTerm(a, db, b.member, { endedOn: fx.today, reason: 'removed' }),
      resignMember: () => resignMember(a, db, b.member, { resignedOn: fx.today }),
      scheduleMeeting: () => scheduleMeeting(a, db, b.body, { startsAt: fx.at(20) }),
      setMeetingStatus: () => setMeetingStatus(a, db, b.meeting, { status: 'cancelled' }),
      meetingFor: () => meetingFor(a, db, b.meeting),
      addAgendaItem: () => addAgendaItem(a, db, b.meeting, { title: 'X', kind: 'decision' }),
      recordAttendance: () => recordAttendance(a, db, b.meeting, { entries: [] }),
      declareConflict: () => declareConflict(a, db, { agendaItemId: b.item, memberId: b.member }),
      recordVote: () => recordVote(a, db, b.item, { kind: 'open', counts: { yes: 1, no: 0, abstain: 0 } }),
      voteFor: () => voteFor(a, db, b.vote),
      openCirculation: () =>
        openCirculation(a, db, b.body, { title: 'X', closesAt: new Date(Date.now() + 3_600_000) }),
      issueCirculationLink: () => issueCirculationLink(a, db, b.circulation, b.member),
      castCirculationBallot: () => castCirculationBallot(a, db, b.circulation, { choice: 'yes' }),
      circulationFor: () => circulationFor(a, db, b.circulation),
      closeCirculation: () => closeCirculation(a, db, b.circulation),
    };
    const out: Record<string, number | 'ok'> = {};
    for (const [name, call] of Object.entries(calls)) out[name] = await status(call);
    return out;
  }

  it("another tenant's bodies, members, meetings, items, votes and circulations do not exist for A", async () => {
    const b = await tenantB();
    const before = await fingerprint(b.id);
    const got = await aimAtB(b);
    expect(Object.entries(got).filter(([, s]) => s !== 404)).toEqual([]);
    expect(await fingerprint(b.id)).toEqual(before);
  });

  it('proves itself: without the tenant condition on one table, the leak shows', async () => {
    const b = await tenantB();
    // Each record is reached through its parents (a vote through its item, meeting and body): the
    // conditions of the whole chain go, the record's own table first.
    const chains = {
      bodyFor: ['councils_bodies'],
      meetingFor: ['councils_meetings', 'councils_bodies'],
      voteFor: ['councils_votes', 'councils_agenda_items', 'councils_meetings', 'councils_bodies'],
      circulationFor: ['councils_circulations', 'councils_bodies'],
    } as const;
    for (const [call, tables] of Object.entries(chains)) {
      breakTenantConditionForTest([...tables]);
      try {
        expect(
          (await aimAtB(b))[call],
          `${call} without the tenant condition of ${tables.join(', ')}`,
        ).not.toBe(404);
      } finally {
        breakTenantConditionForTest(null);
      }
      // Only the parents without the record's own table: still not found.
      breakTenantConditionForTest(tables.slice(1));
      try {
        if (tables.length > 1) expect((await aimAtB(b))[call]).toBe(404);
      } finally {
        breakTenantConditionForTest(null);
      }
    }
  });
});

/**
 * Meetings and votes on the database: quorum per agenda item from attendance and declared conflicts
 * of interest, refusal without quorum (nothing stored), ballots by name, ties, and the approval of the
 * last minutes that comes onto the next agenda by itself.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofTenant } from '../../platform/db/index.ts';
import { withParams } from '../../platform/i18n/index.ts';
import { createTestContext, type TestContext } from '../../test/kit.ts';
import { getVenue, networkManifest } from '../network/index.ts';
import { meetings, votes } from './db/schema.ts';
import {
  addAgendaItem,
  declareConflict,
  meetingFor,
  recordAttendance,
  recordVote,
  scheduleMeeting,
  setMeetingStatus,
} from './index.ts';
import { getMeeting, listAgendaItems, listVotes } from './queries.ts';
import { councilsFixture } from './testing/fixture.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof councilsFixture>>;

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await councilsFixture(ctx);
});
afterAll(() => ctx?.close());

async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (err) {
    const e = err as { status?: number; fields?: Record<string, string> };
    return { status: e.status, fields: e.fields };
  }
  return 'not refused';
}

/** A jury of five residents and one advisory member, a meeting yesterday with one decision item. */
async function juryMeeting(over: Parameters<typeof fx.body>[0] = {}) {
  const db = ctx.services.db;
  const { body, members } = await fx.body({ name: `Jury ${Math.random()}`, ...over }, 5, [
    fx.member('Beraterin', { kind: 'administration', role: 'advisory' }),
  ]);
  const meeting = await fx.meeting(body.id);
  const [item] = await addAgendaItem(fx.sys, db, meeting.id, { title: 'Antrag Hoffest', kind: 'decision' });
  const [a, b, c, d, e, adv] = members;
  return { db, body, meeting, item, members, a, b, c, d, e, adv };
}

describe('quorum and conflicts of interest', () => {
  it('counts only members present for the item; a declared conflict leaves the member out of both counts', async () => {
    const { db, meeting, item, a, b, c, d, e, adv } = await juryMeeting();
    await recordAttendance(fx.sys, db, meeting.id, {
      entries: [
        { memberId: a.id, status: 'present' },
        { memberId: b.id, status: 'present' },
        { memberId: c.id, status: 'present' },
        { memberId: d.id, status: 'excused' },
        { memberId: e.id, status: 'absent' },
        { memberId: adv.id, status: 'present' },
      ],
      guests: ['Antragstellerin'],
    });
    // a has a stake in the application: 2 of 4 members with a vote are there, 3 are needed.
    await declareConflict(fx.sys, db, { agendaItemId: item.id, memberId: a.id, note: 'eigener Antrag' });
    const before = await listVotes(db, fx.tenant.id, item.id);
    const r = await refusal(() =>
      recordVote(fx.sys, db, item.id, { kind: 'open', counts: { yes: 2, no: 0, abstain: 0 } }),
    );
    expect(r).toEqual({
      status: 422,
      fields: { quorum: withParams('councils:errors.noQuorum', { present: 2, entitled: 4, needed: 3 }) },
    });
    expect(await listVotes(db, fx.tenant.id, item.id)).toEqual(before);
  });

  it('without the conflict the same attendance is a quorum (3 of 5), and the vote is stored with its counts', async () => {
    const { db, meeting, item, a, b, c, d, e } = await juryMeeting();
    await recordAttendance(fx.sys, db, meeting.id, {
      entries: [
        ...[a, b, c].map((m) => ({ memberId: m.id, status: 'present' as const })),
        ...[d, e].map((m) => ({ memberId: m.id, status: 'excused' as const })),
      ],
    });
    const vote = await recordVote(fx.sys, db, item.id, {
      kind: 'open',
      subject: 'Hoffest Koloniestraße, 480 €',
      counts: { yes: 2, no: 1, abstain: 0 },
      resolution: 'Die Jury bewilligt 480 €.',
    });
    expect(vote).toMatchObject({ result: 'accepted', yes: 2, no: 1, abstain: 0, entitled: 5, quorum: 3 });
    expect([...vote.presentMemberIds].sort()).toEqual([a.id, b.id, c.id].sort());
    expect((await getMeeting(db, fx.tenant.id, meeting.id))?.status).toBe('held');
  });

  it('refuses the ballot of a member with a conflict of interest in a vote by name', async () => {
    const { db, meeting, item, a, b, c, d } = await juryMeeting({ voteByNameRequired: true });
    await recordAttendance(fx.sys, db, meeting.id, {
      entries: [a, b, c, d].map((m) => ({ memberId: m.id, status: 'present' as const })),
    });
    await declareConflict(fx.sys, db, { agendaItemId: item.id, memberId: a.id });
    const ballots = (list: [string, 'yes' | 'no' | 'abstain'][]) =>
      list.map(([memberId, choice]) => ({ memberId, choice }));
    expect(
      await refusal(() =>
        recordVote(fx.sys, db, item.id, {
          kind: 'by_name',
          ballots: ballots([
            [a.id, 'yes'],
            [b.id, 'yes'],
            [c.id, 'no'],
          ]),
        }),
      ),
    ).toMatchObject({ fields: { ballots: 'councils:errors.ballotConflicted' } });
    // The body votes by name: an open vote is refused.
    expect(
      await refusal(() =>
        recordVote(fx.sys, db, item.id, { kind: 'open', counts: { yes: 2, no: 1, abstain: 0 } }),
      ),
    ).toMatchObject({ fields: { kind: 'councils:errors.voteByNameRequired' } });
    const vote = await recordVote(fx.sys, db, item.id, {
      kind: 'by_name',
      ballots: ballots([
        [b.id, 'yes'],
        [c.id, 'no'],
        [d.id, 'yes'],
      ]),
    });
    expect(vote).toMatchObject({ result: 'accepted', yes: 2, no: 1, abstain: 0, entitled: 4 });
    expect(vote.ballots.map((x) => x.memberId).sort()).toEqual([b.id, c.id, d.id].sort());
    // After the vote a conflict can no longer be declared on the item.
    expect(
      await refusal(() => declareConflict(fx.sys, db, { agendaItemId: item.id, memberId: b.id })),
    ).toMatchObject({
      fields: { memberId: 'councils:errors.conflictAfterVote' },
    });
  });

  it('counts late arrivals and early departures by agenda position', async () => {
    const { db, meeting, item, a, b, c, d, e } = await juryMeeting();
    const [second] = await addAgendaItem(fx.sys, db, meeting.id, {
      title: 'Zweiter Antrag',
      kind: 'decision',
    });
    expect([item.position, second.position]).toEqual([1, 2]);
    await recordAttendance(fx.sys, db, meeting.id, {
      entries: [
        { memberId: a.id, status: 'present' },
        { memberId: b.id, status: 'present' },
        { memberId: c.id, status: 'left_early', untilPosition: 1 },
        { memberId: d.id, status: 'late', fromPosition: 2 },
        { memberId: e.id, status: 'excused' },
      ],
    });
    const first = await recordVote(fx.sys, db, item.id, {
      kind: 'open',
      counts: { yes: 3, no: 0, abstain: 0 },
    });
    expect([...first.presentMemberIds].sort()).toEqual([a.id, b.id, c.id].sort());
    const later = await recordVote(fx.sys, db, second.id, {
      kind: 'secret',
      counts: { yes: 1, no: 2, abstain: 0 },
    });
    expect([...later.presentMemberIds].sort()).toEqual([a.id, b.id, d.id].sort());
    expect(later.result).toBe('rejected');
    // Never more votes than members with a vote there.
    expect(
      await refusal(() =>
        recordVote(fx.sys, db, second.id, { kind: 'open', counts: { yes: 3, no: 1, abstain: 0 } }),
      ),
    ).toMatchObject({ fields: { counts: 'councils:errors.moreVotesThanPresent' } });
  });

  it('the database itself refuses a stored vote without quorum', async () => {
    const { db, item } = await juryMeeting();
    await expect(
      db.insert(votes).values({
        tenantId: fx.tenant.id,
        id: '00000000-0000-7000-8000-0000000000a1',
        agendaItemId: item.id,
        kind: 'open',
        yes: 1,
        no: 0,
        abstain: 0,
        entitled: 5,
        presentMemberIds: [],
        quorum: 3,
        result: 'accepted',
      }),
    ).rejects.toThrow();
  });
});

describe('result of a vote', () => {
  const presentAll = async (db: typeof ctx.services.db, meetingId: string, ids: string[]) =>
    recordAttendance(fx.sys, db, meetingId, {
      entries: ids.map((memberId) => ({ memberId, status: 'present' as const })),
    });

  it('a tie is rejected by default', async () => {
    const { db, meeting, item, members } = await juryMeeting();
    await presentAll(
      db,
      meeting.id,
      members.slice(0, 5).map((m) => m.id),
    );
    const vote = await recordVote(fx.sys, db, item.id, {
      kind: 'open',
      counts: { yes: 2, no: 2, abstain: 1 },
    });
    expect(vote).toMatchObject({ result: 'rejected', chairCasting: null });
  });

  it("under the rule 'chair decides' a tie needs the chair's casting vote, which is stored", async () => {
    const { db, meeting, item, members } = await juryMeeting({ tieRule: 'chair_decides' });
    await presentAll(
      db,
      meeting.id,
      members.slice(0, 5).map((m) => m.id),
    );
    expect(
      await refusal(() =>
        recordVote(fx.sys, db, item.id, { kind: 'open', counts: { yes: 2, no: 2, abstain: 1 } }),
      ),
    ).toMatchObject({ fields: { chairCasting: 'councils:errors.castingVoteNeeded' } });
    const vote = await recordVote(fx.sys, db, item.id, {
      kind: 'open',
      counts: { yes: 2, no: 2, abstain: 1 },
      chairCasting: 'yes',
    });
    expect(vote).toMatchObject({ result: 'accepted', chairCasting: 'yes' });
  });

  it('no vote on an item for information, in a cancelled meeting, or before the meeting', async () => {
    const { db, body, meeting, members } = await juryMeeting();
    await presentAll(
      db,
      meeting.id,
      members.slice(0, 5).map((m) => m.id),
    );
    const [info] = await addAgendaItem(fx.sys, db, meeting.id, {
      title: 'Bericht des Teams',
      kind: 'information',
    });
    expect(
      await refusal(() =>
        recordVote(fx.sys, db, info.id, { kind: 'open', counts: { yes: 3, no: 0, abstain: 0 } }),
      ),
    ).toMatchObject({ fields: { kind: 'councils:errors.noVoteOnInformation' } });
    const next = (await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(30) })).meetings[0];
    const [ahead] = await addAgendaItem(fx.sys, db, next.id, { title: 'Antrag', kind: 'decision' });
    expect(
      await refusal(() =>
        recordVote(fx.sys, db, ahead.id, { kind: 'open', counts: { yes: 3, no: 0, abstain: 0 } }),
      ),
    ).toMatchObject({ fields: { kind: 'councils:errors.meetingNotYet' } });
    await setMeetingStatus(fx.sys, db, next.id, { status: 'cancelled', reason: 'Ferien' });
    expect(
      await refusal(() =>
        recordVote(fx.sys, db, ahead.id, { kind: 'open', counts: { yes: 3, no: 0, abstain: 0 } }),
      ),
    ).toMatchObject({ fields: { kind: 'councils:errors.meetingCancelled' } });
  });
});

describe('approval of the last minutes', () => {
  it('comes first on the next agenda by itself, once, and a carried vote approves those minutes', async () => {
    const { db, body, meeting: last, members } = await juryMeeting();
    await recordAttendance(fx.sys, db, last.id, {
      entries: members.slice(0, 5).map((m) => ({ memberId: m.id, status: 'present' as const })),
    });
    await db
      .update(meetings)
      .set({ minutesStatus: 'circulated' })
      .where(and(ofTenant(meetings, fx.tenant.id), eq(meetings.id, last.id)));
    const next = (await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(0, '00:30') })).meetings[0];
    const added = await addAgendaItem(fx.sys, db, next.id, { title: 'Anträge', kind: 'decision' });
    expect(added.map((i) => [i.position, i.kind, i.minutesOf])).toEqual([
      [1, 'approval_of_minutes', last.id],
      [2, 'decision', null],
    ]);
    expect(added[0].title).toMatch(/^Genehmigung des Protokolls der Sitzung vom \d\d\.\d\d\.\d{4}$/);
    await addAgendaItem(fx.sys, db, next.id, { title: 'Verschiedenes', kind: 'discussion' });
    const items = await listAgendaItems(db, fx.tenant.id, next.id);
    expect(items.map((i) => [i.position, i.kind])).toEqual([
      [1, 'approval_of_minutes'],
      [2, 'decision'],
      [3, 'discussion'],
    ]);
    await recordAttendance(fx.sys, db, next.id, {
      entries: members.slice(0, 4).map((m) => ({ memberId: m.id, status: 'present' as const })),
    });
    await recordVote(fx.sys, db, items[0].id, { kind: 'open', counts: { yes: 4, no: 0, abstain: 0 } });
    expect(await getMeeting(db, fx.tenant.id, last.id)).toMatchObject({
      minutesStatus: 'approved',
      minutesApprovedIn: next.id,
    });
  });

  it('puts the approval before items added earlier and keeps late arrivals at their item', async () => {
    const db = ctx.services.db;
    const { body, members } = await fx.body({ name: 'Quartiersrat Protokoll' }, 3);
    const last = await fx.meeting(body.id, 30);
    const next = await fx.meeting(body.id, 1);
    await addAgendaItem(fx.sys, db, next.id, { title: 'Bericht', kind: 'information' });
    await recordAttendance(fx.sys, db, next.id, {
      entries: [{ memberId: members[0].id, status: 'late', fromPosition: 1 }],
    });
    await recordAttendance(fx.sys, db, last.id, { entries: [] });
    await db
      .update(meetings)
      .set({ minutesStatus: 'draft' })
      .where(and(ofTenant(meetings, fx.tenant.id), eq(meetings.id, last.id)));
    await addAgendaItem(fx.sys, db, next.id, { title: 'Beschluss', kind: 'decision' });
    const view = await meetingFor(fx.sys, db, next.id);
    expect(view.items.map((i) => [i.position, i.kind])).toEqual([
      [1, 'approval_of_minutes'],
      [2, 'information'],
      [3, 'decision'],
    ]);
    expect(view.attendance[0]).toMatchObject({ memberId: members[0].id, fromPosition: 2 });
  });

  it('no approval item while the last minutes are approved or not written', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Jury ohne Protokoll' }, 3);
    const last = await fx.meeting(body.id, 30);
    await recordAttendance(fx.sys, db, last.id, { entries: [] });
    const next = await fx.meeting(body.id, 1);
    expect((await addAgendaItem(fx.sys, db, next.id, { title: 'A', kind: 'decision' })).length).toBe(1);
  });
});

describe('meetings', () => {
  it('a monthly series on the same weekday of the month, at a venue of the network', async () => {
    const db = ctx.services.db;
    // A venue of the network module, made by its test factory.
    const made = await networkManifest.testFactory!({
      services: ctx.services,
      tenant: fx.tenant,
      marker: 'Nachbarschaftshaus Prinzenallee',
      userId: fx.users.admin.id,
      params: {},
    });
    const venueId = made['venues/:id'][0].value;
    const venueName = (await getVenue(db, fx.tenant.id, venueId))!.name;
    const { body } = await fx.body({ name: 'Quartiersrat Reihe', kind: 'quartiersrat' }, 0);
    // 2nd Tuesday of a month, 18:00 Berlin time.
    const { meetings: series } = await scheduleMeeting(fx.sys, db, body.id, {
      startsAt: new Date('2030-01-08T17:00:00Z'),
      endsAt: new Date('2030-01-08T19:00:00Z'),
      venueId,
      repeatMonthly: 4,
    });
    expect(series.map((m) => m.startsAt.toISOString())).toEqual([
      '2030-01-08T17:00:00.000Z',
      '2030-02-12T17:00:00.000Z',
      '2030-03-12T17:00:00.000Z',
      '2030-04-09T16:00:00.000Z',
    ]);
    expect(new Set(series.map((m) => m.seriesId)).size).toBe(1);
    expect(venueName).toContain('Nachbarschaftshaus Prinzenallee');
    expect(series.every((m) => m.locationName === venueName && m.public)).toBe(true);
    expect(series[3].endsAt?.toISOString()).toBe('2030-04-09T18:00:00.000Z');
  });

  it('refuses a date far off and says which dates are allowed; a too long title says the limit', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Jury Tippfehler' }, 0);
    const r = await refusal(() =>
      scheduleMeeting(fx.sys, db, body.id, {
        startsAt: new Date('2205-03-02T17:00:00Z'),
        title: 'x'.repeat(201),
      }),
    );
    expect(r).toMatchObject({
      status: 422,
      fields: {
        startsAt: expect.stringMatching(
          /^validation\.dateRange\|\{"min":"\d{4}-\d\d-\d\d","max":"\d{4}-\d\d-\d\d"\}$/,
        ),
        title: withParams('validation.tooLong', { max: 200 }),
      },
    });
  });

  it('warns when the invitation deadline cannot be kept, refuses an unknown venue', async () => {
    const db = ctx.services.db;
    const { body } = await fx.body({ name: 'Jury Frist', invitationDays: 7 }, 0);
    const soon = await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(3) });
    expect(soon.warnings).toEqual([{ message: withParams('councils:warnings.invitationLate', { days: 7 }) }]);
    expect((await scheduleMeeting(fx.sys, db, body.id, { startsAt: fx.at(10) })).warnings).toEqual([]);
    expect(
      await refusal(() =>
        scheduleMeeting(fx.sys, db, body.id, {
          startsAt: fx.at(10),
          venueId: '00000000-0000-7000-8000-0000000000b1',
        }),
      ),
    ).toMatchObject({ fields: { venueId: 'validation.choice' } });
  });
});

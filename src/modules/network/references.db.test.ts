/**
 * People and places a network record names must be the tenant's and the member's: a concern is
 * referred, and a follow-up assigned, only to a member of this tenant who works where the record
 * lies (never to an account of another tenant, whose reminder mail would carry this tenant's
 * entries), and consultation hours and outreach take only venues of the member's areas. Field
 * messages, in the use cases and on the screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/authz.ts';
import { newId } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { addDays, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { principalFor } from '../access/index.ts';
import { upsertAreas } from '../areas/index.ts';
import { networkActors, networkVenues } from './db/schema.ts';
import { type ConcernInput, recordConcern } from './use-cases/concerns.ts';
import { addSlot, createSeries, setException } from './use-cases/consultation.ts';
import { logContact } from './use-cases/contacts.ts';
import { saveOutreach } from './use-cases/outreach.ts';

let ctx: TestContext;
let tenant: { id: string; slug: string };
let qmA: string;
let qmB: string;
let admin: { id: string };
let teamA: { id: string };
let teamB: { id: string };
let stranger: { id: string };
let asTeamA: Actor;
let venueA: { id: string };
let venueB: { id: string };
let foreignVenue: { id: string };
let orgA: { id: string };

async function actorOf(userId: string): Promise<Actor> {
  const principal = (await principalFor(ctx.services.db, tenant.id, userId))!;
  return { principal, policy: ctx.policy, tenantId: tenant.id, userId };
}

/** The field messages a call is refused with ({} when it passes). */
async function fieldsOf(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
    return {};
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.services.db;
  tenant = await makeTenant(ctx.services);
  const ids = (
    await upsertAreas(db, tenant.id, 'programme', [
      { kind: 'programme', key: 'QM-A', name: 'Quartier A' },
      { kind: 'programme', key: 'QM-B', name: 'Quartier B' },
    ])
  ).ids;
  qmA = ids.get('QM-A')!;
  qmB = ids.get('QM-B')!;
  admin = await makeUser(ctx.services, { tenantId: tenant.id, role: 'admin' });
  teamA = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team', scopeAreaId: qmA });
  teamB = await makeUser(ctx.services, { tenantId: tenant.id, role: 'team', scopeAreaId: qmB });
  asTeamA = await actorOf(teamA.id);
  const other = await makeTenant(ctx.services);
  stranger = await makeUser(ctx.services, { tenantId: other.id, role: 'admin', name: 'Fremde Person' });
  const foreignArea = (
    await upsertAreas(db, other.id, 'programme', [{ kind: 'programme', key: 'QM-X', name: 'Quartier X' }])
  ).ids.get('QM-X')!;
  const venue = async (tenantId: string, name: string, areaId: string) =>
    (
      await db
        .insert(networkVenues)
        .values({ tenantId, id: newId(), name, areaId, areaIds: [areaId] })
        .returning()
    )[0];
  venueA = await venue(tenant.id, 'Nachbarschaftshaus A', qmA);
  venueB = await venue(tenant.id, 'Stadtteilladen B', qmB);
  foreignVenue = await venue(other.id, 'Fremder Ort', foreignArea);
  orgA = (
    await db
      .insert(networkActors)
      .values({
        tenantId: tenant.id,
        id: newId(),
        kind: 'organisation',
        name: 'Verein A',
        areaId: qmA,
        areaIds: [qmA],
      })
      .returning()
  )[0];
});
afterAll(() => ctx.close());

const agent = (userId: string) => new Agent(ctx.app).loginAs(ctx.services, userId);

describe('network: who a concern or a follow-up goes to', () => {
  const concern = (referralUserId: string): ConcernInput => ({
    idempotencyKey: newId(),
    topic: 'sgb2',
    language: 'de',
    areaId: qmA,
    referralKind: 'team_member',
    referralUserId,
  });

  it('a concern is referred only to a member of this tenant who works on concerns in its area', async () => {
    const db = ctx.services.db;
    expect(await fieldsOf(recordConcern(asTeamA, db, concern(stranger.id)))).toEqual({
      referralUserId: 'network:errors.referralUserNotMember',
    });
    expect(await fieldsOf(recordConcern(asTeamA, db, concern(teamB.id)))).toEqual({
      referralUserId: 'network:errors.referralUserNotMember',
    });
    expect(await fieldsOf(recordConcern(asTeamA, db, concern(newId())))).toEqual({
      referralUserId: 'network:errors.referralUserNotMember',
    });
    expect(await fieldsOf(recordConcern(asTeamA, db, concern(teamA.id)))).toEqual({});
    expect(await fieldsOf(recordConcern(asTeamA, db, concern(admin.id)))).toEqual({});

    const a = await agent(teamA.id);
    const base = `/staff/${tenant.slug}/network`;
    await a.get(`${base}/concerns/new`);
    const res = await a.post(`${base}/concerns`, {
      idempotencyKey: newId(),
      topic: 'sgb2',
      language: 'de',
      areaId: qmA,
      referralKind: 'team_member',
      referralUserId: stranger.id,
      note: 'Bitte weitergeben',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('An diese Person kann das Anliegen nicht weitergegeben werden');
    expect(html).toContain('Bitte weitergeben');
  });

  it("a follow-up is assigned only to a member of this tenant who works with the actor's areas", async () => {
    const log = (assigneeUserId: string) =>
      fieldsOf(
        logContact(
          ctx.services.db,
          tenant.id,
          orgA.id,
          {
            kind: 'visit',
            happenedAt: new Date(),
            summary: 'Besuch',
            notes: null,
            followUp: { title: 'Nachfassen', dueOn: addDays(todayLocal(), 3), assigneeUserId },
          },
          { userId: teamA.id, name: 'Tom A' },
        ),
      );
    expect(await log(stranger.id)).toEqual({ followUpAssignee: 'network:errors.assigneeNotMember' });
    expect(await log(teamB.id)).toEqual({ followUpAssignee: 'network:errors.assigneeNotMember' });
    expect(await log(teamA.id)).toEqual({});

    const a = await agent(teamA.id);
    const base = `/staff/${tenant.slug}/network`;
    await a.get(`${base}/actors/${orgA.id}`);
    const res = await a.post(`${base}/actors/${orgA.id}/contacts`, {
      kind: 'visit',
      date: todayLocal(),
      summary: 'Besuch im Verein',
      followUpTitle: 'Nachfassen',
      followUpDue: addDays(todayLocal(), 3),
      followUpAssignee: stranger.id,
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Diese Person kann die Wiedervorlage nicht übernehmen');
  });
});

describe('network: venues of consultation hours and outreach', () => {
  it("take only venues of the member's areas and of this tenant", async () => {
    const db = ctx.services.db;
    const series = await createSeries(asTeamA, db, { title: 'Mieterberatung', areaId: qmA });
    const slot = (venueId: string) => ({
      venueId,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      startTime: '10:00',
      endTime: '12:00',
      startsOn: todayLocal(),
    });
    expect(await fieldsOf(addSlot(asTeamA, db, series.id, slot(venueB.id)))).toEqual({
      venueId: 'network:errors.venueNotInScope',
    });
    expect(await fieldsOf(addSlot(asTeamA, db, series.id, slot(foreignVenue.id)))).toEqual({
      venueId: 'validation.choice',
    });
    const ok = await addSlot(asTeamA, db, series.id, slot(venueA.id));
    const tuesday = [...Array(7).keys()]
      .map((n) => addDays(todayLocal(), n + 1))
      .find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 2)!;
    expect(
      await fieldsOf(
        setException(asTeamA, db, series.id, {
          slotId: ok.id,
          date: tuesday,
          status: 'changed',
          venueId: venueB.id,
        }),
      ),
    ).toEqual({ venueId: 'network:errors.venueNotInScope' });

    const outreach = (venueId: string) =>
      fieldsOf(
        saveOutreach(asTeamA, db, {
          areaId: qmA,
          targetGroup: 'young_people',
          place: 'Spielplatz',
          venueId,
          plannedOn: addDays(todayLocal(), 2),
          occasion: 'Sommerferien',
        }),
      );
    expect(await outreach(venueB.id)).toEqual({ venueId: 'network:errors.venueNotInScope' });
    expect(await outreach(foreignVenue.id)).toEqual({ venueId: 'validation.choice' });
    expect(await outreach(venueA.id)).toEqual({});

    const a = await agent(teamA.id);
    const base = `/staff/${tenant.slug}/network/consultation-hours/${series.id}`;
    await a.get(base);
    const res = await a.post(`${base}/slots`, {
      venueId: venueB.id,
      pattern: 'weekly',
      weekday: 'TU',
      startTime: '14:00',
      endTime: '16:00',
      startsOn: todayLocal(),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Dieser Ort gehört zu einem Gebiet, für das Sie nicht zuständig sind');
  });
});

/**
 * Ids a member sends along (an event's venue and organiser, an issue's area, news and events) must
 * name records of their tenant and of their areas: a team member of area A cannot attach area B's
 * or another tenant's venue or organisation to an event, and a newsletter carries only this
 * tenant's published items. The answer is a message at the field — in the use cases, on the
 * screens and in the API. (Referrals, follow-ups and venues inside the network module:
 * src/modules/network/references.db.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFor } from '../src/modules/access/index.ts';
import { upsertAreas } from '../src/modules/areas/index.ts';
import { createStaffEvent, saveStaffEvent } from '../src/modules/events/index.ts';
import { eventInput, eventsFixture } from '../src/modules/events/test/fixtures.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { networkActors, networkVenues } from '../src/modules/network/db/schema.ts';
import { createIssue, type IssueInput } from '../src/modules/newsletters/use-cases/issues.ts';
import { createPost } from '../src/modules/website/index.ts';
import { type Actor, systemActor } from '../src/platform/authz.ts';
import { newId } from '../src/platform/db/index.ts';
import { ValidationError } from '../src/platform/http/errors.ts';
import { addDays, todayLocal } from '../src/platform/time/index.ts';
import { createTestContext, makeTenant, type TestContext } from '../src/test/kit.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
let asTeamA: Actor;
let venueA: { id: string };
let venueB: { id: string };
let foreignVenue: { id: string };
let orgA: { id: string };
let orgB: { id: string };
let foreignArea: string;

async function actorOf(userId: string): Promise<Actor> {
  const principal = (await principalFor(ctx.services.db, fx.tenant.id, userId))!;
  return { principal, policy: ctx.policy, tenantId: fx.tenant.id, userId };
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
  fx = await eventsFixture(ctx);
  const db = ctx.services.db;
  const t = fx.tenant.id;
  asTeamA = await actorOf(fx.teamA.id);
  // Venues and organisations as the network module stores them: their area with its ancestors.
  const venue = async (tenantId: string, name: string, areaIds: string[]) =>
    (
      await db
        .insert(networkVenues)
        .values({ tenantId, id: newId(), name, areaId: areaIds[0], areaIds })
        .returning()
    )[0];
  const organisation = async (name: string, areaIds: string[]) =>
    (
      await db
        .insert(networkActors)
        .values({ tenantId: t, id: newId(), kind: 'organisation', name, areaId: areaIds[0], areaIds })
        .returning()
    )[0];
  venueA = await venue(t, 'Nachbarschaftshaus A', [fx.qmA, fx.district.id]);
  venueB = await venue(t, 'Stadtteilladen B', [fx.qmB, fx.district.id]);
  orgA = await organisation('Verein A', [fx.qmA, fx.district.id]);
  orgB = await organisation('Verein B', [fx.qmB, fx.district.id]);
  // Another tenant with its own area and venue.
  const other = await makeTenant(ctx.services);
  foreignArea = (
    await upsertAreas(db, other.id, 'programme', [{ kind: 'programme', key: 'QM-X', name: 'Quartier X' }])
  ).ids.get('QM-X')!;
  foreignVenue = await venue(other.id, 'Fremder Ort', [foreignArea]);
});
afterAll(() => ctx.close());

describe('events: venue and organiser', () => {
  it("a team member cannot attach another area's or another tenant's venue or organisation", async () => {
    const db = ctx.services.db;
    expect(
      await fieldsOf(
        createStaffEvent(asTeamA, db, eventInput({ areaId: fx.qmA, venueId: venueB.id }), { publish: true }),
      ),
    ).toEqual({
      venueId: 'network:errors.venueNotInScope',
    });
    expect(
      await fieldsOf(
        createStaffEvent(asTeamA, db, eventInput({ areaId: fx.qmA, organiserActorId: orgB.id }), {
          publish: true,
        }),
      ),
    ).toEqual({ organiserActorId: 'network:errors.organisationNotInScope' });
    expect(
      await fieldsOf(
        createStaffEvent(asTeamA, db, eventInput({ areaId: fx.qmA, venueId: foreignVenue.id }), {
          publish: true,
        }),
      ),
    ).toEqual({ venueId: 'validation.choice' });
    // Their own area's venue and organisation are fine.
    const ok = await createStaffEvent(
      asTeamA,
      db,
      eventInput({ areaId: fx.qmA, venueId: venueA.id, organiserActorId: orgA.id }),
      { publish: true },
    );
    expect(ok).toMatchObject({
      venueId: venueA.id,
      organiserActorId: orgA.id,
      locationName: 'Nachbarschaftshaus A',
    });
    // Changing an event to area B's venue is refused; one an administrator put there may stay.
    const tenant = { id: fx.tenant.id, slug: fx.tenant.slug, name: fx.tenant.name, settings: {} };
    expect(
      await fieldsOf(
        saveStaffEvent(
          asTeamA,
          ctx.services,
          tenant,
          ok.id,
          eventInput({ areaId: fx.qmA, venueId: venueB.id }),
        ),
      ),
    ).toEqual({ venueId: 'network:errors.venueNotInScope' });
    const byAdmin = await createStaffEvent(
      systemActor(fx.tenant.id),
      db,
      eventInput({ areaId: fx.qmA, venueId: venueB.id }),
      { publish: true },
    );
    const kept = await saveStaffEvent(
      asTeamA,
      ctx.services,
      tenant,
      byAdmin.id,
      eventInput({ areaId: fx.qmA, venueId: venueB.id, title: 'Neuer Titel' }),
    );
    expect(kept).toMatchObject({ venueId: venueB.id, title: 'Neuer Titel' });
  });

  it('the staff form offers only their venues and says at the field why another is refused', async () => {
    const a = await fx.agent(fx.teamA.id);
    const base = `/staff/${fx.tenant.slug}/events`;
    const page = await (await a.get(`${base}/new`)).text();
    const venues = /<select[^>]*name="venueId"[\s\S]*?<\/select>/.exec(page)?.[0] ?? '';
    expect(venues).toContain(venueA.id);
    expect(venues).not.toContain(venueB.id);
    const res = await a.post(`${base}/new`, {
      title: 'Hoffest mit fremdem Ort',
      kind: 'event',
      date: addDays(todayLocal(), 7),
      startTime: '15:00',
      endTime: '18:00',
      areaId: fx.qmA,
      venueId: venueB.id,
      organiserActorId: orgB.id,
      locationName: 'Hof',
      cost: 'free',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Dieser Ort gehört zu einem Gebiet, für das Sie nicht zuständig sind');
    expect(html).toContain('Diese Organisation gehört zu einem Gebiet, für das Sie nicht zuständig sind');
    expect(html).toContain('value="Hoffest mit fremdem Ort"');
  });

  it('the API answers 422 with the field, in the caller’s language', async () => {
    const token = (await createApiToken(ctx.services.db, fx.tenant.id, fx.teamA.id, 'A')).token;
    const res = await ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'accept-language': 'en',
      },
      body: JSON.stringify({
        title: 'Konzert',
        date: addDays(todayLocal(), 9),
        startTime: '18:00',
        endTime: '20:00',
        areaId: fx.qmA,
        locationName: 'Hof',
        venueId: venueB.id,
      }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.fields.venueId).toBe(
      'This venue belongs to an area you are not responsible for. Please choose a venue of your areas.',
    );
  });
});

describe('newsletters: what an issue carries', () => {
  it("an issue's area, news and events must be this tenant's and published", async () => {
    const db = ctx.services.db;
    const sys = systemActor(fx.tenant.id);
    const input = (over: Partial<IssueInput> = {}): IssueInput => ({
      subject: 'Kiezpost',
      introHtml: '<p>Hallo</p>',
      lang: 'de',
      segmentLangs: [],
      areaId: fx.qmA,
      topic: null,
      postIds: [],
      eventIds: [],
      ...over,
    });
    const draft = await createPost(
      sys,
      db,
      { areaId: fx.qmA, slug: '', topics: [] },
      { lang: 'de', title: 'Entwurf', summary: '', bodyHtml: '<p>noch nicht</p>' },
    );
    const foreignEvent = await createStaffEvent(
      systemActor((await makeTenant(ctx.services)).id),
      db,
      eventInput({ title: 'Fremd' }),
      { publish: true },
    );
    expect(await fieldsOf(createIssue(sys, db, input({ areaId: foreignArea })))).toEqual({
      areaId: 'validation.choice',
    });
    expect(await fieldsOf(createIssue(sys, db, input({ postIds: [draft.id] })))).toEqual({
      postIds: 'newsletters:errors.postUnknown',
    });
    expect(await fieldsOf(createIssue(sys, db, input({ eventIds: [foreignEvent.id] })))).toEqual({
      eventIds: 'newsletters:errors.eventUnknown',
    });
    expect(await fieldsOf(createIssue(sys, db, input()))).toEqual({});
  });
});

/**
 * The allocation rule of registrations (README, invariant 3): after every change — a registration, a
 * cancellation, a new capacity, a date of a series — the waiting list is walked in order and every
 * group that fits in the free places is confirmed; a larger group that does not fit keeps its place
 * but does not hold up smaller ones. So nobody who fits waits while places are free, and the public
 * page's "Noch n Plätze frei" is what a person asking for up to n gets.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/authz.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { events, occurrencePlaces, registrations } from './db/schema.ts';
import { repeatToRrule } from './domain/recurrence.ts';
import { eventInput, eventsFixture, publishEvent } from './test/fixtures.ts';
import { saveStaffEvent } from './use-cases/manage.ts';
import { cancelRegistration, register, upcomingDates } from './use-cases/registrations.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());

const tenant = () => ({ id: fx.tenant.id, slug: fx.tenant.slug, name: fx.tenant.name, settings: {} });
let n = 0;
/** A new person asking for `places` (a unique address each time). */
const person = (name: string, places: number, date: string | null = null) => ({
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '-')}-${++n}@example.org`,
  phone: '',
  places,
  lang: 'de',
  date,
});

/** Who is confirmed and who waits, by name, in the order they registered (for one date, or the whole event). */
async function state(eventId: string, date: string | null = null) {
  const list = await ctx.services.db
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.tenantId, fx.tenant.id),
        eq(registrations.eventId, eventId),
        date ? eq(registrations.occurrenceDate, date) : undefined,
      ),
    )
    .orderBy(asc(registrations.id));
  const [counter] = date
    ? await ctx.services.db
        .select({ capacity: occurrencePlaces.capacity, confirmed: occurrencePlaces.confirmedPlaces })
        .from(occurrencePlaces)
        .where(
          and(
            eq(occurrencePlaces.tenantId, fx.tenant.id),
            eq(occurrencePlaces.eventId, eventId),
            eq(occurrencePlaces.occurrenceDate, date),
          ),
        )
    : await ctx.services.db
        .select({ capacity: events.capacity, confirmed: events.confirmedPlaces })
        .from(events)
        .where(and(eq(events.tenantId, fx.tenant.id), eq(events.id, eventId)));
  const confirmed = list.filter((r) => r.status === 'confirmed');
  const waiting = list.filter((r) => r.status === 'waitlisted');
  return {
    confirmed: confirmed.map((r) => r.name),
    waiting: waiting.map((r) => r.name),
    /** Places confirmed by the registrations themselves (must equal the counter). */
    places: confirmed.reduce((s, r) => s + r.places, 0),
    counter: counter.confirmed,
    free: (counter.capacity ?? 0) - counter.confirmed,
    /** Waiting groups that would fit in the free places: the rule says there are none. */
    waitingWhoFit: waiting.filter((r) => r.places <= (counter.capacity ?? 0) - counter.confirmed).length,
  };
}

const placesEvent = (title: string, capacity: number) =>
  publishEvent(ctx.services, fx.tenant.id, { title, registrationRequired: true, capacity });

const page = async (eventId: string, lang = 'de') =>
  (await new Agent(ctx.app).get(`/${fx.tenant.slug}/events/${eventId}?lang=${lang}`)).text();

const subjectsTo = async (email: string) =>
  (
    await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, email)))
  ).map((m) => m.subject);

describe('free places are given to whoever fits, in order', () => {
  it('capacity 5: A asks 3 → confirmed, B asks 3 → waits, C asks 1 → confirmed; the page says what is true', async () => {
    const e = await placesEvent('Nähkurs', 5);
    const a = await register(ctx.services, tenant(), e.id, person('A', 3));
    const b = await register(ctx.services, tenant(), e.id, person('B', 3));
    const c = await register(ctx.services, tenant(), e.id, person('C', 1));
    expect([a, b, c].map((r) => r.registration.status)).toEqual(['confirmed', 'waitlisted', 'confirmed']);
    expect(await state(e.id)).toMatchObject({
      confirmed: ['A', 'C'],
      waiting: ['B'],
      free: 1,
      waitingWhoFit: 0,
    });

    // One place is free, and B — who needs three — waits: both are said.
    const html = await page(e.id);
    expect(html).toContain(
      'Noch 1 Platz frei. Auf der Warteliste steht 1 Anmeldung, für die das nicht reicht.',
    );
    expect(await page(e.id, 'en')).toContain(
      '1 place left. 1 registration on the waiting list needs more places than that.',
    );
    // A person asking for that one place gets it.
    const d = await register(ctx.services, tenant(), e.id, person('D', 1));
    expect(d.registration.status).toBe('confirmed');
    expect(await state(e.id)).toMatchObject({ confirmed: ['A', 'C', 'D'], waiting: ['B'], free: 0 });
    expect(await page(e.id)).toContain('Alle Plätze sind belegt.');
    expect(await page(e.id)).toContain('1 Anmeldung wartet schon.');
  });

  it('a cancellation moves up every small group that fits, past a larger one, and tells each by e-mail', async () => {
    const e = await placesEvent('Stadtteilrundgang', 6);
    await register(ctx.services, tenant(), e.id, person('A', 3));
    await register(ctx.services, tenant(), e.id, person('B', 3));
    const big = await register(ctx.services, tenant(), e.id, person('Big', 4));
    const s1 = await register(ctx.services, tenant(), e.id, person('Small1', 1));
    const s2 = await register(ctx.services, tenant(), e.id, person('Small2', 2));
    const s3 = await register(ctx.services, tenant(), e.id, person('Small3', 1));
    expect(await state(e.id)).toMatchObject({ waiting: ['Big', 'Small1', 'Small2', 'Small3'], free: 0 });

    const a = (await state(e.id)).confirmed.indexOf('A');
    expect(a).toBe(0);
    const [first] = await ctx.services.db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, e.id), eq(registrations.name, 'A')));
    const r = await cancelRegistration(ctx.services, tenant(), first.id);
    // Three places free: Big (4) does not fit, Small1 (1) and Small2 (2) do; then none is left for Small3.
    expect(r.promoted).toBe(2);
    expect(await state(e.id)).toMatchObject({
      confirmed: ['B', 'Small1', 'Small2'],
      waiting: ['Big', 'Small3'],
      places: 6,
      counter: 6,
      free: 0,
    });
    for (const x of [s1, s2]) {
      expect(await subjectsTo(x.registration.email)).toEqual(
        expect.arrayContaining([expect.stringContaining('Ein Platz ist frei')]),
      );
    }
    for (const x of [big, s3])
      expect(await subjectsTo(x.registration.email)).not.toEqual(
        expect.arrayContaining([expect.stringContaining('Ein Platz ist frei')]),
      );
  });

  it('a higher capacity confirms everyone waiting who now fits, in order', async () => {
    const e = await placesEvent('Erzählcafé', 2);
    await register(ctx.services, tenant(), e.id, person('A', 2));
    await register(ctx.services, tenant(), e.id, person('B', 4));
    await register(ctx.services, tenant(), e.id, person('C', 2));
    await register(ctx.services, tenant(), e.id, person('D', 1));
    expect(await state(e.id)).toMatchObject({ confirmed: ['A'], waiting: ['B', 'C', 'D'] });

    await saveStaffEvent(
      systemActor(fx.tenant.id),
      ctx.services,
      tenant(),
      e.id,
      eventInput({
        title: 'Erzählcafé',
        registrationRequired: true,
        capacity: 5,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
      }),
    );
    // Three more places: B (4) does not fit, C (2) and D (1) do.
    expect(await state(e.id)).toMatchObject({
      confirmed: ['A', 'C', 'D'],
      waiting: ['B'],
      free: 0,
      places: 5,
      counter: 5,
    });
  });

  it('the same rule per date of a series: a small group is confirmed past a larger one, a cancellation moves up within the date', async () => {
    const day = addDays(todayLocal(), 5);
    const startsAt = localToInstant(day, '18:00');
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Sprachtreff',
      startsAt,
      endsAt: localToInstant(day, '20:00'),
      rrule: repeatToRrule('weekly', startsAt),
      repeatUntil: addDays(day, 84),
      registrationRequired: true,
      capacity: 5,
    });
    const [d1, d2] = upcomingDates(e).map((o) => o.date);
    const a = await register(ctx.services, tenant(), e.id, person('A', 3, d1));
    await register(ctx.services, tenant(), e.id, person('B', 3, d1));
    const c = await register(ctx.services, tenant(), e.id, person('C', 1, d1));
    await register(ctx.services, tenant(), e.id, person('Other', 1, d2));
    expect(c.registration.status).toBe('confirmed');
    expect(await state(e.id, d1)).toMatchObject({ confirmed: ['A', 'C'], waiting: ['B'], free: 1 });
    expect(await page(e.id)).toContain(
      'Noch 1 Platz frei. Auf der Warteliste steht 1 Anmeldung, für die das nicht reicht.',
    );

    await cancelRegistration(ctx.services, tenant(), a.registration.id);
    expect(await state(e.id, d1)).toMatchObject({ confirmed: ['B', 'C'], waiting: [], free: 1 });
    expect(await state(e.id, d2)).toMatchObject({ confirmed: ['Other'], free: 4 });
  });

  // On PGlite (one connection) the registrations run one after another and the rule is checked as
  // such; on PostgreSQL (project pg) they truly race.
  it('many registrations and cancellations at the same moment end with nobody waiting who fits in a free place', async () => {
    const e = await placesEvent('Ansturm in Gruppen', 5);
    // Two places free while a group of three waits: then thirty people press the button at once.
    await register(ctx.services, tenant(), e.id, person('First', 3));
    await register(ctx.services, tenant(), e.id, person('Three', 3));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        register(ctx.services, tenant(), e.id, person(`G${i}`, i < 20 ? 1 : 2 + (i % 3))),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    let s = await state(e.id);
    expect(s.counter).toBe(s.places);
    expect(s.places).toBeLessThanOrEqual(5);
    expect(s.waitingWhoFit).toBe(0);
    // Twenty asked for one place: the five places are all given out.
    expect(s.free).toBe(0);

    const confirmed = await ctx.services.db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, e.id), eq(registrations.status, 'confirmed')));
    await Promise.all([
      ...confirmed.slice(0, 2).map((r) => cancelRegistration(ctx.services, tenant(), r.id)),
      ...Array.from({ length: 20 }, (_, i) =>
        register(ctx.services, tenant(), e.id, person(`H${i}`, 1 + (i % 3))),
      ),
    ]);
    s = await state(e.id);
    expect(s.counter).toBe(s.places);
    expect(s.places).toBeLessThanOrEqual(5);
    expect(s.waitingWhoFit).toBe(0);
    expect(s.free).toBe(0);
  });

  it('per date, at the same moment: nobody waits who fits in a free place of that date', async () => {
    const day = addDays(todayLocal(), 6);
    const startsAt = localToInstant(day, '10:00');
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Ansturm je Termin',
      startsAt,
      endsAt: localToInstant(day, '12:00'),
      rrule: repeatToRrule('weekly', startsAt),
      repeatUntil: addDays(day, 28),
      registrationRequired: true,
      capacity: 5,
    });
    const [d1, d2] = upcomingDates(e).map((o) => o.date);
    for (const d of [d1, d2]) {
      await register(ctx.services, tenant(), e.id, person('First', 3, d));
      await register(ctx.services, tenant(), e.id, person('Three', 3, d));
    }
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        register(ctx.services, tenant(), e.id, person(`P${i}`, i < 30 ? 1 : 2 + (i % 3), i % 2 ? d1 : d2)),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    for (const d of [d1, d2]) {
      const s = await state(e.id, d);
      expect(s.counter).toBe(s.places);
      expect(s.places).toBeLessThanOrEqual(5);
      expect(s.waitingWhoFit).toBe(0);
      expect(s.free).toBe(0);
    }
  });
});

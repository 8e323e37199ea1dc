import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays, formatDate, localDate, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { Agent, createTestContext, type TestContext } from '../../test/kit.ts';
import { events, registrations } from './db/schema.ts';
import { repeatToRrule } from './domain/recurrence.ts';
import { eventsFixture, publishEvent } from './test/fixtures.ts';
import { schemaProblems } from './test/schemaorg.ts';
import { type Event, getEvent } from './use-cases/events.ts';
import { dataVersion } from './use-cases/listing.ts';
import {
  cancelRegistration,
  deleteExpiredPersonalData,
  register,
  sendReminders,
  upcomingDates,
} from './use-cases/registrations.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
beforeAll(async () => {
  ctx = await createTestContext({ config: { trustProxy: true } });
  fx = await eventsFixture(ctx);
});
afterAll(() => ctx.close());

const tenant = () => ({ id: fx.tenant.id, slug: fx.tenant.slug, name: fx.tenant.name, settings: {} });
const person = (n: number, date: string | null, places = 1) => ({
  name: `Person ${n}`,
  email: `d${n}@example.org`,
  phone: '',
  places,
  lang: 'de',
  date,
});

/** A weekly series (first date in 5 days, 18:00–20:00 Berlin) registered per date. */
async function weekly(title: string, over: Partial<Parameters<typeof publishEvent>[2]> = {}) {
  const day = addDays(todayLocal(), 5);
  const startsAt = localToInstant(day, '18:00');
  return publishEvent(ctx.services, fx.tenant.id, {
    title,
    startsAt,
    endsAt: localToInstant(day, '20:00'),
    rrule: repeatToRrule('weekly', startsAt),
    repeatUntil: addDays(day, 84),
    registrationRequired: true,
    capacity: 2,
    ...over,
  });
}

async function statusOf(email: string, eventId: string) {
  return (
    await ctx.services.db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.email, email)))
  ).map((r) => ({ date: r.occurrenceDate, status: r.status }));
}

/** Per date: the race-proof counter, the confirmed places of the registrations, the capacity copy. */
async function dateCounts(eventId: string, date: string) {
  const [r] = rows<{ counter: number | null; confirmed: number; waiting: number; capacity: number | null }>(
    await ctx.services.db.execute(sql`
      select
        (select confirmed_places from events_occurrence_places where tenant_id = ${fx.tenant.id} and event_id = ${eventId} and occurrence_date = ${date}::date) as counter,
        (select capacity from events_occurrence_places where tenant_id = ${fx.tenant.id} and event_id = ${eventId} and occurrence_date = ${date}::date) as capacity,
        (select coalesce(sum(places), 0)::int from events_registrations where tenant_id = ${fx.tenant.id} and event_id = ${eventId} and occurrence_date = ${date}::date and status = 'confirmed') as confirmed,
        (select count(*)::int from events_registrations where tenant_id = ${fx.tenant.id} and event_id = ${eventId} and occurrence_date = ${date}::date and status = 'waitlisted') as waiting`),
  );
  return {
    counter: r.counter === null ? null : Number(r.counter),
    confirmed: Number(r.confirmed),
    waiting: Number(r.waiting),
    capacity: r.capacity === null ? null : Number(r.capacity),
  };
}

/** The <input …> tag of a page that has the given attribute. */
const inputWith = (html: string, attr: string): string =>
  html.match(/<input[^>]*>/g)?.find((tag) => tag.includes(attr)) ?? '';

const mailsTo = async (to: string) =>
  ctx.services.db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, to)));

describe('registration for single dates of a series', () => {
  it('new series are registered per date; one-off events always as a whole', async () => {
    const e = await weekly('Modus-Test');
    expect(e.registrationMode).toBe('per_date');
    const single = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Einmalig',
      registrationRequired: true,
      capacity: 3,
      registrationMode: 'per_date',
    });
    expect(single.registrationMode).toBe('series');
    const course = await weekly('Kurs', { registrationMode: 'series' });
    expect(course.registrationMode).toBe('series');
    // A course is registered as a whole: no date is stored, whatever is sent.
    const r = await register(ctx.services, tenant(), course.id, person(1, upcomingDates(course)[1].date));
    expect(r.registration.occurrenceDate).toBeNull();
    expect((await getEvent(ctx.services.db, fx.tenant.id, course.id))!.confirmedPlaces).toBe(1);
  });

  it('counts capacity per date; the waiting list moves up within the same date only', async () => {
    const e = await weekly('Frühstück');
    const [d1, d2] = upcomingDates(e).map((o) => o.date);
    const r1 = [
      await register(ctx.services, tenant(), e.id, person(10, d1)),
      await register(ctx.services, tenant(), e.id, person(11, d1)),
      await register(ctx.services, tenant(), e.id, person(12, d1)),
    ];
    expect(r1.map((r) => r.registration.status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect(r1[2].position).toBe(1);
    // The second date has its own places and its own waiting list.
    const r2 = [
      await register(ctx.services, tenant(), e.id, person(13, d2)),
      await register(ctx.services, tenant(), e.id, person(14, d2)),
      await register(ctx.services, tenant(), e.id, person(15, d2)),
      await register(ctx.services, tenant(), e.id, person(16, d2)),
    ];
    expect(r2.map((r) => r.registration.status)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    expect(r2[3].position).toBe(2);
    expect(await dateCounts(e.id, d1)).toEqual({ counter: 2, confirmed: 2, waiting: 1, capacity: 2 });
    expect(await dateCounts(e.id, d2)).toEqual({ counter: 2, confirmed: 2, waiting: 2, capacity: 2 });
    // The event's own counter is not used for dates.
    expect((await getEvent(ctx.services.db, fx.tenant.id, e.id))!.confirmedPlaces).toBe(0);

    const c = await cancelRegistration(ctx.services, tenant(), r1[1].registration.id);
    expect(c.promoted).toBe(1);
    expect(await statusOf('d12@example.org', e.id)).toEqual([{ date: d1, status: 'confirmed' }]);
    expect(await statusOf('d15@example.org', e.id)).toEqual([{ date: d2, status: 'waitlisted' }]);
    expect(await dateCounts(e.id, d1)).toEqual({ counter: 2, confirmed: 2, waiting: 0, capacity: 2 });
    expect(await dateCounts(e.id, d2)).toEqual({ counter: 2, confirmed: 2, waiting: 2, capacity: 2 });
    // The mail to the person moving up names their date.
    const promoted = (await mailsTo('d12@example.org')).find((m) =>
      m.subject.includes('Ein Platz ist frei'),
    )!;
    const dayText = formatDate(localToInstant(d1, '18:00'), 'de');
    expect(promoted.subject).toContain(dayText);
    expect(promoted.text).toContain(dayText);
    const ics = Buffer.from(promoted.attachments[0].content, 'base64').toString();
    expect(ics).toContain(`DTSTART;TZID=Europe/Berlin:${d1.replace(/-/g, '')}T180000`);
    expect(ics.slice(ics.indexOf('BEGIN:VEVENT'))).not.toContain('RRULE');
  });

  it('one address per date: the same date is refused, another date is fine', async () => {
    const e = await weekly('Nähcafé', { capacity: 5 });
    const [d1, d2] = upcomingDates(e).map((o) => o.date);
    await register(ctx.services, tenant(), e.id, person(20, d1));
    await expect(
      register(ctx.services, tenant(), e.id, { ...person(20, d1), email: ' D20@example.org ' }),
    ).rejects.toMatchObject({ code: 'registration_duplicate' });
    const other = await register(ctx.services, tenant(), e.id, person(20, d2));
    expect(other.registration.status).toBe('confirmed');
    // After a cancellation the address may register for that date again.
    const [first] = await ctx.services.db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, e.id), eq(registrations.occurrenceDate, d1)));
    await cancelRegistration(ctx.services, tenant(), first.id);
    expect((await register(ctx.services, tenant(), e.id, person(20, d1))).registration.status).toBe(
      'confirmed',
    );
    expect(await dateCounts(e.id, d1)).toMatchObject({ counter: 1, confirmed: 1 });
  });

  it('refuses a left-out date, a day without a date, a date that has begun and a missing date', async () => {
    const draft = await weekly('Spieleabend');
    const dates = upcomingDates(draft).map((o) => o.date);
    const e = (
      await ctx.services.db
        .update(events)
        .set({ exdates: [dates[2]] })
        .where(eq(events.id, draft.id))
        .returning()
    )[0] as Event;
    await expect(register(ctx.services, tenant(), e.id, person(30, dates[2]))).rejects.toMatchObject({
      code: 'registration_date_cancelled',
    });
    await expect(
      register(ctx.services, tenant(), e.id, person(30, addDays(dates[0], 1))),
    ).rejects.toMatchObject({ code: 'registration_no_date' });
    await expect(register(ctx.services, tenant(), e.id, person(30, null))).rejects.toMatchObject({
      code: 'registration_date_required',
    });
    await expect(
      register(
        ctx.services,
        tenant(),
        e.id,
        person(30, dates[0]),
        localToInstant(dates[0], '18:30'), // the first date has begun; later dates are still open
      ),
    ).rejects.toMatchObject({ code: 'registration_date_past' });
    expect(
      (await register(ctx.services, tenant(), e.id, person(30, dates[1]), localToInstant(dates[0], '18:30')))
        .registration.status,
    ).toBe('confirmed');
    expect(await statusOf('d30@example.org', e.id)).toEqual([{ date: dates[1], status: 'confirmed' }]);

    // On the public page the left-out date cannot be chosen, and a forged post gets a clear message.
    const a = new Agent(ctx.app);
    const page = await (await a.get(`/${fx.tenant.slug}/events/${e.id}/register`)).text();
    expect(inputWith(page, `value="${dates[2]}"`)).toContain('disabled');
    expect(page).toContain('fällt aus');
    const res = await a.post(`/${fx.tenant.slug}/events/${e.id}/register`, {
      date: dates[2],
      name: 'Erna Ausfall',
      email: 'erna@example.org',
      places: '1',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Dieser Termin fällt aus. Bitte wählen Sie einen anderen.');
    expect(html).toContain('value="Erna Ausfall"');
    const none = await a.post(`/${fx.tenant.slug}/events/${e.id}/register`, {
      name: 'Otto Ohne',
      email: 'otto@example.org',
      places: '1',
    });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Bitte wählen Sie einen Termin.');
    expect(await statusOf('erna@example.org', e.id)).toEqual([]);
    expect(await statusOf('otto@example.org', e.id)).toEqual([]);
  });

  it('works through the public pages: places per date, choosing a date, mail, private link', async () => {
    const e = await weekly('Offener Treff', { capacity: 1 });
    const [d1, d2] = upcomingDates(e).map((o) => o.date);
    await register(ctx.services, tenant(), e.id, person(40, d1));
    const a = new Agent(ctx.app);
    const eventPage = await (await a.get(`/${fx.tenant.slug}/events/${e.id}`)).text();
    // The first date is full (waiting list), the second still has its place.
    expect(eventPage).toContain(`/register?date=${d1}`);
    expect(eventPage).toContain('ausgebucht – Warteliste');
    expect(eventPage).toContain('Noch 1 Platz frei.');
    // The dates are listed once, with their places (not again as plain "next dates").
    expect(eventPage).not.toContain('id="dates"');

    const form = await (await a.get(`/${fx.tenant.slug}/events/${e.id}/register?date=${d2}`)).text();
    expect(inputWith(form, `value="${d2}"`)).toContain('checked');
    // The chosen date is named before the name field; the other dates wait behind "Anderen Termin wählen".
    const chosenAt = form.indexOf('class="q-chosen-date"');
    const otherAt = form.indexOf('Anderen Termin wählen');
    const nameAt = form.indexOf('id="name"');
    expect(chosenAt).toBeGreaterThan(0);
    expect(otherAt).toBeGreaterThan(chosenAt);
    expect(form.slice(chosenAt, otherAt)).not.toContain('type="radio"');
    expect(form.slice(chosenAt, otherAt)).toContain('Noch 1 Platz frei.');
    expect(form.slice(otherAt, nameAt)).toContain('type="radio"');
    expect(form.slice(otherAt - 200, otherAt)).toMatch(/<details[^>]*>\s*<summary>$/);
    // Without a chosen date, the dates are listed at once.
    const plain = await (await a.get(`/${fx.tenant.slug}/events/${e.id}/register`)).text();
    expect(plain).not.toContain('q-chosen-date');
    expect(plain).toContain('type="radio"');
    const ok = await a.post(`/${fx.tenant.slug}/events/${e.id}/register`, {
      date: d2,
      name: 'Rosa Rad',
      email: 'rosa@example.org',
      places: '1',
    });
    expect(ok.status).toBe(200);
    const done = await ok.text();
    const dayText = formatDate(localToInstant(d2, '18:00'), 'de');
    expect(done).toContain('Sie sind angemeldet');
    expect(done).toContain(dayText);
    const [mail] = await mailsTo('rosa@example.org');
    expect(mail.subject).toContain(dayText);
    expect(mail.text).toContain(dayText);
    const token = /\/events\/registrations\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const status = await (await a.get(`/${fx.tenant.slug}/events/registrations/${token}`)).text();
    expect(status).toContain(dayText);
    expect(status).toContain('bestätigt');

    // Full date: the waiting list of that date.
    const wait = await new Agent(ctx.app).post(
      `/${fx.tenant.slug}/events/${e.id}/register`,
      { date: d2, name: 'Willi Warte', email: 'willi@example.org', places: '1' },
      { csrfFrom: `/${fx.tenant.slug}/events/${e.id}/register` },
    );
    expect(await wait.text()).toContain('Nummer 1 auf der Warteliste');
    const cancel = await a.post(`/${fx.tenant.slug}/events/registrations/${token}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(await statusOf('willi@example.org', e.id)).toEqual([{ date: d2, status: 'confirmed' }]);
    expect(await dateCounts(e.id, d2)).toMatchObject({ counter: 1, confirmed: 1, waiting: 0 });
  });
});

/** The listing's entry of an event on a day: from its title to the next entry or the end of the day. */
function entryOn(html: string, day: string, title: string): string {
  const from = html.indexOf(`id="day-${day}"`);
  if (from < 0) return '';
  const section = html.slice(from, html.indexOf('</section>', from));
  const at = section.indexOf(title);
  if (at < 0) return '';
  const rest = section.slice(at);
  const next = rest.indexOf('q-event-list__when');
  return next < 0 ? rest : rest.slice(0, next);
}

interface EventLd extends Record<string, unknown> {
  startDate: string;
  offers: { availability: string };
  remainingAttendeeCapacity?: number;
  maximumAttendeeCapacity?: number;
}

/** The one schema.org JSON-LD block of a page. */
function jsonLdOf(html: string): EventLd {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)];
  expect(blocks).toHaveLength(1);
  return JSON.parse(blocks[0][1]);
}

describe('public listing and feeds per date', () => {
  it('shows a full date as full (listing, month view, JSON-LD) while the next date stays open, and caches follow', async () => {
    const title = 'Wochenfrühstück im Treff';
    const e = await weekly(title, { capacity: 1, categoryIds: [fx.culture.id] });
    const [d1, d2] = upcomingDates(e).map((o) => o.date);
    expect(d2).toBe(addDays(d1, 7));
    const base = `/${fx.tenant.slug}/events`;
    const list = `${base}?category=${fx.culture.slug}&from=${d1}`;
    const month = (d: string) => `${base}?category=${fx.culture.slug}&view=month&month=${d.slice(0, 7)}`;
    const feed = `${base}/categories/${fx.culture.slug}/feed.ics`;
    const filter = { categoryId: fx.culture.id };
    const a = new Agent(ctx.app);

    const before = await a.get(list);
    const listTag = before.headers.get('etag')!;
    const beforeHtml = await before.text();
    for (const d of [d1, d2]) {
      expect(entryOn(beforeHtml, d, title)).toContain('Anmeldung nötig');
      expect(entryOn(beforeHtml, d, title)).not.toContain('Warteliste');
    }
    const feedTag = (await a.get(feed)).headers.get('etag')!;
    // The event page shows places: revalidated on every visit (a plain event may be cached a minute).
    expect((await a.get(`${base}/${e.id}`)).headers.get('cache-control')).toContain('max-age=0');
    const plain = await publishEvent(ctx.services, fx.tenant.id, { title: 'Ohne Anmeldung' });
    expect((await a.get(`${base}/${plain.id}`)).headers.get('cache-control')).toContain('max-age=60');
    const ldBefore = jsonLdOf(await (await a.get(`${base}/${e.id}`)).text());
    expect(ldBefore.startDate.slice(0, 10)).toBe(d1);
    expect(ldBefore.offers.availability).toBe('https://schema.org/InStock');
    expect(ldBefore.remainingAttendeeCapacity).toBe(1);

    // The only place of the first date is taken: that date is full, the next one is not.
    const first = await register(ctx.services, tenant(), e.id, person(80, d1));
    expect(first.registration.status).toBe('confirmed');

    const after = await a.get(list, { 'if-none-match': listTag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(listTag);
    const html = await after.text();
    expect(entryOn(html, d1, title)).toContain('Warteliste');
    expect(entryOn(html, d1, title)).not.toContain('Anmeldung nötig');
    expect(entryOn(html, d2, title)).toContain('Anmeldung nötig');
    expect(entryOn(html, d2, title)).not.toContain('Warteliste');
    // The month view (one line per date) marks the full date too.
    expect(entryOn(await (await a.get(month(d1))).text(), d1, title)).toContain('(Warteliste)');
    expect(entryOn(await (await a.get(month(d2))).text(), d2, title)).not.toContain('Warteliste');
    // The feeds' data version moved on, so no cache keeps the old availability.
    const feedAfter = await a.get(feed, { 'if-none-match': feedTag });
    expect(feedAfter.status).toBe(200);
    expect(feedAfter.headers.get('etag')).not.toBe(feedTag);
    // The event page shows the first date; its JSON-LD says it is sold out.
    const ld = jsonLdOf(await (await a.get(`${base}/${e.id}`)).text());
    expect(ld.startDate.slice(0, 10)).toBe(d1);
    expect(ld.offers.availability).toBe('https://schema.org/SoldOut');
    expect(ld.remainingAttendeeCapacity).toBe(0);
    expect(ld.maximumAttendeeCapacity).toBe(1);
    expect(schemaProblems(ld)).toEqual([]);

    // A place given back on one date and taken on another: as many places as before, a new version.
    const v1 = await dataVersion(ctx.services.db, fx.tenant.id, filter);
    await cancelRegistration(ctx.services, tenant(), first.registration.id);
    await register(ctx.services, tenant(), e.id, person(81, d2));
    const v2 = await dataVersion(ctx.services.db, fx.tenant.id, filter);
    expect(v2).not.toBe(v1);
    const moved = await (await a.get(list)).text();
    expect(entryOn(moved, d1, title)).not.toContain('Warteliste');
    expect(entryOn(moved, d2, title)).toContain('Warteliste');
    const ldFree = jsonLdOf(await (await a.get(`${base}/${e.id}`)).text());
    expect(ldFree.offers.availability).toBe('https://schema.org/InStock');
    expect(ldFree.remainingAttendeeCapacity).toBe(1);
  });
});

describe('staff: registration mode, capacity per date, registrations per date', () => {
  const base = () => `/staff/${fx.tenant.slug}/events`;
  /** The staff form of a weekly series (first date in 5 days). */
  const form = (over: Record<string, string> = {}) => ({
    kind: 'event',
    title: 'Sprachcafé',
    description: '',
    date: addDays(todayLocal(), 5),
    startTime: '18:00',
    endTime: '20:00',
    repeat: 'weekly',
    until: addDays(todayLocal(), 5 + 84),
    areaId: fx.qmA,
    locationName: 'Treff',
    cost: 'free',
    registrationRequired: 'on',
    capacity: '3',
    waitlistEnabled: 'on',
    ...over,
  });

  it('sets the mode in the form, refuses a capacity below confirmed places on a date, and moves waiting lists up', async () => {
    const a = await fx.agent(fx.admin.id);
    const newPage = await (await a.get(`${base()}/new`)).text();
    expect(inputWith(newPage, 'value="per_date"')).toContain('name="registrationMode"');
    expect(inputWith(newPage, 'value="per_date"')).toContain('checked');
    const created = await a.post(
      `${base()}/new`,
      { ...form(), publish: 'on' },
      { csrfFrom: `${base()}/new` },
    );
    expect(created.status).toBe(302);
    const id = /events\/([0-9a-f-]{36})/.exec(created.headers.get('location')!)![1];
    const e = (await getEvent(ctx.services.db, fx.tenant.id, id))!;
    expect(e.registrationMode).toBe('per_date');
    const [d1, d2, d3] = upcomingDates(e).map((o) => o.date);
    for (let i = 0; i < 3; i++) await register(ctx.services, tenant(), id, person(50 + i, d1));
    await register(ctx.services, tenant(), id, person(53, d1));
    await register(ctx.services, tenant(), id, person(54, d2));

    // Two places are fewer than the three confirmed on the first date: a clear error, nothing saved.
    const tooFew = await a.post(`${base()}/${id}`, form({ capacity: '2' }), { csrfFrom: `${base()}/${id}` });
    expect(tooFew.status).toBe(422);
    const html = await tooFew.text();
    expect(html).toContain('An mindestens einem kommenden Termin sind schon mehr Plätze bestätigt.');
    expect(html).toContain('value="Sprachcafé"');
    expect((await getEvent(ctx.services.db, fx.tenant.id, id))!.capacity).toBe(3);
    expect(await dateCounts(id, d1)).toMatchObject({ capacity: 3 });

    // Switching to one registration for the whole series is refused while dates are registered.
    const mode = await a.post(`${base()}/${id}`, form({ registrationMode: 'series' }), {
      csrfFrom: `${base()}/${id}`,
    });
    expect(mode.status).toBe(422);
    expect(await mode.text()).toContain('Die Art der Anmeldung lässt sich nicht ändern');
    expect((await getEvent(ctx.services.db, fx.tenant.id, id))!.registrationMode).toBe('per_date');

    // More places: the waiting list of the first date moves up, every date gets the new capacity.
    const more = await a.post(`${base()}/${id}`, form({ capacity: '4', registrationMode: 'per_date' }), {
      csrfFrom: `${base()}/${id}`,
    });
    expect(more.status).toBe(302);
    expect(await statusOf('d53@example.org', id)).toEqual([{ date: d1, status: 'confirmed' }]);
    expect(await dateCounts(id, d1)).toEqual({ counter: 4, confirmed: 4, waiting: 0, capacity: 4 });
    expect(await dateCounts(id, d2)).toMatchObject({ capacity: 4, counter: 1 });

    // The registrations screen: a date column, a filter by date, the CSV with the date.
    const all = await (await a.get(`${base()}/${id}/registrations`)).text();
    expect(all).toContain('Plätze je Termin');
    expect(all).toContain('d54@example.org');
    expect(all).toContain('d50@example.org');
    const one = await (await a.get(`${base()}/${id}/registrations?date=${d2}`)).text();
    expect(one).toContain('d54@example.org');
    expect(one).not.toContain('d50@example.org');
    const csv = await (await a.get(`${base()}/${id}/registrations?format=csv&date=${d1}`)).text();
    expect(csv.split('\n')[0]).toContain('date');
    expect(csv).toContain(`d50@example.org;;1;`);
    expect(csv).toContain(d1);
    expect(csv).not.toContain('d54@example.org');

    // A date called off in the form: its registrations are cancelled and the people told.
    const off = await a.post(`${base()}/${id}`, form({ capacity: '4', exdates: d2 }), {
      csrfFrom: `${base()}/${id}`,
    });
    expect(off.status).toBe(302);
    expect(await statusOf('d54@example.org', id)).toEqual([{ date: d2, status: 'cancelled' }]);
    expect((await mailsTo('d54@example.org')).map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining('Termin fällt aus')]),
    );
    expect(await dateCounts(id, d2)).toMatchObject({ counter: 0, confirmed: 0 });
    // Other dates stay as they were.
    expect(await statusOf('d50@example.org', id)).toEqual([{ date: d1, status: 'confirmed' }]);
    void d3;
  });
});

describe('reminders and data protection per date', () => {
  it('reminds once before the chosen date and names it; later dates wait for their turn', async () => {
    // A weekly series whose date tomorrow-ish starts in 20 hours (wall clock, Berlin).
    const soon = new Date(Math.floor((Date.now() + 20 * 3_600_000) / 60_000) * 60_000);
    const soonDay = localDate(soon);
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    }).format(soon);
    const first = localToInstant(addDays(soonDay, -14), time);
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Morgen-Frühstück',
      startsAt: first,
      endsAt: new Date(first.getTime() + 2 * 3_600_000),
      rrule: repeatToRrule('weekly', first),
      repeatUntil: addDays(soonDay, 60),
      registrationRequired: true,
      capacity: 5,
    });
    await register(ctx.services, tenant(), e.id, { ...person(60, soonDay), email: 'remind@example.org' });
    const later = addDays(soonDay, 7);
    await register(ctx.services, tenant(), e.id, { ...person(61, later), email: 'later@example.org' });
    const tenantOf = async () => tenant();
    expect(await sendReminders(ctx.services, tenantOf)).toBeGreaterThanOrEqual(1);
    expect(await sendReminders(ctx.services, tenantOf)).toBe(0);
    const reminders = (await mailsTo('remind@example.org')).filter((m) => m.subject.startsWith('Erinnerung'));
    expect(reminders).toHaveLength(1);
    const dayText = formatDate(soon, 'de');
    expect(reminders[0].subject).toContain(dayText);
    expect(reminders[0].text).toContain(`Wann: ${dayText}`);
    expect((await mailsTo('later@example.org')).filter((m) => m.subject.startsWith('Erinnerung'))).toEqual(
      [],
    );
    // A week later it is the later date's turn (3 hours before it, whatever summer time does).
    expect(
      await sendReminders(ctx.services, tenantOf, new Date(soon.getTime() + 7 * 86_400_000 - 3 * 3_600_000)),
    ).toBeGreaterThanOrEqual(1);
    expect(
      (await mailsTo('later@example.org')).filter((m) => m.subject.startsWith('Erinnerung')),
    ).toHaveLength(1);
  });

  it('deletes a registration for a date 30 days after that date, while the series runs on', async () => {
    const e = await weekly('Langer Kurs', { repeatUntil: null, capacity: 5 });
    const dates = upcomingDates(e).map((o) => o.date);
    await register(ctx.services, tenant(), e.id, { ...person(70, dates[0]), email: 'early@example.org' });
    await register(ctx.services, tenant(), e.id, { ...person(71, dates[6]), email: 'late@example.org' });
    const dayAfter = localToInstant(addDays(dates[0], 1), '00:00');
    await deleteExpiredPersonalData(ctx.services.db, new Date(dayAfter.getTime() + 29 * 86_400_000));
    expect(await statusOf('early@example.org', e.id)).toHaveLength(1);
    const r = await deleteExpiredPersonalData(
      ctx.services.db,
      new Date(dayAfter.getTime() + 31 * 86_400_000),
    );
    expect(r.registrations).toBeGreaterThanOrEqual(1);
    expect(await statusOf('early@example.org', e.id)).toEqual([]);
    expect(await statusOf('late@example.org', e.id)).toEqual([{ date: dates[6], status: 'confirmed' }]);
  });
});

describe('registration race for one date', () => {
  it('never confirms more places than capacity on a date when many register and cancel at once', async () => {
    const e = await weekly('Ansturm am Dienstag', { capacity: 10 });
    const [d1, d2] = upcomingDates(e).map((o) => o.date);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 60 }, (_, i) =>
        register(ctx.services, tenant(), e.id, person(1000 + i, d1, 1 + (i % 2))),
      ),
      ...Array.from({ length: 15 }, (_, i) => register(ctx.services, tenant(), e.id, person(1100 + i, d2))),
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    let c = await dateCounts(e.id, d1);
    expect(c.counter).toBe(c.confirmed);
    expect(c.confirmed).toBeLessThanOrEqual(10);
    expect(c.confirmed).toBeGreaterThanOrEqual(9);
    expect(await dateCounts(e.id, d2)).toMatchObject({ counter: 10, confirmed: 10, waiting: 5 });

    // Cancellations and new registrations at once: the counter stays exact and within capacity.
    const confirmed = await ctx.services.db
      .select()
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, e.id),
          eq(registrations.occurrenceDate, d1),
          eq(registrations.status, 'confirmed'),
        ),
      );
    await Promise.all([
      ...confirmed.slice(0, 4).map((r) => cancelRegistration(ctx.services, tenant(), r.id)),
      ...Array.from({ length: 30 }, (_, i) => register(ctx.services, tenant(), e.id, person(2000 + i, d1))),
    ]);
    c = await dateCounts(e.id, d1);
    expect(c.counter).toBe(c.confirmed);
    expect(c.confirmed).toBeLessThanOrEqual(10);
    expect(await dateCounts(e.id, d2)).toMatchObject({ counter: 10, confirmed: 10 });
    // The database itself refuses more than capacity on a date, whatever the code does.
    await expect(
      ctx.services.db.execute(
        sql`update events_occurrence_places set confirmed_places = capacity + 1 where tenant_id = ${fx.tenant.id} and event_id = ${e.id} and occurrence_date = ${d1}::date`,
      ),
    ).rejects.toThrow();
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../platform/mail/index.ts';
import { addDays, localToInstant, todayLocal } from '../../platform/time/index.ts';
import { createTestContext, makeTenant, makeUser, type TestContext } from '../../test/kit.ts';
import { createApiToken } from '../identity/index.ts';
import { events } from './db/schema.ts';
import { eventInput, eventsFixture, publishEvent } from './test/fixtures.ts';
import { attendanceSummary } from './use-cases/attendance.ts';
import { eventVersion, updateEvent } from './use-cases/events.ts';
import { submitEvent } from './use-cases/moderation.ts';
import { register } from './use-cases/registrations.ts';

let ctx: TestContext;
let fx: Awaited<ReturnType<typeof eventsFixture>>;
const tokens: Record<'admin' | 'teamA' | 'teamB' | 'department' | 'other', string> = {
  admin: '',
  teamA: '',
  teamB: '',
  department: '',
  other: '',
};

beforeAll(async () => {
  ctx = await createTestContext();
  fx = await eventsFixture(ctx);
  const { db } = ctx.services;
  const dept = await makeUser(ctx.services, {
    tenantId: fx.tenant.id,
    role: 'department',
    name: 'Dora Dept',
  });
  tokens.admin = (await createApiToken(db, fx.tenant.id, fx.admin.id, 'admin')).token;
  tokens.teamA = (await createApiToken(db, fx.tenant.id, fx.teamA.id, 'team A')).token;
  tokens.teamB = (await createApiToken(db, fx.tenant.id, fx.teamB.id, 'team B')).token;
  tokens.department = (await createApiToken(db, fx.tenant.id, dept.id, 'dept')).token;
  const other = await makeTenant(ctx.services);
  const otherAdmin = await makeUser(ctx.services, { tenantId: other.id, role: 'admin' });
  tokens.other = (await createApiToken(db, other.id, otherAdmin.id, 'other')).token;
});
afterAll(() => ctx.close());

const call = (
  path: string,
  o: {
    method?: string;
    body?: unknown;
    as?: keyof typeof tokens;
    lang?: string;
    headers?: Record<string, string>;
    tenant?: string;
  } = {},
) =>
  ctx.app.request(`/api/v1/tenants/${o.tenant ?? fx.tenant.slug}${path}`, {
    method: o.method ?? 'GET',
    headers: {
      authorization: `Bearer ${tokens[o.as ?? 'admin']}`,
      'content-type': 'application/json',
      'accept-language': o.lang ?? 'de',
      ...o.headers,
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });

const day = (n: number) => addDays(todayLocal(), n);
const newEvent = (over: Record<string, unknown> = {}) => ({
  title: 'Hofkonzert',
  description: 'Musik im Hof.\n\n<script>alert(1)</script>Mit Kuchen.',
  date: day(10),
  startTime: '18:00',
  endTime: '20:30',
  areaId: fx.qmA,
  locationName: 'Hof der Grundschule',
  categoryIds: [fx.culture.id],
  languages: ['de', 'tr'],
  stepFree: true,
  ...over,
});

/** The local Berlin offset of a date (summer +02:00, winter +01:00). */
const offsetOf = (date: string) => {
  const d = localToInstant(date, '12:00');
  const hours = 12 - Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', timeZone: 'UTC' }).format(d));
  return `+0${hours}:00`;
};

describe('events JSON API (/api/v1/tenants/:tenant/events)', () => {
  it('creates an event with a personal token, reads it back, and lists it', async () => {
    const res = await call('/events', { method: 'POST', body: newEvent({ publish: true }) });
    expect(res.status).toBe(201);
    const e = await res.json();
    expect(res.headers.get('etag')).toBe(`"${e.version}"`);
    expect(res.headers.get('location')).toBe(`/api/v1/tenants/${fx.tenant.slug}/events/${e.id}`);
    expect(e).toMatchObject({
      title: 'Hofkonzert',
      status: 'published',
      kind: 'event',
      area: { id: fx.qmA, slug: fx.areaA.slug, name: 'Quartier A' },
      start: `${day(10)}T18:00:00${offsetOf(day(10))}`,
      end: `${day(10)}T20:30:00${offsetOf(day(10))}`,
      recurrence: null,
      categories: [{ id: fx.culture.id, slug: fx.culture.slug, name: 'Kultur' }],
      registration: {
        required: false,
        capacity: null,
        confirmedPlaces: 0,
        waitlistEnabled: true,
        mode: 'series',
      },
      cancelled: false,
      publicUrl: expect.stringMatching(new RegExp(`/${fx.tenant.slug}/events/${e.id}$`)),
      languages: ['de', 'tr'],
      accessibility: { stepFree: true, accessibleToilet: null },
      local: { date: day(10), startTime: '18:00', endDate: '', endTime: '20:30' },
    });
    // Sanitised like the form: paragraphs kept, the script gone.
    expect(e.descriptionHtml).toContain('Musik im Hof.');
    expect(e.descriptionHtml).not.toContain('<script');

    const got = await call(`/events/${e.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({
      id: e.id,
      descriptionHtml: e.descriptionHtml,
      version: e.version,
    });

    const list = await (await call(`/events?area=${fx.areaA.slug}&status=published`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(e.id);
    const row = list.items.find((x: { id: string }) => x.id === e.id);
    expect(row).not.toHaveProperty('descriptionHtml');
    expect(row.start).toBe(e.start);

    // The public page shows it (same data, not an API copy).
    const page = await ctx.app.request(`/${fx.tenant.slug}/events/${e.id}`);
    expect(await page.text()).toContain('Hofkonzert');
  });

  it('answers invalid input with 422 and one message per field in the caller’s language', async () => {
    const bad = newEvent({
      title: '',
      date: '2025-02-30',
      locationName: '',
      cost: 'paid',
      repeat: 'weekly',
    });
    const de = await call('/events', { method: 'POST', body: bad });
    expect(de.status).toBe(422);
    const { error } = await de.json();
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toMatchObject({
      title: 'Bitte füllen Sie dieses Feld aus.',
      date: 'Bitte geben Sie ein Datum wie 2025-03-25 ein.',
      locationName: 'Bitte geben Sie einen Ort oder einen Online-Link an.',
      costNote: 'Bitte geben Sie an, was es kostet.',
      until: 'Bitte geben Sie den letzten Termin der Reihe an.',
    });

    const en = await call('/events', { method: 'POST', body: bad, lang: 'en' });
    expect(en.status).toBe(422);
    const fields = (await en.json()).error.fields;
    expect(fields.title).toBe('Please fill in this field.');
    expect(fields.date).toMatch(/date/i);
    expect(fields.date).not.toBe(error.fields.date);

    // Wrong JSON types and unknown options are answered the same way, translated; a number that is
    // no number hears the range the form states.
    const types = await call('/events', {
      method: 'POST',
      body: newEvent({ capacity: 'zehn', cost: 'teuer', registrationRequired: true }),
    });
    expect(types.status).toBe(422);
    expect((await types.json()).error.fields).toMatchObject({
      capacity: 'Plätze: Bitte geben Sie eine ganze Zahl von 1 bis 100.000 an.',
      cost: 'Bitte wählen Sie einen der angebotenen Werte.',
    });
    const range = await call('/events', {
      method: 'POST',
      body: newEvent({ registrationRequired: true, capacity: 0, endTime: '17:00' }),
      lang: 'en',
    });
    expect(range.status).toBe(422);
    const rf = (await range.json()).error.fields;
    expect(Object.keys(rf).sort()).toEqual(['capacity', 'endTime']);

    // The staff form refuses the same input with the same messages.
    const agent = await fx.agent(fx.admin.id);
    const screen = await agent.post(
      `/staff/${fx.tenant.slug}/events/new`,
      {
        kind: 'event',
        title: '',
        date: '2025-02-30',
        startTime: '18:00',
        endTime: '20:30',
        repeat: 'weekly',
        cost: 'paid',
        areaId: fx.qmA,
      },
      { csrfFrom: `/staff/${fx.tenant.slug}/events/new` },
    );
    expect(screen.status).toBe(422);
    const html = await screen.text();
    for (const m of Object.values(error.fields) as string[]) expect(html).toContain(m);

    const count = await ctx.services.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, fx.tenant.id), eq(events.title, '')));
    expect(count).toHaveLength(0);
  });

  it('filters by area, kind, category and dates, and pages with limit/offset or a cursor', async () => {
    const forum = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Stadtteilforum B',
      kind: 'forum',
      areaId: fx.qmB,
      startsAt: localToInstant(day(40), '18:00'),
      endsAt: localToInstant(day(40), '20:00'),
      categoryIds: [fx.sport.id],
    });
    const series = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Frühstück A',
      areaId: fx.qmA,
      startsAt: localToInstant(day(-30), '09:00'),
      endsAt: localToInstant(day(-30), '11:00'),
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      repeatUntil: day(60),
    });

    const ids = async (q: string) =>
      ((await (await call(`/events?${q}`)).json()).items as { id: string }[]).map((x) => x.id);
    expect(await ids('kind=forum')).toEqual([forum.id]);
    expect(await ids(`category=${fx.sport.slug}`)).toEqual([forum.id]);
    expect(await ids(`area=${fx.areaA.slug}`)).not.toContain(forum.id);
    // A running series is found for a window after its first date; a later single event is not.
    const window = await ids(`from=${day(1)}&to=${day(3)}`);
    expect(window).toContain(series.id);
    expect(window).not.toContain(forum.id);
    expect(await ids(`from=${day(35)}&to=${day(45)}`)).toEqual(expect.arrayContaining([forum.id, series.id]));

    const s = (await (await call(`/events/${series.id}`)).json()).recurrence;
    expect(s).toEqual({ repeat: 'weekly', rrule: 'FREQ=WEEKLY;BYDAY=MO', repeatUntil: day(60), exdates: [] });

    const all = await ids('limit=200');
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await (await call('/events?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(all.length);
    expect(first.nextCursor).toBeTruthy();
    const second = await (await call(`/events?limit=2&cursor=${first.nextCursor}`)).json();
    const third = await (await call('/events?limit=2&offset=2')).json();
    expect(second.items.map((x: { id: string }) => x.id)).toEqual(all.slice(2, 4));
    expect(third.items.map((x: { id: string }) => x.id)).toEqual(all.slice(2, 4));

    const unknown = await call('/events?area=nirgendwo&cursor=kaputt', { lang: 'en' });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.fields).toMatchObject({
      area: 'Please choose one of the offered values.',
      cursor: 'This value is not valid.',
    });
  });

  it('keeps team members to their areas and department staff to reading', async () => {
    const inA = await publishEvent(ctx.services, fx.tenant.id, { title: 'Nur in A', areaId: fx.qmA });

    expect((await call(`/events/${inA.id}`, { as: 'teamA' })).status).toBe(200);
    expect((await call(`/events/${inA.id}`, { as: 'teamB' })).status).toBe(404);
    const patchB = await call(`/events/${inA.id}`, {
      method: 'PATCH',
      body: { title: 'Übernommen' },
      as: 'teamB',
    });
    expect(patchB.status).toBe(404);
    expect((await call(`/events/${inA.id}/cancel`, { method: 'POST', body: {}, as: 'teamB' })).status).toBe(
      404,
    );
    const listA = await (await call('/events?limit=200', { as: 'teamA' })).json();
    expect(listA.items.map((x: { id: string }) => x.id)).toContain(inA.id);
    const listB = await (await call('/events?limit=200', { as: 'teamB' })).json();
    expect(listB.items.map((x: { id: string }) => x.id)).not.toContain(inA.id);

    // A team member creates in their own area only.
    const elsewhere = await call('/events', {
      method: 'POST',
      body: newEvent({ areaId: fx.qmB }),
      as: 'teamA',
    });
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).error.fields.areaId).toBe(
      'In diesem Gebiet dürfen Sie keine Veranstaltungen anlegen.',
    );
    expect((await call('/events', { method: 'POST', body: newEvent(), as: 'teamA' })).status).toBe(201);

    // Department staff read, but neither create nor change (403 before any validation).
    expect((await call(`/events/${inA.id}`, { as: 'department' })).status).toBe(200);
    expect((await call('/events', { method: 'POST', body: {}, as: 'department' })).status).toBe(403);
    expect(
      (await call(`/events/${inA.id}`, { method: 'PATCH', body: { title: 'x' }, as: 'department' })).status,
    ).toBe(403);
    expect((await call('/events/review-queue', { as: 'department' })).status).toBe(403);

    const [after] = await ctx.services.db.select().from(events).where(eq(events.id, inA.id));
    expect(after.title).toBe('Nur in A');
  });

  it('updates only the fields sent, with If-Match against lost updates', async () => {
    const created = await (
      await call('/events', { method: 'POST', body: newEvent({ title: 'Lesung' }) })
    ).json();
    const stale = created.version;
    const ok = await call(`/events/${created.id}`, {
      method: 'PATCH',
      body: { title: 'Lesung im Hof', stepFree: null },
      headers: { 'if-match': `"${stale}"` },
    });
    expect(ok.status).toBe(200);
    const changed = await ok.json();
    expect(changed).toMatchObject({
      title: 'Lesung im Hof',
      start: created.start,
      descriptionHtml: created.descriptionHtml,
      accessibility: { stepFree: null },
      categories: created.categories,
      sequence: created.sequence + 1,
    });
    expect(changed.version).not.toBe(stale);
    expect(ok.headers.get('etag')).toBe(`"${changed.version}"`);

    const conflict = await call(`/events/${created.id}`, {
      method: 'PATCH',
      body: { title: 'Alte Fassung' },
      headers: { 'if-match': `"${stale}"` },
    });
    expect(conflict.status).toBe(412);
    expect((await conflict.json()).error.code).toBe('version_mismatch');

    // The check is repeated under a row lock inside the update (two writers with the same version).
    const [locked] = await ctx.services.db.select().from(events).where(eq(events.id, created.id));
    await expect(
      ctx.services.db.transaction((tx) =>
        updateEvent(tx, fx.tenant.id, created.id, eventInput({ title: 'Zu spät' }), {
          expectedVersion: stale,
        }),
      ),
    ).rejects.toMatchObject({ code: 'version_mismatch' });
    await ctx.services.db.transaction((tx) =>
      updateEvent(tx, fx.tenant.id, created.id, eventInput({ title: 'Lesung im Hof' }), {
        expectedVersion: eventVersion(locked),
      }),
    );

    const invalid = await call(`/events/${created.id}`, {
      method: 'PATCH',
      body: { endTime: '10:00' },
      lang: 'en',
    });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.fields).toEqual({ endTime: 'The end must be after the start.' });
    const [row] = await ctx.services.db.select().from(events).where(eq(events.id, created.id));
    expect(row.title).toBe('Lesung im Hof');
  });

  it('cancels an event, which stays in the feed with STATUS:CANCELLED', async () => {
    const e = await (
      await call('/events', { method: 'POST', body: newEvent({ title: 'Flohmarkt', publish: true }) })
    ).json();
    const res = await call(`/events/${e.id}/cancel`, { method: 'POST', body: { reason: 'Regen' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ cancelled: true, cancelReason: 'Regen', status: 'published' });
    const feed = await (await ctx.app.request(`/${fx.tenant.slug}/events/feed.ics`)).text();
    // Taking it back needs no more than the flag; a request without a body cancels with no reason.
    const undo = await call(`/events/${e.id}/cancel`, { method: 'POST', body: { undo: true } });
    expect(await undo.json()).toMatchObject({ cancelled: false, cancelReason: '' });
    const bare = await ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events/${e.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(bare.status).toBe(200);
    expect(await bare.json()).toMatchObject({ cancelled: true });
    const vevent = feed.split('BEGIN:VEVENT').find((x) => x.includes(`event-${e.id}@`));
    expect(vevent).toContain('STATUS:CANCELLED');
  });

  it('lists the review queue and sends the submitter the decision by e-mail', async () => {
    const { event } = await submitEvent(
      ctx.services,
      fx.tenant,
      eventInput({ title: 'Nachbarschaftsfest', areaId: fx.qmA }),
      { name: 'Sam Submitter', email: 'sam@example.org', lang: 'de', image: null },
    );

    const queue = await (await call('/events/review-queue', { as: 'teamA' })).json();
    const item = queue.items.find((x: { id: string }) => x.id === event.id);
    expect(item).toMatchObject({
      status: 'pending',
      submitter: { name: 'Sam Submitter', email: 'sam@example.org' },
    });
    const queueB = await (await call('/events/review-queue', { as: 'teamB' })).json();
    expect(queueB.items.map((x: { id: string }) => x.id)).not.toContain(event.id);
    expect(
      (
        await call(`/events/${event.id}/decision`, {
          method: 'POST',
          body: { decision: 'accept' },
          as: 'teamB',
        })
      ).status,
    ).toBe(404);
    // Readers see no submitter's personal data.
    expect((await (await call(`/events/${event.id}`, { as: 'department' })).json()).submitter).toBeNull();

    const noReason = await call(`/events/${event.id}/decision`, {
      method: 'POST',
      body: { decision: 'reject' },
      lang: 'en',
    });
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).error.fields).toEqual({
      reason: 'Please write a note for the submitter.',
    });
    const wrong = await call(`/events/${event.id}/decision`, { method: 'POST', body: { decision: 'maybe' } });
    expect(wrong.status).toBe(422);

    const accepted = await call(`/events/${event.id}/decision`, {
      method: 'POST',
      body: { decision: 'accept', reason: 'Danke!' },
      as: 'teamA',
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'published', moderation: { note: 'Danke!' } });
    const mails = await ctx.services.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, fx.tenant.id), eq(mailOutbox.to, 'sam@example.org')));
    expect(mails.map((m) => m.subject)).toContain(
      'Ihre Veranstaltung ist veröffentlicht: Nachbarschaftsfest',
    );

    const again = await call(`/events/${event.id}/decision`, {
      method: 'POST',
      body: { decision: 'accept' },
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe(
      'Diese Veranstaltung wartet nicht mehr auf eine Entscheidung.',
    );
  });

  it('records attendance per date; it shows in the list and in attendanceSummary', async () => {
    const date = day(-3);
    const e = await publishEvent(ctx.services, fx.tenant.id, {
      title: 'Erzählcafé',
      areaId: fx.qmA,
      startsAt: localToInstant(date, '15:00'),
      endsAt: localToInstant(date, '17:00'),
    });

    const split = await call(`/events/${e.id}/attendance/${date}`, {
      method: 'PUT',
      body: { total: 12, byAge: { '65_plus': 5, '27_64': 5 } },
      lang: 'en',
    });
    expect(split.status).toBe(422);
    expect((await split.json()).error.fields).toEqual({
      byAge: 'The numbers add up to a different total than the head count.',
    });
    const wrongDay = await call(`/events/${e.id}/attendance/${addDays(date, 1)}`, {
      method: 'PUT',
      body: { total: 12 },
    });
    expect(wrongDay.status).toBe(422);
    expect((await wrongDay.json()).error.fields.date).toBe(
      'An diesem Datum findet die Veranstaltung nicht statt.',
    );
    const badGroup = await call(`/events/${e.id}/attendance/${date}`, {
      method: 'PUT',
      body: { total: 12, byAge: { teens: 12 } },
    });
    expect(badGroup.status).toBe(422);
    // The body's limits are the form's (ATTENDANCE_LIMITS), named at the field in the caller's language.
    const tooMany = await call(`/events/${e.id}/attendance/${date}`, {
      method: 'PUT',
      body: { total: 100_001, byGender: { female: -1 }, note: 'x'.repeat(1001) },
      lang: 'en',
    });
    expect(tooMany.status).toBe(422);
    const fields = (await tooMany.json()).error.fields;
    expect(fields.total).toMatch(/0.*100[,.]?000/);
    expect(fields['byGender.female']).toMatch(/0.*100[,.]?000/);
    expect(fields.note).toMatch(/1[,.]?000/);
    const doc = await (await ctx.app.request('/api/v1/openapi.json')).json();
    const input = doc.components.schemas.EventAttendanceInput;
    expect(input.properties.total).toMatchObject({ type: 'integer', minimum: 0, maximum: 100_000 });
    expect(input.properties.note.maxLength ?? input.properties.note.anyOf?.[0]?.maxLength).toBe(1000);
    expect(
      (await call(`/events/${e.id}/attendance/${date}`, { method: 'PUT', body: { total: 3 }, as: 'teamB' }))
        .status,
    ).toBe(404);
    expect(
      (
        await call(`/events/${e.id}/attendance/${date}`, {
          method: 'PUT',
          body: { total: 3 },
          as: 'department',
        })
      ).status,
    ).toBe(403);

    const ok = await call(`/events/${e.id}/attendance/${date}`, {
      method: 'PUT',
      body: {
        total: 12,
        byAge: { '65_plus': 7, '27_64': 5 },
        byGender: { female: 8, male: 4 },
        note: 'Voll',
      },
      as: 'teamA',
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ date, total: 12, byAge: { '65_plus': 7, '27_64': 5 } });
    const list = await (await call(`/events/${e.id}/attendance`, { as: 'department' })).json();
    expect(list.items).toEqual([
      expect.objectContaining({ date, total: 12, byGender: { female: 8, male: 4 } }),
    ]);

    const sum = await attendanceSummary(ctx.services.db, fx.tenant.id, {
      from: date,
      to: date,
      areaIds: [fx.qmA],
    });
    expect(sum).toMatchObject({ occurrences: 1, participants: 12, byAge: { '65_plus': 7, '27_64': 5 } });
  });

  it('refuses a token of another tenant and describes the operations in the OpenAPI document', async () => {
    const e = await publishEvent(ctx.services, fx.tenant.id, { title: 'Geheim' });
    const foreign = await call(`/events/${e.id}`, { as: 'other' });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).not.toContain('Geheim');
    expect((await call('/events', { as: 'other' })).status).toBe(403);
    expect((await call('/events', { method: 'POST', body: newEvent(), as: 'other' })).status).toBe(403);
    expect((await call('/events', {})).status).toBe(200);
    const anon = await ctx.app.request(`/api/v1/tenants/${fx.tenant.slug}/events`);
    expect(anon.status).toBe(401);

    const doc = await (await ctx.app.request('/api/v1/openapi.json')).json();
    const base = '/tenants/{tenant}/events';
    expect(doc.paths[base]).toHaveProperty('get');
    expect(doc.paths[base]).toHaveProperty('post');
    expect(doc.paths[`${base}/{id}`]).toHaveProperty('get');
    expect(doc.paths[`${base}/{id}`]).toHaveProperty('patch');
    expect(doc.paths[`${base}/{id}/cancel`]).toHaveProperty('post');
    expect(doc.paths[`${base}/review-queue`]).toHaveProperty('get');
    expect(doc.paths[`${base}/{id}/decision`]).toHaveProperty('post');
    expect(doc.paths[`${base}/{id}/attendance/{date}`]).toHaveProperty('put');
    expect(doc.paths[base].get.tags).toEqual(['Events']);
    expect(JSON.stringify(doc.components.schemas.Event)).toContain('descriptionHtml');
  });
});

describe('events API: registration per date', () => {
  it('creates a weekly series registered per date and reports the places of each date', async () => {
    const created = await call('/events', {
      method: 'POST',
      body: newEvent({
        title: 'Offenes Frühstück',
        date: day(3),
        repeat: 'weekly',
        until: day(3 + 21),
        registrationRequired: true,
        capacity: 2,
        registrationMode: 'per_date',
      }),
    });
    const e = (await created.json()) as { id: string; registration: { mode: string } };
    expect(created.status, JSON.stringify(e)).toBe(201);
    expect(e.registration.mode).toBe('per_date');
    await call(`/events/${e.id}/publish`, { method: 'POST' });
    const tenant = { id: fx.tenant.id, slug: fx.tenant.slug, name: fx.tenant.name, settings: {} };
    const who = (n: number) => ({
      name: `Gast ${n}`,
      email: `gast${n}@example.org`,
      phone: '',
      places: 1,
      lang: 'de',
    });
    await register(ctx.services, tenant, e.id, { ...who(1), date: day(3), places: 2 });
    await register(ctx.services, tenant, e.id, { ...who(2), date: day(3) });
    await register(ctx.services, tenant, e.id, { ...who(3), date: day(10) });
    const detail = (await (await call(`/events/${e.id}`)).json()) as {
      dates: {
        date: string;
        start: string;
        capacity: number;
        confirmedPlaces: number;
        placesLeft: number;
        waiting: number;
      }[];
    };
    expect(detail.dates.map((d) => d.date)).toEqual([day(3), day(10), day(17), day(24)]);
    expect(detail.dates[0]).toMatchObject({ capacity: 2, confirmedPlaces: 2, placesLeft: 0, waiting: 1 });
    expect(detail.dates[1]).toMatchObject({ confirmedPlaces: 1, placesLeft: 1, waiting: 0 });
    expect(detail.dates[2]).toMatchObject({ confirmedPlaces: 0, placesLeft: 2 });
    expect(detail.dates[0].start).toBe(`${day(3)}T18:00:00${offsetOf(day(3))}`);
  });
});
